"""Opening the store: SQLite in the user's data directory by default, or any SQLAlchemy URL
(``--db URL`` or ``YUSUAN_DB``), e.g. ``postgresql+psycopg://user@127.0.0.1/yusuan``."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event

from yusuan.errors import YusuanError

HEAD = "head"


class StoreError(YusuanError):
    """The store cannot be opened or migrated; the message is Chinese."""

    default_code = "store.unavailable"


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
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


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
    """Bring the schema to ``revision`` (the newest by default)."""
    cfg = alembic_config()
    try:
        with engine.begin() as connection:
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, revision)
    except Exception as exc:
        raise StoreError(f"无法建立或升级数据库结构：{exc}", code="store.migration") from exc


def downgrade(engine: Engine, revision: str) -> None:
    """Take the schema back to ``revision`` (``"base"``: no tables); data of dropped tables are lost."""
    cfg = alembic_config()
    try:
        with engine.begin() as connection:
            cfg.attributes["connection"] = connection
            command.downgrade(cfg, revision)
    except Exception as exc:
        raise StoreError(f"无法降级数据库结构：{exc}", code="store.migration") from exc


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def revisions() -> list[str]:
    """All revisions, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def open_store(url: str | None = None) -> Engine:
    """An engine on an up-to-date schema."""
    engine = make_engine(url)
    upgrade(engine)
    return engine
