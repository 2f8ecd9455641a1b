"""Footprint engine: product system matrices, solve, contribution cube (GB/T 44905 8.2)."""

from alcarbon.engine.calculate import calculate
from alcarbon.engine.result import Contribution, ProductResult, StudyResult
from alcarbon.engine.system import ProductSystem, build, demand_vector

__all__ = ["calculate", "build", "demand_vector", "Contribution", "ProductResult",
           "StudyResult", "ProductSystem"]
