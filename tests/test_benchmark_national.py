"""benchmarks/national.py on a few real packages: the report's shape and that its numbers agree."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from benchmarks import national

from tests.conftest import ROOT
from yusuan.domain.tables import STANDARD_TABLES

CORPUS = ROOT.parent / "shared" / "corpus"
# Small files of three templates: one read in full, one whose tables are in another file, one other city.
NAMES = ("hangzhou-2026-气象局.pdf", "beijing-2026-司法局-情况说明.pdf", "national/湖州-2026年湖州市财政局部门预算.pdf")
FILES = [CORPUS / n for n in NAMES if (CORPUS / n).is_file()]
pytestmark = pytest.mark.skipif(
    len(FILES) < len(NAMES), reason="../shared/corpus is absent: the real packages are not bundled"
)


@pytest.fixture(scope="module")
def docs() -> list[national.DocResult]:
    return [national.measure_file(f) for f in FILES]


def test_each_document_is_measured_consistently(docs: list[national.DocResult]) -> None:
    for d in docs:
        assert d.ok and not d.reason, d.reason
        assert d.pages > 0 and d.template
        assert 0 <= len(d.tables_read) <= len(STANDARD_TABLES)
        assert set(d.tables_read) <= set(STANDARD_TABLES) and not set(d.other_tables_read) & set(STANDARD_TABLES)
        assert set(d.titled_not_read) <= set(STANDARD_TABLES) - set(d.tables_read)
        assert 0 <= d.passed <= d.checks
        assert d.checks == sum(c for _, c in d.checks_by_table.values())
        assert all(0 <= p <= c for p, c in d.checks_by_table.values())
        assert d.errors == sum(n for k, n in d.findings.items() if k.endswith("/error"))
        assert d.warnings == sum(n for k, n in d.findings.items() if k.endswith("/warning"))
        assert d.read_seconds > 0 and d.floor_seconds is not None and d.floor_seconds > 0
    full, narrative_only, huzhou = docs
    assert len(full.tables_read) == len(STANDARD_TABLES) and full.checks > 0
    # The narrative half of a two-file package: nothing read, and the reading report says so.
    assert narrative_only.tables_read == [] and narrative_only.checks == 0 and narrative_only.notes
    # its 项目支出绩效表 (p39–40), recognised and left unread before issue 12, is read by the grid reader now
    assert huzhou.template == "zhejiang"
    assert not any(r.startswith("performance_table") for r in huzhou.recognised_not_read)


def test_summary_adds_up_and_prints(docs: list[national.DocResult]) -> None:
    s = national.summarise(docs)
    assert s["documents"] == s["read"] == len(docs) and s["failed"] == {}
    assert s["pages"] == sum(d.pages for d in docs)
    assert s["passed"] == sum(d.passed for d in docs) and s["checks"] == sum(d.checks for d in docs)
    assert 0 <= s["standard_passed"] <= s["standard_checks"] <= s["checks"]
    assert 0 < s["pass_rate"] <= 1
    assert 0 <= s["tables_read_mean"] <= len(STANDARD_TABLES)
    assert s["all_nine"] == sum(1 for d in docs if len(d.tables_read) == len(STANDARD_TABLES))
    assert sum(s["tables_read_histogram"].values()) == len(docs)
    assert s["errors"] == sum(s["errors_by_rule"].values()) == sum(d.errors for d in docs)
    assert s["floor_seconds"] > 0 and s["read_over_floor"] > 0
    assert sum(s["templates"].values()) == len(docs)
    report = {"folder": str(CORPUS), "machine": national.machine(), "rounds": 1, "summary": s}
    report["documents"] = [national.asdict(d) for d in docs]
    json.dumps(report, ensure_ascii=False)  # the --json output is plain JSON
    out = io.StringIO()
    national.print_report(report, out)
    text = out.getvalue()
    assert f"documents: {len(docs)}, read {len(docs)}, failed 0" in text
    assert "read / floor = " in text and "arithmetic checks, nine standard tables:" in text


def test_a_broken_file_is_a_failure_with_its_reason(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\nnot really a PDF")
    (tmp_path / "notes.md").write_text("not a package")
    assert national.folder_files(tmp_path) == [bad]
    d = national.measure_file(bad)
    assert not d.ok and d.reason
    assert national.summarise([d])["failed"] == {"broken.pdf": d.reason}


def test_title_hints() -> None:
    assert national.title_hint('2026年市级部门一般公共预算"三公"经费支出表') == "three_public"
    assert national.title_hint("预算06表 一般公共预算基本支出表") == "basic_expenditure"
    assert national.title_hint("部门综合预算政府性基金收支表") == "gov_fund"
    assert national.title_hint("公开04 表 财政拨款收支总表") == "fiscal_summary"
    assert national.title_hint("2026年市级部门收支预算总表") == "summary"
    assert national.title_hint("收入总表") == "income"
    assert national.title_hint("支出总表") == "expenditure"
    assert national.title_hint("项目支出总表") is None
