"""The store tests' final accounts: :func:`yusuan.synth.final.final_of` (the generator's 决算 of a budget)."""

from yusuan.synth.final import Factors, final_of

__all__ = ["Factors", "final_of"]
