"""Service settings (environment variables ``ALCARBON_*`` or arguments of create_app)."""

from __future__ import annotations

import os
from dataclasses import dataclass


def _int_env(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True)
class Settings:
    #: largest accepted upload (workbook, YAML, evidence file), bytes
    max_upload_bytes: int = 20 * 1024 * 1024
    #: mark cookies Secure (set when served behind HTTPS)
    secure_cookies: bool = False
    #: Monte Carlo iterations allowed per request
    max_iterations: int = 20_000

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            max_upload_bytes=_int_env("ALCARBON_MAX_UPLOAD_MB", 20) * 1024 * 1024,
            secure_cookies=os.environ.get("ALCARBON_SECURE_COOKIES", "") in ("1", "true", "yes"),
            max_iterations=_int_env("ALCARBON_MAX_ITERATIONS", 20_000),
        )
