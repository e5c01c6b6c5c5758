"""Uploads: kept by hash outside any served folder, processed in the background, grouped into
packages as the command line groups them, bounded; one bad file never stops the job."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from tests.decisions.conftest import SAMPLE, sample_text
from yusuan.pipeline.upload_receive import Incoming, UploadLimits, leaf, member_name, receive
from yusuan.pipeline.uploads import Uploads, process_job, safe_name, wait_for
from yusuan.store.schema import DisclosureRecord
from yusuan.store.uploads import (
    BlobStore,
    JobProgress,
    UploadError,
    claim_job,
    create_job,
    document_files,
    file_of,
    job_progress,
    recent_jobs,
)


def _package() -> dict[str, bytes]:
    """A 情况说明 + 报表 package of two HTML files (as tests/store/test_cli_ingest.py builds one)."""
    from yusuan.publish.api import render
    from yusuan.synth.generate import generate

    d = next(iter(generate(1, seed=11)))
    prose = "<html><body><p>部门预算情况说明：本部门的收支预算见报表。</p></body></html>".encode()
    return {"样本县-情况说明.html": prose, "样本县-报表.html": next(iter(render(d, "html").values()))}


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _run(engine: Engine, root: Path, files: dict[str, bytes], limits: UploadLimits | None = None) -> JobProgress:
    uploads = Uploads(engine, root, limits)
    try:
        job = uploads.submit([Incoming(name, io.BytesIO(data)) for name, data in files.items()], user="张审核")
        return wait_for(engine, job, timeout=120)
    finally:
        uploads.stop(10)


def _documents(engine: Engine) -> int:
    with Session(engine) as session:
        return int(session.scalar(select(func.count()).select_from(DisclosureRecord)) or 0)


def _blobs(root: Path) -> list[Path]:
    return sorted(p for p in (root / "blobs").rglob("*") if p.is_file())


def test_a_zip_of_a_package_becomes_one_document_with_its_files_kept(engine: Engine, tmp_path: Path) -> None:
    files = _package()
    root = tmp_path / "uploads"
    progress = _run(engine, root, {"样本县2023.zip": _zip({f"样本县/{k}": v for k, v in files.items()})})
    assert progress.status == "done", progress
    assert [(f.name, f.folder, f.status_zh) for f in progress.files] == [
        ("样本县-情况说明.html", "样本县2023.zip/样本县", "完成"),
        ("样本县-报表.html", "样本县2023.zip/样本县", "完成"),
    ]
    (doc,) = {f.disclosure_id for f in progress.files}
    assert doc is not None and _documents(engine) == 1
    assert "合为一份公开文件" in progress.files[0].message and "已入库" in progress.files[0].message
    kept = document_files(engine, doc)
    assert [k.name for k in kept] == ["样本县-情况说明.html", "样本县-报表.html"]
    assert file_of(kept, "样本县-报表.html") == kept[1] and file_of(kept, None) == kept[0]
    originals = Uploads(engine, root, start=False).originals(doc)
    assert {path.read_bytes() for _, path in originals} == set(files.values())
    # names are hashes only
    assert sorted(p.name for p in _blobs(root)) == sorted(hashlib.sha256(v).hexdigest() for v in files.values())
    assert not any((root / "work").iterdir())  # the job's work folder is gone


def test_the_same_file_uploaded_twice_is_kept_and_stored_once(engine: Engine, tmp_path: Path) -> None:
    root = tmp_path / "uploads"
    data = sample_text().encode("utf-8")
    first = _run(engine, root, {SAMPLE: data, "副本.txt": data})
    assert [f.status for f in first.files] == ["done", "done"]
    assert first.files[0].outcome == "stored" and "内容相同" in first.files[1].message
    assert first.files[0].disclosure_id == first.files[1].disclosure_id is not None
    second = _run(engine, root, {"再次上传.txt": data})
    assert second.files[0].outcome == "unchanged" and second.files[0].disclosure_id == first.files[0].disclosure_id
    assert "未重复入库" in second.files[0].message
    assert _documents(engine) == 1 and len(_blobs(root)) == 1


def test_a_corrupt_file_fails_with_its_reason_and_the_others_complete(engine: Engine, tmp_path: Path) -> None:
    progress = _run(
        engine,
        tmp_path / "uploads",
        {"损坏的预算.pdf": b"%PDF-1.7\n" + os.urandom(4000), SAMPLE: sample_text().encode("utf-8")},
    )
    broken, good = progress.files
    assert (broken.status_zh, good.status_zh, progress.status_zh) == ("失败", "完成", "完成")
    assert broken.message.startswith("损坏的预算.pdf：") and "work" not in broken.message, broken.message
    assert good.outcome == "stored" and good.disclosure_id is not None
    assert progress.message.startswith("完成 1 个文件，失败 1 个")


def test_zip_slip_names_never_create_files_outside_the_root(engine: Engine, tmp_path: Path) -> None:
    root = tmp_path / "area" / "uploads"
    text = sample_text().encode("utf-8")
    evil = {"../../逃逸.txt": text, "/tmp/绝对路径.txt": b"x" * 10, "..\\..\\反斜杠.txt": b"y" * 10}
    progress = _run(engine, root, {"恶意.zip": _zip(evil)})
    assert [f.name for f in progress.files] == ["逃逸.txt", "绝对路径.txt", "反斜杠.txt"]
    assert progress.files[0].status == "done"  # read by its hash, shown by its last name part
    everything = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert all(
        root in p.parents or p.name == "store.sqlite" or p.suffix in (".sqlite-wal", ".sqlite-shm") for p in everything
    )
    assert not [p for p in everything if p.name in ("逃逸.txt", "绝对路径.txt", "反斜杠.txt")]
    assert not Path("/tmp/绝对路径.txt").exists()


def test_bounds_refuse_files_with_a_reason(engine: Engine, tmp_path: Path) -> None:
    limits = UploadLimits(max_files=3, max_file_bytes=200_000, max_total_bytes=1_000_000)
    text = sample_text().encode("utf-8")
    bomb = _zip({"炸弹.txt": b"0" * (17 * 1024 * 1024)})
    files = {
        SAMPLE: text,
        "太大.pdf": b"%PDF-1.4\n" + b"0" * 300_000,
        "程序.exe": b"MZ",
        "空的.txt": b"",
        "炸弹.zip": bomb,
    }
    progress = _run(engine, tmp_path / "uploads", files, limits)
    by_name = {f.name: f for f in progress.files}
    assert by_name[SAMPLE].status == "done"
    assert by_name["太大.pdf"].message == "太大.pdf：文件过大（上限 195 KB），未接收"
    assert "不支持的文件类型" in by_name["程序.exe"].message
    assert by_name["空的.txt"].status == "failed"  # the fourth file: over max_files
    assert "文件数上限 3 个" in by_name["空的.txt"].message
    assert by_name["炸弹.txt"].status == "failed" and "文件数上限" in by_name["炸弹.txt"].message


def test_a_zip_of_many_files_is_refused_past_the_count_in_one_line(tmp_path: Path) -> None:
    junk = {"__MACOSX/._f000.txt": b"x", "a/.DS_Store": b"x", "a/Thumbs.db": b"x", "~$f.docx": b"x", "a/": b""}
    many = _zip(junk | {f"f{n:03d}.txt": f"第 {n} 个".encode() for n in range(50)})
    limits = UploadLimits(max_files=5)
    received = receive(BlobStore(tmp_path / "uploads"), [Incoming("很多.zip", io.BytesIO(many))], limits)
    assert [r.name for r in received] == ["f000.txt", "f001.txt", "f002.txt", "f003.txt", "f004.txt", "很多.zip"]
    assert all(r.sha256 for r in received[:5])
    assert received[5].message == "很多.zip：压缩包中还有 45 个文件超过单次上传的文件数上限 5 个，未接收"


def test_a_zip_bomb_and_an_empty_file_are_refused(engine: Engine, tmp_path: Path) -> None:
    bomb = _zip({"炸弹.txt": b"0" * (17 * 1024 * 1024), "内层.zip": b"PK", "说明.doc": b"x"})
    progress = _run(engine, tmp_path / "uploads", {"炸弹.zip": bomb, "空的.txt": b""})
    messages = {f.name: f.message for f in progress.files}
    assert "压缩炸弹" in messages["炸弹.txt"]
    assert "压缩包中的压缩包不展开" in messages["内层.zip"]
    assert "不支持的文件类型" in messages["说明.doc"]
    assert "文件是空的" in messages["空的.txt"]
    assert progress.status_zh == "失败" and progress.message == "所有文件都未能接收"
    assert not _blobs(tmp_path / "uploads")


def test_a_damaged_zip_is_refused(engine: Engine, tmp_path: Path) -> None:
    progress = _run(engine, tmp_path / "uploads", {"坏的.zip": b"PK\x03\x04" + b"\x00" * 100})
    (only,) = progress.files
    assert only.status == "failed" and "不是有效的 zip 压缩包" in only.message


def test_reading_is_bounded_in_time(engine: Engine, tmp_path: Path) -> None:
    root = tmp_path / "uploads"
    uploads = Uploads(engine, root, seconds=0.0, start=False)
    job = uploads.submit([Incoming(SAMPLE, io.BytesIO(sample_text().encode("utf-8")))], user="张审核")
    assert job_progress(engine, job).status_zh == "排队"
    progress = process_job(engine, uploads.blobs, job, seconds=0.0)
    (only,) = progress.files
    assert only.status == "failed" and "读取用时超过上限" in only.message and only.message.startswith(SAMPLE)


def test_a_job_left_queued_is_taken_up_when_a_worker_starts(engine: Engine, tmp_path: Path) -> None:
    root = tmp_path / "uploads"
    idle = Uploads(engine, root, start=False)
    job = idle.submit([Incoming(SAMPLE, io.BytesIO(sample_text().encode("utf-8")))])
    worker = Uploads(engine, root)
    try:
        assert wait_for(engine, job, timeout=120).files[0].outcome == "stored"
    finally:
        worker.stop(10)


def test_a_file_whose_kept_bytes_are_gone_fails_alone(engine: Engine, tmp_path: Path) -> None:
    idle = Uploads(engine, tmp_path / "uploads", start=False)
    job = idle.submit(
        [Incoming("丢失.txt", io.BytesIO(b"lost " * 10)), Incoming(SAMPLE, io.BytesIO(sample_text().encode("utf-8")))]
    )
    lost = job_progress(engine, job).files[0]
    assert lost.sha256 is not None
    idle.blobs.path(lost.sha256).unlink()
    gone, good = process_job(engine, idle.blobs, job).files
    assert gone.status == "failed" and "找不到该文件的内容" in gone.message
    assert good.outcome == "stored"


def test_a_job_is_processed_once_and_an_interrupted_one_again(engine: Engine, tmp_path: Path) -> None:
    root = tmp_path / "uploads"
    idle = Uploads(engine, root, start=False)
    job = idle.submit([Incoming(SAMPLE, io.BytesIO(sample_text().encode("utf-8")))])
    assert claim_job(engine, job) and not claim_job(engine, job)
    untouched = process_job(engine, idle.blobs, job)  # claimed by "another worker": left alone
    assert untouched.status == "processing" and untouched.files[0].status == "queued"
    worker = Uploads(engine, root)  # a restart: the job left processing is queued again
    try:
        assert wait_for(engine, job, timeout=120).files[0].outcome == "stored"
    finally:
        worker.stop(10)
    assert [j.id for j in recent_jobs(engine)] == [job] and recent_jobs(engine, user="someone") == []


def test_names_from_the_browser_never_become_paths() -> None:
    assert leaf("C:\\Users\\x\\预算.pdf") == "预算.pdf" and leaf("../../a/b.pdf") == "b.pdf"
    assert leaf("a/\x1b]0;t\x07名.pdf") == "]0;t名.pdf"
    assert safe_name("../../../etc/passwd") == "passwd.txt"
    assert safe_name("..") == "文件.txt" and safe_name(".hidden.pdf") == "hidden.pdf"
    assert safe_name("北京市司法局-情况说明（2026）.PDF") == "北京市司法局-情况说明（2026）.pdf"
    assert safe_name("a:b*c?.docx") == "a_b_c_.docx"
    assert len(safe_name("长" * 500 + ".pdf").encode()) < 255
    with pytest.raises(UploadError):
        BlobStore("/nonexistent").path("../../etc/passwd")


def test_gbk_member_names_are_read_as_written() -> None:
    info = zipfile.ZipInfo("预算.pdf".encode("gbk").decode("cp437"))
    assert member_name(info) == "预算.pdf"


def test_a_job_without_files_fails_and_an_unknown_job_is_said(engine: Engine) -> None:
    job = create_job(engine, "张审核", [])
    assert job_progress(engine, job).status == "failed"
    with pytest.raises(UploadError, match="没有编号为 99999 的上传任务"):
        job_progress(engine, 99999)


CORPUS = Path("/work/shared/corpus")
BEIJING = ("beijing-2026-司法局-情况说明.pdf", "beijing-2026-司法局-报表.pdf")


@pytest.mark.skipif(not all((CORPUS / n).is_file() for n in BEIJING), reason="the shared corpus (../shared) is absent")
def test_a_real_two_pdf_package_is_one_document_whose_evidence_names_its_kept_files(
    engine: Engine, tmp_path: Path
) -> None:
    from yusuan.store.decisions import document_findings

    root = tmp_path / "uploads"
    progress = _run(engine, root, {f"北京/{n}": (CORPUS / n).read_bytes() for n in BEIJING})
    assert [f.status for f in progress.files] == ["done", "done"], progress
    (doc,) = {f.disclosure_id for f in progress.files}
    assert doc is not None
    kept = document_files(engine, doc)
    assert [k.name for k in kept] == list(BEIJING)
    named = {ev.file for f in document_findings(engine, doc) for ev in f.locations if ev.file}
    assert named and named <= {k.name for k in kept}
    for stored, path in Uploads(engine, root, start=False).originals(doc):
        assert path.read_bytes() == (CORPUS / stored.name).read_bytes()


def test_nul_characters_never_reach_the_database(engine: Engine) -> None:
    from yusuan.store.uploads import Received

    job = create_job(engine, "张\x00审核", [Received("a\x00.txt", "包\x00.zip", None, 0, "坏\x00了")])
    progress = job_progress(engine, job)
    assert progress.created_by == "张审核"
    assert [(f.name, f.folder, f.message) for f in progress.files] == [("a.txt", "包.zip", "坏了")]


def test_a_folder_chosen_in_the_browser_is_a_package_without_its_system_files(engine: Engine, tmp_path: Path) -> None:
    """A folder picked in the browser (``webkitdirectory``) sends each file with its path: the files of one folder
    form one package as in a zip, and its hidden and system files are not taken."""
    files = _package()
    system = {"样本县2023/Thumbs.db": b"x", "样本县2023/.DS_Store": b"y"}
    sent = {f"样本县2023/{k}": v for k, v in files.items()} | system
    progress = _run(engine, tmp_path / "uploads", sent)
    assert progress.status == "done", progress
    assert [(f.name, f.folder) for f in progress.files] == [(k, "样本县2023") for k in files]
    (doc,) = {f.disclosure_id for f in progress.files}
    assert doc is not None and _documents(engine) == 1
