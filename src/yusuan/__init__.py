"""yusuan (预算): read Chinese department budget disclosures into one exact model."""

from yusuan.model import Disclosure
from yusuan.read.api import ReadError, read, read_text

__all__ = ["Disclosure", "ReadError", "__version__", "read", "read_text"]
__version__ = "0.1.0"
