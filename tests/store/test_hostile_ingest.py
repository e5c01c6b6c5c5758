"""Ingest under hostile input (issue 13): nothing stored is lost or replaced by a worse reading.

* a document with nothing read (no amount, no narrative figure) is not stored at all;
* a damaged or repaired reading (a ``read.*`` problem), or one with tables or cells missing, is kept
  aside as a ``candidate`` — stored, not current — and the message names both files; ``force``
  and :func:`make_current` replace the current version on purpose;
* files are checked before they are read: a FIFO is refused at once, an oversized file before a
  byte is read, and hashing streams (flat memory).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from tests.conftest import SHARED
from tests.store.variants import region, variant
from yusuan.cli import app
from yusuan.model import Disclosure, Problem, Staffing, Table
from yusuan.publish.textlayout import render_docx_text
from yusuan.review.engine import review
from yusuan.store.departments import list_departments, merge_departments
from yusuan.store.files import MAX_SOURCE_BYTES, checked_size, hash_file
from yusuan.store.history import department_history
from yusuan.store.ingest import IngestResult, Source, ingest_file, store_disclosure
from yusuan.store.listing import entries
from yusuan.store.quality import make_current, reading_of, worse
from yusuan.store.schema import DisclosureRecord

runner = CliRunner()


def _store(engine: Engine, d: Disclosure, name: str, *, force: bool = False) -> IngestResult:
    """Store ``d`` as read from a file ``name`` (its content: the disclosure's JSON)."""
    data = d.model_dump_json().encode()
    return store_disclosure(engine, d, review(d), [Source.of(name, data)], force=force)


def _current(engine: Engine) -> list[tuple[int, int, bool]]:
    with Session(engine) as s:
        rows = s.execute(
            select(DisclosureRecord.id, DisclosureRecord.version, DisclosureRecord.current).order_by(
                DisclosureRecord.id
            )
        )
        return [(r[0], r[1], r[2]) for r in rows]


def _repaired(d: Disclosure) -> Disclosure:
    d.problems.append(Problem(code="read.repaired", message="PDF 已损坏，经修复后读取，部分内容可能缺失"))
    return d


def _without(d: Disclosure, *tables: str) -> Disclosure:
    for t in tables:
        del d.tables[t]
    return d


# --- nothing read ----------------------------------------------------------------------------------


def test_a_document_with_nothing_read_is_not_stored(engine: Engine) -> None:
    good = _store(engine, variant(1), "good.pdf")
    empty = variant(1, shift=7)
    empty.tables.clear()
    empty.narrative.claims.clear()
    targets_only = empty.model_copy(deep=True)
    assert targets_only.performance and not reading_of(targets_only).empty  # a 绩效目标表 alone is data
    empty.performance.clear()
    empty.procurement.lines.clear()
    empty.assets.rows.clear()
    assert reading_of(empty).empty
    result = _store(engine, empty, "docx-named.pdf")
    assert result.status == "failed" and result.disclosure_id is None
    assert result.message.startswith("docx-named.pdf：没有读出任何数据"), result.message
    assert _current(engine) == [(good.disclosure_id, 1, True)]


def test_nothing_read_fails_alone_in_a_batch(engine: Engine, db_url: str, tmp_path: Path) -> None:
    """A file that reads as a department and year with no amount: refused, the next file stored."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "1-empty.txt").write_text(
        f"{region(9)}人民代表大会常务委员会\n2023年部门预算\n一、部门职责\n负责本部门的日常工作。\n", encoding="utf-8"
    )
    (folder / "2-good.txt").write_text(render_docx_text(variant(2)), encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(folder), "--db", db_url])
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 2), result.output
    assert "新入库 1" in result.stdout, result.output
    assert [e.department for e in entries(engine)] == [variant(2).department.name]


# --- worse readings --------------------------------------------------------------------------------


def test_a_repaired_reading_does_not_replace_a_good_version(engine: Engine) -> None:
    good = _store(engine, variant(1), "司法局.pdf")
    bad = _store(engine, _repaired(variant(1, shift=5)), "司法局-repaired.pdf")
    assert bad.status == "candidate" and bad.version == 2
    assert "读取时有问题" in bad.message and "PDF 已损坏" in bad.message
    assert f"未替换当前版本第 {good.disclosure_id} 号（司法局.pdf）" in bad.message
    assert bad.message.startswith("司法局-repaired.pdf：")
    assert _current(engine) == [(good.disclosure_id, 1, True), (bad.disclosure_id, 2, False)]
    [entry] = entries(engine)
    assert entry.id == good.disclosure_id
    [department] = list_departments(engine)
    history = department_history(engine, department.id)
    assert [y.source_file for y in history.years] == ["司法局.pdf"]


def test_missing_tables_or_cells_keep_the_current_version(engine: Engine) -> None:
    good = _store(engine, variant(1), "a.docx")
    half = _store(engine, _without(variant(1, shift=3), "expenditure", "basic_expenditure"), "a-partial.docx")
    assert half.status == "candidate", half.message
    assert "缺少当前版本中的" in half.message and "个金额，当前版本有" in half.message
    assert [e.id for e in entries(engine)] == [good.disclosure_id]


def test_a_correction_with_the_same_reading_replaces(engine: Engine) -> None:
    _store(engine, variant(1), "a.docx")
    corrected = _store(engine, variant(1, shift=40), "a-更正.docx")
    assert (corrected.status, corrected.version, corrected.message) == ("new_version", 2, "")
    assert [e.id for e in entries(engine)] == [corrected.disclosure_id]


def test_a_good_reading_replaces_a_damaged_one(engine: Engine) -> None:
    first = _store(engine, _repaired(variant(1)), "a.pdf")
    assert first.status == "stored" and "读取时有问题" in first.message and "已入库，请核对" in first.message
    second = _store(engine, variant(1, shift=2), "a-good.pdf")
    assert (second.status, second.message) == ("new_version", "")
    assert [e.id for e in entries(engine)] == [second.disclosure_id]


def test_force_and_make_current_replace_on_purpose(engine: Engine) -> None:
    good = _store(engine, variant(1), "a.pdf")
    kept = _store(engine, _repaired(variant(1, shift=5)), "b.pdf")
    assert kept.status == "candidate" and kept.disclosure_id is not None
    promoted = make_current(engine, kept.disclosure_id)
    assert promoted.replaced == good.disclosure_id and "已设为当前版本" in promoted.message
    assert [e.id for e in entries(engine)] == [kept.disclosure_id]
    assert "已是当前版本" in make_current(engine, kept.disclosure_id).message
    forced = _store(engine, _without(variant(1, shift=9), "expenditure"), "c.pdf", force=True)
    assert forced.status == "new_version" and "按要求仍替换了" in forced.message
    assert [e.id for e in entries(engine)] == [forced.disclosure_id]


def test_a_merge_keeps_a_candidate_aside(engine: Engine) -> None:
    """Merging departments settles versions: the current stays current, the candidate aside."""
    good = _store(engine, variant(1), "a.pdf")
    kept = _store(engine, _repaired(variant(1, shift=5)), "b.pdf")
    other = variant(2)
    other.department.region = variant(1).department.region
    other.year = 2024
    _store(engine, other, "c.pdf")
    ids = sorted(s.id for s in list_departments(engine))
    assert len(ids) == 2
    merge_departments(engine, ids[0], ids[1], force=True)
    current = {e.id for e in entries(engine)}
    assert good.disclosure_id in current and kept.disclosure_id not in current


def test_worse_is_judged_on_reading_not_amounts() -> None:
    base = reading_of(variant(1))
    assert worse(reading_of(variant(1, shift=50)), base) == []
    assert worse(reading_of(_repaired(variant(1))), reading_of(_repaired(variant(1)))) == []
    assert worse(reading_of(_repaired(variant(1))), base)


def test_the_cli_says_which_version_stays_current(engine: Engine, db_url: str, tmp_path: Path) -> None:
    good = tmp_path / "县人大.txt"
    good.write_text(render_docx_text(variant(1)), encoding="utf-8")
    partial = tmp_path / "县人大-残缺.txt"
    partial.write_text(
        render_docx_text(_without(variant(1, shift=4), "expenditure", "basic_expenditure")), encoding="utf-8"
    )
    assert runner.invoke(app, ["ingest", str(good), "--db", db_url]).exit_code == 0
    result = runner.invoke(app, ["ingest", str(partial), "--db", db_url])
    assert "Traceback" not in result.output
    assert result.exit_code == 0 and "待确认 1" in result.stdout, result.output
    assert f"待确认 {partial}：" in result.stderr and "未替换当前版本第 1 号（县人大.txt）" in result.stderr
    listed = json.loads(runner.invoke(app, ["list", "--json", "--db", db_url]).stdout)
    assert [e["id"] for e in listed] == [1]
    current = runner.invoke(app, ["show", "1", "--db", db_url]).stdout
    assert "第 1 版" in current and "取代" not in current  # a version kept aside supersedes nothing
    kept = runner.invoke(app, ["show", "2", "--db", db_url]).stdout
    assert "第 2 版（未设为当前版本；当前为第 1 版）" in kept
    shown = json.loads(runner.invoke(app, ["show", "2", "--json", "--db", db_url]).stdout)
    assert (shown["version"], shown["current"], shown["newest_version"]) == (2, False, 1)
    assert "yusuan show 2 --make-current" in result.stderr  # the message names the command that promotes it
    promoted = runner.invoke(app, ["show", "2", "--make-current", "--db", db_url])
    assert promoted.exit_code == 0
    assert "第 2 号（县人大-残缺.txt，第 2 版）已设为当前版本，替换第 1 号" in promoted.stderr
    assert [e["id"] for e in json.loads(runner.invoke(app, ["list", "--json", "--db", db_url]).stdout)] == [2]


def test_the_cli_force_replaces_with_a_worse_reading(engine: Engine, db_url: str, tmp_path: Path) -> None:
    good = tmp_path / "县人大.txt"
    good.write_text(render_docx_text(variant(1)), encoding="utf-8")
    partial = tmp_path / "县人大-残缺.txt"
    partial.write_text(render_docx_text(_without(variant(1, shift=4), "expenditure")), encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(good), "--db", db_url]).exit_code == 0
    forced = runner.invoke(app, ["ingest", str(partial), "--force", "--db", db_url])
    assert forced.exit_code == 0 and "待确认" not in forced.stdout, forced.output
    assert [e["id"] for e in json.loads(runner.invoke(app, ["list", "--json", "--db", db_url]).stdout)] == [2]


# --- files checked before they are read ------------------------------------------------------------


def test_a_fifo_is_refused_at_once(engine: Engine, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    began = time.monotonic()
    result = ingest_file(engine, fifo)
    assert time.monotonic() - began < 2
    assert result.status == "failed" and "不是普通文件" in result.message and str(fifo) in result.message


@pytest.mark.parametrize(
    ("name", "size", "head"),
    [
        ("huge.pdf", MAX_SOURCE_BYTES + 1, b"%PDF-1.7\n"),
        ("big.txt", 65 * 1024 * 1024, b"x"),
        ("big.html", 17 << 20, b"<html>"),
    ],
)
def test_oversized_files_are_refused_before_reading(tmp_path: Path, name: str, size: int, head: bytes) -> None:
    path = tmp_path / name
    with path.open("wb") as fh:  # sparse: no disk used
        fh.write(head)
        fh.truncate(size)
    began = time.monotonic()
    with pytest.raises(Exception) as raised:
        checked_size(path)
    assert time.monotonic() - began < 1
    assert getattr(raised.value, "code", None) == "read.too_large" and "文件过大" in str(raised.value)
    assert name in str(raised.value)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="measures memory through /proc (Linux)")
def test_hashing_streams(tmp_path: Path) -> None:
    """Hash a 200 MB file in a child process: its peak memory grows by far less than the file."""
    path = tmp_path / "large.pdf"
    with path.open("wb") as fh:
        fh.write(b"%PDF-1.7\n")
        fh.truncate(200 * 1024 * 1024)
    # the child's own memory (/proc VmRSS before, VmHWM after — since its exec); ru_maxrss would start at the forked
    # copy of this test process and hide the growth
    code = (
        "import sys; from pathlib import Path; from yusuan.store.files import hash_file\n"
        "def kb(field): return int(open('/proc/self/status').read().split(field + ':')[1].split()[0])\n"
        "before = kb('VmRSS')\n"
        "digest, size = hash_file(Path(sys.argv[1]))\n"
        "print(size, (kb('VmHWM') - before) // 1024)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60, check=True
    )
    size, grown_mb = (int(x) for x in out.stdout.split())
    assert size == 200 * 1024 * 1024 and grown_mb < 20, out.stdout
    assert hash_file(path)[0] == Source.of("x", path.read_bytes()).sha256


# --- a real PDF cut short ----------------------------------------------------------------------------

CUT_SOURCE = SHARED / "corpus" / "national" / "深圳-2026年深圳市医疗保障局部门预算.pdf"


@pytest.mark.parametrize("share", [0.5, 0.9, 0.99])
def test_a_truncated_pdf_never_replaces_the_good_one(engine: Engine, tmp_path: Path, share: float) -> None:
    """A download cut short — unreadable (failed) or repaired (a read.* problem, fewer cells): kept
    aside at most, the whole file stays current."""
    if not CUT_SOURCE.exists():
        pytest.skip(f"corpus not available: {CUT_SOURCE}")
    data = CUT_SOURCE.read_bytes()
    good = tmp_path / "good.pdf"
    good.write_bytes(data)
    cut = tmp_path / f"cut-{share}.pdf"
    cut.write_bytes(data[: int(len(data) * share)])
    first = ingest_file(engine, good)
    assert first.status == "stored", first.message
    result = ingest_file(engine, cut)
    assert result.status in ("failed", "candidate"), result
    assert result.message.startswith(f"{cut}：") or result.message.startswith(f"{cut.name}："), result.message
    assert [e.id for e in entries(engine)] == [first.disclosure_id]
    if result.status == "candidate":
        assert "未替换当前版本" in result.message and "good.pdf" in result.message


# --- texts longer than their columns -----------------------------------------------------------------


def test_overlong_texts_are_cut_to_their_columns(engine: Engine) -> None:
    """PostgreSQL refused a document whose department name (read from a hostile file) exceeded 200
    characters; the texts are cut to their columns, the full text kept in the model, and the next
    version of the same department matches it."""
    long_name = '[/]=HYPERLINK("x")' + "很长的部门名称" * 60

    def hostile(shift: int) -> Disclosure:
        d = variant(1, shift=shift)
        d.department.name = long_name
        d.department.region = "区" * 150
        d.department.code = "1" * 40
        table = next(t for t in d.tables.values() if isinstance(t, Table) and t.rows)
        table.rows[0].name = "行" * 400
        if d.narrative.claims:
            d.narrative.claims[0].label = "标" * 300
        return d

    first = _store(engine, hostile(1), "a.pdf")
    second = _store(engine, hostile(2), "b.pdf")
    assert (first.status, second.status, second.version) == ("stored", "new_version", 2), second.message
    [department] = list_departments(engine)
    assert department.name == long_name[:200]
    with Session(engine) as s:
        model = s.scalar(select(DisclosureRecord.model_json).where(DisclosureRecord.id == second.disclosure_id))
    assert model is not None and json.loads(model)["department"]["name"] == long_name


@pytest.mark.parametrize(
    ("value", "why"),
    [
        (Decimal("1e25"), "超出可保存的范围"),
        (Decimal("9e15"), "超出可保存的范围"),  # PostgreSQL took it, SQLite overflowed
        (Decimal("1.1234567"), "小数超过 6 位"),  # PostgreSQL rounded it, SQLite refused
        (Decimal("NaN"), "不是一个有限的数"),  # PostgreSQL stored NaN
        (Decimal("-Infinity"), "不是一个有限的数"),
    ],
)
def test_amounts_the_store_cannot_keep_are_refused_alike(engine: Engine, value: Decimal, why: str) -> None:
    good = _store(engine, variant(1), "a.pdf")
    d = variant(1, shift=3)
    table = next(t for t in d.tables.values() if isinstance(t, Table) and t.rows and t.rows[0].values)
    table.rows[0].values[next(iter(table.rows[0].values))] = value
    # The review of the consistent variant: a review's evidence refuses a value that is not finite.
    result = store_disclosure(engine, d, review(variant(1)), [Source.of("hostile.pdf", b"hostile")])
    assert result.status == "failed" and result.message.startswith("hostile.pdf：") and why in result.message
    assert "未入库" in result.message
    assert _current(engine) == [(good.disclosure_id, 1, True)]


def test_a_count_beyond_its_column_is_refused(engine: Engine) -> None:
    d = variant(1)
    d.staffing = Staffing(total=10**12, sentence="本部门编制人数1000000000000人")
    result = _store(engine, d, "staff.pdf")
    assert result.status == "failed" and "人数" in result.message and "超出可保存的范围" in result.message
