"""Issue 13 (7, outputs): every output is written to a temporary file and renamed into place; ``-o``
never follows a symbolic link (refused with a Chinese message, the link's target untouched); the
command line says when it replaces a file; an HTML report folder holds only the current report and
never writes outside itself."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.test_review_cli import docs, touch
from yusuan.cli import app
from yusuan.report import html_report
from yusuan.report.safe_write import OutputError, atomic_open, child, write_text
from yusuan.store.db import make_engine, upgrade

__all__ = ["docs"]  # the fixture: clean*.txt read as a consistent document, bad*.txt with errors

runner = CliRunner()
SECRET = "secret: must not be overwritten\n"


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    path = tmp_path / "victim.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


def link(path: Path, to: Path) -> Path:
    path.symlink_to(to)
    return path


def refused(result: object, victim: Path) -> None:
    output = getattr(result, "output", "")
    assert getattr(result, "exit_code", None) == 2, output
    assert "符号链接" in output and "Traceback" not in output
    assert victim.read_text(encoding="utf-8") == SECRET


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


# --- -o through a symbolic link is refused ---------------------------------------------------------


@pytest.mark.parametrize("name", ["r.json", "r.md", "r.xlsx"])
def test_review_refuses_a_linked_file(docs: Path, tmp_path: Path, victim: Path, name: str) -> None:
    target = link(tmp_path / name, victim)
    refused(runner.invoke(app, ["review", str(touch(docs / "clean.txt")), "-o", str(target)]), victim)
    assert target.is_symlink()


def test_review_refuses_a_linked_report_folder(docs: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = link(tmp_path / "pages", elsewhere)
    result = runner.invoke(app, ["review", str(touch(docs / "clean.txt")), "-f", "html", "-o", str(target)])
    assert result.exit_code == 2 and "符号链接" in result.output
    assert list(elsewhere.iterdir()) == []


def test_store_outputs_refuse_links(db: str, tmp_path: Path, victim: Path) -> None:
    for args in (
        ["compare", "-o", str(link(tmp_path / "c.csv", victim))],
        ["compare", "-o", str(link(tmp_path / "c.xlsx", victim))],
        ["compare", "-f", "json", "-o", str(link(tmp_path / "c.json", victim))],
        ["export", "-f", "xlsx", "-o", str(link(tmp_path / "e.xlsx", victim))],
    ):
        refused(runner.invoke(app, [*args, "--db", db]), victim)
    folder = tmp_path / "real"
    folder.mkdir()
    for fmt in ("csv", "datapackage", "parquet"):
        target = tmp_path / f"{fmt}-link"
        target.symlink_to(folder)
        result = runner.invoke(app, ["export", "-f", fmt, "-o", str(target), "--db", db])
        assert result.exit_code == 2 and "符号链接" in result.output, result.output
        assert list(folder.iterdir()) == []


def test_other_commands_refuse_links(tmp_path: Path, victim: Path) -> None:
    refused(runner.invoke(app, ["schema", "-o", str(link(tmp_path / "s.json", victim))]), victim)
    refused(runner.invoke(app, ["rules", "--json", "-o", str(link(tmp_path / "r.json", victim))]), victim)
    refused(runner.invoke(app, ["template", str(link(tmp_path / "t.xlsx", victim))]), victim)


def test_publish_refuses_a_link(tmp_path: Path, victim: Path) -> None:
    from yusuan.model import jsonio
    from yusuan.synth.samples import consistent

    source = tmp_path / "d.json"
    source.write_text(jsonio.to_json(consistent()), encoding="utf-8")
    target = link(tmp_path / "out.html", victim)
    refused(runner.invoke(app, ["publish", str(source), "-o", str(target)]), victim)
    plain = tmp_path / "plain.html"
    first = runner.invoke(app, ["publish", str(source), "-o", str(plain)])
    assert first.exit_code == 0 and "替换" not in first.output, first.output
    again = runner.invoke(app, ["publish", str(source), "-o", str(plain)])
    assert again.exit_code == 0 and "替换了原有文件" in again.output


# --- replacing says so; no half-written file -----------------------------------------------------


def test_replacing_a_file_is_said(docs: Path, tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    source = str(touch(docs / "clean.txt"))
    first = runner.invoke(app, ["review", source, "-o", str(target)])
    assert first.exit_code == 0 and "替换" not in first.output, first.output
    target.write_text("old", encoding="utf-8")
    second = runner.invoke(app, ["review", source, "-o", str(target)])
    assert second.exit_code == 0 and "替换了原有的报告" in second.output
    assert target.read_text(encoding="utf-8").startswith("{")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".part")) == []


def test_a_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_open(target) as stream:
        stream.write("half of the new")
        raise RuntimeError("interrupted")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temporary file left


def test_new_file_has_the_usual_permissions(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    os.umask(mask)
    path = write_text(tmp_path / "new.txt", "x")
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask
    path.chmod(0o600)
    write_text(path, "y")
    assert path.stat().st_mode & 0o777 == 0o600  # a replaced file keeps its permissions


def test_a_link_inside_an_output_folder_is_replaced_not_followed(tmp_path: Path, victim: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    planted = link(folder / "departments.csv", victim)
    with pytest.raises(OutputError):  # named by the user: refused
        write_text(planted, "id,name\n")
    write_text(planted, "id,name\n", replace_link=True)  # named by yusuan inside its folder: replaced
    assert victim.read_text(encoding="utf-8") == SECRET
    assert not planted.is_symlink() and planted.read_text(encoding="utf-8") == "id,name\n"


@pytest.mark.parametrize("name", ["../x.html", "/etc/x.html", "a/b.html", "..", ".", "", "a\\b.html"])
def test_names_cannot_leave_their_folder(tmp_path: Path, name: str) -> None:
    with pytest.raises(OutputError):
        child(tmp_path, name)


# --- the HTML report folder ------------------------------------------------------------------------


def test_report_folder_holds_only_the_current_report(docs: Path, tmp_path: Path, victim: Path) -> None:
    target = tmp_path / "pages"
    args = ["review", "-f", "html", "-o", str(target)]
    first = runner.invoke(app, [*args, str(touch(docs / "bad.txt")), str(touch(docs / "clean.txt"))])
    assert first.exit_code == 1, first.output
    assert sorted(p.name for p in target.iterdir()) == ["bad.html", "clean.html", "index.html"]
    (target / "notes.txt").write_text("mine", encoding="utf-8")  # the user's own file stays
    (target / "clean.html").unlink()
    link(target / "clean.html", victim)  # a link planted where a page goes
    second = runner.invoke(app, [*args, str(touch(docs / "clean.txt"))])
    assert second.exit_code == 0, second.output
    assert "替换了原有的报告" in second.output
    assert sorted(p.name for p in target.iterdir()) == ["clean.html", "index.html", "notes.txt"]
    assert not (target / "clean.html").is_symlink() and victim.read_text(encoding="utf-8") == SECRET


def test_a_folder_of_other_files_is_refused(docs: Path, tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "thesis.html").write_text("<p>my work</p>", encoding="utf-8")
    result = runner.invoke(app, ["review", str(touch(docs / "clean.txt")), "-f", "html", "-o", str(target)])
    assert result.exit_code == 2 and "不是 yusuan 的审核报告文件夹" in result.output
    assert sorted(p.name for p in target.iterdir()) == ["thesis.html"]


def test_page_names_stay_in_the_folder(tmp_path: Path) -> None:
    from tests.report_samples import mutated
    from yusuan.review.engine import review
    from yusuan.review.results import Reviewed

    items = []
    for source in ("../../escape.txt", "..", "/etc/passwd", "a\\..\\b.txt", "x\x1b[2J#%20.txt", "index.txt"):
        d = mutated()
        d.source = source
        items.append(Reviewed(d, review(d)))
    written = html_report.write(items, tmp_path / "report")
    assert all(p.parent == tmp_path / "report" for p in written.pages)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]
    index = written.index.read_text(encoding="utf-8")
    assert "\x1b" not in index and 'href="x_[2J%23%2520.html"' in index  # "#" and "%" escaped in the link
    assert (tmp_path / "report" / "x_[2J#%20.html").is_file()
    again = html_report.write(items[:1], tmp_path / "report")  # the stale pages go, by the index's links
    assert sorted(p.name for p in (tmp_path / "report").iterdir()) == sorted([again.pages[0].name, "index.html"])
