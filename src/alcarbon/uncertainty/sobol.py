"""Global sensitivity: Sobol' first-order and total indices (SALib) on the top-N uncertain inputs.

Inputs are the lognormal multipliers of the model (median 1, sigma from the pedigree mapping),
sampled through uniforms u -> z = Phi^-1(u) -> exp(sigma z) with Saltelli's scheme and analysed
with SALib's Sobol' estimator; all other parameters stay at their static value. The top N are
chosen by their first-order variance estimate (elasticity x sigma)^2 from a one-at-a-time pass.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from alcarbon.uncertainty.limits import check_seed, check_sobol
from alcarbon.uncertainty.model import build_model
from alcarbon.uncertainty.sensitivity import oat_rows


@dataclass
class SobolResult:
    names: list[str]
    S1: list[float]
    ST: list[float]
    S1_conf: list[float]
    ST_conf: list[float]
    labels: list[str] | None = None
    n: int = 0
    evaluations: int = 0

    def to_json_dict(self) -> dict[str, Any]:
        return asdict(self)


def saltelli(names: list[str], *, n: int = 1024, seed: int = 0) -> tuple[dict[str, Any],
                                                                         np.ndarray]:
    """(SALib problem, Z): Saltelli's sample of n x (D + 2) rows of standard normals."""
    from SALib.sample import sobol as sobol_sample
    from scipy.stats import norm

    D = len(names)
    problem = {"num_vars": D, "names": list(names), "bounds": [[0.0, 1.0]] * D}
    U = sobol_sample.sample(problem, n, calc_second_order=False, seed=seed)
    eps = 0.5 / (n * (D + 2))
    return problem, norm.ppf(np.clip(U, eps, 1.0 - eps))


def analyse(problem: dict[str, Any], Y: np.ndarray, *, n: int, seed: int = 0) -> SobolResult:
    """SALib's Sobol' estimator on the outputs Y of :func:`saltelli`'s sample."""
    from SALib.analyze import sobol as sobol_analyze

    Y = np.asarray(Y, dtype=float)
    res = sobol_analyze.analyze(problem, Y, calc_second_order=False, seed=seed,
                                print_to_console=False)
    return SobolResult(list(problem["names"]), [float(v) for v in res["S1"]],
                       [float(v) for v in res["ST"]], [float(v) for v in res["S1_conf"]],
                       [float(v) for v in res["ST_conf"]], n=n, evaluations=int(Y.size))


def sobol_indices(func: Callable[[np.ndarray], np.ndarray], names: list[str], *, n: int = 1024,
                  seed: int = 0) -> SobolResult:
    """Sobol' indices of ``func`` over independent standard-normal inputs.

    ``func`` maps Z (rows, D) of standard normals to outputs (rows,).
    ``n`` is the Saltelli base sample (a power of 2); there are n x (D + 2) evaluations.
    """
    problem, Z = saltelli(names, n=n, seed=seed)
    return analyse(problem, func(Z), n=n, seed=seed)


@dataclass
class SobolSetup:
    """The model and the top-N inputs a Sobol' analysis varies (all others stay static)."""

    model: Any
    chosen: list[str]
    idx: np.ndarray
    sigmas: np.ndarray

    def evaluate(self, Z: np.ndarray) -> np.ndarray:
        """CFP of the first product (rows,) for standard normals Z (rows, N chosen)."""
        M = np.ones((Z.shape[0], len(self.model.params)))
        M[:, self.idx] = np.exp(Z * self.sigmas)
        return self.model.evaluate(M)[:, 0]

    def labels(self) -> list[str]:
        return [self.model.params[i].label for i in self.idx]


def setup(study: Any, result: Any = None, *, top_n: int = 8, n: int = 1024, seed: int = 0,
          product: str | None = None) -> SobolSetup:
    """Model and top-N inputs of the CFP of ``product`` (default: first declared)."""
    from alcarbon.engine import calculate
    from alcarbon.errors import InputError

    check_sobol(top_n, n)
    check_seed(seed)
    if result is None:
        result = calculate(study)
    product = product or next(iter(result.products))
    if product not in result.products:
        raise InputError(f"product {product!r} is not declared", where="product",
                         expected=f"one of {list(result.products)}")
    model = build_model(study, result, products=[product])
    sig = {p.key: p.sigma for p in model.params}
    ranked = sorted(oat_rows(model, 0.01, 0),
                    key=lambda r: (-(r.elasticity * sig[r.param]) ** 2, r.param))
    chosen = [r.param for r in ranked if sig[r.param] > 0][:top_n]
    if not chosen:
        raise InputError("no uncertain parameter moves the footprint", where="sobol")
    idx = np.array([model.index(k) for k in chosen])
    return SobolSetup(model, chosen, idx, model.sigmas[idx])


def sobol(study: Any, result: Any = None, *, top_n: int = 8, n: int = 1024, seed: int = 0,
          product: str | None = None) -> SobolResult:
    """Sobol' indices of the CFP of ``product`` (default: first declared) for its top-N inputs."""
    su = setup(study, result, top_n=top_n, n=n, seed=seed, product=product)
    out = sobol_indices(su.evaluate, su.chosen, n=n, seed=seed)
    out.labels = su.labels()
    return out
