"""`alcarbon chain ...`: province x year industry-chain model (template, run, decompose).

Only typer and the standard library at module level; the model is imported inside the commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from alcarbon.cli.errors_cli import friendly_errors

if TYPE_CHECKING:
    from alcarbon.chain.outputs import Analysis

chain_app = typer.Typer(help="Province x year aluminium industry-chain model (docs/chain.md).",
                        no_args_is_help=True)


@chain_app.command("template")
@friendly_errors
def template(
    folder: Path = typer.Argument(..., help="Directory to write the CSV templates into."),
    demo: bool = typer.Option(False, "--demo", help="Write the bundled (mostly synthetic) demo "
                              "data set instead of empty templates."),
) -> None:
    """Write empty input tables (production, parameters, electricity, supply) with a README."""
    from alcarbon.chain.template import write_template

    for f in write_template(folder, demo=demo):
        typer.echo(str(f))


@chain_app.command("run")
@friendly_errors
def run(
    data: Path = typer.Argument(..., help="Data set: directory of CSV files or an .xlsx."),
    out: Path = typer.Option(..., "-o", "--out", help="Output directory for tables and figures."),
    year_from: int = typer.Option(None, "--from", help="Base year of the decomposition."),
    year_to: int = typer.Option(None, "--to", help="Target year of the decomposition."),
    gwp: str = typer.Option("AR6", "--gwp", help="GWP set (AR6, AR5, AR4, SAR)."),
    no_figures: bool = typer.Option(False, "--no-figures", help="Tables only."),
    iterations: int = typer.Option(0, "--iterations", help="Monte Carlo draws of the "
                                   "intensities (0 = none); bands on the series figure."),
    seed: int = typer.Option(1, "--seed", help="Seed of the Monte Carlo draws."),
    workers: int = typer.Option(None, "--workers", min=0, help="Processes that draw the "
                                "figures while the tables are computed and written (Linux; "
                                "default 2 on a machine with 2 or more cores, else 0 = draw them "
                                "in this process). Same files either way."),
) -> None:
    """Compute emissions, intensities, shares, ranking and the LMDI decomposition; write CSV,
    chain_results.xlsx and figures (PNG + SVG)."""
    import os

    from alcarbon.chain.outputs import run as run_chain

    if workers is None:
        workers = 2 if (os.cpu_count() or 1) >= 2 else 0
    lines: list[str] = []
    files = run_chain(data, out, figures=not no_figures, year_from=year_from, year_to=year_to,
                      gwp_set=gwp, iterations=iterations, seed=seed, workers=workers,
                      on_analysis=lambda an: lines.extend(headline(an)))
    for line in lines:
        typer.echo(line)
    typer.echo(f"wrote {len(files)} files to {out}")
    # the heap is frozen at exit for every command (cli.main._freeze_at_exit)


def headline(an: Analysis) -> list[str]:
    """The run's national result in a few lines: the chain intensity (cradle to primary
    aluminium: upstream t CO2e / national primary output) and the totals of the first and last
    year, and a warning when the data contain synthetic rows."""
    from alcarbon.chain.outputs import is_synthetic

    nat = an.tables["national_series"].sort_values("year")
    rows = [nat.iloc[0]] if len(nat) == 1 else [nat.iloc[0], nat.iloc[-1]]
    out = ["national chain, cradle to primary aluminium (upstream emissions / primary output):"]
    for r in rows:
        i = r["intensity_t_per_t_al"]
        out.append(f"  {int(r['year'])}: "
                   f"{'no primary output' if i != i else f'{i:.2f} t CO2e/t'}, "
                   f"{r['upstream'] / 1e6:,.2f} Mt CO2e, "
                   f"{r['output_primary_aluminium_t'] / 1e6:,.2f} Mt Al")
    first, last = (rows[0]["intensity_t_per_t_al"], rows[-1]["intensity_t_per_t_al"])
    if len(rows) == 2 and first > 0 and last == last:
        out[-1] += f" (intensity {100 * (last / first - 1):+.1f} %)"
    if is_synthetic(an.result.data):
        out.append("the data contain SYNTHETIC rows (as the bundled demo does): these numbers say "
                   "nothing about China's industry")
    return out


@chain_app.command("decompose")
@friendly_errors
def decompose(
    data: Path = typer.Argument(..., help="Data set: directory of CSV files or an .xlsx."),
    year_from: int = typer.Option(..., "--from", help="Base year."),
    year_to: int = typer.Option(..., "--to", help="Target year."),
    out: Path = typer.Option(None, "-o", "--out", help="Also write lmdi.csv and the waterfall."),
) -> None:
    """LMDI-I decomposition of the change in chain emissions between two years."""
    from alcarbon.chain.decomposition import decompose_years
    from alcarbon.chain.io import read_chain_data
    from alcarbon.chain.lmdi import EFFECTS
    from alcarbon.chain.model import compute

    res = compute(read_chain_data(data))
    dec = decompose_years(res, year_from, year_to)
    nat = dec[dec["province"] == "national"].iloc[0]
    typer.echo(f"LMDI-I {year_from} -> {year_to}, national (Mt CO2e):")
    typer.echo(f"  emissions {year_from}: {nat['emissions_from'] / 1e6:12.3f}")
    for k in EFFECTS:
        typer.echo(f"  {k:<17} {nat[k] / 1e6:+12.3f}")
    typer.echo(f"  emissions {year_to}: {nat['emissions_to'] / 1e6:12.3f}  "
               f"(change {nat['change'] / 1e6:+.3f} = sum of effects {nat['total'] / 1e6:+.3f})")
    if out is not None:
        from alcarbon.chain.figures import waterfall
        from alcarbon.chain.outputs import write_tables

        write_tables({"lmdi": dec}, out, xlsx=False)
        from alcarbon.chain.outputs import is_synthetic

        waterfall(dec, out / "chain_lmdi_waterfall", synthetic=is_synthetic(res.data))
        typer.echo(f"wrote {out / 'lmdi.csv'} and the waterfall figure")


@chain_app.command("national")
@friendly_errors
def national(
    gwp: str = typer.Option("AR6", "--gwp", help="GWP set (AR6, AR5, AR4, SAR)."),
    out: Path = typer.Option(None, "-o", "--out", help="Also write national_case.csv here."),
) -> None:
    """National 2012 and 2022 chain intensity under several electricity bases, beside the seed
    paper's 17.6 -> 11.4 t CO2e/t Al (docs/chain.md, National case)."""
    from alcarbon.chain.national import PAPER_SOURCE, national_case

    df = national_case(gwp)
    typer.echo("National chain case, t CO2e per t Al (electricity: one average factor)")
    typer.echo(f"{'year':<6}{'basis':<17}{'EF kg/kWh':>10}{'kWh/t':>9}{'non-elec':>10}"
               f"{'intensity':>11}{'paper':>7}{'diff':>8}")
    for r in df.itertuples(index=False):
        typer.echo(f"{r.year:<6}{r.basis:<17}{r.ef_kg_per_kwh:>10.4f}{r.chain_kwh_per_t:>9.0f}"
                   f"{r.non_electric_t:>10.3f}{r.intensity_t:>11.2f}{r.paper_t:>7.1f}"
                   f"{r.difference_t:>+8.2f}")
    typer.echo(f"paper: {PAPER_SOURCE}")
    if out is not None:
        from alcarbon.chain.outputs import write_tables

        write_tables({"national_case": df}, out, xlsx=False)
        typer.echo(f"wrote {out / 'national_case.csv'}")


def register(app: typer.Typer) -> None:
    """Add the ``chain`` sub-app to the root CLI."""
    app.add_typer(chain_app, name="chain")
