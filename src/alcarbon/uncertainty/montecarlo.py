"""Vectorised Monte Carlo over every uncertain datum and factor at once (GB/T 44905 9.2 b, 9.3).

All multipliers are lognormal with median 1 (the static value is the median, as in ecoinvent and
Brightway's ``loc = ln(amount)``), drawn together as one (rows x parameters) matrix per chunk and
evaluated by :meth:`LinearModel.evaluate` (batched solve, no loop per iteration). The draws of a
chunk are consecutive rows of one standard-normal stream, so results for a seed do not depend on
the chunk size. A factor id used by several line items has one multiplier (full correlation).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from alcarbon.uncertainty.limits import check_iterations, check_seed
from alcarbon.uncertainty.model import LinearModel, build_model, parameter_table
from alcarbon.uncertainty.pedigree import SCHEME

CHUNK = 25_000


@dataclass
class MCResult:
    """Monte Carlo result for one declared product, t CO2e per declared unit."""

    product: str
    iterations: int
    seed: int | None
    deterministic: float  # the static CFP
    samples: np.ndarray
    mean: float
    median: float
    p2_5: float
    p97_5: float
    std: float
    cv: float  # std / mean
    variance_contributions: dict[str, float] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    #: model.parameter_table rows: which scheme and sigma each parameter got (not in the JSON
    #: summary: the CLI prints them once for all products)
    parameters: list[dict[str, Any]] = field(default_factory=list, repr=False)

    def to_json_dict(self) -> dict[str, Any]:
        """JSON-serialisable summary (the samples are left out)."""
        return {
            "product": self.product, "iterations": self.iterations, "seed": self.seed,
            "deterministic": self.deterministic, "mean": self.mean, "median": self.median,
            "p2_5": self.p2_5, "p97_5": self.p97_5, "std": self.std,
            # undefined (NaN) for a zero mean: null, since JSON has no NaN
            "cv": self.cv if math.isfinite(self.cv) else None,
            "scheme": SCHEME,
            "variance_contributions": [
                {"param": k, "label": self.labels.get(k, k), "share": v}
                for k, v in self.variance_contributions.items()
            ],
        }


def draw(model: LinearModel, rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(Z, M): n rows of standard normals and the lognormal multipliers exp(sigma Z)."""
    Z = rng.standard_normal((n, len(model.params)))
    return Z, np.exp(Z * model.sigmas)


class Sums:
    """Running sums of one Monte Carlo's draws Z and outputs y, added chunk by chunk in row order;
    :meth:`r2` gives the squared correlation of each ln-multiplier with each output."""

    def __init__(self, P: int, k: int):
        self.n = 0
        self.sz, self.szz = np.zeros(P), np.zeros(P)
        self.szy, self.sy, self.syy = np.zeros((P, k)), np.zeros(k), np.zeros(k)

    def add(self, Z: np.ndarray, y: np.ndarray) -> None:
        self.add_partial(partial_sums(Z, y))

    def add_partial(self, part: tuple[int, np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                                      np.ndarray]) -> None:
        """Add :func:`partial_sums` of one chunk (computed here or on another machine)."""
        n, sz, szz, szy, sy, syy = part
        self.n += n
        self.sz += sz
        self.szz += szz
        self.szy += szy
        self.sy += sy
        self.syy += syy

    def r2(self, sigmas: np.ndarray) -> np.ndarray:
        N = float(self.n)
        cov = self.szy / N - np.outer(self.sz / N, self.sy / N)
        var_z = self.szz / N - (self.sz / N) ** 2
        var_y = self.syy / N - (self.sy / N) ** 2
        with np.errstate(invalid="ignore", divide="ignore"):
            r = cov / np.sqrt(np.outer(var_z, var_y))
        r2 = np.where(np.isfinite(r), r * r, 0.0)
        r2[sigmas == 0.0, :] = 0.0
        return r2


def partial_sums(Z: np.ndarray, y: np.ndarray) -> tuple[int, np.ndarray, np.ndarray, np.ndarray,
                                                         np.ndarray, np.ndarray]:
    """(rows, sum Z, sum Z^2, Z^T y, sum y, sum y^2) of one chunk."""
    return Z.shape[0], Z.sum(0), (Z * Z).sum(0), Z.T @ y, y.sum(0), (y * y).sum(0)


def evaluate_chunk(model: LinearModel, Z: np.ndarray) -> tuple[np.ndarray, tuple]:
    """Outputs y (rows, k) of standard-normal rows Z and their :func:`partial_sums`: the work
    of one chunk, done wherever it runs (a Dask worker of the web service's jobs)."""
    y = model.evaluate(np.exp(Z * model.sigmas))
    return y, partial_sums(Z, y)


def run(model: LinearModel, iterations: int, seed: int | None,
        progress: Callable[[int, int], None] | None = None,
        chunk: int = CHUNK) -> tuple[np.ndarray, np.ndarray]:
    """Samples (iterations, k) and squared correlations (P, k) of each ln-multiplier with the CFP.

    The correlations are accumulated from running sums, so memory stays at one chunk.
    """
    check_iterations(iterations)
    check_seed(seed)
    rng = np.random.default_rng(seed)
    P, k = len(model.params), model.F.shape[1]
    out = np.empty((iterations, k))
    sums = Sums(P, k)
    done = 0
    while done < iterations:
        n = min(chunk, iterations - done)
        Z, M = draw(model, rng, n)
        y = model.evaluate(M)
        out[done:done + n] = y
        sums.add(Z, y)
        done += n
        if progress is not None:
            progress(done, iterations)
    return out, sums.r2(model.sigmas)


def summarise(product: str, samples: np.ndarray, r2: np.ndarray, model: LinearModel,
              deterministic: float, iterations: int, seed: int | None,
              top: int | None = None) -> MCResult:
    """Statistics of one product's samples; variance shares = r^2 normalised to sum 1."""
    mean = float(samples.mean())
    std = float(samples.std(ddof=1))
    p2_5, median, p97_5 = (float(v) for v in np.percentile(samples, [2.5, 50.0, 97.5]))
    total = float(r2.sum())
    order = sorted(range(len(model.params)), key=lambda i: (-r2[i], model.params[i].key))
    contrib = {model.params[i].key: float(r2[i] / total) for i in order
               if total > 0 and r2[i] > 0}
    if top is not None:
        contrib = dict(list(contrib.items())[:top])
    labels = {p.key: p.label for p in model.params if p.key in contrib}
    return MCResult(product, iterations, seed, deterministic, samples, mean, median, p2_5, p97_5,
                    std, std / mean if mean else float("nan"), contrib, labels)


def monte_carlo(study: Any, result: Any = None, *, iterations: int = 10_000,
                seed: int | None = None, product: str | None = None,
                progress: Callable[[int, int], None] | None = None,
                location: bool = False) -> dict[str, MCResult]:
    """Monte Carlo of every declared product (or ``product``), t CO2e per declared unit.

    ``progress(done, total)`` is called after each chunk. ``location``: the location-based
    electricity comparison instead of the declared GB/T 44905 result.
    The same draws serve every product, so products are consistent with each other.
    """
    check_iterations(iterations)  # before the calculation: refuse at once
    check_seed(seed)
    model, products = prepare(study, result, product=product, location=location)
    samples, r2 = run(model, iterations, seed, progress)
    return finish(model, products, samples, r2, iterations, seed)


def prepare(study: Any, result: Any = None, *, product: str | None = None,
            location: bool = False) -> tuple[LinearModel, list[str]]:
    """The linear model of the study's products (or ``product``) and the products' names."""
    from alcarbon.engine import calculate

    if result is None:
        result = calculate(study)
    products = [product] if product else list(result.products)
    _check_products(products, result)
    return build_model(study, result, location=location, products=products), products


def finish(model: LinearModel, products: list[str], samples: np.ndarray, r2: np.ndarray,
           iterations: int, seed: int | None) -> dict[str, MCResult]:
    """Per-product results from all samples (iterations, k) and r^2 (P, k)."""
    rows = parameter_table(model)
    out = {p: summarise(p, samples[:, j], r2[:, j], model, float(model.base[j]), iterations,
                        seed) for j, p in enumerate(products)}
    for r in out.values():
        r.parameters = rows
    return out


def _check_products(products: list[str], result: Any) -> None:
    from alcarbon.errors import InputError

    for p in products:
        if p not in result.products:
            raise InputError(f"product {p!r} is not a declared product of the study",
                             where="--product", expected=f"one of {list(result.products)}")
