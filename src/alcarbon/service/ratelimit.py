"""Log-in throttling (POST /login, POST /api/auth/token) with the ``limits`` package.

Two moving-window limits, checked before any password hash is computed:

* per client address: every attempt counts (bounds the Argon2 CPU one address can spend);
* per account (user name, case-folded): failed attempts count, so a user who logs in often is
  not throttled, while guessing one account's password is (NIST SP 800-63B, 2017, 5.2.2: at most
  100 consecutive failed attempts per account).

Counters live in ``memory://`` by default (one process). With several worker processes set
``ALCARBON_RATE_LIMIT_STORAGE`` to a shared storage of ``limits``, e.g. ``redis://host:6379``
(needs the ``redis`` package) or ``memcached://host:11211`` (needs ``pymemcache``). Without one,
each of the N server processes of ``alcarbon serve`` counts on its own, so it allows 1/N of each
limit (rounded up): together never more than the limit (plus N-1 for the rounding), and a user
sent to one process is throttled earlier, the conservative side.
"""

from __future__ import annotations

import math
import time


class Throttled(Exception):
    """Too many log-in attempts: HTTP 429 with Retry-After."""

    def __init__(self, field: str, value: str, retry_after: int):
        super().__init__(field, value, retry_after)
        self.field = field  # "username" or "client address"
        self.value = value
        self.retry_after = retry_after

    def message(self) -> str:
        if self.field == "username":
            return (f"username: too many failed log-ins for account {self.value!r}; "
                    f"retry in {self.retry_after} s")
        return (f"client address {self.value}: too many log-in attempts; "
                f"retry in {self.retry_after} s")


def _shared(items: list, processes: int) -> list:
    """Each limit's amount divided over ``processes`` counting apart (rounded up, at least 1)."""
    if processes <= 1:
        return items
    return [type(i)(max(1, math.ceil(i.amount / processes)), i.multiples, i.namespace)
            for i in items]


class LoginLimiter:
    """Per-address and per-account log-in limits; an empty limit string disables that limit."""

    def __init__(self, per_account: str, per_address: str, storage_url: str = "memory://",
                 processes: int = 1):
        from limits import parse_many, storage, strategies

        self._store = storage.storage_from_string(storage_url)
        self._strategy = strategies.MovingWindowRateLimiter(self._store)
        share = processes if storage_url.startswith("memory://") else 1
        self._account = _shared(parse_many(per_account), share) if per_account.strip() else []
        self._address = _shared(parse_many(per_address), share) if per_address.strip() else []

    def _retry(self, item, *key: str) -> int:
        stats = self._strategy.get_window_stats(item, *key)
        return max(1, math.ceil(stats.reset_time - time.time()))

    def before_attempt(self, username: str, address: str) -> None:
        """Count the attempt for the address; raise :class:`Throttled` when a limit is used up."""
        account = username.strip().casefold()
        for item in self._account:
            if not self._strategy.test(item, "login-account", account):
                raise Throttled("username", username.strip()[:100],
                                self._retry(item, "login-account", account))
        for item in self._address:
            if not self._strategy.hit(item, "login-address", address):
                raise Throttled("client address", address,
                                self._retry(item, "login-address", address))

    def failed(self, username: str) -> None:
        """Count a failed attempt against the account."""
        account = username.strip().casefold()
        for item in self._account:
            self._strategy.hit(item, "login-account", account)
