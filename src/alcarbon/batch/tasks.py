"""Collect batch work: the study files under a folder, or every study's head revision in a store.

Runs in the client process only; what it returns (bytes and labels) is all a worker needs.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from alcarbon.batch.run import StudyTask
from alcarbon.errors import InputError

SUFFIXES = (".yaml", ".yml", ".json", ".xlsx")


def from_directory(root: str | Path) -> list[StudyTask]:
    """Every .yaml/.yml/.json/.xlsx file under ``root`` (recursive, sorted by relative path).

    Hidden files and folders and Excel lock files (``~$name.xlsx``) are skipped.
    """
    base = Path(root)
    if not base.is_dir():
        raise InputError("not a folder", where=str(base),
                         expected="a folder of study files (.yaml, .yml, .json, .xlsx)")
    files = []
    for p in base.rglob("*"):
        rel = p.relative_to(base)
        if any(part.startswith((".", "~$")) for part in rel.parts):
            continue
        if p.is_file() and p.suffix.lower() in SUFFIXES:
            files.append(rel)
    files.sort(key=lambda r: r.as_posix())
    if not files:
        raise InputError("no study files found", where=str(base),
                         expected="at least one .yaml, .yml, .json or .xlsx file (searched "
                         "recursively)")
    return [StudyTask(index=i, source=rel.as_posix(), suffix=rel.suffix.lower(),
                      data=(base / rel).read_bytes()) for i, rel in enumerate(files)]


def from_store(url: str, org: str | None = None, site: str | None = None) -> list[StudyTask]:
    """The head revision of every study in the store at ``url``, read-only.

    ``org``/``site``: keep only studies of the organisation / site of that name. Ordered by
    organisation, site, period start and study id.
    """
    from sqlalchemy import select

    from alcarbon.store import connect, resolve_url, studies
    from alcarbon.store.models import Organisation, Site, StudyRecord

    full = resolve_url(url)
    if full.startswith("sqlite") and "///" in full:
        path = Path(full.split("///", 1)[1])
        if not path.is_file():  # never create an empty store by reading one
            raise InputError("no such database file", where=f"--db {url}",
                             expected="the path or URL of an existing alcarbon store")
    db = connect(full, migrate=False)
    out: list[StudyTask] = []
    try:
        with db.read() as s:
            q = (select(StudyRecord, Site.name, Organisation.name)
                 .join(Site, Site.id == StudyRecord.site_id)
                 .join(Organisation, Organisation.id == StudyRecord.org_id))
            if org is not None:
                q = q.where(Organisation.name == org)
            if site is not None:
                q = q.where(Site.name == site)
            q = q.order_by(Organisation.name, Site.name, StudyRecord.period_start,
                           StudyRecord.id)
            for st, site_name, org_name in s.execute(q).all():
                rev = studies.get_revision(s, st)
                if rev is None:
                    continue
                out.append(StudyTask(
                    index=len(out), source=f"db:study/{st.id}@{rev.number}", suffix=".json",
                    data=rev.data.encode("utf-8"),
                    meta={"org": org_name, "site": site_name, "study_id": st.id,
                          "revision": rev.number}))
    except InputError:
        raise
    except Exception as exc:  # not a store, or not reachable: say which and why
        cause = getattr(exc, "orig", None) or exc  # SQLAlchemy wraps the driver's error
        first = (str(cause).splitlines() or [""])[0]
        raise InputError(f"cannot read the studies ({type(cause).__name__}: {first})",
                         where=f"--db {url}",
                         expected="an alcarbon store (created by `alcarbon serve` or "
                         "alcarbon.store.connect)") from None
    finally:
        db.dispose()
    if not out:
        which = " ".join(f"{k} {v!r}" for k, v in (("org", org), ("site", site)) if v)
        raise InputError("no studies found" + (f" for {which}" if which else ""),
                         where=f"--db {url}", expected="a store with at least one study")
    return out


def with_options(tasks: list[StudyTask], allocations: tuple[str | None, ...],
                 iterations: int, seed: int) -> list[StudyTask]:
    """The same tasks with the scenario and Monte Carlo options applied."""
    return [replace(t, allocations=allocations, iterations=iterations, seed=seed) for t in tasks]
