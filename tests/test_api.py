"""The top-level Python API (``yusuan.review``, ``yusuan.ingest``, ``yusuan.publish``) and the one
error root (``yusuan.YusuanError``)."""

from __future__ import annotations

import pickle
import subprocess
import sys
import types
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

import yusuan
from yusuan.errors import Location, YusuanError
from yusuan.model import Disclosure
from yusuan.pipeline.api import Published
from yusuan.review.engine import DocumentReview
from yusuan.review.results import Batch

runner = CliRunner()
CONSISTENT = "示例县人大常委会-2023-一致.txt"


def _sample(name: str = CONSISTENT) -> Path:
    return Path(str(resources.files("yusuan").joinpath("data", "examples", name)))


def test_import_stays_cheap() -> None:
    code = (
        "import sys, yusuan; "
        "heavy = [m for m in ('sqlalchemy', 'yusuan.pipeline.api', 'yusuan.store.db', 'pymupdf') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_review_files_and_a_disclosure() -> None:
    batch = yusuan.review(_sample())
    assert isinstance(batch, Batch) and len(batch.items) == 1 and not batch.failures
    reviewed = batch.items[0]
    assert reviewed.disclosure.department.name and batch.exit_code == 0
    again = yusuan.review(reviewed.disclosure)
    assert isinstance(again, DocumentReview)
    assert [f.rule for f in again.findings] == [f.rule for f in reviewed.review.findings]
    wrong = yusuan.review([_sample(), _sample("示例县人大常委会-2023-有误.txt")], separate=True)
    assert len(wrong.items) == 2 and wrong.errors > 0 and wrong.exit_code == 1


def test_review_without_arguments_reviews_the_samples() -> None:
    batch = yusuan.review()
    assert len(batch.items) == 2 and not batch.failures


def test_review_of_an_unreadable_file_is_a_failure_not_an_exception(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary")
    batch = yusuan.review([bad, _sample()])
    assert len(batch.items) == 1 and batch.exit_code == 2
    assert batch.failures[0].message.startswith(f"{bad}：这是无法识别的二进制文件")


def test_review_and_publish_are_still_the_stage_packages() -> None:
    import yusuan.publish.api
    import yusuan.review.engine

    assert isinstance(yusuan.review, types.ModuleType) and isinstance(yusuan.publish, types.ModuleType)
    assert callable(yusuan.review.engine.review) and callable(yusuan.publish.api.publish)


def test_ingest_into_a_sqlite_file(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    first = yusuan.ingest([_sample(), tmp_path / "missing.txt"], db=db)
    assert first.summary() == "新入库 1、新版本 0、未变化 0、失败 1" and first.exit_code == 2
    assert first.failures[0].message == f"{tmp_path / 'missing.txt'}：文件不存在"
    again = yusuan.ingest(_sample(), db=db)
    assert again.summary() == "新入库 0、新版本 0、未变化 1、失败 0" and again.exit_code == 0
    assert first.results[0].status == "stored" and again.results[0].disclosure_id == first.results[0].disclosure_id


def test_ingest_takes_an_engine_and_reports_progress(tmp_path: Path) -> None:
    from yusuan.store.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'store.sqlite'}")
    seen: list[object] = []
    batch = yusuan.ingest(
        [_sample()],
        engine,
        start=seen.append,
        before=lambda p: seen.append(p.name),
        after=lambda r: seen.append(r.status),
    )
    engine.dispose()
    assert batch.count("stored") == 1 and seen == [1, str(_sample()), "stored"]


def test_ingest_into_a_store_that_cannot_be_opened_raises() -> None:
    from yusuan.store.db import StoreError

    with pytest.raises(StoreError) as caught:
        yusuan.ingest(_sample(), db="nosuchdriver://x")
    assert caught.value.code == "store.unavailable" and caught.value.exit_code == 2
    assert isinstance(caught.value, YusuanError) and "无法打开数据库" in str(caught.value)


def _generated() -> Disclosure:
    from yusuan.synth.generate import generate

    return next(iter(generate(1, seed=11)))


def test_publish_a_disclosure_and_an_input_file(tmp_path: Path) -> None:
    from yusuan.model import jsonio

    d = _generated()
    done = yusuan.publish(d, tmp_path / "公开.html")
    assert isinstance(done, Published) and not done.blocked
    assert done.written == [tmp_path / "公开.html"] and done.written[0].read_bytes().startswith(b"<!DOCTYPE html>")
    back = yusuan.read(done.written[0])
    assert (back.department.name, back.year) == (d.department.name, d.year) and set(back.tables) == set(d.tables)
    source = tmp_path / "budget.json"
    source.write_text(jsonio.to_json(d), encoding="utf-8")
    text = yusuan.publish(source, tmp_path / "out" / "公开", format="txt")
    assert [p.name for p in text.written] == ["公开-docx.txt", "公开-pdf.txt"]


def test_publish_errors_have_codes(tmp_path: Path) -> None:
    d = _generated()
    with pytest.raises(YusuanError) as caught:
        yusuan.publish(d, tmp_path / "x.pdf", format="odt")
    assert caught.value.code == "publish.format" and "不支持的格式“odt”" in str(caught.value)
    with pytest.raises(YusuanError) as caught:
        yusuan.publish(d, tmp_path / "x.pdf", template="nowhere-1999")
    assert caught.value.code == "publish.template"
    with pytest.raises(YusuanError) as caught:
        yusuan.publish(tmp_path / "missing.json", tmp_path / "x.pdf")
    assert caught.value.code == "publish.input" and str(caught.value) == f"{tmp_path / 'missing.json'}：文件不存在"


def test_every_stage_error_derives_from_the_root() -> None:
    from yusuan.domain.classification import ReferenceDataError
    from yusuan.publish.inputs import InputError
    from yusuan.read.text import DecodeError
    from yusuan.store.compare import CompareError
    from yusuan.store.db import StoreError
    from yusuan.store.departments import AmbiguousDepartment, DepartmentError
    from yusuan.store.export import ExportError

    codes = {
        yusuan.ReadError: "read.unreadable",
        DecodeError: "read.undecodable",
        ReferenceDataError: "reference.malformed",
        InputError: "publish.input",
        CompareError: "compare.filter",
        ExportError: "export.invalid",
        StoreError: "store.unavailable",
        DepartmentError: "department.invalid",
    }
    for cls, code in codes.items():
        exc = cls("某文件：出错了")
        assert isinstance(exc, YusuanError) and exc.code == code and exc.exit_code == 2
        assert str(exc) == "某文件：出错了" and exc.message == "某文件：出错了"
    assert issubclass(DecodeError, ValueError) and issubclass(CompareError, ValueError)  # old `except` still works
    ambiguous = AmbiguousDepartment("人大", [])
    assert isinstance(ambiguous, DepartmentError) and ambiguous.code == "department.ambiguous"


def test_read_errors_carry_a_code_and_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "无此文件.txt"
    with pytest.raises(yusuan.ReadError) as caught:
        yusuan.read(missing)
    exc = caught.value
    assert (exc.code, exc.location, str(exc)) == (
        "read.not_found",
        Location(file=str(missing)),
        f"{missing}：文件不存在",
    )
    assert exc.describe() == {"code": "read.not_found", "message": str(exc), "location": {"file": str(missing)}}
    fake = tmp_path / "表格.xlsx"
    fake.write_text("这不是工作簿，而是一段文字。\n" * 3, encoding="utf-8")
    with pytest.raises(yusuan.ReadError) as caught:
        yusuan.read(fake)
    assert caught.value.code == "read.wrong_format"
    empty = tmp_path / "空.txt"
    empty.write_bytes(b"")
    with pytest.raises(yusuan.ReadError) as caught:
        yusuan.read(empty)
    assert caught.value.code == "read.empty"


def test_errors_survive_pickling() -> None:
    exc = yusuan.ReadError("甲.pdf：PDF 已加密", code="read.encrypted", location=Location(file="甲.pdf", page=2))
    again = pickle.loads(pickle.dumps(exc))
    assert (type(again), again.code, again.location, str(again)) == (
        yusuan.ReadError,
        "read.encrypted",
        Location(file="甲.pdf", page=2),
        "甲.pdf：PDF 已加密",
    )


def test_the_command_line_reports_an_error_once_with_its_text_verbatim(tmp_path: Path) -> None:
    from yusuan.cli import app

    odd = tmp_path / "[bold]报表[/bold].txt"
    result = runner.invoke(app, ["parse", str(odd)])
    assert result.exit_code == 2 and f"错误：{odd}：文件不存在" in result.stderr
    result = runner.invoke(app, ["publish", str(tmp_path / "missing.json"), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2 and f"错误：{tmp_path / 'missing.json'}：文件不存在" in result.stderr
    assert "Traceback" not in result.output


def test_a_read_error_names_its_file_as_the_location(tmp_path: Path) -> None:
    fake = tmp_path / "网页.html"
    fake.write_bytes(b"%PDF-1.4 but not really")
    with pytest.raises(yusuan.ReadError) as caught:
        yusuan.read(fake)
    assert caught.value.location is not None and caught.value.location.file == str(fake)


def test_the_driver_goes_on_after_a_bad_package_and_stops_on_ctrl_c(monkeypatch: pytest.MonkeyPatch) -> None:
    from yusuan.pipeline import batch

    def flaky(path: str | Path) -> Disclosure:
        if Path(path).name == "bug.txt":
            raise RuntimeError("reader bug")
        if Path(path).name == "stop.txt":
            raise KeyboardInterrupt
        return yusuan.read_text("", source=Path(path).name)

    monkeypatch.setattr(batch, "read", flaky)
    items = [batch.Package((Path(n),)) for n in ("a.txt", "bug.txt", "b.txt", "stop.txt", "c.txt")]
    run = batch.drive(items, batch.read_and_review, batch.failure, interruptible=True)
    assert run.interrupted and len(run.results) == 3
    assert run.results[1] == batch.Failure("bug.txt", "bug.txt：处理时出错（RuntimeError：reader bug）")
    with pytest.raises(KeyboardInterrupt):
        batch.drive(items, batch.read_and_review, batch.failure)


def test_packages_are_grouped_by_name_unless_told_otherwise() -> None:
    from yusuan.pipeline.batch import packages

    files = [Path("d/甲县-情况说明.pdf"), Path("d/甲县-报表.pdf"), Path("d/乙县.pdf")]
    assert [p.files for p in packages(files)] == [tuple(files[:2]), (files[2],)]
    assert [p.files for p in packages(files, separate=True)] == [(f,) for f in files]
    assert [p.files for p in packages(files, as_one=True)] == [tuple(files)]
    assert packages(files)[0].name == "d/甲县-情况说明.pdf + d/甲县-报表.pdf"
    # the same stem in two formats is one part twice (a PDF and its workbook), not a package of parts
    same = [Path("d/丙县单位预算.pdf"), Path("d/丙县单位预算.xlsx"), Path("d/丁县-说明.docx"), Path("d/丁县-报表.xlsx")]
    assert [p.files for p in packages(same)] == [(same[0],), (same[1],), tuple(same[2:])]
