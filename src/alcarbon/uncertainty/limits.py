"""Upper limits of the uncertainty options, checked before any work starts (docs/limits.md).

The limits keep one run within about a minute and a few hundred MB on a laptop; the CLI, the
report and the web service all go through :func:`check_iterations` / :func:`check_sobol`, so
an option such as ``--iterations 1000000000`` is refused at once, naming the option and limit.
"""

from __future__ import annotations

from alcarbon.errors import InputError

#: Monte Carlo iterations. At 10 000 (the default) the standard error of the 2.5 % percentile is
#: already about 0.03 standard deviations (sqrt(p(1-p)/n) / phi(1.96) for a normal output);
#: 1 000 000 takes about 3 s on an idle 2-core machine (bench/bench_uncertainty.py: ~320,000
#: iterations/s) and about 40 s at load 10 (41 us per iteration measured on
#: examples/coal_captive_smelter.yaml, 51 parameters, 5 products); the samples kept are 8 bytes x
#: iterations x products (8 MB per product). More adds only run time and memory.
MAX_ITERATIONS = 1_000_000
#: Fewest Monte Carlo iterations: a standard deviation needs two samples.
MIN_ITERATIONS = 2
#: Saltelli base sample of the Sobol' indices (a power of 2). With MAX_SOBOL_PARAMS inputs that
#: is 16 384 x 22 = 360 448 model evaluations, about 150 MB of multipliers for 50 parameters.
MAX_SOBOL_SAMPLES = 16_384
#: Inputs whose Sobol' indices are estimated (the N most uncertain).
MAX_SOBOL_PARAMS = 20


def check_iterations(iterations: int, option: str = "--iterations") -> None:
    """Refuse a Monte Carlo size outside MIN_ITERATIONS..MAX_ITERATIONS (InputError)."""
    if isinstance(iterations, bool) or not isinstance(iterations, int):
        raise InputError(f"{iterations!r} is not a whole number", where=option,
                         expected=f"an integer from {MIN_ITERATIONS} to {MAX_ITERATIONS:,}")
    if not MIN_ITERATIONS <= iterations <= MAX_ITERATIONS:
        raise InputError(f"{iterations:,} iterations is outside the limit", where=option,
                         expected=f"{MIN_ITERATIONS} to {MAX_ITERATIONS:,} Monte Carlo "
                         "iterations")


def check_sobol(top_n: int, n: int, top_option: str = "--sobol",
                n_option: str = "--sobol-samples") -> None:
    """Refuse Sobol' sizes outside 1..MAX_SOBOL_PARAMS inputs and 2..MAX_SOBOL_SAMPLES (a power
    of 2) base samples (InputError)."""
    if not 1 <= top_n <= MAX_SOBOL_PARAMS:
        raise InputError(f"{top_n:,} parameters is outside the limit", where=top_option,
                         expected=f"1 to {MAX_SOBOL_PARAMS} parameters")
    if n < 2 or n & (n - 1):
        raise InputError(f"{n:,} is not a power of 2", where=n_option,
                         expected="256, 512, 1024, 2048 ...")
    if n > MAX_SOBOL_SAMPLES:
        raise InputError(f"{n:,} base samples is outside the limit", where=n_option,
                         expected=f"a power of 2 up to {MAX_SOBOL_SAMPLES:,}")


def check_seed(seed: int | None, option: str = "--seed") -> None:
    """A random seed is a non-negative integer (numpy's generator refuses negative ones)."""
    if seed is not None and seed < 0:
        raise InputError(f"{seed} is negative", where=option,
                         expected="a non-negative integer, e.g. 42")
