"""An unused DrawPool ended during its warm-up ends quietly (no traceback on stderr), even when
the SIGTERM lands inside a C extension's import, which turns the SystemExit into an
ImportError ("initialization failed": matplotlib's _backend_agg did so in a CI run)."""

import time

import pytest

from alcarbon.drawpool import DrawPool, fork_available


def _warm_like_a_c_import() -> None:
    # what a C extension's module init does with an exception raised while it runs
    try:
        time.sleep(30)
    except SystemExit as exc:
        raise ImportError("initialization failed") from exc


def _warm_fails() -> None:
    raise ImportError("a real failure")


@pytest.mark.skipif(not fork_available(), reason="worker processes need fork")
def test_end_during_warm_up_is_quiet(capfd):
    with DrawPool(_warm_like_a_c_import, 1) as pool:
        assert pool.parallel
        proc = pool._proc
        time.sleep(0.3)  # the server is inside its warm-up
    err = capfd.readouterr().err
    assert "Traceback" not in err, err
    assert proc.exitcode == 0


@pytest.mark.skipif(not fork_available(), reason="worker processes need fork")
def test_a_warm_up_that_fails_by_itself_still_shows_its_traceback(capfd):
    pool = DrawPool(_warm_fails, 1)
    with pool:
        proc = pool._proc
        deadline = time.monotonic() + 10
        while proc.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
    err = capfd.readouterr().err
    assert "ImportError: a real failure" in err, err
    assert proc.exitcode == 1
