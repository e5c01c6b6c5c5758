"""PDF bounds enforced before the expensive work (issue 13, item 6): a page with more than
``MAX_WORDS_PER_PAGE`` words, or a document with more than ``MAX_WORDS``, is refused right after
PyMuPDF's extraction of that page, before its layout (grids, columns, lines) is rebuilt; a file over
``MAX_PDF_BYTES`` is refused before it is opened.

Measured cost at the bound (this machine, 2 shared cores): a page of 10,000 words reads in ~0.6 s;
40 such pages (400,000 words, the document bound) in ~6.6 s; a page of 100,000 words is refused in
~0.8 s including start-up (it took 2.4 s to read before; 200 such pages took 107 s)."""

from __future__ import annotations

from pathlib import Path

import pytest

import yusuan
from tests.hostile.files import good_files, words_pdf
from tests.readers.hostile_probe import probe
from yusuan.read.formats import pdf, pdf_open

ROOT = Path(__file__).resolve().parents[2]


def test_a_page_over_the_word_bound_is_refused_before_its_layout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = words_pdf(tmp_path / "words.pdf", pages=2, words=1_500)
    monkeypatch.setattr(pdf, "MAX_WORDS_PER_PAGE", 1_000)

    def no_layout(*args: object, **kwargs: object) -> object:
        raise AssertionError("the layout of a page over the bound was read")

    monkeypatch.setattr(pdf, "find_column_tables", no_layout)
    monkeypatch.setattr(pdf, "_page_blocks", no_layout)
    with pytest.raises(yusuan.ReadError) as info:
        yusuan.read(path)
    assert info.value.code == "read.too_large"
    assert str(info.value) == (
        f"{path}：第 1 页有 1500 个词，超过每页上限 1000 个，不像是预算公开文件，拒绝读取"
    )


def test_a_document_over_the_word_bound_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = words_pdf(tmp_path / "words.pdf", pages=3, words=800)
    monkeypatch.setattr(pdf, "MAX_WORDS", 2_000)
    with pytest.raises(yusuan.ReadError) as info:
        yusuan.read(path)
    assert info.value.code == "read.too_large"
    assert "读到第 3 页时已有 2400 个词，超过全文上限 2000 个" in str(info.value)


def test_a_file_over_the_size_bound_is_refused_unopened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = words_pdf(tmp_path / "words.pdf", pages=1, words=10)
    monkeypatch.setattr(pdf_open, "MAX_PDF_BYTES", 100)

    def no_open(*args: object, **kwargs: object) -> object:
        raise AssertionError("opened")

    monkeypatch.setattr(pdf_open, "pymupdf_module", no_open)
    with pytest.raises(yusuan.ReadError) as info:
        yusuan.read(path)
    assert info.value.code == "read.too_large" and "PDF 文件过大" in str(info.value)


def test_a_page_of_twenty_thousand_words_is_refused_quickly(tmp_path: Path) -> None:
    """Measured in a child process (tests/readers/hostile_probe.py: the growth of the peak resident
    memory during the read, after a warm-up read of a good PDF): refused in under 2 s and 100 MB."""
    path = words_pdf(tmp_path / "words.pdf", pages=1, words=20_000)
    good = tmp_path / "good.pdf"
    good.write_bytes(good_files()[".pdf"])
    outcome = probe([["warm-up", "read", str(good)], ["words", "read", str(path)]], tmp_path, timeout=120)["words"]
    assert outcome["error"] is not None and "超过每页上限" in outcome["error"], outcome
    # ~0.2 s and ~40 MB alone; the bounds leave room for a loaded CI machine
    assert outcome["seconds"] < 2 and outcome["peak_growth_mb"] < 100, outcome
