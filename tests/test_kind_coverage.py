"""Issue 11, point 6: the kind of document is decided first, a file that is no budget disclosure is said
to be one, every report states what could and could not be checked, a document where nothing could be
checked never reads as clean (its own status and exit status 3), and identical files are read once."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rich.console import Console
from typer.testing import CliRunner

import yusuan
from tests.conftest import SEED_NAMES, seed_path
from yusuan import report as reports
from yusuan.cli import app
from yusuan.model import Disclosure
from yusuan.pipeline import batch
from yusuan.pipeline.api import review as review_paths
from yusuan.publish.narrative_styles import compose
from yusuan.publish.textlayout import render_pdf_text
from yusuan.read import api as reader
from yusuan.read.kind import document_kind
from yusuan.read.source import split_lines
from yusuan.report.common import UNCHECKED, coverage_line, nothing_checked
from yusuan.report.terminal import print_summary
from yusuan.review.engine import review
from yusuan.review.results import Batch, Reviewed
from yusuan.synth.samples import consistent

runner = CliRunner()

#: A notice about budget disclosure: it names 部门预算 but holds no budget table and no budget figure.
NOTICE = (
    "关于做好2026年部门预算公开工作的通知\n"
    "各区、各部门：\n"
    "请各单位按照有关要求，于3月31日前在本单位网站公开2026年部门预算，并将公开网址报送市财政局。\n"
    "联系人：张三，电话：12345678。\n"
)
#: An application form published as a web page: a table, but no budget table and no budget narrative.
FORM_PAGE = """<html><head><meta charset="utf-8"><title>报名表</title></head><body>
<h1>2026年志愿者报名表</h1>
<table><tr><td>姓名</td><td>性别</td><td>出生年月</td></tr>
<tr><td>联系电话</td><td>电子邮箱</td><td>家庭住址</td></tr>
<tr><td>备注</td><td colspan="2">请于5月1日前提交。</td></tr></table>
</body></html>
"""


def _narrative_text() -> str:
    """The narrative sentences of the consistent sample as composed for publishing: no table at all."""
    d = compose(consistent())
    return "\n".join(dict.fromkeys(c.sentence for c in d.narrative.claims)) + "\n"


def _tables_text(title: str | None = None) -> str:
    """The tables of the consistent sample as PDF-extracted text, under ``title`` when given."""
    text = render_pdf_text(consistent())
    return f"{title}\n{text}" if title else text


# -- the kind and the content ------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(SEED_NAMES))
def test_the_seeds_are_department_budgets(key: str) -> None:
    d = yusuan.read(seed_path(key))
    assert d.kind == "部门预算"
    # 001 prints only its performance-target tables; the others are whole packages
    assert d.content == ("tables_only" if not d.narrative.claims else "package")


def test_narrative_only_and_tables_only() -> None:
    narrative = yusuan.read_text(_narrative_text(), "说明.txt")
    assert narrative.content == "narrative_only" and not narrative.tables
    tables = yusuan.read_text(_tables_text(), "报表.txt")
    assert tables.content == "tables_only" and tables.tables and not tables.narrative.claims


def test_a_narrative_naming_procurement_and_assets_is_still_narrative_only(tmp_path: Path) -> None:
    # the procurement and assets readers mark a 情况说明's paragraphs ``present``: no table rows for that
    text = (
        _narrative_text()
        + "2023年政府采购预算总额10.00万元。\n截至2022年底，共有车辆1辆，单价50万元以上设备0台（套）。\n"
    )
    path = tmp_path / "说明.txt"
    path.write_text(text, encoding="utf-8")
    assert yusuan.read(path).content == "narrative_only"
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code == 0 and "部门预算（仅情况说明，无报表）" in result.output


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("示例县司法局2026年单位预算", "单位预算"),
        ("示例县司法局2025年度部门决算", "部门决算"),
        ("示例县司法局2026年部门预算", "部门预算"),
        ("示例县司法局2025年度单位决算", "单位决算"),
    ],
)
def test_the_kind_comes_from_the_title(title: str, kind: str) -> None:
    assert yusuan.read_text(_tables_text(title), "x.txt").kind == kind


def test_the_kind_comes_from_the_file_name_when_the_text_says_nothing() -> None:
    src = split_lines("收支总表\n单位：万元\n合计 1.00\n")
    assert document_kind(src, "某局-2025年部门决算.txt") == "部门决算"
    assert document_kind(src, "某局.txt") == "部门预算"
    assert document_kind(src, "某局.txt", ["收入支出决算总表", "支出决算表"]) == "部门决算"


def test_a_notice_is_not_a_budget_disclosure(tmp_path: Path) -> None:
    path = tmp_path / "通知.txt"
    path.write_text(NOTICE, encoding="utf-8")
    with pytest.raises(yusuan.ReadError) as info:
        yusuan.read(path)
    assert info.value.code == "read.not_budget"
    message = str(info.value)
    assert message.startswith(f"{path}：未找到任何预算表格或预算说明")
    assert "部门预算" in message  # what it does name is said


def test_an_html_form_is_not_a_budget_disclosure(tmp_path: Path) -> None:
    path = tmp_path / "报名表.html"
    path.write_text(FORM_PAGE, encoding="utf-8")
    with pytest.raises(yusuan.ReadError) as info:
        yusuan.read(path)
    assert info.value.code == "read.not_budget" and str(path) in str(info.value)


def test_a_landing_page_of_budget_links_is_not_a_budget_disclosure(tmp_path: Path) -> None:
    links = "".join(f"<li><a href='{n}.pdf'>示例市第{n}局2026年部门预算</a></li>" for n in range(1, 8))
    path = tmp_path / "index.html"
    path.write_text(f"<html><body><h1>2026年部门预算公开</h1><ul>{links}</ul></body></html>", encoding="utf-8")
    with pytest.raises(yusuan.ReadError) as info:
        yusuan.read(path)
    assert info.value.code == "read.not_budget" and "文中提到“部门预算”" in str(info.value)


def test_review_reports_a_page_that_is_no_budget_per_file_and_goes_on(tmp_path: Path) -> None:
    page = tmp_path / "a-报名表.html"
    page.write_text(FORM_PAGE, encoding="utf-8")
    seed = shutil.copy(seed_path("002"), tmp_path / "b.txt")
    result = runner.invoke(app, ["review", str(page), str(seed)])
    assert result.exit_code == 2
    assert f"{page}：未找到任何预算表格或预算说明" in result.stderr
    assert "丰南区" in result.stdout  # the budget beside it is reviewed


# -- nothing could be checked: its own status and exit status ----------------------------------------


def test_a_narrative_without_figures_is_not_checked_and_exits_3(tmp_path: Path) -> None:
    path = tmp_path / "情况说明.txt"
    path.write_text(_narrative_text(), encoding="utf-8")
    result = runner.invoke(app, ["review", str(path)])
    assert result.exit_code == batch.UNCHECKED_EXIT == 3, result.output
    assert "未能检查" in result.stdout and "\n未发现问题。" not in result.stdout
    assert "1 份文件未能检查" in result.stderr


def test_a_checked_clean_document_exits_0_and_an_unchecked_one_beside_it_makes_3() -> None:
    bare = Disclosure(source="bare.txt", layout="pdf-text")
    full = consistent()
    items = [Reviewed(full, review(full)), Reviewed(bare, review(bare))]
    assert not nothing_checked(items[0]) and nothing_checked(items[1])
    assert batch.exit_status(Batch(items=items[:1])) == 0
    assert batch.exit_status(Batch(items=items)) == 3


# -- coverage in every report format ------------------------------------------------------------------


def _items() -> list[Reviewed]:
    """A document missing its basic-expenditure table (rules needing it are skipped) and one where
    nothing was read at all."""
    partial = consistent()
    del partial.tables["basic_expenditure"]
    partial = partial.model_copy(update={"source": "partial.txt"})
    bare = Disclosure(source="bare.txt", layout="pdf-text")
    return [Reviewed(partial, review(partial)), Reviewed(bare, review(bare))]


def _skipped(item: Reviewed) -> list[tuple[str, str]]:
    return [(r.rule, r.reason or "") for r in item.review.coverage if r.status == "skipped"]


def test_coverage_is_in_the_terminal_summary() -> None:
    items = _items()
    console = Console(record=True, width=200)
    print_summary(console, items)
    text = console.export_text()
    assert coverage_line(items[0]) in text and "条未检查" in text
    assert text.count(UNCHECKED) >= 2  # the bare document's status line and the batch total
    assert coverage_line(items[1]).startswith("运行了 ") and "但没有可核对的数字" in text


def test_coverage_is_in_markdown_and_json() -> None:
    items = _items()
    skipped = _skipped(items[0])
    assert skipped and any("缺少表" in reason for _, reason in skipped)
    md = reports.render_text("md", items)
    assert "未能检查的项目" in md and f"**审核结果：{UNCHECKED} · " in md
    for rule, reason in skipped:
        assert rule in md and reason in md
    data = json.loads(reports.render_text("json", items))
    runs = data["documents"][0]["coverage"]
    assert {(r["rule"], r["reason"]) for r in runs if r["status"] == "skipped"} == set(skipped)


def test_coverage_is_in_html(tmp_path: Path) -> None:
    items = _items()
    index = reports.write("html", items, tmp_path / "html")
    pages = sorted(p for p in index.parent.glob("*.html") if p.name != "index.html")
    partial = next(p.read_text(encoding="utf-8") for p in pages if p.stem == "partial")
    bare = next(p.read_text(encoding="utf-8") for p in pages if p.stem == "bare")
    assert "未能检查的项目" in partial
    for rule, _ in _skipped(items[0]):
        assert rule in partial
    assert UNCHECKED in bare and "已检查的审核规则均已通过" not in bare
    assert UNCHECKED in index.read_text(encoding="utf-8")


def test_coverage_is_in_xlsx(tmp_path: Path) -> None:
    items = _items()
    path = reports.write("xlsx", items, tmp_path / "r.xlsx")
    wb = load_workbook(path)
    docs = wb["文件一览"]
    heads = [c.value for c in docs[1]]
    status = heads.index("审核状态")
    assert [row[status].value for row in docs.iter_rows(min_row=2)] == ["已检查", UNCHECKED]
    sheet = wb["未能检查"]
    listed = {(row[2].value, row[4].value) for row in sheet.iter_rows(min_row=2) if row[0].value == "partial.txt"}
    assert listed == set(_skipped(items[0]))


# -- identical files are read once --------------------------------------------------------------------


def test_identical_files_are_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = shutil.copy(seed_path("002"), tmp_path / "a.txt")
    second = shutil.copy(seed_path("002"), tmp_path / "sub-b.txt")
    other = shutil.copy(seed_path("003"), tmp_path / "c.txt")
    calls: list[Path] = []
    real = reader.read

    def counting(path: str | Path) -> Disclosure:
        calls.append(Path(path))
        return real(path)

    monkeypatch.setattr(batch, "read", counting)
    result = review_paths([tmp_path], separate=True)
    assert sorted(p.name for p in calls) == ["a.txt", "c.txt"]
    assert [i.review.source for i in result.items] == ["a.txt", "c.txt"]
    assert [(d.path, d.same_as) for d in result.duplicates] == [(str(second), str(first))]
    assert not result.failures and Path(other).exists()


def test_the_cli_says_a_copy_was_skipped(tmp_path: Path) -> None:
    first = shutil.copy(seed_path("002"), tmp_path / "a.txt")
    second = shutil.copy(seed_path("002"), tmp_path / "b.txt")
    result = runner.invoke(app, ["review", str(tmp_path), "--separate", "--format", "json"])
    assert f"{second}：与 {first} 内容相同，已跳过" in result.stderr
    assert [d["source"] for d in json.loads(result.stdout)["documents"]] == ["a.txt"]


def test_ingest_stores_a_copy_once(tmp_path: Path) -> None:
    first = shutil.copy(seed_path("002"), tmp_path / "a.txt")
    second = shutil.copy(seed_path("002"), tmp_path / "b.txt")
    db = f"sqlite:///{tmp_path / 'store.db'}"
    result = runner.invoke(app, ["ingest", str(first), str(second), "--separate", "--db", db])
    assert result.exit_code == 0, result.output
    assert "新入库 1、新版本 0、未变化 1、失败 0" in result.stdout
    assert f"未变化 {second}（与 {first} 内容相同，已跳过）" in result.stdout
