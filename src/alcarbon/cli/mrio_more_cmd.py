"""More `alcarbon mrio ...` commands: upstream, aggregate, compare, eebt, indices, blocks, qap, mc.

Added to the `mrio` sub-app by :func:`add_commands`; as in mrio_cmd, analysis modules are
imported inside each command.  CSVs written here are plain UTF-8 (no BOM) with named index
columns.
"""

from __future__ import annotations

from pathlib import Path

import typer

from alcarbon.cli.errors_cli import friendly_errors
from alcarbon.cli.mrio_cmd import _EMIS, _LAYOUT, _METHOD, _OUT, _SECT, _TABLE, _echo_written, _load

_THRESH = typer.Option("row_mean", "--threshold",
                       help="Tie rule: row_mean (w_rd above the row's mean), mean, or a number.")


def _write(res: dict, out: Path, prefix: str) -> list[Path]:
    from alcarbon.mrio.outputs.results import write_outputs

    return write_outputs(res, out, prefix=prefix, bom=False)


def _flows(table: Path, layout, emissions, sectors: str | None, method: str = "auto"):
    """Region x region flows: all sectors (E) or the target's production flows."""
    from alcarbon.mrio.core import accounts
    from alcarbon.mrio.core.pipeline import resolve_sectors
    from alcarbon.mrio.core.target import sector_flows

    t, s = _load(table, layout, emissions)
    p = accounts.Prepared(t, s, method=method)
    if sectors:
        return p, sector_flows(p, resolve_sectors(t, sectors))
    return p, accounts.embodied_flows(p)


def _threshold(text: str) -> str | float:
    from alcarbon.errors import InputError

    if text in ("row_mean", "mean"):
        return text
    try:
        return float(text)
    except ValueError:
        raise InputError(f"threshold {text!r}", where="--threshold",
                         expected="row_mean, mean or a number") from None


def upstream_cmd(table: Path = _TABLE, sectors: str = typer.Option(
                     ..., "--sectors", "-s", help="Target sector labels or codes."),
                 basis: str = typer.Option("final_demand", help="final_demand (additive) or "
                                           "output (embodied in gross output)."),
                 region: str | None = typer.Option(None, help="Only this region's target."),
                 out: Path = _OUT, layout: Path | None = _LAYOUT,
                 emissions: Path | None = _EMIS, method: str = _METHOD) -> None:
    """Upstream decomposition u = s^ L v of a target sector by source sector and region."""
    from alcarbon.mrio.core import accounts
    from alcarbon.mrio.core.pipeline import resolve_sectors
    from alcarbon.mrio.core.target import upstream_decomposition

    t, s = _load(table, layout, emissions)
    p = accounts.Prepared(t, s, method=method)
    up = upstream_decomposition(p, resolve_sectors(t, sectors), basis=basis, region=region)
    _echo_written(_write({"by_sector": up.by_sector, "by_region": up.by_region,
                          "by_node": up.by_node}, out, f"upstream_{basis}_"))
    typer.echo(f"upstream total ({basis}): {up.total:.6g} {s.unit}")


def aggregate_cmd(table: Path = _TABLE, concordance: Path = typer.Option(
                      ..., "--concordance", help="CSV from,to: table sectors (labels or "
                      "codes) -> aggregated sectors."),
                  out: Path = typer.Option(..., "--out", "-o", help="Aggregated table (.csv "
                                           "long form), readable by every mrio command."),
                  layout: Path | None = _LAYOUT, emissions: Path | None = _EMIS) -> None:
    """Aggregate a table's sectors by a user concordance (C' Z C, C' Y, C' F) before solving."""
    from alcarbon.atomic import check_target
    from alcarbon.errors import InputError
    from alcarbon.mrio.io.concordance import aggregate_table, read_concordance
    from alcarbon.mrio.io.read_long import write_long_csv

    if out.suffix.lower() != ".csv":
        raise InputError(f"{out.name}", where="--out", expected="a path ending in .csv")
    check_target(out)
    t, s = _load(table, layout, emissions)
    ta, sa = aggregate_table(t, s, sectors=read_concordance(concordance))
    note = "SYNTHETIC" if "synthetic" in table.name.lower() else ""
    write_long_csv(ta, sa, out, note=note)
    typer.echo(f"wrote {out} ({len(ta.regions)} regions x {len(ta.sectors)} sectors)")


def compare_cmd(tables: list[Path] = typer.Argument(..., help="One table per year."),
                labels: str | None = typer.Option(None, help="Comma-separated year labels."),
                sectors: str | None = _SECT, out: Path = _OUT, layout: Path | None = _LAYOUT,
                emissions: Path | None = _EMIS, method: str = _METHOD) -> None:
    """Year comparison: PBA, CBA, net outflow (and the target's direct/embodied) side by side."""
    import pandas as pd

    from alcarbon.errors import InputError
    from alcarbon.mrio.core import accounts
    from alcarbon.mrio.core.pipeline import resolve_sectors, side_by_side
    from alcarbon.mrio.core.target import direct_vs_embodied

    names = labels.split(",") if labels else [tb.stem for tb in tables]
    if len(names) != len(tables) or len(set(names)) != len(names):
        raise InputError(f"{len(names)} labels for {len(tables)} tables", where="--labels",
                         expected="one distinct label per table")
    bal, tgt = {}, {}
    for name, tb in zip(names, tables, strict=True):
        t, s = _load(tb, layout, emissions)
        p = accounts.Prepared(t, s, method=method)
        bal[name] = accounts.balance(p)
        if sectors:
            tgt[name] = direct_vs_embodied(p, resolve_sectors(t, sectors))
    res = {f"years_{c}": side_by_side(bal, c) for c in ("PBA", "CBA", "net_outflow")}
    for v in res.values():
        v.index.name = "region"
    if sectors:
        df = pd.concat(tgt, axis=1)
        df.columns.names = ["year", "quantity"]
        res["years_target"] = df
    _echo_written(_write(res, out, "compare_"))


def eebt_cmd(table: Path = _TABLE, out: Path = _OUT, layout: Path | None = _LAYOUT,
             emissions: Path | None = _EMIS, method: str = _METHOD) -> None:
    """EEBT (Peters 2008) flows and their reconciliation with the MRIO accounts per region."""
    from alcarbon.mrio.core import accounts
    from alcarbon.mrio.core.eebt import eebt_flows, pseudo_attribution, reconciliation

    t, s = _load(table, layout, emissions)
    p = accounts.Prepared(t, s, method=method)
    E = eebt_flows(p)
    rec = reconciliation(p, E)
    _echo_written(_write({"flows": E, "reconciliation": rec,
                          "pseudo": pseudo_attribution(p, E)}, out, "eebt_"))
    typer.echo(f"total difference CBA_EEBT - CBA_MRIO: {rec.loc['total', 'difference']:.6g} "
               f"{s.unit}")


def indices_cmd(table: Path = _TABLE, sectors: str | None = _SECT, threshold: str = _THRESH,
                out: Path = _OUT, layout: Path | None = _LAYOUT,
                emissions: Path | None = _EMIS) -> None:
    """Whole-network SNA indices: density, connectedness, hierarchy, efficiency, clustering,
    average path length, assortativity."""
    from alcarbon.mrio.core.sna import binarise, network_indices

    _, E = _flows(table, layout, emissions, sectors)
    th = _threshold(threshold)
    ix = network_indices(E, th)
    ix.index.name = "index"
    ties = binarise(E, th)
    ties.index.name, ties.columns.name = "producing", "consuming"
    _echo_written(_write({"indices": ix, "ties": ties}, out, "sna_"))


def blocks_cmd(table: Path = _TABLE, sectors: str | None = _SECT, threshold: str = _THRESH,
               depth: int = typer.Option(2, help="CONCOR splits (2: four blocks)."),
               out: Path = _OUT, layout: Path | None = _LAYOUT,
               emissions: Path | None = _EMIS) -> None:
    """CONCOR block model with the four roles (net beneficiary, net spillover, bilateral
    spillover, broker), block densities and the image matrix."""
    import pandas as pd

    from alcarbon.mrio.core.blocks import block_density, block_roles, concor
    from alcarbon.mrio.core.sna import binarise

    _, E = _flows(table, layout, emissions, sectors)
    B = binarise(E, _threshold(threshold))
    blocks = concor(B.to_numpy(), depth=depth)
    dens, image = block_density(B, blocks)
    member = pd.Series(blocks, index=pd.Index(B.index, name="region"), name="block")
    _echo_written(_write({"roles": block_roles(B, blocks), "membership": member,
                          "density": dens, "image": image}, out, "blocks_"))


def qap_cmd(table: Path = _TABLE, x: list[str] = typer.Option(
                ..., "--x", help="NAME=FILE: square CSV matrix (first column and header: "
                "regions); repeat for a regression."),
            sectors: str | None = _SECT,
            perms: int = typer.Option(2000, help="Permutations."),
            seed: int = typer.Option(0, help="Random seed of the permutations."),
            out: Path = _OUT, layout: Path | None = _LAYOUT,
            emissions: Path | None = _EMIS) -> None:
    """QAP correlation of the flow matrix with each --x matrix and QAP regression on all."""
    import pandas as pd

    from alcarbon.errors import InputError
    from alcarbon.mrio.core.qap import qap_correlation, qap_regression
    from alcarbon.mrio.core.sna import square_flows

    mats = {}
    for item in x:
        name, sep, file = item.partition("=")
        if not sep or not name or not file:
            raise InputError(f"{item!r}", where="--x", expected="NAME=FILE")
        mats[name] = _read_matrix(Path(file))
    _, E = _flows(table, layout, emissions, sectors)
    Y = square_flows(E)
    corr = pd.DataFrame({k: qap_correlation(Y, M, perms=perms, seed=seed)
                         for k, M in mats.items()}).T
    corr.index.name = "matrix"
    coef, fit = qap_regression(Y, mats, perms=perms, seed=seed)
    fit.index.name = "statistic"
    _echo_written(_write({"correlation": corr, "regression": coef, "fit": fit}, out, "qap_"))


def _read_matrix(path: Path):
    import pandas as pd

    from alcarbon.errors import InputError

    try:
        df = pd.read_csv(path, index_col=0, comment="#")
    except (OSError, pd.errors.ParserError, UnicodeError) as exc:
        raise InputError(f"cannot read matrix ({exc})", where=str(path)) from None
    df.index = df.index.map(str).str.strip()
    df.columns = df.columns.map(str).str.strip()
    try:
        return df.astype(float)
    except ValueError as exc:
        raise InputError(f"non-numeric cell ({exc})", where=str(path),
                         expected="numbers in every cell") from None


def mc_cmd(table: Path = _TABLE, draws: int = typer.Option(1000, help="Monte Carlo draws."),
           seed: int = typer.Option(0, help="Random seed."),
           cv_domestic: float = typer.Option(
               ..., help="CV of A's domestic blocks A_rr (required: no sourced default)."),
           cv_trade: float = typer.Option(
               ..., help="CV of A's interregional blocks A_rs (required)."),
           cv_f: float = typer.Option(..., help="CV of the direct emissions F (required)."),
           cv_blocks: Path | None = typer.Option(
               None, help="CSV matrix,row_region,col_region,cv overriding the CVs (matrix A "
               "or F; '*' matches every region; later lines win)."),
           top: int = typer.Option(10, help="Largest interregional flows tracked."),
           level: float = typer.Option(0.95, help="Interval level."),
           save_draws: bool = typer.Option(False, help="Also write every draw."),
           out: Path = _OUT, layout: Path | None = _LAYOUT,
           emissions: Path | None = _EMIS) -> None:
    """Monte Carlo over A and F (lognormal, CVs per block): intervals of the footprints and
    of the top flows."""
    import pandas as pd

    from alcarbon.errors import InputError
    from alcarbon.mrio.core import accounts
    from alcarbon.mrio.core.montecarlo import CVs, monte_carlo

    if not 0 < level < 1:
        raise InputError(f"level = {level}", where="--level", expected="0 < level < 1")
    t, s = _load(table, layout, emissions)
    cvs = CVs(A_domestic=cv_domestic, A_trade=cv_trade, F=cv_f)
    if cv_blocks is not None:
        cvs = _read_cv_blocks(cv_blocks, t.regions, cvs)
    res = monte_carlo(accounts.Prepared(t, s), cvs, draws=draws, seed=seed, top=top)
    fp, fl = res.intervals(level)
    summary = pd.Series({"draws": draws, "seed": seed, "cv_A_domestic": cv_domestic,
                         "cv_A_trade": cv_trade, "cv_F": cv_f,
                         "cv_blocks": str(cv_blocks or ""), "unit": s.unit,
                         "iterations_max": max(res.iterations, default=0),
                         "fallback_draws": res.fallback_draws}, name="value")
    summary.index.name = "item"
    results = {"footprints": fp, "top_flows": fl, "summary": summary}
    if save_draws:
        d1, d2 = res.footprints.copy(), res.flows.copy()
        d1.index.name = d2.index.name = "draw"
        results.update(draws_footprints=d1, draws_flows=d2)
    written = _write(results, out, "mc_")
    from alcarbon.mrio.outputs import figures as fig

    written.append(fig.interval_bars(
        fp, out / "mc_footprints.png", level=level, unit=s.unit,
        title=f"消费侧碳足迹 Monte Carlo {draws} 次 / consumption-based footprints, {draws} draws",
        synthetic=fig.is_synthetic(t, s, table)))
    _echo_written(written)


def _read_cv_blocks(path: Path, regions: tuple[str, ...], base):
    import numpy as np
    import pandas as pd

    from alcarbon.errors import InputError
    from alcarbon.mrio.core.montecarlo import CVs

    try:
        df = pd.read_csv(path, dtype=str, comment="#").fillna("")
    except (OSError, pd.errors.ParserError, UnicodeError) as exc:
        raise InputError(f"cannot read CV blocks ({exc})", where=str(path)) from None
    if {"matrix", "row_region", "col_region", "cv"} - set(df.columns):
        raise InputError("missing columns", where=f"{path.name}, header",
                         expected="matrix, row_region, col_region, cv")
    M = pd.DataFrame(np.nan, index=list(regions), columns=list(regions))
    Fr: dict[str, float] = {}

    def pick(v: str, line: int, col: str) -> list[str]:
        v = v.strip()
        if v == "*":
            return list(regions)
        if v not in regions:
            raise InputError(f"unknown region {v!r}", where=f"{path.name}, line {line}, {col}",
                             expected="a region of the table or '*'")
        return [v]

    for k, r in enumerate(df.itertuples(index=False), start=2):
        try:
            cv = float(r.cv)
        except ValueError:
            raise InputError(f"cv {r.cv!r}", where=f"{path.name}, line {k}, cv",
                             expected="a number >= 0") from None
        if not cv >= 0:
            raise InputError(f"cv {cv}", where=f"{path.name}, line {k}, cv",
                             expected="a number >= 0")
        kind = r.matrix.strip().upper()
        if kind == "A":
            M.loc[pick(r.row_region, k, "row_region"), pick(r.col_region, k, "col_region")] = cv
        elif kind == "F":
            for reg in pick(r.row_region, k, "row_region"):
                Fr[reg] = cv
        else:
            raise InputError(f"matrix {r.matrix!r}", where=f"{path.name}, line {k}, matrix",
                             expected="A or F")
    return CVs(A_domestic=base.A_domestic, A_trade=base.A_trade, F=base.F, blocks=M,
               F_by_region=Fr)


COMMANDS = {"upstream": upstream_cmd, "aggregate": aggregate_cmd, "compare": compare_cmd,
            "eebt": eebt_cmd, "indices": indices_cmd, "blocks": blocks_cmd, "qap": qap_cmd,
            "mc": mc_cmd}


def add_commands(app: typer.Typer) -> None:
    """Register the commands of this module on the `mrio` sub-app."""
    for name, fn in COMMANDS.items():
        app.command(name)(friendly_errors(fn))
