"""Uncertainty and sensitivity of a footprint (GB/T 44905 6.3, 9.2 b, 9.3 a).

- :func:`monte_carlo` vectorised Monte Carlo (lognormal, pedigree scheme or user GSD);
- :func:`parameter_table` which scheme and parameters each uncertain datum got;
- :func:`one_at_a_time` tornado data at +-delta, :func:`one_at_a_time_95` over each datum's own
  95 % interval; :func:`alternatives` alternative methodological choices;
- :func:`sobol` Sobol' indices (SALib) of the top uncertain inputs.
"""

from alcarbon.uncertainty.model import LinearModel, Param, build_model, parameter_table
from alcarbon.uncertainty.montecarlo import MCResult, monte_carlo
from alcarbon.uncertainty.sensitivity import (
    AltRow,
    OATRow,
    alternatives,
    one_at_a_time,
    one_at_a_time_95,
)
from alcarbon.uncertainty.sobol import SobolResult, sobol, sobol_indices

__all__ = ["monte_carlo", "MCResult", "one_at_a_time", "one_at_a_time_95", "OATRow",
           "alternatives", "AltRow", "sobol", "sobol_indices", "SobolResult", "build_model",
           "LinearModel", "Param", "parameter_table"]
