"""A batch over a folder with damaged PDFs among good files always finishes: every good file is read
and reviewed, ``review -o`` writes its report, each damaged file is named with what is wrong, and the
exit status says some file failed (issue 13, item 1). A PDF truncated late enough for PyMuPDF to
repair it is read with the ``read.repaired`` reading problem and a lowered confidence (item 1:
"silently repaired")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import yusuan
from tests.hostile.files import good_files
from yusuan.cli import app
from yusuan.read.api import DAMAGED_CONFIDENCE
from yusuan.read.formats.pdf_open import REPAIRED
from yusuan.review.engine import review

runner = CliRunner()


def _cut(data: bytes, percent: int) -> bytes:
    return data[: len(data) * percent // 100]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Truncated PDFs (10/25/50 %) named to sort first, then a good file of each format."""
    root = tmp_path_factory.mktemp("batch")
    good = good_files()
    for percent in (10, 25, 50):
        (root / f"a{percent}-截断.pdf").write_bytes(_cut(good[".pdf"], percent))
    for stem, suffix in (("甲", ".pdf"), ("乙", ".docx"), ("丙", ".xlsx"), ("丁", ".html"), ("戊", ".txt")):
        (root / f"{stem}{suffix}").write_bytes(good[suffix])
    return root


def test_review_reads_every_good_file_and_writes_the_report(folder: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    result = runner.invoke(app, ["review", str(folder), "-o", str(report)])
    assert result.exit_code == 2, result.output  # some file could not be read
    assert "Traceback" not in result.output
    sources = sorted(d["source"] for d in json.loads(report.read_text(encoding="utf-8"))["documents"])
    assert sources == sorted(["甲.pdf", "乙.docx", "丙.xlsx", "丁.html", "戊.txt"])
    for percent in (10, 25, 50):
        name = folder / f"a{percent}-截断.pdf"
        assert f"{name}：PDF 文件已损坏或不完整" in result.output, result.output


def test_parse_goes_on_after_a_truncated_pdf(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["parse", str(folder), "-o", str(out)])
    assert result.exit_code == 2, result.output
    written = sorted(p.name for p in out.glob("*.json"))
    assert written == sorted(["甲.json", "乙.json", "丙.json", "丁.json", "戊.json"]), result.output


@pytest.mark.parametrize("percent", [10, 25, 50])
def test_a_pdf_cut_early_is_a_read_error_naming_the_file(tmp_path: Path, percent: int) -> None:
    path = tmp_path / "cut.pdf"
    path.write_bytes(_cut(good_files()[".pdf"], percent))
    with pytest.raises(yusuan.ReadError) as info:
        yusuan.read(path)
    assert info.value.code == "read.corrupt"
    assert str(info.value).startswith(f"{path}：PDF 文件已损坏或不完整")


def test_a_repaired_pdf_is_flagged_with_lower_confidence(tmp_path: Path) -> None:
    whole = tmp_path / "whole.pdf"
    whole.write_bytes(good_files()[".pdf"])
    sound = yusuan.read(whole)
    assert not [p for p in sound.problems if p.code.startswith("read.")]
    path = tmp_path / "cut.pdf"
    path.write_bytes(_cut(good_files()[".pdf"], 90))
    d = yusuan.read(path)
    problems = [p for p in d.problems if p.code == REPAIRED]
    assert len(problems) == 1, d.problems
    message = problems[0].message
    assert message.startswith("cut.pdf：PDF 文件已损坏") and "没有内容" in message  # the pages lost are said
    assert d.reading is not None and sound.reading is not None
    # what is left may add up perfectly: the confidence of a damaged file is at most DAMAGED_CONFIDENCE
    assert d.reading.confidence <= DAMAGED_CONFIDENCE < sound.reading.confidence
    assert all(t.confidence <= DAMAGED_CONFIDENCE for t in d.reading.tables)
    assert d.reading.notes[0] == "文件已损坏，读出的内容可能不完整（见读取问题），读取可信度按 50% 计"
    # the review reports it (a reading problem, as a warning), never as a clean document
    findings = [f for f in review(d).findings if f.rule == "unreadable"]
    assert [f.message for f in findings] == [message]


def test_a_pdf_whose_every_page_fails_is_corrupt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A PyMuPDF failure on a page (RuntimeError, anything) is never a traceback: the page is left out
    with a problem, and a file with no page left is ``read.corrupt``."""
    from yusuan.read.formats import pdf

    path = tmp_path / "x.pdf"
    path.write_bytes(good_files()[".pdf"])

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("code=2: cannot parse page")

    monkeypatch.setattr(pdf, "_extract", broken)
    with pytest.raises(yusuan.ReadError) as info:
        yusuan.read(path)
    assert info.value.code == "read.corrupt" and "都无法解析" in str(info.value)


def test_a_page_that_fails_is_left_out_with_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from yusuan.read.formats import pdf

    path = tmp_path / "x.pdf"
    path.write_bytes(good_files()[".pdf"])
    real = pdf._extract

    def second_fails(doc: object, number: int, *args: object) -> object:
        if number == 1:
            raise ValueError("bad page")
        return real(doc, number, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf, "_extract", second_fails)
    d = yusuan.read(path)
    problems = [p for p in d.problems if p.code == "read.pages_unreadable"]
    assert problems and "第 2 页无法解析" in problems[0].message and problems[0].location.page == 2
    assert d.reading is not None and d.reading.notes[0].startswith("文件已损坏")


def test_a_package_with_a_repaired_file_keeps_its_problem(tmp_path: Path) -> None:
    cut = tmp_path / "示例局-报表.pdf"
    cut.write_bytes(_cut(good_files()[".pdf"], 90))
    narrative = tmp_path / "示例局-情况说明.docx"
    narrative.write_bytes(good_files()[".docx"])
    d = yusuan.read_package([narrative, cut])
    assert [p.code for p in d.problems if p.code.startswith("read.")] == [REPAIRED]
    assert d.reading is not None and d.reading.confidence <= DAMAGED_CONFIDENCE
    # the problem names the file of the package it is in (and the review's finding points there)
    assert [p.location.file for p in d.problems if p.code == REPAIRED] == [cut.name]


def test_ingest_keeps_the_good_version_current_over_a_repaired_one(tmp_path: Path) -> None:
    """End to end: the reader's ``read.repaired`` problem reaches the store, which keeps the good
    version current and says so (the store's policy: yusuan.store.quality)."""
    db = f"sqlite:///{tmp_path / 'store.db'}"
    good = tmp_path / "示例局.pdf"
    good.write_bytes(good_files()[".pdf"])
    cut = tmp_path / "later" / "示例局.pdf"
    cut.parent.mkdir()
    cut.write_bytes(_cut(good_files()[".pdf"], 90))
    first = runner.invoke(app, ["ingest", "--db", db, str(good)])
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, ["ingest", "--db", db, str(cut)])
    assert "Traceback" not in second.output
    assert "待确认" in second.output and "PDF 文件已损坏" in second.output, second.output
    assert "未替换当前版本" in second.output, second.output
