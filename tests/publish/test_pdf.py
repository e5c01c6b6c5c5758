"""The published PDF: Chinese text extractable, CJK font embedded, tables ruled, heads repeated after a
page break, and the pages render to legible images (pdftoppm)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pymupdf
import pytest

from yusuan.model import Disclosure, Row, Table
from yusuan.publish.document import Document, build_document
from yusuan.publish.pdf_out import NOTO_PATHS, render_pdf

fitz: Any = pymupdf


@pytest.fixture(scope="module")
def pdf(packages: list[tuple[Disclosure, Document]]) -> tuple[Disclosure, Any]:
    d, doc = packages[0]
    return d, fitz.open(stream=render_pdf(doc), filetype="pdf")


def test_text_of_the_tables_is_extractable(pdf: tuple[Disclosure, Any]) -> None:
    d, document = pdf
    first = document[0].get_text()
    for text in (
        "部门预算收支总表",
        f"{d.department.code}{d.department.name}",
        "预算年度：",
        "单位：万元",
        "栏次",
        "一、一般公共预算拨款收入",
        "十、卫生健康支出",
    ):
        assert text in first, text
    summary = d.two_sided("summary")
    assert summary is not None
    grand = next(r for r in summary.income if r.key == "grand_total").values["amount"]
    assert format(grand, "f") in first
    whole = "".join(page.get_text() for page in document)
    assert "部门预算财政拨款“三公”经费支出表" in whole and "部门固定资产占用情况表" in whole


def test_cjk_font_is_embedded_and_subset(pdf: tuple[Disclosure, Any]) -> None:
    _, document = pdf
    fonts = {f[3] for page in document for f in page.get_fonts()}
    assert fonts, "no font"
    for xref in {f[0] for page in document for f in page.get_fonts()}:
        name, _, _, content = document.extract_font(xref)
        assert content, f"font {name} is not embedded"
    if any(Path(p).is_file() for p in NOTO_PATHS):
        assert any("Noto Sans CJK SC" in name for name in fonts), fonts
    assert len(document.tobytes()) < 600_000  # subset, not the 16 MB face


def test_tables_are_ruled(pdf: tuple[Disclosure, Any]) -> None:
    _, document = pdf
    page = document[1]  # 部门预算收入总表
    lines = [item for path in page.get_drawings() for item in path["items"] if item[0] in ("l", "re")]
    assert len(lines) > 50
    words = page.get_text("words")
    numbers = [w for w in words if w[4] == "栏次"]
    assert numbers, "the 栏次 row is printed"


def test_heads_repeat_after_a_page_break(packages: list[tuple[Disclosure, Document]]) -> None:
    d, _ = packages[0]
    income = d.table("income")
    assert income is not None
    rows = income.rows + [
        Row(code=f"20101{n:02d}", name=f"测试科目{n}", values={"total": income.rows[0].values["total"]})
        for n in range(40, 90)
    ]
    big = d.model_copy(update={"tables": {"income": Table(title=income.title, unit="万元", rows=rows)}})
    document = fitz.open(stream=render_pdf(build_document(big)), filetype="pdf")
    pages = [p for p in document if "栏次" in p.get_text()]
    assert len(pages) >= 2
    for page in pages:
        text = page.get_text()
        assert f"{d.department.code}{d.department.name}" in text and "本年收入" in text and "科目编码" in text
    assert "测试科目89" in pages[-1].get_text() and "部门预算收入总表" not in pages[-1].get_text()


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
def test_pages_render_to_png(packages: list[tuple[Disclosure, Document]], tmp_path: Path) -> None:
    from PIL import Image

    _, doc = packages[0]
    path = tmp_path / "package.pdf"
    path.write_bytes(render_pdf(doc))
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "2", str(path), str(tmp_path / "page")],
        check=True,
        capture_output=True,
    )
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == 2
    with Image.open(images[0]) as image:
        assert image.width > image.height  # the tables are on landscape pages
        gray = image.convert("L")
        dark = sum(gray.histogram()[:128])
        assert 0.01 < dark / (image.width * image.height) < 0.5  # text and rules, not blank, not black
