"""CONCOR block model and the four block roles of the Chinese spatial-association literature.

CONCOR (Breiger, Boorman & Arabie 1975, J. Math. Psychol. 12:328-383; Wasserman & Faust
1994, ch. 9.4): each node's profile is its row and its column of the tie matrix (self-ties
left out pairwise); the Pearson correlation matrix of the profiles is correlated again and
again until every entry is +-1 (at most ``max_iter`` rounds), which splits the nodes in two by
sign; each half is split again from its members' own profiles, ``depth`` times (depth 2:
four blocks).

Roles (Burt 1976, "Positions in networks", Social Forces 55:93-122; the four-role table of
Li Jing, Chen Shu, Wan Guanghua & Fu Chenmei 2014, 经济研究 2014(11):4-16; details from memory).
For a block k of n_k of the N nodes:

    expected internal ratio = (n_k - 1) / (N - 1)
    actual internal ratio   = ties inside k / all ties sent by k's members

    internal >= expected, receives <= sends outside  ->  bilateral spillover (双向溢出)
    internal >= expected, receives >  sends outside  ->  net beneficiary     (净受益)
    internal <  expected, receives <= sends outside  ->  net spillover       (净溢出)
    internal <  expected, receives >  sends outside  ->  broker              (经纪人)

"receives many external ties" is operationalised as ties received from other blocks exceeding
ties sent to them (a documented choice; the papers compare the two counts in words).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

ROLES = {(True, False): "bilateral spillover", (True, True): "net beneficiary",
         (False, False): "net spillover", (False, True): "broker"}
ROLES_ZH = {"bilateral spillover": "双向溢出", "net beneficiary": "净受益",
            "net spillover": "净溢出", "broker": "经纪人"}


def _profiles(X: np.ndarray) -> np.ndarray:
    """Rows: node i's out-ties then in-ties, its own (diagonal) entries set to NaN."""
    Xo = X.astype(float).copy()
    np.fill_diagonal(Xo, np.nan)
    return np.hstack([Xo, Xo.T])


def _corr(P: np.ndarray) -> np.ndarray:
    """Pearson correlation of the rows of P over pairwise-complete columns; 0 where undefined."""
    C = pd.DataFrame(P.T).corr(min_periods=2).to_numpy()
    return np.nan_to_num(C, nan=0.0)


def concor_split(X: np.ndarray, members: list[int], max_iter: int = 100,
                 tol: float = 1e-9) -> tuple[list[int], list[int]]:
    """Split ``members`` (row positions of X) in two by iterated correlation."""
    if len(members) < 2:
        return list(members), []
    C = _corr(_profiles(X)[members])
    for _ in range(max_iter):
        if np.all(np.abs(np.abs(C) - 1.0) < tol):
            break
        C = _corr(C)
    first = [m for m, c in zip(members, C[0], strict=True) if c > 0]
    second = [m for m in members if m not in first]
    return first, second


def concor(X: np.ndarray, depth: int = 2) -> np.ndarray:
    """Block number (0..) of each node after ``depth`` rounds of splits."""
    groups = [list(range(X.shape[0]))]
    for _ in range(depth):
        nxt = []
        for g in groups:
            a, b = concor_split(X, g)
            nxt += [h for h in (a, b) if h]
        groups = nxt
    out = np.empty(X.shape[0], dtype=int)
    for k, g in enumerate(groups):
        out[g] = k
    return out


def block_roles(B: pd.DataFrame, blocks: np.ndarray) -> pd.DataFrame:
    """Per block: members, ties sent inside/outside, received from outside, expected and
    actual internal ratios and the role (English and Chinese)."""
    X = B.to_numpy()
    N = X.shape[0]
    rows = []
    for k in np.unique(blocks):
        inb = blocks == k
        nk = int(inb.sum())
        inside = int(X[np.ix_(inb, inb)].sum())
        sent_out = int(X[np.ix_(inb, ~inb)].sum())
        recv_out = int(X[np.ix_(~inb, inb)].sum())
        expected = (nk - 1) / (N - 1)
        sent = inside + sent_out
        actual = inside / sent if sent else 0.0
        role = ROLES[(actual >= expected, recv_out > sent_out)]
        rows.append({"block": int(k), "members": ", ".join(map(str, B.index[inb])),
                     "size": nk, "ties_inside": inside, "ties_sent_out": sent_out,
                     "ties_received_from_outside": recv_out, "expected_internal_ratio": expected,
                     "actual_internal_ratio": actual, "role": role, "role_zh": ROLES_ZH[role]})
    return pd.DataFrame(rows).set_index("block")


def block_density(B: pd.DataFrame, blocks: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Density of ties between blocks (self-ties excluded) and the image matrix: 1 where the
    block density exceeds the whole network's density (the alpha-density rule)."""
    X = B.to_numpy()
    N = X.shape[0]
    ks = np.unique(blocks)
    D = np.zeros((len(ks), len(ks)))
    for a, ka in enumerate(ks):
        for b, kb in enumerate(ks):
            ia, ib = blocks == ka, blocks == kb
            cells = ia.sum() * ib.sum() - (ia.sum() if ka == kb else 0)
            D[a, b] = X[np.ix_(ia, ib)].sum() / cells if cells else 0.0
    overall = X.sum() / (N * (N - 1))
    idx = pd.Index([int(k) for k in ks], name="block")
    dens = pd.DataFrame(D, index=idx, columns=idx)
    return dens, (dens > overall).astype(int)
