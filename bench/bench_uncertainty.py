"""Monte Carlo speed, like for like: alcarbon's batched sampler vs Brightway's bw2calc and a
batched-numpy floor, on the same system with the same distributions.

Run (bw2calc and bw_processing are the bench-only extra, in a venv of their own):

    python -m venv /tmp/bwvenv && /tmp/bwvenv/bin/pip install -e ".[bench]"
    /tmp/bwvenv/bin/python bench/bench_uncertainty.py [--reps 5] [--bw-iterations 500]

The study's product system (technosphere A, one biosphere flow per emission line item, GWP
folded into the amount) is written to an in-memory bw_processing datapackage (recipe:
research/deps.md section 4). bw2calc cannot share one factor multiplier between line items, so
for the comparison every side samples the same *independent* model: each technosphere input a
lognormal with its datum's sigma, each positive line item a lognormal with
sqrt(sigma_activity^2 + sigma_factor^2). bw2calc runs with scipy's spsolve, its fastest solver
at this size (pypardiso is slower below ~1,000 columns: research/deps.md section 1, 394 vs 830
it/s on a 5 x 5 system; it is not installed). The floor is the bare arithmetic written inline
here: draws, the perturbed A's, one batched ``np.linalg.solve``, the weighted sum.

Cases run interleaved (order rotated each repetition); each prints iterations per second as
median (IQR) and the paired ratio per repetition. The distributions' agreement (median and 95 %
interval of each side) is printed as a check that the sides compute the same thing. The
study's own correlated model (one multiplier per factor id) is timed beside it, and
``alcarbon uncertainty`` as a cold process beside ``alcarbon calc`` (the same study without
the Monte Carlo).
"""

from __future__ import annotations

import argparse
import sys
import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import (  # noqa: E402
    interleaved,
    machine,
    paired_ratio,
    process_case,
    python_argv,
    quartiles,
    row,
)


def independent_model(model):
    """The study's model with one parameter per positive line item (sigma = hypot of its activity
    and factor sigmas) and no shared multipliers: the distributions bw2calc can express."""
    from alcarbon.uncertainty.model import Param

    sig = model.sigmas
    keep = np.flatnonzero(model.item_base > 0)
    tech = sorted(set(model.tech_par.tolist()))
    params = [model.params[i] for i in tech]
    remap = {old: new for new, old in enumerate(tech)}
    one = len(params)
    params.append(Param("fixed", "activity", "fixed", 0.0, "bench"))
    for i in keep:
        s = float(np.hypot(sig[model.item_act[i]], sig[model.item_fac[i]]))
        params.append(Param(f"item:{i}", "activity", f"item {i}", s, "bench"))
    return replace(
        model, params=params,
        item_base=model.item_base[keep], item_col=model.item_col[keep],
        item_act=np.arange(one + 1, one + 1 + keep.size), item_fac=np.full(keep.size, one),
        tech_par=np.array([remap[p] for p in model.tech_par], dtype=int),
        link_item=np.zeros(0, dtype=int), link_par=np.zeros(0, dtype=int),
        link_coef=np.zeros(0))


def build_bw(model, product_row: int):
    """bw_processing datapackage of the independent ``model`` for demand of one product."""
    import bw_processing as bwp

    n = model.A0.shape[0]
    tech_idx, tech_amt, tech_flip, tech_unc = [], [], [], []
    for r in range(n):
        for c in range(n):
            v = model.A0[r, c]
            if v > 0:  # production: no uncertainty (type 0 takes loc as the value)
                tech_idx.append((1000 + r, 2000 + c))
                tech_amt.append(v)
                tech_flip.append(False)
                tech_unc.append((0, v, np.nan, np.nan, np.nan, np.nan, False))
    sig = model.sigmas
    for t in range(model.tech_par.size):
        amount = -model.tech_val[t]
        tech_idx.append((1000 + model.tech_row[t], 2000 + model.tech_col[t]))
        tech_amt.append(amount)
        tech_flip.append(True)
        tech_unc.append((2, np.log(amount), sig[model.tech_par[t]], np.nan, np.nan, np.nan,
                         False))
    bio_idx, bio_amt, bio_unc, cf_idx, cf_amt = [], [], [], [], []
    for i in range(model.item_base.size):
        amount = model.item_base[i]  # t CO2e per unit of column scale, GWP folded in
        bio_idx.append((5000 + i, 2000 + model.item_col[i]))
        bio_amt.append(amount)
        bio_unc.append((2, np.log(amount), sig[model.item_act[i]], np.nan, np.nan, np.nan,
                        False))
        cf_idx.append((5000 + i, 5000 + i))
        cf_amt.append(1.0)
    dp = bwp.create_datapackage(seed=42)
    dp.add_persistent_vector(
        matrix="technosphere_matrix", name="tech",
        indices_array=np.array(tech_idx, dtype=bwp.INDICES_DTYPE),
        data_array=np.array(tech_amt), flip_array=np.array(tech_flip),
        distributions_array=np.array(tech_unc, dtype=bwp.UNCERTAINTY_DTYPE))
    dp.add_persistent_vector(
        matrix="biosphere_matrix", name="bio",
        indices_array=np.array(bio_idx, dtype=bwp.INDICES_DTYPE),
        data_array=np.array(bio_amt),
        distributions_array=np.array(bio_unc, dtype=bwp.UNCERTAINTY_DTYPE))
    dp.add_persistent_vector(
        matrix="characterization_matrix", name="cf",
        indices_array=np.array(cf_idx, dtype=bwp.INDICES_DTYPE), data_array=np.array(cf_amt))
    return dp, {1000 + product_row: float(model.F[product_row, 0])}


def floor_samples(model, n: int, rng: np.random.Generator) -> np.ndarray:
    """The bare arithmetic of n draws of the independent model: CFP samples (n,)."""
    M = np.exp(rng.standard_normal((n, model.sigmas.size)) * model.sigmas)
    A = np.repeat(model.A0[None], n, axis=0)
    A[:, model.tech_row, model.tech_col] += model.tech_val * (M[:, model.tech_par] - 1.0)
    s = np.linalg.solve(A, np.broadcast_to(model.F[:, :1], (n, model.F.shape[0], 1)))[:, :, 0]
    return (M[:, model.item_act] * model.item_base * s[:, model.item_col]).sum(1)


def describe(label: str, x: np.ndarray) -> str:
    p = np.percentile(x, [2.5, 50, 97.5])
    return f"  {label:<34} median {p[1]:.3f}, 95 % interval {p[0]:.3f}-{p[2]:.3f}"


def rate_row(label: str, secs: list[float], n: int, refs: list[float] | None = None,
             n_ref: int = 0, ref_label: str = "") -> str:
    rates = [n / s for s in secs]
    q1, med, q3 = quartiles(rates)
    line = f"{label}: median {med:,.0f} it/s (IQR {q1:,.0f}-{q3:,.0f}, n={len(secs)})"
    if refs is not None:
        r1, rm, r3 = paired_ratio(rates, [n_ref / s for s in refs])
        line += f"; ratio to {ref_label}: {rm:,.2f}x (IQR {r1:,.2f}-{r3:,.2f})"
    return line


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--study", default="examples/coal_captive_smelter.yaml")
    ap.add_argument("--product", default="aluminium_ingot")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--bw-iterations", type=int, default=500)
    ap.add_argument("--iterations", type=int, default=50_000)
    ap.add_argument("--cold-reps", type=int, default=3)
    args = ap.parse_args()
    print(machine())

    from alcarbon.engine import calculate
    from alcarbon.inventory import load_study
    from alcarbon.uncertainty import build_model
    from alcarbon.uncertainty.montecarlo import run

    study = load_study(args.study)
    result = calculate(study)
    model = build_model(study, result, products=[args.product])
    ind = independent_model(model)
    prow = result.system.row(args.product)
    print(f"study {args.study}, product {args.product}: n = {model.A0.shape[0]} columns, "
          f"{model.tech_par.size} technosphere links, {ind.item_base.size} positive line "
          f"items of {model.item_base.size}; static CFP {model.base[0]:.4f} t CO2e/t "
          f"(positive items only {ind.evaluate(np.ones((1, ind.sigmas.size)))[0, 0]:.4f})")

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            import bw2calc as bc
        except ModuleNotFoundError:
            sys.exit("bench_uncertainty: bw2calc is not installed here; it is the bench-only "
                     "extra, in a venv of its own: python -m venv /tmp/bwvenv && "
                     "/tmp/bwvenv/bin/pip install -e \".[bench]\" (then run this bench with "
                     "/tmp/bwvenv/bin/python)")
    dp, demand = build_bw(ind, prow)
    lca = bc.LCA(demand, data_objs=[dp])
    lca.lci()
    lca.lcia()
    print(f"bw2calc {bc.__version__} static score {lca.score:.4f}")
    mc = bc.LCA(demand, data_objs=[dp], use_distributions=True, seed_override=7)
    mc.lci()
    mc.lcia()
    K, N = args.bw_iterations, args.iterations
    keep: dict[str, np.ndarray] = {}

    def bw() -> None:
        out = np.empty(K)
        for j in range(K):
            next(mc)
            out[j] = mc.score
        keep["bw2calc"] = out

    seeds = iter(range(10_000))

    def ours_ind() -> None:
        keep["alcarbon"] = run(ind, N, seed=next(seeds))[0][:, 0]

    def ours_study() -> None:
        run(model, N, seed=next(seeds))

    def floor() -> None:
        keep["floor"] = floor_samples(ind, N, np.random.default_rng(next(seeds)))

    t = interleaved({"bw2calc": bw, "alcarbon": ours_ind, "floor": floor,
                     "alcarbon, study model": ours_study}, reps=args.reps)
    print(f"\nwarm, in-process; {K} bw2calc iterations and {N:,} of the others per repetition;"
          " ratios are of iterations per second (above 1: faster than the reference). alcarbon"
          " also accumulates each parameter's correlation with the CFP, the floor does not.")
    print(rate_row("bw2calc MonteCarlo (spsolve)", t["bw2calc"], K))
    print(rate_row("alcarbon monte_carlo.run, same distributions", t["alcarbon"], N,
                   t["bw2calc"], K, "bw2calc"))
    print(rate_row("  the same against the floor", t["alcarbon"], N, t["floor"], N, "floor"))
    print(rate_row("floor (batched numpy)", t["floor"], N))
    print(rate_row("alcarbon, the study's correlated model", t["alcarbon, study model"], N,
                   t["floor"], N, "floor"))
    print("\nsame distributions, same results (last repetition of each side):")
    for k in ("bw2calc", "alcarbon", "floor"):
        print(describe(k, keep[k]))

    print(f"\ncold processes ({args.cold_reps} interleaved repetitions):")
    exe = str(Path(sys.executable).with_name("alcarbon"))
    cold = interleaved({
        "calc": process_case([exe, "calc", args.study, "--format", "json"]),
        "uncertainty": process_case([exe, "uncertainty", args.study, "--iterations", "10000",
                                     "--seed", "1"]),
        "python": process_case(python_argv("-c", "pass")),
    }, reps=args.cold_reps, warmup=1)
    print(row("python -c pass", cold["python"]))
    print(row("alcarbon calc (the floor of the next row)", cold["calc"]))
    print(row("alcarbon uncertainty --iterations 10000", cold["uncertainty"], cold["calc"],
              "alcarbon calc"))


if __name__ == "__main__":
    main()
