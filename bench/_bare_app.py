"""The peer of the service bench: a bare FastAPI app answering every GET with one fixed JSON
document of a given size (``$BARE_BYTES``), behind the same bearer-header shape as the API, served
by uvicorn with the same settings as ``alcarbon serve``.

    python bench/_bare_app.py --port P --workers N --bytes B [--loop asyncio|uvloop]
"""

from __future__ import annotations

import argparse
import os
import sys

from fastapi import FastAPI, Request


def _document(size: int) -> dict:
    """A JSON object whose compact encoding is ``size`` bytes (padding in one string field)."""
    base = {"id": 1, "site_id": 1, "name": "bare", "product": "liquid_aluminium",
            "period_start": "2024-01-01", "period_end": "2024-12-31", "head_revision": 1,
            "created_at": "2026-01-01T00:00:00", "pad": ""}
    import json

    empty = len(json.dumps(base, separators=(",", ":")))
    base["pad"] = "x" * max(0, size - empty)
    return base


def create() -> FastAPI:
    app = FastAPI()
    doc = _document(int(os.environ.get("BARE_BYTES", "200")))
    from alcarbon.service.turnover import ENV_BOARD, ConnectionTurnover

    if os.environ.get(ENV_BOARD):  # served as alcarbon serve serves: connections evened out
        app.add_middleware(ConnectionTurnover)

    @app.get("/api/health")
    def health() -> dict:
        return {"status": "ok"}

    @app.get("/api/studies/{study_id}")
    def get_study(study_id: int, request: Request) -> dict:
        return doc | {"id": study_id}

    return app


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--bytes", type=int, default=200)
    ap.add_argument("--loop", default=None, help="default: alcarbon serve's default")
    args = ap.parse_args()
    from alcarbon.service.procs import DEFAULT_LOOP

    os.environ["BARE_BYTES"] = str(args.bytes)
    # started as `alcarbon serve` starts (alcarbon.service.cli serve_cmd): the same uvicorn
    # options, and with several workers the same launcher
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # importable by the workers
    options = {"host": "127.0.0.1", "port": args.port, "log_level": "info", "factory": True,
               "loop": args.loop or DEFAULT_LOOP}
    if args.workers > 1:
        from alcarbon.service.procs import run_workers

        run_workers("_bare_app:create", args.workers, **options)
    else:
        import uvicorn

        uvicorn.run("_bare_app:create", **options)


if __name__ == "__main__":
    main()
