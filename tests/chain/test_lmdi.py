"""LMDI-I (Ang 2005): hand cases and the exact-sum property."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alcarbon.chain import lmdi
from alcarbon.chain.decomposition import decompose_years
from alcarbon.chain.io import read_chain_data
from alcarbon.chain.model import compute


def test_logmean():
    # L(4, 2) = (4 - 2)/(ln 4 - ln 2) = 2/ln 2 = 2.8853900818; L(3, 3) = 3
    assert lmdi.logmean(np.array([4.0, 3.0]), np.array([2.0, 3.0])) == pytest.approx(
        [2 / math.log(2), 3.0])


def test_output_doubles_only_output_effect():
    # One province, Q 10 -> 20 t, I = 5 GJ/t, F = 0.1 t/GJ: C 5 -> 10 t.
    # output effect = L(10, 5) x ln(20/10) = (5/ln 2) x ln 2 = 5; the others ln(1) = 0.
    df = lmdi.decompose([10.0], [50.0], [5.0], [20.0], [100.0], [10.0])
    assert df["output"].iloc[0] == pytest.approx(5.0, rel=1e-14)
    assert df[["structure", "energy_intensity", "carbon_factor"]].abs().max().max() < 1e-14


def test_structure_shift_between_provinces():
    # Q constant 10 t; A (I=1 GJ/t, F=1 t/GJ) share 0.5 -> 0.2, B (I=1, F=2) share 0.5 -> 0.8.
    # C_A: 5 -> 2, C_B: 10 -> 16. Structure: L(2,5) ln(0.2/0.5) + L(16,10) ln(0.8/0.5)
    # = (-3/ln 0.4) ln 0.4 + (6/ln 1.6) ln 1.6 = -3 + 6 = 3 = total change; the rest 0.
    df = lmdi.decompose([5.0, 5.0], [5.0, 5.0], [5.0, 10.0], [2.0, 8.0], [2.0, 8.0], [2.0, 16.0])
    assert df["structure"].sum() == pytest.approx(3.0, rel=1e-14)
    assert df["structure"].tolist() == pytest.approx([-3.0, 6.0], rel=1e-14)
    assert abs(df["output"].sum()) < 1e-14


def _check_exact(q0, e0, c0, q1, e1, c1):
    df = lmdi.decompose(q0, e0, c0, q1, e1, c1)
    change = float(np.sum(c1) - np.sum(c0))
    scale = max(1.0, float(np.sum(c0) + np.sum(c1)))
    assert df["total"].sum() == pytest.approx(change, abs=1e-12 * scale)
    assert np.allclose(df["total"], df["change"], rtol=1e-12, atol=1e-12 * scale)


values = st.floats(min_value=0.0, max_value=1e7, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(values, st.floats(1.0, 200.0), st.floats(0.01, 3.0), values,
                          st.floats(1.0, 200.0), st.floats(0.01, 3.0)), min_size=1, max_size=31))
def test_effects_sum_to_change_property(rows):
    # Provinces may start (q0 = 0) or stop (q1 = 0) smelting: small-value strategy.
    a = np.array(rows)
    q0, i0, f0, q1, i1, f1 = a.T
    _check_exact(q0, q0 * i0, q0 * i0 * f0, q1, q1 * i1, q1 * i1 * f1)


def test_effects_sum_to_change_seeds():
    for seed in range(20):
        rng = np.random.default_rng(seed)
        q0, q1 = rng.uniform(0, 5e6, 31), rng.uniform(0, 5e6, 31)
        q0[rng.integers(0, 31, 3)] = 0.0
        e0, e1 = q0 * rng.uniform(40, 60, 31), q1 * rng.uniform(40, 60, 31)
        _check_exact(q0, e0, e0 * rng.uniform(0.1, 0.4, 31), q1, e1, e1 * rng.uniform(0.1, 0.4, 31))


def test_chain_decomposition_national_row(case):
    res = compute(read_chain_data(case))
    dec = decompose_years(res, 2021, 2022).set_index("province")
    nat = dec.loc["national"]
    assert nat[list(lmdi.EFFECTS)].sum() == pytest.approx(
        nat["emissions_to"] - nat["emissions_from"], rel=1e-12)
    # Yunnan's output doubles with unchanged intensity; its attributed C rises through output
    # and structure; Shandong's smelting factor falls 0.70 -> 0.65: negative carbon effect.
    assert dec.loc["shandong", "carbon_factor"] < 0


def test_subnormal_output_counts_as_zero():
    # Found by the property test: A 1 t -> 1 t, B 0 -> 0.5 t, C 1 t -> 5e-324 t (subnormal),
    # I = F = 1. C: 2 -> 1.5 t + 5e-324, change -0.5 t. The share 5e-324/1.5 cannot be held in a
    # float (it rounds to 5e-324, +50 %), so it is treated as zero (DELTA); effects sum to -0.5.
    q0, q1 = np.array([1.0, 0.0, 1.0]), np.array([1.0, 0.5, 5e-324])
    df = lmdi.decompose(q0, q0, q0, q1, q1, q1)
    assert df["total"].sum() == pytest.approx(-0.5, abs=1e-12)


def test_emissions_without_output_is_a_located_input_error():
    """Province B emits 5 t in the target year with no output: the identity C = Q (E/Q) (C/E)
    cannot be written, so the decomposition refuses it and names the province."""
    import numpy as np
    import pytest

    from alcarbon.chain.lmdi import decompose
    from alcarbon.errors import InputError

    one = np.array([1.0, 1.0])
    with pytest.raises(InputError, match="target year: B has emissions but no output"):
        decompose(one, one, one, np.array([1.0, 0.0]), one, np.array([1.0, 5.0]),
                  provinces=["A", "B"])
