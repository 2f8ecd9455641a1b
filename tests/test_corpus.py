"""The malformed-input corpus (tests/corpus, see its README): every case through the real CLI.

Each case runs as its own process (``python -m alcarbon.cli.main``) and must: end with the
expected exit code; on failure print a message naming the place (every ``names`` substring) and
no traceback, leave no output and no partial file; stay within ``max_seconds`` of CPU time
(user + system) and ``max_mb`` of peak resident memory, both from the case's own rusage
(``os.wait4`` in a small launcher process, see ``_LAUNCHER``). The child is killed after
WALL_SLACK x ``max_seconds`` of wall-clock time: the machine is shared, and under load a case
waits for a core without using more of anything, so the ceiling is the CPU time and the
wall-clock limit only catches a hang. The cases run WORKERS at a
time in a thread pool started by the first test.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent / "corpus"
SRC = Path(__file__).resolve().parents[1] / "src"
CASES = sorted(p.name.removesuffix(".case.json") for p in CORPUS.glob("*.case.json"))
WORKERS = 2
WALL_SLACK = 6


@dataclass
class Outcome:
    code: int | None
    stdout: str
    stderr: str
    seconds: float
    cpu: float
    max_mb: float
    tmp: Path
    before: dict[str, bytes | None]
    outs: list[Path]


def _input_of(cid: str) -> Path:
    hits = [p for p in CORPUS.glob(f"{cid}.*") if not p.name.endswith(".case.json")]
    assert len(hits) == 1, f"case {cid}: expected one input file, found {hits}"
    return hits[0]


def _setup(tmp: Path, setup: dict) -> None:
    """The optional "setup" key: folders, files (name -> text) and read-only entries."""
    for d in setup.get("dirs", []):
        (tmp / d).mkdir(parents=True)
    for name, text in setup.get("files", {}).items():
        (tmp / name).write_text(text, encoding="utf-8")
    for name in setup.get("readonly", []):
        p = tmp / name
        p.chmod(0o555 if p.is_dir() else 0o444)


def _snapshot(tmp: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(tmp)): (None if p.is_dir() else p.read_bytes())
            for p in sorted(tmp.rglob("*"))}


# The case runs under this small launcher, which reports the case's own peak RSS and CPU time.
# Measuring the case as pytest's direct child would not do: on Linux a child's ru_maxrss starts
# from the RSS of the process it was forked from (here pytest, hundreds of MB late in a run).
_LAUNCHER = (
    "import os, subprocess, sys\n"
    "p = subprocess.Popen(sys.argv[2:])\n"
    "_, st, ru = os.wait4(p.pid, 0)\n"
    "code = os.waitstatus_to_exitcode(st)\n"
    "with open(sys.argv[1], 'w') as f:\n"
    "    f.write(f'{code} {ru.ru_maxrss} {ru.ru_utime + ru.ru_stime}')\n"
    "sys.exit(code if code >= 0 else 128 - code)\n"
)


def _run(cid: str) -> Outcome:
    spec = json.loads((CORPUS / f"{cid}.case.json").read_text(encoding="utf-8"))
    tmp = Path(tempfile.mkdtemp(prefix=f"corpus_{cid}_"))
    _setup(tmp, spec.get("setup", {}))
    before = _snapshot(tmp)
    out = tmp / "out"
    subst = {"{input}": str(_input_of(cid)), "{out}": str(out), "{tmp}": str(tmp),
             "{corpus}": str(CORPUS)}
    args, outs = [], []
    for a in spec["args"]:
        for k, v in subst.items():
            a = a.replace(k, v)
        args.append(a)
        if str(out) in a:
            outs.append(Path(a))
    env = {**os.environ, "PYTHONPATH": str(SRC), "COLUMNS": "200", "NO_COLOR": "1",
           "MPLBACKEND": "Agg"}
    with tempfile.TemporaryFile() as fo, tempfile.TemporaryFile() as fe:
        start = time.monotonic()
        fd, name = tempfile.mkstemp(prefix="corpus_rusage_")
        os.close(fd)
        report = Path(name)
        proc = subprocess.Popen([sys.executable, "-c", _LAUNCHER, str(report), sys.executable,
                                 "-m", "alcarbon.cli.main", *args], stdout=fo,
                                stderr=fe, cwd=tmp, env=env, start_new_session=True)
        limit = WALL_SLACK * float(spec.get("max_seconds", 10))
        code, usage = None, None
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                proc.returncode = code
                break
            if time.monotonic() - start > limit:
                os.killpg(proc.pid, signal.SIGKILL)
                os.wait4(proc.pid, 0)
                proc.returncode = -9
                break
            time.sleep(0.02)
        seconds = time.monotonic() - start
        fo.seek(0)
        fe.seek(0)
        stdout, stderr = (f.read().decode("utf-8", "replace") for f in (fo, fe))
    measured = report.read_text().split() if code is not None else []
    report.unlink(missing_ok=True)
    done = len(measured) == 3
    if done:
        code = int(measured[0])
    max_mb = int(measured[1]) / 1024 if done else float("nan")  # ru_maxrss is in KiB on Linux
    cpu = float(measured[2]) if done else float("nan")
    return Outcome(code, stdout, stderr, seconds, cpu, max_mb, tmp, before, outs)


_pool: ThreadPoolExecutor | None = None
_futures: dict[str, Future] = {}


def _outcome(cid: str) -> Outcome:
    global _pool
    if _pool is None:  # start every case at once; each test then waits for its own
        _pool = ThreadPoolExecutor(max_workers=WORKERS)
        for c in CASES:
            _futures[c] = _pool.submit(_run, c)
    return _futures[cid].result()


def test_corpus_is_large_enough():
    assert len(CASES) >= 80, f"only {len(CASES)} cases in {CORPUS}"


@pytest.mark.parametrize("cid", CASES)
def test_case(cid):
    spec = json.loads((CORPUS / f"{cid}.case.json").read_text(encoding="utf-8"))
    r = _outcome(cid)
    try:
        shown = (f"exit {r.code}, {r.cpu:.1f} s CPU, {r.seconds:.1f} s wall, {r.max_mb:.0f} MB"
                 f"\nstderr:\n{r.stderr[-3000:]}")
        if os.environ.get("CORPUS_VERBOSE"):
            print(f"\n{cid}: {shown.splitlines()[0]}")
        assert r.code is not None, f"killed after {WALL_SLACK * spec['max_seconds']} s (hang?)"
        assert "Traceback" not in r.stderr, shown
        assert r.code == spec["exit"], shown
        assert r.max_mb <= spec["max_mb"], shown
        assert r.cpu <= spec["max_seconds"], shown
        if spec["exit"] != 0:
            for word in spec["names"]:
                assert word in r.stderr, f"message does not name {word!r}\n{shown}"
            assert r.stderr.strip().startswith("error:"), shown
            for o in r.outs:
                assert not o.exists(), f"{o} was written although the command failed"
            for p in list(r.tmp.rglob("*")):  # readable again for the snapshot and cleanup
                if p.is_dir():
                    p.chmod(p.stat().st_mode | stat.S_IWUSR | stat.S_IRUSR | stat.S_IXUSR)
            after = _snapshot(r.tmp)
            assert after == r.before, ("the failed command changed its folder: "
                                       f"{sorted(set(after) ^ set(r.before))}\n{shown}")
    finally:
        shutil.rmtree(r.tmp, ignore_errors=True)
