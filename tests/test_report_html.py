"""The HTML report: content and evidence in the page, and a screenshot in headless Chromium showing
the Chinese text (skipped when Chromium is not installed)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.report_samples import SENTENCE, clean, golden, with_findings
from yusuan.report import html_report

CANDIDATES = ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser"))
CHROMIUM = next((p for p in CANDIDATES if p and Path(p).exists()), None)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium fonts-noto-cjk)"
)


def test_page_has_header_counts_kinds_and_evidence() -> None:
    page = html_report.render_document(with_findings())
    for text in ("示例县人民代表大会常务委员会", "101", "县级", "2023", "审核结果概览", "表内勾稽", "缺失", "绩效目标"):
        assert text in page
    # Findings are grouped by severity, errors first.
    assert page.index('id="error"') < page.index('id="warning"') < page.index('id="info"')
    # The excerpt of the expenditure table: Chinese column heads, the rows and their neighbours, hit cells.
    assert "表格摘录：部门预算支出总表" in page
    for head in ("科目编码", "科目名称", "合计", "基本支出", "项目支出", "经营支出", "上解上级支出"):
        assert f"<th>{head}</th>" in page
    assert re.search(r'<td class="num hit">322\.91</td>', page)
    assert "2010101" in page and "行政运行" in page  # the neighbour of 20101
    # The narrative sentence is quoted; the performance indicator and the asset row are excerpted.
    assert f"“{SENTENCE}”" in page
    assert "项目绩效目标表：综合业务经费" in page and '<td class="hit">≥90%</td>' in page
    assert "部门固定资产占用情况表" in page
    # The table-missing finding names the table it did not find.
    assert "部门预算国有资本经营预算财政拨款支出表" in page


def test_page_is_self_contained() -> None:
    page = html_report.render_document(with_findings())
    assert "<script" not in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "@import" not in page and "url(" not in page
    assert '"Noto Sans CJK SC", "Noto Sans SC"' in page and "WenQuanYi Micro Hei" in page
    assert '<html lang="zh-CN">' in page and '<meta charset="utf-8">' in page


def test_text_is_escaped() -> None:
    item = with_findings()
    item.review.findings[0].message = "<b>不应成为标签</b> & 符号"
    page = html_report.render_document(item)
    assert "&lt;b&gt;不应成为标签&lt;/b&gt; &amp; 符号" in page


def test_clean_document_says_so() -> None:
    page = html_report.render_document(clean())
    assert "未发现问题" in page


def test_folder_has_index_and_a_page_per_document(tmp_path: Path) -> None:
    items = [with_findings(), clean(), *golden()]
    written = html_report.write(items, tmp_path / "html")
    assert written.index == tmp_path / "html" / "index.html"
    names = [p.name for p in written.pages]
    assert len(set(names)) == len(items)  # two documents from the same source name get distinct pages
    index = written.index.read_text(encoding="utf-8")
    for name in names:
        assert f'href="{name}"' in index
    for page in written.pages:
        assert 'href="index.html"' in page.read_text(encoding="utf-8")


def test_page_names_are_safe() -> None:
    a, b = with_findings(), clean()
    a.review.source = 'a:b*c?"<>|.txt'
    b.review.source = "index.txt"
    assert html_report.page_names([a, b]) == ["a_b_c_.html", "index-document.html"]


# -- screenshots -----------------------------------------------------------------------------------


def screenshot(html: Path, png: Path, profile: Path, height: int = 2000) -> None:
    assert CHROMIUM is not None
    command = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
        f"--user-data-dir={profile}", f"--window-size=1280,{height}", f"--screenshot={png}", html.as_uri(),
    ]  # fmt: skip
    subprocess.run(command, capture_output=True, timeout=120, check=False)
    assert png.exists() and png.stat().st_size > 0, f"Chromium wrote no screenshot of {html}"


def stats(png: Path) -> tuple[int, float, int]:
    """(distinct colours, share of non-white pixels, dark pixels)."""
    from PIL import Image

    with Image.open(png) as im:
        rgb = im.convert("RGB")
        counts = rgb.getcolors(maxcolors=1 << 24) or []
        size = rgb.width * rgb.height
    colours = [(n, c if isinstance(c, tuple) else (int(c),) * 3) for n, c in counts]
    non_white = sum(n for n, c in colours if min(c) < 245) / size
    dark = sum(n for n, c in colours if sum(c) < 200)
    return len(colours), non_white, dark


@needs_chromium
def test_screenshot_shows_the_report(tmp_path: Path) -> None:
    pytest.importorskip("PIL", reason="Pillow is needed to inspect the screenshot")
    written = html_report.write([with_findings(), *golden()], tmp_path / "html")
    page, png = written.pages[0], tmp_path / "report.png"
    screenshot(page, png, tmp_path / "profile")
    blank = tmp_path / "blank.html"
    blank.write_text('<!DOCTYPE html><html><body style="background:#e9edf2"></body></html>', encoding="utf-8")
    screenshot(blank, tmp_path / "blank.png", tmp_path / "profile")
    colours, non_white, dark = stats(png)
    _, _, blank_dark = stats(tmp_path / "blank.png")
    assert colours >= 50, f"the screenshot has only {colours} colours: the page did not render"
    assert non_white > 0.3, f"only {non_white:.0%} of the screenshot is not white"
    assert dark > blank_dark + 20_000, (
        f"too little text drawn: {dark} dark pixels against {blank_dark} on an empty page"
    )
    if len(written.pages) > 1:  # a golden seed's page renders too
        screenshot(written.pages[1], tmp_path / "seed.png", tmp_path / "profile")
        assert stats(tmp_path / "seed.png")[2] > blank_dark + 20_000


@needs_chromium
def test_chinese_glyphs_are_drawn_not_boxes(tmp_path: Path) -> None:
    """Two different Chinese strings must look different; without a CJK font both are rows of boxes."""
    pytest.importorskip("PIL", reason="Pillow is needed to inspect the screenshot")
    from PIL import Image, ImageChops

    style = open_style()
    shots = []
    for n, text in enumerate(("部门预算公开审核报告", "财政拨款收支总表勾稽")):
        html = tmp_path / f"text{n}.html"
        html.write_text(
            f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>{style}</style></head>'
            f'<body style="background:#fff"><p style="font-size:48px;margin:40px">{text}</p></body></html>',
            encoding="utf-8",
        )
        png = tmp_path / f"text{n}.png"
        screenshot(html, png, tmp_path / "profile", height=300)
        shots.append(png)
    with Image.open(shots[0]) as a, Image.open(shots[1]) as b:
        diff = ImageChops.difference(a.convert("L"), b.convert("L"))
        changed = diff.point(lambda p: 255 if p > 64 else 0).histogram()[255]
    assert changed > 2_000, (
        "two different Chinese strings render alike: no CJK font is installed (Debian: apt-get install fonts-noto-cjk)"
    )


def open_style() -> str:
    """The report's CSS (its font stack), taken from a rendered page."""
    page = html_report.render_document(clean())
    match = re.search(r"<style>(.*?)</style>", page, re.S)
    assert match
    return match.group(1)
