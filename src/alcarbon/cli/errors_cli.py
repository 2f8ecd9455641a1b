"""Shared CLI error handling: every AlcarbonError becomes a message on stderr and exit code 2."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from alcarbon.errors import AlcarbonError

F = TypeVar("F", bound=Callable[..., Any])


def friendly_errors(func: F) -> F:
    """Decorator for typer commands: AlcarbonError -> 'error: <where>: <message>' and exit 2.

    OSError and UnicodeError, which every reader should already have turned into a located
    InputError, are caught as a last resort the same way (file name, reason, exit 2)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except AlcarbonError as exc:
            print(f"error: {exc.render()}", file=sys.stderr)
            raise typer.Exit(code=exc.exit_code) from None
        except OSError as exc:  # a file-system refusal the readers/writers did not foresee
            where = exc.filename or "file system"
            print(f"error: {where}: {exc.strerror or exc}", file=sys.stderr)
            raise typer.Exit(code=2) from None
        except UnicodeError as exc:
            print(f"error: text that is not valid UTF-8 ({exc}); save the file as UTF-8",
                  file=sys.stderr)
            raise typer.Exit(code=2) from None

    return wrapper  # type: ignore[return-value]


#: The declared units of GB/T 44905 5.2 a)-d) that alcarbon accepts, in the standard's order.
PRODUCTS = ("bauxite", "alumina", "prebaked_anode", "liquid_aluminium", "aluminium_ingot",
            "aluminium_hydroxide")


def check_choice(value: str, allowed: list[str] | tuple[str, ...], option: str,
                 what: str = "value") -> str:
    """Return ``value`` if it is in ``allowed``; else an InputError naming ``option``, the
    closest match ("did you mean") and every allowed value."""
    import difflib

    from alcarbon.errors import InputError

    if value in allowed:
        return value
    close = difflib.get_close_matches(value, list(allowed), n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise InputError(f"unknown {what} {value!r}{hint}", where=option,
                     expected="one of " + ", ".join(allowed))
