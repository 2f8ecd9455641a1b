"""`alcarbon pact pull URL`: a supplier's PACT footprints as supplier-declared footprints."""

from __future__ import annotations

import typer

from alcarbon.cli.errors_cli import friendly_errors


def register(app: typer.Typer) -> None:
    pact = typer.Typer(help="PACT Data Exchange (WBCSD): pull suppliers' footprints.",
                       no_args_is_help=True)
    app.add_typer(pact, name="pact")

    @pact.command("pull")
    @friendly_errors
    def pull(
        url: str = typer.Argument(..., help="base URL of the supplier's PACT host (https)"),
        client_id: str = typer.Option(..., "--client-id", help="client id the supplier issued"),
        client_secret: str = typer.Option(..., "--client-secret", envvar="ALCARBON_PACT_SECRET",
                                          help="client secret (or $ALCARBON_PACT_SECRET)"),
        out: str = typer.Option("pulled.json", "--out", help="file to write (.json or .yaml)"),
        active_only: bool = typer.Option(True, "--active-only/--all",
                                         help="skip Deprecated footprints"),
        ca_file: str = typer.Option(None, "--ca-file", help="CA bundle to trust (PEM)"),
    ) -> None:
        """Fetch every footprint released to you; write each with a supplier_cfp block to copy
        onto the purchased input of a study (the footprint id and version are kept as source)."""
        import json
        import ssl

        from alcarbon.atomic import atomic_write
        from alcarbon.errors import InputError
        from alcarbon.exchange.pact_pull import fetch, pulled

        if not url.startswith("https://"):
            raise InputError(f"{url}: PACT hosts are reached over HTTPS only", where="URL",
                             expected="https://...")
        verify = ssl.create_default_context(cafile=ca_file) if ca_file else True
        pfs = fetch(url, client_id, client_secret, verify=verify,
                    query={"status": "Active"} if active_only else None)
        entries = pulled(pfs, url)
        if out.endswith((".yaml", ".yml")):
            import yaml

            data = yaml.safe_dump({"footprints": entries}, allow_unicode=True, sort_keys=False)
        else:
            data = json.dumps({"footprints": entries}, indent=2, ensure_ascii=False) + "\n"
        atomic_write(out, data.encode("utf-8"))
        typer.echo(f"{len(entries)} footprint(s) from {url} written to {out}")
