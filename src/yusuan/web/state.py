"""What every request of the workbench shares: the store's engine, the session settings, the clock and
a small cache of reviewed documents (a stored disclosure never changes under its id)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine
from starlette.requests import Request

from yusuan.pipeline.uploads import Uploads
from yusuan.review.results import Reviewed
from yusuan.store.accounts import SESSION_IDLE
from yusuan.web.throttle import LoginThrottle

#: Reviewed documents kept in memory (the newest used).
CACHE_SIZE = 32


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class ReviewCache:
    """The last :data:`CACHE_SIZE` documents read back from the store and reviewed, by disclosure id and the time
    of its newest stored review run (a run stored since — a 决算 reviewed again beside its budget — is a new key)."""

    size: int = CACHE_SIZE
    _items: OrderedDict[tuple[int, object], Reviewed] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, key: tuple[int, object], make: Callable[[], Reviewed | None]) -> Reviewed | None:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        if value is not None:
            with self._lock:
                self._items[key] = value
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
        return value


@dataclass
class WebState:
    engine: Engine
    #: Key of the session digests (HMAC); ``None``: plain SHA-256 of the token.
    secret: bytes | None
    clock: Callable[[], datetime] = utc_now
    idle: timedelta = SESSION_IDLE
    #: Whether the cookies carry ``Secure`` (served over HTTPS).
    secure_cookies: bool = False
    #: The folder of uploaded files kept by hash (:class:`yusuan.store.uploads.BlobStore`); ``None``:
    #: no original files (no page images).
    files: Path | None = None
    reviews: ReviewCache = field(default_factory=ReviewCache)
    logins: LoginThrottle = field(default_factory=LoginThrottle)
    #: The upload queue (with ``files`` only).
    uploads: Uploads | None = None


def web_state(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state
