"""The bundled samples: the consistent one reviews clean, the defective one shows each injected defect.

The samples are written by scripts/make_examples.py from yusuan.synth.samples; this test also fails
when the committed files are stale.
"""

from __future__ import annotations

import importlib.util
from collections import Counter

from tests.conftest import ROOT
from yusuan import read
from yusuan.review.engine import review

EXAMPLES = ROOT / "src" / "yusuan" / "data" / "examples"


def _make_examples():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("make_examples", ROOT / "scripts" / "make_examples.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_samples_are_current() -> None:
    m = _make_examples()
    assert (EXAMPLES / "示例县人大常委会-2023-一致.txt").read_text(encoding="utf-8") == m.consistent_docx()
    assert (EXAMPLES / "示例县人大常委会-2023-有误.txt").read_text(encoding="utf-8") == m.defective_pdf()


def test_consistent_sample_reviews_clean() -> None:
    d = read(EXAMPLES / "示例县人大常委会-2023-一致.txt")
    assert d.layout == "docx-text" and len(d.tables) == 9 and not d.ambiguities
    assert review(d).findings == []


def test_defective_sample_shows_each_injected_defect_once() -> None:
    d = read(EXAMPLES / "示例县人大常委会-2023-有误.txt")
    assert d.layout == "pdf-text" and len(d.tables) == 9 and not d.ambiguities
    found = Counter((f.rule, f.severity) for f in review(d).findings)
    assert found == {
        ("hierarchy-sum", "error"): 1,  # 2010101 printed 320.91 in the general-budget table
        ("general-budget-vs-expenditure", "error"): 1,  # … while the expenditure table says 322.91
        ("three-public-vs-basic", "error"): 1,  # empty 三公 table, 30217/30231 budgeted
        ("narrative-amount-mismatch", "error"): 1,  # 基本支出 593.58 stated, 430.58 in the tables
        ("narrative-wrong-unit", "error"): 1,  # 三公 8.30元
        ("planned-assets-exceed-procurement", "error"): 1,  # 12.00 planned, procurement 0.00
        ("glossary-wrong-level", "error"): 1,  # 省级 in a county package
        ("performance-basis-copies-indicator", "warning"): 4,  # one per project
    }
