"""Store commands: cmd_departments (being written)."""

from yusuan.cli_app import app  # noqa: F401
