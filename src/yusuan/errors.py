"""The one root of every error yusuan raises on purpose: :class:`YusuanError`.

Each error carries

* a stable ``code`` — a short English slug such as ``read.not_found`` or ``store.unavailable`` that
  programs can test (the Chinese message may be reworded; the code is not);
* the Chinese ``message`` — ``str(exc)`` is exactly this message, which names the file (and the
  page, sheet or line) where it applies;
* an optional :class:`Location` — file, page, line, sheet, table, row;
* an ``exit_code`` — the status the command line exits with (2: unreadable input, bad usage, the
  store unavailable).

The stage errors (``ReadError``, ``DecodeError``, ``ReferenceDataError``, ``InputError``,
``CompareError``, ``ExportError``, ``StoreError``, ``DepartmentError``) are subclasses with a
default code each; a raise site may name a more precise one (``ReadError(msg, code="read.encrypted")``).
The command line turns any of them into ``错误：<message>`` and its exit code in one place
(:func:`yusuan.cli.main`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

__all__ = ["EXIT_INPUT", "Location", "YusuanError", "short_reason"]

#: The exit status for unreadable input, bad usage or an unavailable store.
EXIT_INPUT = 2


@dataclass(frozen=True)
class Location:
    """Where an error applies; every part is optional."""

    file: str | None = None
    page: int | None = None
    line: int | None = None
    sheet: str | None = None
    table: str | None = None
    row: str | None = None

    def __str__(self) -> str:
        parts = [self.file or ""]
        if self.sheet:
            parts.append(f"工作表“{self.sheet}”")
        if self.page is not None:
            parts.append(f"第 {self.page} 页")
        if self.line is not None:
            parts.append(f"第 {self.line} 行")
        if self.table:
            parts.append(self.table)
        if self.row:
            parts.append(self.row)
        return " ".join(p for p in parts if p)


class YusuanError(Exception):
    """An error with a stable code, a Chinese message and where it applies."""

    #: The code of errors of this class raised without one.
    default_code: ClassVar[str] = "yusuan.error"
    #: The command line's exit status for errors of this class.
    default_exit_code: ClassVar[int] = EXIT_INPUT

    def __init__(
        self,
        message: str = "",
        *,
        code: str | None = None,
        location: Location | None = None,
        exit_code: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or type(self).default_code
        self.location = location
        self.exit_code = self.default_exit_code if exit_code is None else exit_code

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        # Keep code, location and exit status across pickling (process pools).
        return (_rebuild, (type(self), self.args, self.__dict__))

    def describe(self) -> dict[str, object]:
        """The error as plain data (for JSON output): code, message and location."""
        out: dict[str, object] = {"code": self.code, "message": self.message}
        if self.location is not None:
            out["location"] = {k: v for k, v in vars(self.location).items() if v is not None}
        return out


def _rebuild(cls: type[YusuanError], args: tuple[Any, ...], state: dict[str, Any]) -> YusuanError:
    exc = cls.__new__(cls)
    exc.args = args
    exc.__dict__.update(state)
    return exc


def short_reason(exc: BaseException, limit: int = 300) -> str:
    """One line about an unexpected exception (a reader bug, a database error): its type and the
    first line of its message — for a database error the driver's message, not the SQL and its
    parameters — cut to ``limit`` characters."""
    inner = getattr(exc, "orig", None) or exc
    first = (str(inner).strip().splitlines() or [""])[0]
    text = f"{type(inner).__name__}：{first}" if first else type(inner).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"
