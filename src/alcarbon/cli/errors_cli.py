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
    """Decorator for typer commands: AlcarbonError -> 'error: <where>: <message>' and exit 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except AlcarbonError as exc:
            print(f"error: {exc.render()}", file=sys.stderr)
            raise typer.Exit(code=exc.exit_code) from None

    return wrapper  # type: ignore[return-value]
