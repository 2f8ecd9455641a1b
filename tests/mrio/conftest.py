import numpy as np
import pytest

from alcarbon.mrio import IOTable, Satellite


@pytest.fixture
def hand4():
    """Two regions (N, S) x two sectors (agr, ind); nodes 1=N/agr 2=N/ind 3=S/agr 4=S/ind.

    Z: z12 = 20, z24 = 30, z34 = 10 (all others 0).  Y (one category per region):
        node 1: yN 80, yS 0    -> x1 = 20 + 80 = 100
        node 2: yN 50, yS 20   -> x2 = 30 + 70 = 100
        node 3: yN 0,  yS 40   -> x3 = 10 + 40 = 50
        node 4: yN 50, yS 150  -> x4 = 0 + 200 = 200
    A: a12 = 20/100 = 0.2, a24 = 30/200 = 0.15, a34 = 10/200 = 0.05 (nilpotent: L = I+A+A^2)
    F = (10, 20, 5, 40) -> s = (0.1, 0.2, 0.1, 0.2)
    """
    Z = np.zeros((4, 4))
    Z[0, 1], Z[1, 3], Z[2, 3] = 20.0, 30.0, 10.0
    Y = np.array([[80.0, 0.0], [50.0, 20.0], [0.0, 40.0], [50.0, 150.0]])
    table = IOTable(Z=Z, Y=Y, regions=("N", "S"), sectors=("agr", "ind"),
                    fd_regions=("N", "S"), fd_categories=("hh", "hh"), unit="money")
    return table, Satellite(F=np.array([10.0, 20.0, 5.0, 40.0]), name="CO2", unit="t")
