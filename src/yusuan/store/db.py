"""Opening the store: SQLite in the user's data directory by default, or any SQLAlchemy URL
(``--db URL`` or ``YUSUAN_DB``), e.g. ``postgresql+psycopg://user@127.0.0.1/yusuan``.

Opening is safe when several processes open a fresh (or older) database at once: :func:`upgrade`
checks the revision without a lock, and only when the schema is behind takes the database's own
lock — ``BEGIN IMMEDIATE`` on SQLite, a transaction-scoped advisory lock on PostgreSQL — reads the
revision again under it and migrates in that one transaction; the others wait, then find the schema
up to date. :func:`check_id` and :func:`check_year` keep numbers the user typed within the range of
the database's integer columns (a :class:`StoreError`, not a driver's ``OverflowError``).
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from platformdirs import user_data_dir
from sqlalchemy import Connection, Engine, create_engine, event, text

from yusuan.errors import YusuanError, short_reason

HEAD = "head"

#: The range of the store's integer columns (ids, years): PostgreSQL's INTEGER, the narrowest backend.
INT_MAX = 2**31 - 1
#: How long a process waits for another one migrating the same SQLite database (milliseconds).
MIGRATION_WAIT_MS = 120_000
#: The PostgreSQL advisory lock key migrations hold (any fixed 64-bit number; "yusuan" in ASCII).
MIGRATION_LOCK_KEY = 0x797573756164


class StoreError(YusuanError):
    """The store cannot be opened or migrated; the message is Chinese."""

    default_code = "store.unavailable"


def default_files() -> Path:
    """Where the workbench and ``ingest`` keep original files by default: ``files`` in the user's data directory."""
    return Path(user_data_dir("yusuan", appauthor=False)) / "files"


def default_url() -> str:
    env = os.environ.get("YUSUAN_DB")
    if env:
        return env
    path = Path(user_data_dir("yusuan", appauthor=False)) / "yusuan.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    _wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _wal(cursor: sqlite3.Cursor) -> None:
    """Switch a database to WAL (once: the mode is kept in the file). Several processes opening a
    fresh file at once can be told ``database is locked`` without SQLite's busy wait: try again."""
    deadline = time.monotonic() + MIGRATION_WAIT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def make_engine(url: str | None = None) -> Engine:
    url = url or default_url()
    try:
        engine = create_engine(url, future=True)
    except Exception as exc:  # a malformed URL or a missing driver
        raise StoreError(f"无法打开数据库 {url}：{exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("yusuan.store") / "migrations"))
    return cfg


def upgrade(engine: Engine, revision: str = HEAD) -> None:
    """Bring the schema to ``revision`` (the newest by default); safe when other processes open the
    same database at the same time (see the module's docstring)."""
    cfg = alembic_config()
    try:
        if revision == HEAD and current_revision(engine) == head_revision():
            return  # the common case: up to date, no lock taken
        with migration_lock(engine) as connection:
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, revision)  # reads the revision again, under the lock
    except StoreError:
        raise
    except Exception as exc:
        raise StoreError(f"无法建立或升级数据库结构：{short_reason(exc)}", code="store.migration") from exc


@contextmanager
def migration_lock(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that holds the database's migration lock until it ends:
    ``BEGIN IMMEDIATE`` on SQLite (waiting up to :data:`MIGRATION_WAIT_MS` for another writer),
    ``pg_advisory_xact_lock`` on PostgreSQL, a plain transaction elsewhere."""
    if engine.dialect.name != "sqlite":
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            yield connection
        return
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        saved_level = raw.isolation_level
        saved_wait = raw.execute("PRAGMA busy_timeout").fetchone()[0]
        # The driver's own transaction handling is off so that the DDL runs inside our BEGIN IMMEDIATE
        # (pysqlite otherwise begins only before DML, leaving CREATE TABLE outside any transaction).
        raw.isolation_level = None
        raw.execute(f"PRAGMA busy_timeout = {int(MIGRATION_WAIT_MS)}")
        try:
            with connection.begin():  # SQLAlchemy's bookkeeping; commit/rollback reach the driver
                try:
                    connection.exec_driver_sql("BEGIN IMMEDIATE")
                except Exception as exc:
                    raise StoreError(
                        f"数据库正被另一个进程升级或写入，等待 {MIGRATION_WAIT_MS // 1000} 秒后仍未完成，"
                        f"请稍后重试（{short_reason(exc)}）",
                        code="store.locked",
                    ) from exc
                yield connection
        finally:
            raw.execute(f"PRAGMA busy_timeout = {int(saved_wait)}")
            raw.isolation_level = saved_level


def downgrade(engine: Engine, revision: str) -> None:
    """Take the schema back to ``revision`` (``"base"``: no tables); data of dropped tables are lost."""
    cfg = alembic_config()
    try:
        with migration_lock(engine) as connection:
            cfg.attributes["connection"] = connection
            command.downgrade(cfg, revision)
    except StoreError:
        raise
    except Exception as exc:
        raise StoreError(f"无法降级数据库结构：{short_reason(exc)}", code="store.migration") from exc


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The newest revision the package ships."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def revisions() -> list[str]:
    """All revisions, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def open_store(url: str | None = None) -> Engine:
    """An engine on an up-to-date schema."""
    engine = make_engine(url)
    upgrade(engine)
    return engine


def check_id(value: int, what: str = "编号") -> int:
    """``value`` when it can be an id of the store (1 to :data:`INT_MAX`); else a :class:`StoreError`
    naming it — a driver would raise ``OverflowError`` (SQLite) or ``NumericValueOutOfRange``."""
    if not 1 <= value <= INT_MAX:
        raise StoreError(f"{what} {value} 超出范围：应是 1 到 {INT_MAX} 之间的整数", code="store.bad_id")
    return value


def check_year(value: int | None) -> int | None:
    """``value`` when it can be a stored year (``None``: no year given); else a :class:`StoreError`."""
    if value is not None and not 1 <= value <= 9999:
        raise StoreError(f"年度 {value} 无效：应是四位数的年份，如 2024", code="store.bad_year")
    return value


def parse_id(text: str, what: str = "编号") -> int:
    """The id a user typed (``12`` or ``#12``, ASCII digits); a :class:`StoreError` otherwise."""
    digits = text.strip().lstrip("#")
    if not (digits.isascii() and digits.isdigit()):
        raise StoreError(f"{what}应是数字，而不是“{text}”", code="store.bad_id")
    return check_id(int(digits), what)
