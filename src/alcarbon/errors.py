"""Typed errors. Each says where the problem is and what was expected, so the fix is obvious.

The CLI turns every :class:`AlcarbonError` into a one-paragraph message and exit code 2.
"""

from __future__ import annotations


class AlcarbonError(Exception):
    """Base class: ``where`` names file/sheet/row/field; ``expected`` says what would be valid."""

    exit_code = 2

    def __init__(self, message: str, *, where: str | None = None, expected: str | None = None):
        self.message = message
        self.where = where
        self.expected = expected
        super().__init__(self.render())

    def render(self) -> str:
        parts = []
        if self.where:
            parts.append(f"{self.where}: ")
        parts.append(self.message)
        if self.expected:
            parts.append(f" (expected {self.expected})")
        return "".join(parts)

    def located(self, where: str) -> AlcarbonError:
        """Prefix a location (outermost first) and return self, for re-raising."""
        self.where = f"{where}, {self.where}" if self.where else where
        self.args = (self.render(),)
        return self


class StoreUnavailable(AlcarbonError):
    """The database cannot be reached or is busy (the environment, not the input): exit code 3,
    HTTP 503."""

    exit_code = 3


class InputError(AlcarbonError):
    """A study, workbook or data file does not have the content or shape required."""


class UnitError(InputError):
    """A unit string is unknown, or a quantity has a unit of the wrong kind."""


class LinkError(InputError):
    """Unit processes do not link: a product is consumed but produced nowhere, or produced twice."""


class GWPSetError(InputError):
    """The GWP set name is not one of the packaged sets."""


class MissingFactorError(InputError):
    """One or more emission factors have no value. Lists every one at once."""

    def __init__(self, missing: list[str], *, where: str | None = None):
        self.missing = list(missing)
        lines = "\n".join(f"  - {m}" for m in self.missing)
        super().__init__(
            f"{len(self.missing)} emission factor(s) have no packaged default and must be supplied "
            "by the study: in YAML/JSON the 'factors' section and 'factor' or 'supplier_cfp' on "
            "the input; in the workbook the 用户排放因子 / User factors sheet and the 因子ID / "
            f"factor id column (or calc --factors FILE):\n{lines}",
            where=where,
        )


class BasisError(InputError):
    """Life-cycle and combustion-only electricity factors would be mixed without consent."""


class CalculationError(AlcarbonError):
    """The product system cannot be solved (singular technosphere, no reference product)."""
