"""Failed logins slowed down: after :data:`MAX_FAILURES` wrong passwords for one user name (or
:data:`MAX_ADDRESS_FAILURES` from one address: many users may share one behind a proxy) within
:data:`WINDOW`, further attempts are refused until the oldest failure leaves the window.
Kept in memory: a restart forgets it (the argon2 hash still makes guessing slow)."""

from __future__ import annotations

import threading
from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta

MAX_FAILURES = 5
MAX_ADDRESS_FAILURES = 50
WINDOW = timedelta(minutes=15)
#: Keys remembered at most (the oldest are forgotten): a flood of names cannot exhaust memory.
MAX_KEYS = 10_000


@dataclass
class Counter:
    """Recent failures by key (a user name, an address)."""

    max_failures: int = MAX_FAILURES
    window: timedelta = WINDOW
    _failures: dict[str, deque[datetime]] = field(default_factory=lambda: defaultdict(deque))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _recent(self, key: str, now: datetime) -> deque[datetime]:
        times = self._failures[key]
        while times and now - times[0] > self.window:
            times.popleft()
        return times

    def blocked(self, key: str, now: datetime) -> bool:
        with self._lock:
            return len(self._recent(key, now)) >= self.max_failures

    def failed(self, key: str, now: datetime) -> None:
        with self._lock:
            self._recent(key, now).append(now)
            while len(self._failures) > MAX_KEYS:
                self._failures.pop(next(iter(self._failures)))

    def forget(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)


@dataclass
class LoginThrottle:
    users: Counter = field(default_factory=Counter)
    addresses: Counter = field(default_factory=lambda: Counter(MAX_ADDRESS_FAILURES))

    def blocked(self, user: str, address: str, now: datetime) -> bool:
        return self.users.blocked(user.strip().casefold(), now) or self.addresses.blocked(address, now)

    def failed(self, user: str, address: str, now: datetime) -> None:
        self.users.failed(user.strip().casefold(), now)
        self.addresses.failed(address, now)

    def succeeded(self, user: str) -> None:
        self.users.forget(user.strip().casefold())
