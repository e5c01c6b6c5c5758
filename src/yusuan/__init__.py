"""yusuan (预算): read Chinese department budget disclosures into one exact model."""

from yusuan.model import Disclosure

__all__ = ["Disclosure", "__version__"]
__version__ = "0.1.0"
