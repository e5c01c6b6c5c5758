"""Store commands: cmd_compare (being written)."""

from yusuan.cli_app import app  # noqa: F401
