"""The error every reader raises for a file it cannot read."""

from __future__ import annotations


class ReadError(Exception):
    """A file that cannot be read; the message is Chinese and names the file and the problem
    (with the page, sheet or line where it applies)."""
