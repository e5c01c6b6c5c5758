"""Shared fixtures of the publishing tests: a few synthetic packages and their documents."""

from __future__ import annotations

import pytest

from yusuan.model import Disclosure
from yusuan.publish.document import Document, build_document
from yusuan.synth.generate import generate
from yusuan.synth.render import synth_prose


@pytest.fixture(scope="session")
def packages() -> list[tuple[Disclosure, Document]]:
    """Three synthetic disclosures (one with a 政府性基金 table, one buying a car) and their documents."""
    chosen: list[Disclosure] = []
    for d in generate(120, seed=11):
        fund = d.table("gov_fund")
        car = any(ln.item == "公务用车" for ln in d.procurement.lines)
        if not chosen or (fund is not None and fund.rows and len(chosen) == 1) or (car and len(chosen) == 2):
            chosen.append(d)
        if len(chosen) == 3:
            break
    assert len(chosen) == 3
    return [(d, build_document(d, synth_prose(d))) for d in chosen]
