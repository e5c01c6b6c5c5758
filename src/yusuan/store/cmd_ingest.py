"""Store commands: cmd_ingest (being written)."""

from yusuan.cli_app import app  # noqa: F401
