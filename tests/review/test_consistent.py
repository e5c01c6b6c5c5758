"""The review raises no error and no warning on a consistent document."""

from __future__ import annotations

import os

from yusuan.review.engine import review
from yusuan.synth.samples import consistent


def test_consistent_document_has_no_error_or_warning() -> None:
    os.environ["YUSUAN_DEBUG"] = "1"  # a crashing rule fails the test instead of becoming a finding
    result = review(consistent())
    noisy = [f"{f.rule}: {f.message}" for f in result.findings if f.severity != "info"]
    assert noisy == []
