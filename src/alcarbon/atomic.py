"""Atomic file output: write to a temporary file beside the target, rename on success.

Nothing half-written is ever left at the target path; on any error the temporary file is removed.
Before writing, :func:`check_target` refuses a target that is a directory, whose parent is a file,
whose folder is read-only or which is an existing read-only file. "Read-only" is read from the
permission bits (no write bit for anyone) as well as from ``os.access``, so a process running as
root (which may write anywhere) still respects a file or folder its owner marked read-only.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alcarbon.errors import InputError

# mkstemp creates 0600 files; outputs get the usual permissions under the process umask.
_UMASK = os.umask(0)
os.umask(_UMASK)
_ANY_WRITE = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


def _read_only(p: Path) -> bool:
    return not (p.stat().st_mode & _ANY_WRITE) or not os.access(p, os.W_OK)


def check_target(path: str | Path) -> None:
    """Refuse an output path that cannot (or must not) be written, naming it; see the module."""
    target = Path(path)
    where = str(target)
    if target.is_dir():
        raise InputError("is a directory", where=where,
                         expected="a file name for the output (e.g. DIR/result.xlsx)")
    for parent in target.parents:
        if parent.exists():
            if not parent.is_dir():
                raise InputError(f"{parent} is a file, so no folder can be made there",
                                 where=where, expected="an output path inside a folder")
            if _read_only(parent):
                raise InputError(f"the folder {parent} is read-only", where=where,
                                 expected="a folder you may write to")
            break
    if target.exists() and _read_only(target):
        raise InputError("the existing file is read-only and is not replaced", where=where,
                         expected="a new file name, or make the file writable first")


def make_dir(path: str | Path) -> Path:
    """Create an output folder (and its parents) after the checks of :func:`check_target`."""
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise InputError("is a file", where=str(folder), expected="an output folder")
    if not folder.exists():
        check_target(folder)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"cannot create the folder: {exc.strerror}",
                             where=str(folder)) from None
    elif _read_only(folder):
        raise InputError("the folder is read-only", where=str(folder),
                         expected="a folder you may write to")
    return folder


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it replaces ``path``."""
    target = Path(path)
    check_target(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}.",
                                   suffix=target.suffix or ".tmp")
    except OSError as exc:
        raise InputError(f"cannot write here: {exc.strerror}", where=str(target)) from None
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def atomic_write(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def atomic_write_many(files: dict[Path, bytes]) -> None:
    """Write several files all or nothing: every file goes to a temporary file first and the
    renames start only once all are written. If a write fails, no target is touched; if a rename
    fails (rare: same folder), the targets this call had newly created are removed again (a file
    that existed before and was already replaced cannot be restored)."""
    for target in files:
        check_target(target)
    temps: dict[Path, Path] = {}
    created: list[Path] = []
    try:
        for target, data in files.items():
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}.",
                                           suffix=target.suffix or ".tmp")
            except OSError as exc:
                raise InputError(f"cannot write here: {exc.strerror}",
                                 where=str(target)) from None
            os.close(fd)
            temps[target] = Path(tmp)
            Path(tmp).write_bytes(data)
            os.chmod(tmp, 0o666 & ~_UMASK)
        for target, tmp in temps.items():
            existed = target.exists()
            os.replace(tmp, target)
            if not existed:
                created.append(target)
    except BaseException:
        for target in created:
            target.unlink(missing_ok=True)
        raise
    finally:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
