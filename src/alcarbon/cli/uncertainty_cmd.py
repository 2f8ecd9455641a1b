"""`alcarbon uncertainty STUDY`: Monte Carlo, one-at-a-time and alternative-choice sensitivity.

GB/T 44905 9.2 b (uncertainty) and 9.3 a (sensitivity of inputs and methodological choices).
"""

from __future__ import annotations

import math
from pathlib import Path

import typer

from alcarbon.cli.errors_cli import friendly_errors

PROGRESS_FROM = 50_000  # iterations above which a progress bar is shown


def _count(value: float, option: str) -> int:
    """A count given as 10000 or 1e4; NaN, inf and fractions are refused naming the option."""
    from alcarbon.errors import InputError

    if not (math.isfinite(value) and value == int(value)):
        raise InputError(f"{value!r} is not a whole number", where=option,
                         expected="a whole number such as 10000 or 1e4")
    return int(value)


def _run_mc(s, result, iterations: int, seed: int | None, product: str | None, show: bool):
    from alcarbon.uncertainty import monte_carlo

    if not show:
        return monte_carlo(s, result, iterations=iterations, seed=seed, product=product)
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("Monte Carlo", total=iterations)
        return monte_carlo(s, result, iterations=iterations, seed=seed, product=product,
                           progress=lambda done, _total: bar.update(task, completed=done))


def _print_sobol(sob) -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table(title=f"Sobol indices (SALib, n={sob.n}, {sob.evaluations} evaluations)")
    for col in ("parameter", "S1", "ST"):
        t.add_column(col, justify="left" if col == "parameter" else "right")
    for i, name in enumerate(sob.names):
        label = sob.labels[i] if sob.labels else name
        t.add_row(label, f"{sob.S1[i]:.3f} ± {sob.S1_conf[i]:.3f}",
                  f"{sob.ST[i]:.3f} ± {sob.ST_conf[i]:.3f}")
    Console().print(t)


PARAM_COLUMNS = ("param", "label", "kind", "exchange_type", "source", "value", "unit",
                 "sigma_basic", "pedigree_technology", "pedigree_time", "pedigree_geography",
                 "pedigree_reliability", "pedigree_completeness", "sigma_total", "gsd2")


def _write_csv(path: Path, rows: list[dict]) -> None:
    """The per-parameter scheme table as CSV (UTF-8, written atomically)."""
    import csv
    import io

    from alcarbon.atomic import atomic_write

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(PARAM_COLUMNS), lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in PARAM_COLUMNS})
    atomic_write(path, buf.getvalue().encode("utf-8"))


def _print_params(con, rows: list[dict], order: list[str], top: int) -> None:
    """The scheme, then the parameters of the first ``top`` keys of ``order`` (all: JSON/CSV)."""
    from rich.table import Table

    from alcarbon.uncertainty.pedigree import SCHEME

    con.print(f"uncertainty scheme: {SCHEME}")
    by_key = {r["param"]: r for r in rows}
    keys = [k for k in order if k in by_key][:top]
    keys += [r["param"] for r in rows if r["param"] not in keys][:max(0, top - len(keys))]
    t = Table(title=f"uncertainty of the {len(keys)} parameters with most variance, of "
              f"{len(rows)} (all: --format json or --parameters-csv); sigma of ln, pedigree "
              "scores technology/time/geography/reliability/completeness")
    for col in ("parameter", "type", "sigma basic", "pedigree", "sigma total", "GSD²"):
        t.add_column(col, justify="right" if col.startswith(("sigma", "GSD")) else "left")
    for r in (by_key[k] for k in keys):
        ped = "/".join("-" if r[f"pedigree_{c}"] is None else str(r[f"pedigree_{c}"])
                       for c in ("technology", "time", "geography", "reliability",
                                 "completeness"))
        t.add_row(r["label"], r["exchange_type"], f"{r['sigma_basic']:.4f}", ped,
                  f"{r['sigma_total']:.4f}", f"{r['gsd2']:.3f}")
    con.print(t)


def _print_tornado(con, rows, title: str, top: int) -> None:
    from rich.table import Table

    o = Table(title=title)
    for col in ("parameter", "kind", "low", "high", "swing"):
        o.add_column(col, justify="right" if col in ("low", "high", "swing") else "left")
    for r in rows[:top]:
        o.add_row(r.label, r.kind, f"{r.low:.4f}", f"{r.high:.4f}", f"{r.swing:.4f}")
    con.print(o)


def _print(mc, oat, alts, top: int, oat95=None, params=None) -> None:
    from rich.console import Console
    from rich.table import Table

    con = Console()
    if params is not None:
        first = next(iter(mc.values()))
        _print_params(con, params, list(first.variance_contributions), top)
    t = Table(title="Monte Carlo (t CO2e per declared unit)")
    for col in ("product", "static", "mean", "median", "2.5 %", "97.5 %", "CV"):
        t.add_column(col, justify="left" if col == "product" else "right")
    for m in mc.values():
        t.add_row(m.product, f"{m.deterministic:.4f}", f"{m.mean:.4f}", f"{m.median:.4f}",
                  f"{m.p2_5:.4f}", f"{m.p97_5:.4f}",
                  f"{100 * m.cv:.1f} %" if math.isfinite(m.cv) else "-")
    con.print(t)
    first = next(iter(mc.values()))
    v = Table(title=f"contribution to variance ({first.product})")
    v.add_column("parameter")
    v.add_column("share", justify="right")
    for k, share in list(first.variance_contributions.items())[:top]:
        v.add_row(first.labels.get(k, k), f"{100 * share:.1f} %")
    con.print(v)
    if oat95 is not None:
        _print_tornado(con, oat95, "one-at-a-time over each parameter's 95 % interval "
                       f"(tornado, {first.product})", top)
    _print_tornado(con, oat[0], f"one-at-a-time ±{100 * oat[1]:.0f} % (elasticity, "
                   f"{first.product})", top)
    a = Table(title="alternative choices (9.3 a, 7.3.1)")
    for col in ("alternative", "CFP", "delta", "delta %"):
        a.add_column(col, justify="left" if col == "alternative" else "right")
    for r in alts:
        a.add_row(r.description_en, f"{r.cfp:.4f}", f"{r.delta:+.4f}", f"{r.delta_pct:+.2f} %")
    con.print(a)


def register(app: typer.Typer) -> None:
    @app.command()
    @friendly_errors
    def uncertainty(
        study: Path = typer.Argument(..., help="study file: .yaml, .json or Appendix C .xlsx"),
        iterations: float = typer.Option(10_000, "--iterations", "-n",
                                         help="Monte Carlo runs, 2 to 1,000,000 (1e5 is fine)"),
        seed: int = typer.Option(None, "--seed", help="random seed (reproducible results)"),
        product: str = typer.Option(None, "--product", "-p",
                                    help="one declared product (default: all)"),
        delta: float = typer.Option(0.10, help="one-at-a-time change, fraction"),
        fmt: str = typer.Option("table", "--format", "-f", help="table or json"),
        top: int = typer.Option(10, help="rows shown in the tables"),
        sobol_top: int = typer.Option(0, "--sobol", help="global sensitivity: Sobol indices of "
                                      "the N most uncertain parameters, at most 20 (0: skip)"),
        sobol_n: float = typer.Option(1024, "--sobol-samples",
                                    help="Saltelli base sample, a power of 2 up to 16384"),
        factors: list[Path] = typer.Option(
            None, "--factors", help="user factor file(s), as for `alcarbon calc`"),
        params_csv: Path = typer.Option(
            None, "--parameters-csv", help="write each parameter's uncertainty scheme "
            "(sigma basic, pedigree scores, sigma total, GSD²) to this CSV file"),
    ) -> None:
        """Monte Carlo and sensitivity of the footprint (GB/T 44905 9.2 b, 9.3 a)."""
        import sys

        from alcarbon.engine import calculate
        from alcarbon.errors import InputError
        from alcarbon.factors import load_library
        from alcarbon.inventory import load_study
        from alcarbon.uncertainty import (
            alternatives,
            build_model,
            one_at_a_time,
            parameter_table,
        )
        from alcarbon.uncertainty.limits import check_iterations, check_seed, check_sobol
        from alcarbon.uncertainty.sensitivity import interval_rows

        if fmt not in ("table", "json"):
            raise InputError(f"unknown format {fmt!r}", where="--format",
                             expected="table or json")
        if not 0 < delta < 1:
            raise InputError(f"{delta:g} is out of range", where="--delta",
                             expected="a fraction between 0 and 1, e.g. 0.1 for ±10 %")
        if sobol_top < 0:
            raise InputError(f"{sobol_top} is negative", where="--sobol",
                             expected="0 (skip) or the number of parameters, e.g. 5")
        # docs/limits.md: refused before the study is even read
        iterations, sobol_n = _count(iterations, "--iterations"), _count(sobol_n, "--sobol-samples")
        check_iterations(iterations)
        check_seed(seed)
        if sobol_top > 0:
            check_sobol(sobol_top, sobol_n)
        if top < 0:
            raise InputError(f"{top} is negative", where="--top", expected="a row count, e.g. 10")
        s = load_study(study)
        lib = load_library(user_files=list(factors or []))
        result = calculate(s, lib)
        show = fmt == "table" and iterations >= PROGRESS_FROM and sys.stderr.isatty()
        mc = _run_mc(s, result, iterations, seed, product, show)
        first = next(iter(mc))
        oat = one_at_a_time(s, result, delta=delta, product=first)
        model = build_model(s, result, products=[first])
        params = parameter_table(model)
        oat95 = interval_rows(model, 0)
        if params_csv is not None:
            _write_csv(params_csv, params)
        alts = alternatives(s, product=first, library=lib)
        sob = None
        if sobol_top > 0:
            from alcarbon.uncertainty import sobol

            sob = sobol(s, result, top_n=sobol_top, n=sobol_n, seed=seed or 0, product=first)
        if fmt == "json":
            from alcarbon.uncertainty.pedigree import SCHEME, SCHEME_ZH

            out = {"scheme": {"en": SCHEME, "zh": SCHEME_ZH}, "parameters": params,
                   "monte_carlo": [m.to_json_dict() for m in mc.values()],
                   "one_at_a_time_95": {"product": first,
                                        "rows": [r.to_dict() for r in oat95]},
                   "one_at_a_time": {"product": first, "delta": delta,
                                     "rows": [r.to_dict() for r in oat]},
                   "alternatives": {"product": first, "rows": [r.to_dict() for r in alts]}}
            if sob is not None:
                out["sobol"] = {"product": first, **sob.to_json_dict()}
            from alcarbon.cli.json_out import dump_json

            dump_json(out, indent=2)
        else:
            _print(mc, (oat, delta), alts, top, oat95, params)
            if sob is not None:
                _print_sobol(sob)
