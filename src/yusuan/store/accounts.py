"""Local accounts of the web workbench: users with argon2 password hashes, and server-side sessions.

A user has a role: ``viewer`` (reads), ``reviewer`` (reads, uploads, decides), ``admin`` (also
manages users). There is no default user and no default password: ``yusuan users add`` creates the
first one. A session is a random token handed to the browser in a cookie; the store keeps only its
SHA-256 (HMAC-SHA-256 with the server's secret when one is given), never the token, beside a CSRF
token for the forms of that session. A session ends at logout, when it has been idle longer than the
server's limit, or when its user is disabled. Times are UTC; SQLite gives them back without a zone.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal, get_args

from sqlalchemy import Boolean, DateTime, Engine, ForeignKey, Integer, String, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from yusuan.errors import YusuanError
from yusuan.store.schema import Base

Role = Literal["viewer", "reviewer", "admin"]
ROLES: tuple[Role, ...] = get_args(Role)
ROLE_ZH: dict[Role, str] = {"viewer": "查看", "reviewer": "审核", "admin": "管理员"}
#: Each role's rank: a role may do what every lower role may.
ROLE_RANK: dict[str, int] = {r: n for n, r in enumerate(ROLES)}
MIN_PASSWORD = 8
MAX_PASSWORD = 1024
MAX_USERNAME = 64
#: A session idle longer than this ends (the server may set another limit).
SESSION_IDLE = timedelta(hours=8)
#: A session's last use is written at most this often: most requests only read (no write to contend
#: with an ingest on SQLite); the idle limit is honoured to within this.
TOUCH_EVERY = timedelta(minutes=1)
Clock = Callable[[], datetime]


class AccountError(YusuanError):
    """A user cannot be created or changed; the message is Chinese."""

    default_code = "accounts.invalid"


def _now() -> datetime:
    return datetime.now(UTC)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(MAX_USERNAME), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)


class WebSession(Base):
    __tablename__ = "web_sessions"
    #: The digest of the cookie's token (the token itself is never stored).
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True)
class Account:
    """A user as the web and the command line see it (never the hash)."""

    id: int
    username: str
    role: Role
    created_at: datetime
    disabled: bool

    @property
    def role_zh(self) -> str:
        return ROLE_ZH[self.role]

    def may(self, role: Role) -> bool:
        """Whether the user may do what ``role`` may."""
        return not self.disabled and ROLE_RANK[self.role] >= ROLE_RANK[role]


@dataclass(frozen=True)
class Active:
    """A live session: its user and the CSRF token of its forms."""

    user: Account
    csrf: str


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _account(u: User) -> Account:
    role: Role = u.role if u.role in ROLES else "viewer"
    return Account(u.id, u.username, role, _utc(u.created_at), u.disabled)


# --- passwords ------------------------------------------------------------------------------------


def hash_password(password: str) -> str:
    from argon2 import PasswordHasher

    return PasswordHasher().hash(password)


def _verify(stored: str, password: str) -> bool:
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return PasswordHasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


#: A hash to verify against when the user does not exist, so that the answer takes as long.
_DUMMY: list[str] = []


def _dummy_hash() -> str:
    if not _DUMMY:
        _DUMMY.append(hash_password(secrets.token_hex(16)))
    return _DUMMY[0]


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"密码太短：至少 {MIN_PASSWORD} 个字符", code="accounts.weak_password")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"密码太长：最多 {MAX_PASSWORD} 个字符", code="accounts.weak_password")
    return password


def check_username(name: str) -> str:
    """A user name: 1 to 64 characters, no spaces or control characters."""
    value = unicodedata.normalize("NFC", name.strip())
    if not value:
        raise AccountError("用户名不能为空", code="accounts.bad_name")
    if len(value) > MAX_USERNAME:
        raise AccountError(f"用户名太长：最多 {MAX_USERNAME} 个字符", code="accounts.bad_name")
    if any(c.isspace() or unicodedata.category(c)[0] == "C" for c in value):
        raise AccountError("用户名不能含空格或控制字符", code="accounts.bad_name")
    return value


def check_role(role: str) -> Role:
    if role not in ROLES:
        names = "、".join(f"{r}（{ROLE_ZH[r]}）" for r in ROLES)
        raise AccountError(f"无法识别的角色“{role}”，可用：{names}", code="accounts.bad_role")
    return role


# --- users ----------------------------------------------------------------------------------------


def add_user(engine: Engine, username: str, password: str, role: str, *, now: Clock = _now) -> Account:
    name, chosen = check_username(username), check_role(role)
    digest = hash_password(check_password(password))
    with Session(engine) as session, session.begin():
        if session.scalar(select(User.id).where(User.username == name)) is not None:
            raise AccountError(f"用户“{name}”已存在", code="accounts.exists")
        user = User(username=name, password_hash=digest, role=chosen, created_at=now(), disabled=False)
        session.add(user)
        session.flush()
        return _account(user)


def users(engine: Engine) -> list[Account]:
    with Session(engine) as session:
        return [_account(u) for u in session.scalars(select(User).order_by(User.username))]


def user_count(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(User)) or 0


def find_user(engine: Engine, username: str) -> Account | None:
    with Session(engine) as session:
        u = session.scalar(select(User).where(User.username == username.strip()))
        return None if u is None else _account(u)


def _get(session: Session, username: str) -> User:
    u = session.scalar(select(User).where(User.username == username.strip()))
    if u is None:
        raise AccountError(f"没有用户“{username}”", code="accounts.not_found")
    return u


def set_password(engine: Engine, username: str, password: str) -> Account:
    """A new password; the user's sessions end (a stolen session does not outlive the change)."""
    digest = hash_password(check_password(password))
    with Session(engine) as session, session.begin():
        u = _get(session, username)
        u.password_hash = digest
        session.execute(delete(WebSession).where(WebSession.user_id == u.id))
        return _account(u)


def update_user(engine: Engine, username: str, *, role: str | None = None, disabled: bool | None = None) -> Account:
    """Change a user's role or disable (enable) the user; disabling ends the user's sessions."""
    with Session(engine) as session, session.begin():
        u = _get(session, username)
        if role is not None:
            u.role = check_role(role)
        if disabled is not None:
            u.disabled = disabled
            if disabled:
                session.execute(delete(WebSession).where(WebSession.user_id == u.id))
        return _account(u)


def authenticate(engine: Engine, username: str, password: str) -> Account | None:
    """The user when the name and password match and the user is not disabled; else ``None`` (as slowly
    when the user does not exist, so that the time does not tell)."""
    if not username.strip() or len(password) > MAX_PASSWORD:
        return None
    with Session(engine) as session:
        u = session.scalar(select(User).where(User.username == username.strip()))
        stored = u.password_hash if u is not None else _dummy_hash()
        ok = _verify(stored, password)
        if u is None or not ok or u.disabled:
            return None
        return _account(u)


# --- sessions -------------------------------------------------------------------------------------


def token_digest(token: str, secret: bytes | None = None) -> str:
    data = token.encode("utf-8", "replace")
    if secret:
        return hmac.new(secret, data, hashlib.sha256).hexdigest()
    return hashlib.sha256(data).hexdigest()


def start_session(engine: Engine, user: Account, *, secret: bytes | None = None, now: Clock = _now) -> tuple[str, str]:
    """A new session of ``user``: the cookie's token and the session's CSRF token."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    at = now()
    with Session(engine) as session, session.begin():
        session.add(WebSession(id=token_digest(token, secret), user_id=user.id, csrf=csrf, created_at=at, last_seen=at))
    return token, csrf


def session_of(
    engine: Engine, token: str, *, secret: bytes | None = None, idle: timedelta = SESSION_IDLE, now: Clock = _now
) -> Active | None:
    """The live session of a cookie's token (its last use set to now, at most every
    :data:`TOUCH_EVERY`), or ``None``: no such session, idle longer than ``idle`` (then removed), or
    its user disabled."""
    if not token or len(token) > 200:
        return None
    at = now()
    with Session(engine) as session, session.begin():
        s = session.get(WebSession, token_digest(token, secret))
        if s is None:
            return None
        if at - _utc(s.last_seen) > idle:
            session.delete(s)
            return None
        u = session.get(User, s.user_id)
        if u is None or u.disabled:
            session.delete(s)
            return None
        if at - _utc(s.last_seen) >= TOUCH_EVERY:
            s.last_seen = at
        return Active(_account(u), s.csrf)


def end_session(engine: Engine, token: str, *, secret: bytes | None = None) -> None:
    with Session(engine) as session, session.begin():
        session.execute(delete(WebSession).where(WebSession.id == token_digest(token, secret)))


def purge_sessions(engine: Engine, *, idle: timedelta = SESSION_IDLE, now: Clock = _now) -> int:
    """Remove the sessions idle longer than ``idle``; how many were removed."""
    with Session(engine) as session, session.begin():
        result = session.execute(delete(WebSession).where(WebSession.last_seen < now() - idle))
        return int(getattr(result, "rowcount", 0) or 0)
