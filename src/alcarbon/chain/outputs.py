"""Run the chain analysis end to end and write its tables (CSV and one xlsx) and figures.

Every file is written to a temporary name in the output directory and renamed at the end, so an
error never leaves half-written outputs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from alcarbon.atomic import atomic_path

if TYPE_CHECKING:
    from alcarbon.chain.model import ChainResult


@dataclass
class Analysis:
    result: ChainResult
    tables: dict[str, pd.DataFrame]


def analyse(data_path: str | Path, *, year_from: int | None = None, year_to: int | None = None,
            library=None, gwp_set: str = "AR6",
            figure_tables: Callable[[ChainResult, dict[str, pd.DataFrame]], None] | None = None,
            ) -> Analysis:
    """Read, compute and build every result table (decomposition between the first and last
    year unless given; none when the data have a single year).

    ``figure_tables(result, tables)``, when given, is called as soon as the tables the figures
    draw from exist (national series, ranking, attributed intensity, LMDI), before the others
    are built, so that figures can start meanwhile."""
    # imported here, not at the top: ``run`` forks its figure workers before these load
    from alcarbon.chain.frames import python_strings
    from alcarbon.chain.io import read_chain_data
    from alcarbon.chain.model import compute

    with python_strings():
        return _analyse(compute(read_chain_data(data_path), library=library, gwp_set=gwp_set),
                        year_from, year_to, figure_tables)


def _analyse(res: ChainResult, year_from: int | None, year_to: int | None,
             figure_tables: Callable[[ChainResult, dict[str, pd.DataFrame]], None] | None,
             ) -> Analysis:
    from alcarbon.chain import indicators
    from alcarbon.chain.attribution import attributed
    from alcarbon.chain.decomposition import decompose_years

    at = attributed(res)
    py = indicators.province_year(res)  # built once, read by the tables below
    nat = indicators.national_series(res, py)
    rank = indicators.ranking(res, at, py=py)
    years = res.grid.years
    y0 = years[0] if year_from is None else year_from
    y1 = years[-1] if year_to is None else year_to
    lmdi = decompose_years(res, y0, y1, table=at) if y0 != y1 else None
    if figure_tables is not None:
        early = {"attributed_intensity": at, "national_series": nat, "ranking": rank}
        figure_tables(res, early if lmdi is None else {**early, "lmdi": lmdi})
    proc, corr = indicators.processing(res)
    tables = {
        "emissions_long": res.emissions.drop(columns="_row"),
        "province_stage_category": indicators.by_stage_category(res),
        "province_year": py,
        "attributed_intensity": at,
        "national_series": nat,
        "stage_shares": indicators.stage_shares(res, py=py),
        "stage_shares_province": indicators.stage_shares(res, level="province", py=py),
        "ranking": rank,
        "processing_series": proc,
        "processing_correlation": corr,
        "electricity_factors": res.electricity.sources,
    }
    if lmdi is not None:
        tables["lmdi"] = lmdi
    return Analysis(res, tables)


def _atomic(path: Path, write) -> None:
    with atomic_path(path) as tmp:
        write(str(tmp))


def write_tables(tables: dict[str, pd.DataFrame], out: Path, *, xlsx: bool = True) -> list[Path]:
    """CSV per table (UTF-8 with BOM so Excel shows Chinese) and ``chain_results.xlsx``."""
    from alcarbon.atomic import make_dir
    from alcarbon.chain.xlsx import write_workbook

    make_dir(out)
    files = []
    for name, df in tables.items():
        p = out / f"{name}.csv"
        _atomic(p, lambda t, df=df: df.to_csv(t, index=False, encoding="utf-8-sig"))
        files.append(p)
    if xlsx:
        p = out / "chain_results.xlsx"

        _atomic(p, lambda t: write_workbook(tables, t))
        files.append(p)
    return files


def is_synthetic(data) -> bool:
    """True when any input row's ``source`` says ``synthetic`` (the bundled demo marks every
    made-up row so): figures of such a run are stamped SYNTHETIC."""
    for df in (data.production, data.parameters, data.electricity, data.supply):
        if "source" in df and df["source"].astype(str).str.contains("synthetic", case=False).any():
            return True
    return False


def run(data_path: str | Path, out: str | Path, *, figures: bool = True,
        iterations: int = 0, seed: int | None = 1, workers: int = 0,
        on_analysis: Callable[[Analysis], None] | None = None, **kw) -> list[Path]:
    """Analyse ``data_path`` and write tables and figures into ``out``; returns the files.

    ``iterations`` > 0 adds the Monte Carlo intervals (:mod:`alcarbon.chain.montecarlo`):
    tables ``intensity_intervals`` and ``national_intervals``, and a band on the series figure.
    ``workers`` > 0 draws the figures in that many forked processes while this one computes
    and writes the tables (:mod:`alcarbon.chain.parallel`; same files). ``on_analysis`` is
    given the analysis (every table) once the files are written."""
    from alcarbon.chain.frames import python_strings

    with python_strings():
        return _run(data_path, Path(out), figures, iterations, seed, workers, kw, on_analysis)


def _run(data_path: str | Path, out: Path, figures: bool, iterations: int, seed: int | None,
         workers: int, kw: dict, on_analysis: Callable[[Analysis], None] | None) -> list[Path]:
    from alcarbon.atomic import make_dir
    from alcarbon.chain.parallel import FigureWorkers

    def submit(res: ChainResult, t: dict[str, pd.DataFrame], band=None) -> None:
        from alcarbon.chain.figures import figure_jobs

        # made here, before any worker writes into it (make_dir is not race-free)
        make_dir(out / "figures")
        pool.submit_jobs(figure_jobs(
            t["national_series"], t["ranking"], t["attributed_intensity"], t.get("lmdi"),
            out / "figures", band=band, synthetic=is_synthetic(res.data)))

    with FigureWorkers(workers if figures else 0) as pool:
        # without Monte Carlo the figures need nothing more than the early tables: they start
        # while the other tables are built; with it they wait for the band
        an = analyse(data_path, figure_tables=submit if figures and not iterations else None,
                     **kw)
        if iterations:
            from alcarbon.chain.montecarlo import monte_carlo

            mc = monte_carlo(an.result, iterations=iterations, seed=seed,
                             attributed_table=an.tables["attributed_intensity"])
            an.tables["intensity_intervals"] = mc.province
            an.tables["national_intervals"] = mc.national
            an.tables["mc_groups"] = mc.groups
            if figures:
                submit(an.result, an.tables, band=mc.national)
        files = write_tables(an.tables, out)
        if figures:
            files += pool.files()
    if on_analysis is not None:
        on_analysis(an)
    return files
