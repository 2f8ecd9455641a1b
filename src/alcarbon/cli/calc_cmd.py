"""`alcarbon calc STUDY`: footprints of the declared products (Table E.2 and top contributors)."""

from pathlib import Path

import typer

from alcarbon.cli.errors_cli import PRODUCTS, check_choice, friendly_errors

STAGE_LABELS = {
    "upstream": "辅助材料和能源获取 upstream",
    "bauxite_mining": "铝土矿采选 bauxite mining",
    "alumina_refining": "氧化铝生产 alumina refining",
    "anode_production": "预焙阳极生产 anode production",
    "electrolysis": "铝电解生产 electrolysis",
    "casting": "铝液铸锭 casting",
}


_SHOWN = 5e-5  # t CO2e/t: below this a value prints as 0.0000 in the table


def _fmt(v: float) -> str:
    return f"{0.0 if abs(v) < _SHOWN else v:.4f}"


def _pct(share: float) -> str:
    """Share as a percentage with one decimal; never '-0.0 %' for a rounding-size negative."""
    v = 100 * share
    return f"{0.0 if abs(v) < 0.05 else v:.1f} %"


def unique(items) -> list:
    """Items in their first order without repeats (the engine may report one note per product)."""
    return list(dict.fromkeys(items))


def _print_electricity(con, p) -> None:
    """Electricity per supply with the factor named beside each figure (7.1.5)."""
    from rich.markup import escape

    rows = [("declared", r) for r in p.electricity.get("declared", [])]
    rows += [("location", r) for r in p.electricity.get("location_based", [])]
    if rows:
        con.print("electricity (GB/T 44905 7.1.5), per t: kWh x factor (id, basis, region year)")
    for side, r in rows:
        kg = r.get("kg_per_kwh")
        kg_s = "modelled" if kg is None else f"{kg:.4f} kg/kWh"
        # a captive plant's factor is its own unit's: no region or year to name
        where = " ".join(str(x) for x in (r.get("region"), r.get("year")) if x)
        src = ", ".join(x for x in (r["factor_id"], r["basis"], where) if x)
        con.print(escape(f"  {side:8} {r['supply']}: {r['kwh']:,.1f} kWh x {kg_s} ({src}) = "
                         f"{_fmt(r['t_co2e'])} t CO2e"))


def _words(ident: str) -> str:
    """An id shown as words, so that a narrow terminal wraps it between words rather than
    inside one ("electricity:bituminous_coal" -> "electricity: bituminous coal"); the json and
    csv formats keep the ids."""
    return ident.replace("_", " ").replace(":", ": ")


def _print_table(result, top: int) -> None:
    from rich.console import Console
    from rich.table import Table

    from alcarbon.engine.result import hotspots

    # no automatic highlighting (the figures carry their own markup): rich's repr highlighter ran
    # its regular expressions over every cell, ~15-30 % of the table's time
    con = Console(highlight=False)
    if result.title:
        con.print(f"[bold]{result.title}[/bold]")
    for p in result.products.values():
        from alcarbon.engine.stages import convention_text

        t = Table(title=f"Table E.2 — {p.declared_unit} (GWP {result.gwp_set})",
                  caption=convention_text(result.upstream_convention, result.purchased_stage,
                                          "en"))
        t.add_column("stage")
        t.add_column("t CO2e/t", justify="right")
        t.add_column("share", justify="right")
        t.add_column("location-based (comparison)", justify="right")
        loc = {s.stage: s.t_co2e for s in p.stages(location=True)}
        for s in p.stages():
            t.add_row(STAGE_LABELS.get(s.stage, s.stage), _fmt(s.t_co2e),
                      _pct(s.share), _fmt(loc.get(s.stage, 0.0)))
        t.add_row("[bold]total CFP (GB/T 44905)[/bold]", f"[bold]{p.cfp:.4f}[/bold]", "100.0 %",
                  f"[bold]{p.cfp_location_based:.4f}[/bold]")
        con.print(t)
        if p.cfp_grid_mix_analysis is not None:
            con.print(f"grid-mix analysis (GB/T 44905 7.1.5.3, reported separately): "
                      f"[bold]{p.cfp_grid_mix_analysis:.4f}[/bold] t CO2e/t")
        _print_electricity(con, p)
        c = Table(title=f"top {top} contributors (GB/T 44905 result)")
        for col in ("unit", "category", "flow", "gas", "t CO2e/t", "share"):
            c.add_column(col, justify="right" if col in ("t CO2e/t", "share") else "left",
                         overflow="fold")
        ranked = [h for h in hotspots(p.contributions, None, p.cfp)
                  if abs(h["t_co2e"]) >= _SHOWN]
        for h in ranked[:top]:
            where = h["unit"] if h["stage"] == h["unit"] else f"{h['stage']} ({h['unit']})"
            c.add_row(_words(where), _words(h["category"]), _words(h["flow"]),
                      ",".join(h["gases"]), _fmt(h["t_co2e"]),
                      _pct(h["share"]) if p.cfp else "-")
        con.print(c)
    from rich.markup import escape

    for w in unique(result.warnings):
        con.print(f"[yellow]note:[/yellow] {escape(w)}")


def register(app: typer.Typer) -> None:
    @app.command()
    @friendly_errors
    def calc(
        study: Path = typer.Argument(..., help="study file: .yaml, .json or Appendix C .xlsx"),
        product: list[str] = typer.Option(
            None, "--product", "-p",
            help="declared product(s) to compute: bauxite, alumina, prebaked_anode, "
            "liquid_aluminium, aluminium_ingot, aluminium_hydroxide (default: the study's "
            "declared_products)"),
        fmt: str = typer.Option("table", "--format", "-f", help="table, json or csv"),
        top: int = typer.Option(10, help="number of top contributors in the table"),
        detail: bool = typer.Option(False, help="json: include every contribution row"),
        factors: list[Path] = typer.Option(
            None, "--factors", help="user factor file(s) (.csv, .yaml or .json; see "
            "docs/factors.md); repeat the option for several files"),
    ) -> None:
        """Carbon footprint of the study's declared products (GB/T 44905 8.2)."""
        import sys

        # the factor library's modules first, then the engine's: the same modules, but this
        # order took ~10,400 minor page faults per process against ~12,400 with the engine's
        # first (measured with /usr/bin/time; docs/cli.md "Start-up")
        import alcarbon.factors  # noqa: F401
        from alcarbon.engine import calculate
        from alcarbon.errors import InputError
        from alcarbon.factors import load_library
        from alcarbon.inventory import load_study

        if fmt not in ("table", "json", "csv"):
            raise InputError(f"unknown format {fmt!r}", where="--format",
                             expected="table, json or csv")
        for name in product or []:
            check_choice(name, PRODUCTS, "--product", what="product")
        s = load_study(study)
        if product:
            s = s.model_copy(update={"declared_products": list(product)})
            s = type(s).model_validate(s.model_dump())
        lib = load_library(user_files=list(factors or []))
        result = calculate(s, lib)
        if fmt == "json":
            from alcarbon.checks.quality import study_quality
            from alcarbon.cli.json_out import dump_json

            data = result.to_json_dict(detail=detail)
            for pj in data["products"]:  # 6.3 Table 2 block, the same as PACT and the report
                pj["data_quality"] = study_quality(s, result, pj["product"])
            dump_json(data, indent=2)
        elif fmt == "csv":
            import csv

            w = csv.writer(sys.stdout)
            w.writerow(["product", "basis", "stage", "t_co2e_per_t", "share"])
            for p in result.products.values():
                for location, label in ((False, "declared"), (True, "location")):
                    for r in p.stages(location=location):
                        w.writerow([p.product, label, r.stage, f"{r.t_co2e:.6g}",
                                    f"{r.share:.6g}"])
        else:
            _print_table(result, top)
