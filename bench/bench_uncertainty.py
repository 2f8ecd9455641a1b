"""Monte Carlo speed: alcarbon's vectorised sampler vs Brightway's bw2calc on the same system.

Run: .venv/bin/python bench/bench_uncertainty.py [--study examples/coal_captive_smelter.yaml]

The bundled example's product system (technosphere A, one biosphere flow per emission line item,
GWP characterisation) is written to an in-memory bw_processing datapackage (recipe in
research/deps.md §4) with the same lognormal spreads: each technosphere input with its datum's
sigma, each line item with sqrt(sigma_activity^2 + sigma_factor^2) (bw2calc cannot share one
factor multiplier between items, so its draws are uncorrelated; the speed comparison is of the
same number of uncertain exchanges and solves). Both run in this process, one after the other;
the figures and the ratio are printed. bw2calc and bw_processing are the bench-only extra.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
import warnings

import numpy as np


def build_bw(model, product_row: int):
    """bw_processing datapackage equivalent to ``model`` for demand of one product."""
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
    for t in range(model.tech_par.size):
        amount = -model.tech_val[t]
        sigma = model.params[model.tech_par[t]].sigma
        tech_idx.append((1000 + model.tech_row[t], 2000 + model.tech_col[t]))
        tech_amt.append(amount)
        tech_flip.append(True)
        tech_unc.append((2, np.log(amount), sigma, np.nan, np.nan, np.nan, False))
    bio_idx, bio_amt, bio_unc, cf_idx, cf_amt = [], [], [], [], []
    sig = model.sigmas
    for i in range(model.item_base.size):
        amount = model.item_base[i]  # t CO2e per unit of column scale, GWP folded in
        if amount <= 0:
            continue
        s = float(np.hypot(sig[model.item_act[i]], sig[model.item_fac[i]]))
        bio_idx.append((5000 + i, 2000 + model.item_col[i]))
        bio_amt.append(amount)
        bio_unc.append((2, np.log(amount), s, np.nan, np.nan, np.nan, False))
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--study", default="examples/coal_captive_smelter.yaml")
    ap.add_argument("--product", default="aluminium_ingot")
    ap.add_argument("--bw-iterations", type=int, default=2000)
    args = ap.parse_args()

    from alcarbon.engine import calculate
    from alcarbon.inventory import load_study
    from alcarbon.uncertainty import build_model, monte_carlo
    from alcarbon.uncertainty.montecarlo import run

    study = load_study(args.study)
    result = calculate(study)
    model = build_model(study, result, products=[args.product])
    row = result.system.row(args.product)
    print(f"study {args.study}, product {args.product}: n = {model.A0.shape[0]} columns, "
          f"{model.tech_par.size} technosphere links, {model.item_base.size} line items, "
          f"{len(model.params)} uncertain parameters; static CFP {model.base[0]:.4f} t CO2e/t")

    # --- bw2calc ---------------------------------------------------------------------------
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import bw2calc as bc
    dp, demand = build_bw(model, row)
    lca = bc.LCA(demand, data_objs=[dp])
    lca.lci()
    lca.lcia()
    print(f"bw2calc static score {lca.score:.4f} (alcarbon {model.base[0]:.4f})")
    mc = bc.LCA(demand, data_objs=[dp], use_distributions=True, seed_override=7)
    mc.lci()
    mc.lcia()
    k = args.bw_iterations
    t0 = time.perf_counter()
    bw_scores = np.empty(k)
    for j in range(k):
        next(mc)
        bw_scores[j] = mc.score
    bw_t = time.perf_counter() - t0
    bw_rate = k / bw_t
    print(f"bw2calc MonteCarlo: {k} iterations in {bw_t:.2f} s = {bw_rate:,.0f} it/s "
          f"(median {np.median(bw_scores):.3f})")

    # --- alcarbon ----------------------------------------------------------------------------
    run(model, 1000, seed=0)  # warm-up
    t0 = time.perf_counter()
    res = monte_carlo(study, result, iterations=10_000, seed=1, product=args.product)
    ours10 = time.perf_counter() - t0
    t0 = time.perf_counter()
    samples, _ = run(model, 100_000, seed=1)
    ours100 = time.perf_counter() - t0
    rate = 100_000 / ours100
    print(f"alcarbon monte_carlo 10,000 iterations (incl. model build): {ours10:.3f} s "
          f"(median {res[args.product].median:.3f})")
    print(f"alcarbon 100,000 iterations: {ours100:.3f} s = {rate:,.0f} it/s "
          f"(median {np.median(samples):.3f})")
    print(f"ratio alcarbon / bw2calc iterations per second: {rate / bw_rate:,.0f}x")

    tracemalloc.start()
    run(model, 100_000, seed=1)
    _cur, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    import psutil

    rss = psutil.Process().memory_info().rss
    print(f"memory: peak traced allocation for 100,000 iterations {peak / 2**20:.1f} MiB "
          f"(chunks of 25,000; samples array {samples.nbytes / 2**20:.1f} MiB); "
          f"process RSS {rss / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
