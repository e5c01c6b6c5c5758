"""The consistent sample disclosure the rule tests mutate (it lives in :mod:`yusuan.samples`)."""

from yusuan.samples import consistent

__all__ = ["consistent"]
