"""`alcarbon mrio ...`: MRIO embodied-carbon flows, target sectors, SPA, networks, figures.

Only typer and the standard library are imported here; the analysis is imported inside each
command so `alcarbon --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path

import typer

from alcarbon.cli.errors_cli import friendly_errors

mrio_app = typer.Typer(help="MRIO embodied-carbon flows between regions and sectors.",
                       no_args_is_help=True)

_TABLE = typer.Argument(..., help="Table: .xlsx (China MRIO layout) or .csv (long form).")
_OUT = typer.Option(Path("mrio_out"), "--out", "-o", help="Output directory.")
_LAYOUT = typer.Option(None, "--layout", help="Layout description (.json/.yaml) for .xlsx.")
_EMIS = typer.Option(None, "--emissions", help="CSV region,sector,value of direct emissions.")
_SECT = typer.Option(None, "--sectors", "-s",
                     help="Target sector labels or codes, comma separated (e.g. 02,03,04,05).")
_METHOD = typer.Option("auto", "--method", help="auto, dense, splu, power or krylov.")


def _load(table: Path, layout: Path | None, emissions: Path | None, ceads: dict | None = None):
    from alcarbon.mrio.outputs.results import load_table

    return load_table(table, layout=layout, emissions=emissions, **(ceads or {}))


def _echo_written(paths) -> None:
    for p in paths:
        typer.echo(str(p))


@mrio_app.command("synth")
@friendly_errors
def synth(out: Path = typer.Argument(Path("mrio_synthetic.xlsx"), help="Output file "
                                     "(.xlsx China layout or .csv long form)."),
          regions: int = typer.Option(31, help="Number of regions."),
          sectors: int = typer.Option(42, help="Number of sectors."),
          seed: int = typer.Option(0, help="Random seed."),
          year: str = typer.Option("synthetic", help="Year label written into the title.")
          ) -> None:
    """Write a SYNTHETIC table (random numbers) in the China MRIO layout."""
    from alcarbon.errors import InputError
    from alcarbon.mrio.io.read_long import write_long_csv
    from alcarbon.mrio.io.synth_china import SYNTHETIC_NOTE, synthetic_china_table, write_china_xlsx

    if out.suffix.lower() not in (".xlsx", ".csv"):
        raise InputError(f"cannot tell the table format from {out.suffix or 'no suffix'!r}",
                         where=str(out), expected="a path ending in .xlsx or .csv")
    renamed = "synthetic" not in out.name.lower()
    if renamed:
        out = out.with_name(f"{out.stem}_synthetic{out.suffix}")
    from alcarbon.atomic import check_target

    check_target(out)
    table, sat = synthetic_china_table(regions, sectors, seed=seed, year=year)
    if out.suffix.lower() == ".csv":
        write_long_csv(table, sat, out, note=SYNTHETIC_NOTE)
    else:
        write_china_xlsx(table, sat, out)
    typer.echo(f"wrote {out} (SYNTHETIC random numbers"
               + ("; '_synthetic' added to the name so it cannot pass for real data)"
                  if renamed else ")"))


@mrio_app.command("accounts")
@friendly_errors
def accounts_cmd(table: Path = _TABLE, out: Path = _OUT, layout: Path | None = _LAYOUT,
                 emissions: Path | None = _EMIS, method: str = _METHOD) -> None:
    """Production/consumption accounts, region x region embodied flows, net transfers."""
    from alcarbon.mrio.core import accounts
    from alcarbon.mrio.outputs.results import write_outputs

    t, s = _load(table, layout, emissions)
    p = accounts.Prepared(t, s, method=method)
    E = accounts.embodied_flows(p)
    res = {"balance": accounts.balance(p), "flows": E,
           "net_transfers": accounts.net_transfers(E),
           "flows_by_sector": accounts.embodied_flows_detail(p)}
    if "checks" in t.meta:
        res["checks"] = t.meta["checks"]
    _echo_written(write_outputs(res, out, prefix="accounts_"))


@mrio_app.command("sector")
@friendly_errors
def sector_cmd(table: Path = _TABLE, sectors: str = typer.Option(..., "--sectors", "-s",
               help="Target sector labels or codes, comma separated."),
               out: Path = _OUT, layout: Path | None = _LAYOUT,
               emissions: Path | None = _EMIS, method: str = _METHOD,
               figures: bool = typer.Option(True, help="Also draw the figures.")) -> None:
    """Target sector: direct vs embodied, flows, net position, upstream sources, network."""
    _run(table, sectors, out, layout, emissions, method, figures, prefix="sector_")


@mrio_app.command("spa")
@friendly_errors
def spa_cmd(table: Path = _TABLE, sectors: str | None = _SECT,
            region: str | None = typer.Option(None, help="Study this region's final demand."),
            depth: int = typer.Option(6, help="Highest path order."),
            threshold: float = typer.Option(1e-4, help="Prune subtrees below this share."),
            top: int = typer.Option(20, help="Number of paths kept."),
            out: Path = _OUT, layout: Path | None = _LAYOUT, emissions: Path | None = _EMIS,
            figures: bool = typer.Option(True, help="Also draw the Sankey.")) -> None:
    """Structural path analysis: the top-k supply-chain paths and their coverage."""
    from alcarbon.mrio.core import accounts, spa
    from alcarbon.mrio.core.pipeline import resolve_sectors
    from alcarbon.mrio.core.target import target_mask
    from alcarbon.mrio.outputs.results import write_outputs

    t, s = _load(table, layout, emissions)
    p = accounts.Prepared(t, s)
    y = p.Yd.sum(axis=1)
    if sectors:
        y = y * target_mask(p, resolve_sectors(t, sectors))
    elif region:
        from alcarbon.errors import InputError

        if region not in t.destinations():
            raise InputError(f"unknown region {region!r}", where="--region",
                             expected="one of " + ", ".join(t.destinations()))
        y = p.Yd[:, list(t.destinations()).index(region)]
    labels = spa.node_labels(t.index)
    res = spa.structural_paths(p.A, p.s, p.m, y, labels=labels, top_k=top, max_depth=depth,
                               threshold=threshold)
    import pandas as pd

    summary = pd.Series({"total": res.total, "top_k_share": res.top_share,
                         "covered_share": res.covered_share, "paths_visited": res.visited,
                         "truncated": res.truncated}, name="value")
    written = write_outputs({"spa": res.paths, "spa_summary": summary}, out, prefix="spa_")
    if figures and len(res.paths):
        from alcarbon.atomic import make_dir
        from alcarbon.mrio.outputs import figures as fig

        make_dir(out)
        written.append(fig.spa_sankey(res.paths, labels, out / "spa_sankey.png",
                                      synthetic=fig.is_synthetic(t, s, table)))
    _echo_written(written)
    typer.echo(f"top {len(res.paths)} paths cover {res.top_share:.1%} of {res.total:.6g} "
               f"{s.unit}")


@mrio_app.command("network")
@friendly_errors
def network_cmd(table: Path = _TABLE, sectors: str | None = _SECT,
                alpha: float = typer.Option(0.05, help="Disparity-filter significance."),
                out: Path = _OUT, layout: Path | None = _LAYOUT, emissions: Path | None = _EMIS,
                source: str | None = typer.Option(None, help="Top paths from this region..."),
                target: str | None = typer.Option(None, help="...to this region.")) -> None:
    """Transfer network: centralities, communities, backbone, critical regions, top flows."""
    import pandas as pd

    from alcarbon.mrio.core import accounts, network
    from alcarbon.mrio.core.pipeline import resolve_sectors
    from alcarbon.mrio.core.target import sector_flows
    from alcarbon.mrio.outputs.results import write_outputs

    t, s = _load(table, layout, emissions)
    p = accounts.Prepared(t, s)
    E = sector_flows(p, resolve_sectors(t, sectors)) if sectors else accounts.embodied_flows(p)
    G = network.transfer_graph(E)
    B = network.backbone(G, alpha)
    res = {"centrality": network.rank_critical(network.centrality(G)),
           "backbone": pd.DataFrame(list(B.edges(data="weight")),
                                    columns=["source", "target", "weight"]),
           "backbone_summary": pd.Series(network.backbone_summary(G, B), name="value"),
           "summary": pd.Series(network.network_summary(G), name="value"),
           "top_flows": network.top_flows(E)}
    if source or target:
        from alcarbon.errors import InputError

        if not (source and target):
            raise InputError("top paths need both ends", where="--source/--target",
                             expected="both --source REGION and --target REGION, or neither")
        regions = [str(n) for n in G.nodes]
        for opt, name in (("--source", source), ("--target", target)):
            if name not in G:
                raise InputError(f"unknown region {name!r}", where=opt,
                                 expected="one of " + ", ".join(regions))
        res["top_paths"] = network.top_paths(G, source, target)
    _echo_written(write_outputs(res, out, prefix="network_"))


@mrio_app.command("run")
@friendly_errors
def run_cmd(tables: list[Path] = typer.Argument(..., help="One table per year."),
            sectors: str | None = _SECT, out: Path = _OUT, layout: Path | None = _LAYOUT,
            emissions: Path | None = _EMIS, method: str = _METHOD,
            labels: str | None = typer.Option(None, help="Comma-separated year labels."),
            figures: bool = typer.Option(True, help="Also draw the figures."),
            ceads: list[Path] | None = typer.Option(
                None, "--ceads", help="CEADs provincial inventory workbook: one for all "
                "tables, or one per table (repeat the option)."),
            concordance: Path | None = typer.Option(
                None, "--concordance", help="CSV from,to[,weight]: CEADs sectors -> table "
                "sectors (required with --ceads; none ships)."),
            ceads_layout: Path | None = typer.Option(
                None, "--ceads-layout", help="CEADs layout description (.json/.yaml), e.g. "
                "fuel_ids for fuels the factor library does not name."),
            ceads_factors: Path | None = typer.Option(
                None, "--ceads-factors", help="CSV fuel,ef,unit,source: factors (t CO2 per "
                "unit) for inventory fuels, overriding the factor library.")) -> None:
    """Every analysis for each table, plus year-by-year comparison tables.

    With --ceads the direct emissions come from a CEADs inventory, computed from fuel use
    with the factor library and bridged to the table's sectors by --concordance."""
    import pandas as pd

    from alcarbon.mrio.core.pipeline import side_by_side
    from alcarbon.mrio.outputs.results import write_outputs

    names = labels.split(",") if labels else [tb.stem for tb in tables]
    if len(names) != len(tables):
        from alcarbon.errors import InputError

        raise InputError(f"{len(names)} labels for {len(tables)} tables", where="--labels")
    inventories = list(ceads or [])
    if len(inventories) not in (0, 1, len(tables)):
        from alcarbon.errors import InputError

        raise InputError(f"{len(inventories)} --ceads files for {len(tables)} tables",
                         where="--ceads", expected="one file, or one per table")
    per_year = {}
    for k, (name, tb) in enumerate(zip(names, tables, strict=True)):
        cd = None
        if inventories:
            cd = {"ceads": inventories[k if len(inventories) > 1 else 0],
                  "concordance": concordance, "ceads_layout": ceads_layout,
                  "ceads_factors": ceads_factors}
        elif concordance is not None:
            from alcarbon.errors import InputError

            raise InputError("--concordance is only used with --ceads", where="--concordance")
        per_year[name] = _run(tb, sectors, out, layout, emissions, method, figures,
                              prefix=f"{name}_", ceads=cd)
    if len(tables) > 1:
        cmp = {f"years_{c}": side_by_side({k: v["balance"] for k, v in per_year.items()}, c)
               for c in ("PBA", "CBA", "net_outflow")}
        if sectors:
            cmp["years_target"] = pd.concat(
                {k: v["target_direct_embodied"] for k, v in per_year.items()}, axis=1)
        _echo_written(write_outputs(cmp, out, prefix="compare_", xlsx=False))


def _run(table, sectors, out, layout, emissions, method, figures, prefix, ceads=None):
    from alcarbon.mrio.core.pipeline import analyse
    from alcarbon.mrio.core.spa import node_labels
    from alcarbon.mrio.outputs import figures as fig
    from alcarbon.mrio.outputs.results import write_outputs

    t, s = _load(table, layout, emissions, ceads)
    if s.meta.get("missing_regions"):
        typer.echo(f"note: no inventory sheet for {', '.join(s.meta['missing_regions'])}: "
                   "their direct emissions are taken as zero", err=True)
    res = analyse(t, s, sectors=sectors, method=method)
    prepared = res.pop("prepared")
    if ceads and sectors:  # per-fuel split of the target (docs/mrio.md)
        from alcarbon.mrio.outputs.results import ceads_fuel_split

        res["target_fuel_split"], res["target_fuel_by_region"] = ceads_fuel_split(
            t, prepared, sectors, ceads)
    written = write_outputs(res, out, prefix=prefix)
    if figures:
        from alcarbon.atomic import make_dir

        make_dir(out)
        from alcarbon.mrio.outputs.flowmap import flow_map, province_ids

        flows = res.get("target_flows", res["flows"])
        cent = res.get("target_centrality", res["centrality"])
        syn = {"synthetic": fig.is_synthetic(t, s, table)}
        written.append(fig.chord(flows, out / f"{prefix}chord.png", unit=s.unit, **syn))
        if province_ids(flows.index):
            written.append(flow_map(flows, out / f"{prefix}flow_map.png", unit=s.unit, **syn))
        written.append(fig.ranking(cent, out / f"{prefix}centrality.png", **syn))
        if "upstream_by_sector" in res:
            written.append(fig.upstream_bars(res["upstream_by_sector"],
                                             out / f"{prefix}upstream.png", unit=s.unit, **syn))
        if len(res["spa"]):
            written.append(fig.spa_sankey(res["spa"], node_labels(t.index),
                                          out / f"{prefix}spa_sankey.png", **syn))
        if "target_fuel_split" in res:
            written.append(fig.fuel_bars(res["target_fuel_split"],
                                         out / f"{prefix}fuel_split.png", unit=s.unit, **syn))
    _echo_written(written)
    return res


def register(app: typer.Typer) -> None:
    """Add the `mrio` sub-app (with the commands of mrio_more_cmd) to the main CLI."""
    from alcarbon.cli.mrio_more_cmd import add_commands

    if not any(c.name == "eebt" for c in mrio_app.registered_commands):
        add_commands(mrio_app)
    app.add_typer(mrio_app, name="mrio")
