"""Heavy uncertainty options are refused up front, naming the option and the limit (issue 12
item 3), by the library functions (so the report and the web service inherit it) and the CLI."""

from __future__ import annotations

import math
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alcarbon.cli.main import app
from alcarbon.errors import InputError
from alcarbon.uncertainty import monte_carlo, sobol
from alcarbon.uncertainty.limits import (
    MAX_ITERATIONS,
    MAX_SOBOL_PARAMS,
    MAX_SOBOL_SAMPLES,
    check_iterations,
    check_sobol,
)

runner = CliRunner()
MISSING = "/nonexistent/study.yaml"  # never read: the options are checked first


def test_limit_values_are_the_documented_ones():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "limits.md").read_text("utf-8")
    assert (MAX_ITERATIONS, MAX_SOBOL_SAMPLES, MAX_SOBOL_PARAMS) == (1_000_000, 16_384, 20)
    for text in ("2 to 1,000,000", "a power of 2 up to 16,384", "1 to 20 (0 skips)"):
        assert text in doc


@pytest.mark.parametrize(("n", "ok"), [(1, False), (2, True), (MAX_ITERATIONS, True),
                                       (MAX_ITERATIONS + 1, False), (10**9, False)])
def test_check_iterations_bounds(n, ok):
    if ok:
        check_iterations(n)
    else:
        with pytest.raises(InputError) as err:
            check_iterations(n)
        assert err.value.where == "--iterations" and "1,000,000" in err.value.expected


@pytest.mark.parametrize(("top", "n", "where"), [
    (0, 1024, "--sobol"), (MAX_SOBOL_PARAMS + 1, 1024, "--sobol"),
    (5, 1000, "--sobol-samples"), (5, 2 * MAX_SOBOL_SAMPLES, "--sobol-samples"),
])
def test_check_sobol_bounds(top, n, where):
    with pytest.raises(InputError) as err:
        check_sobol(top, n)
    assert err.value.where == where
    check_sobol(MAX_SOBOL_PARAMS, MAX_SOBOL_SAMPLES)  # the limits themselves are allowed


def test_library_refuses_before_calculating():
    # study=None would fail inside calculate(): an InputError proves the check came first
    t0 = time.perf_counter()
    with pytest.raises(InputError, match="outside the limit"):
        monte_carlo(None, iterations=10**9)
    with pytest.raises(InputError, match="outside the limit"):
        sobol(None, top_n=5, n=2**30)
    with pytest.raises(InputError, match="negative"):
        monte_carlo(None, iterations=100, seed=-1)
    assert time.perf_counter() - t0 < 0.5


@pytest.mark.parametrize(("args", "names"), [
    (["--iterations", "1e9"], ["--iterations", "1,000,000,000", "1,000,000"]),
    (["--iterations", "1000001"], ["--iterations", "1,000,000"]),
    (["--iterations", "inf"], ["--iterations", "whole number"]),
    (["--iterations", "12.5"], ["--iterations", "whole number"]),
    (["--sobol", "5", "--sobol-samples", "1048576"], ["--sobol-samples", "16,384"]),
    (["--sobol", "500"], ["--sobol", "1 to 20"]),
    (["--seed", "-1"], ["--seed", "non-negative"]),
])
def test_cli_refuses_before_reading_the_study(args, names):
    r = runner.invoke(app, ["uncertainty", MISSING, *args])
    assert r.exit_code == 2
    for n in names:
        assert n in r.stderr
    assert "study.yaml" not in r.stderr  # the study was not opened


def test_report_refuses_huge_iterations_first(tmp_path):
    r = runner.invoke(app, ["report", MISSING, "-o", str(tmp_path / "r.json"),
                            "--iterations", "50000000"])
    assert r.exit_code == 2 and "--iterations" in r.stderr and "1,000,000" in r.stderr
    assert not (tmp_path / "r.json").exists()


def test_cv_of_a_zero_mean_is_null_in_json():
    import numpy as np

    from alcarbon.uncertainty.model import LinearModel
    from alcarbon.uncertainty.montecarlo import summarise

    model = LinearModel.__new__(LinearModel)
    model.params = []
    res = summarise("p", np.zeros(4), np.zeros(0), model, 0.0, 4, 1)
    assert math.isnan(res.cv)  # std/mean is 0/0
    assert res.to_json_dict()["cv"] is None
