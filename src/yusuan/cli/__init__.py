"""The command line: a thin layer over the Python API. Messages are Chinese.

Every command module is listed once, in :data:`COMMAND_MODULES`; importing it registers its
commands on :data:`app`. Errors of the API (:class:`yusuan.errors.YusuanError`) are turned into a
message and an exit status in one place, :func:`main`.
"""

from __future__ import annotations

from yusuan.cli import compare, departments, publish, read, store
from yusuan.cli.common import app, err

#: The modules whose commands make up ``yusuan`` (the order is the order of ``yusuan --help``).
COMMAND_MODULES = (read, store, departments, compare, publish)

__all__ = ["COMMAND_MODULES", "app", "main"]


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("已中断。")
        raise SystemExit(130) from None


if __name__ == "__main__":
    main()
