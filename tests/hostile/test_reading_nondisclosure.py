"""Files that are no budget disclosure are never reviewed as clean (issue 13, item 5): a PDF of
random words, a portal's landing page, a workbook without a budget table end in ``read.not_budget``
(exit 2); a DOCX that talks about the budget but holds no amount — also under a ``.pdf`` name — is
reviewed with the "could not check" status (exit 3) and says 未能检查. None ends with exit 0 as if
checked and clean."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from tests.hostile.files import words_pdf
from tests.readers.hostile_files import table_rows, workbook_xlsx
from yusuan.cli import app
from yusuan.pipeline.batch import UNCHECKED_EXIT

runner = CliRunner()

LANDING = (
    "<html><head><title>财政预算公开</title></head><body><h1>某市财政局 部门预算公开专栏</h1><ul>"
    + "".join(f"<li><a href='x{i}.pdf'>2024年某某局部门预算公开</a></li>" for i in range(50))
    + "</ul><p>根据《预算法》规定，各部门应公开部门预算和决算，包括收支总表、财政拨款收支总表、"
    "一般公共预算支出表、三公经费等。</p></body></html>"
)


def _no_amounts_docx(path: Path) -> Path:
    d = docx.Document()
    d.add_heading("某某局2024年部门预算公开")
    d.add_paragraph(
        "一、部门主要职责。负责本部门预算编制、预算执行和决算工作，财政拨款收入支出按照规定公开，"
        "三公经费、政府采购、国有资产占用情况、绩效目标。"
    )
    d.add_paragraph("二、机构设置。收入预算、支出预算、一般公共预算财政拨款、基本支出、项目支出详见附表。")
    d.save(str(path))
    return path


def _not_clean(output: str, exit_code: int) -> None:
    assert exit_code != 0, output  # never "checked, and clean"
    assert "Traceback" not in output


@pytest.mark.parametrize("kind", ["words", "landing", "workbook"])
def test_not_a_disclosure_is_said_so(tmp_path: Path, kind: str) -> None:
    if kind == "words":
        path = words_pdf(tmp_path / "words.pdf", pages=3, words=3_000)
    elif kind == "landing":
        path = tmp_path / "index.html"
        path.write_text(LANDING, encoding="utf-8")
    else:
        path = workbook_xlsx(tmp_path / "book.xlsx", table_rows(5))
    result = runner.invoke(app, ["review", str(path)])
    _not_clean(result.output, result.exit_code)
    assert result.exit_code == 2 and f"{path}：未找到任何预算表格或预算说明" in result.output


@pytest.mark.parametrize("name", ["说明.docx", "说明.pdf"])
def test_a_docx_without_amounts_could_not_be_checked(tmp_path: Path, name: str) -> None:
    path = _no_amounts_docx(tmp_path / name)
    result = runner.invoke(app, ["review", str(path)])
    _not_clean(result.output, result.exit_code)
    assert result.exit_code == UNCHECKED_EXIT and "没有可核对的数字" in result.output, result.output
    assert "未能检查" in result.output  # a count of 0 errors is qualified: not checked
