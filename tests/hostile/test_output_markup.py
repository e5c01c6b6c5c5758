"""Issue 13 (2): no user or document text is interpreted as Rich markup or printed as a terminal
escape, in any command — a hostile department name and file name go through parse, review, ingest,
list, show, history, departments and compare and are printed literally (control characters as
visible stand-ins), and JSON carries them exactly, escaped."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import seed_path
from yusuan.cli import app
from yusuan.report.markdown_report import md_text
from yusuan.report.sanitize import console, json_safe, visible

runner = CliRunner()
WIDE = {"COLUMNS": "400"}  # no folding: the names must appear whole

#: The seed's department, replaced by the hostile names below.
SEED_NAME = "乐亭县人民代表大会常务委员会"
#: Rich markup that crashed the commands (``[/]`` closes nothing) or vanished (``[bold]``).
MARKUP = "乐亭县[bold]人大[/]常委会[red]"
#: Terminal escapes: set the window title (OSC … BEL), clear the screen (CSI 2J), a C1 CSI and a
#: right-to-left override.
ESCAPES = "乐亭县\x1b]0;pwned\x07人大\x1b[2J常委会\x9b31m\u202e"
#: The visible form of ESCAPES on a terminal (BEL shown as ␇, or dropped by Rich's Text).
ESCAPES_SHOWN = "乐亭县␛]0;pwned人大␛[2J常委会\ufffd31m\ufffd"
#: Raw characters that must never reach the terminal.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def hostile_file(folder: Path, name: str, department: str) -> Path:
    text = seed_path("000").read_text(encoding="utf-8").replace(SEED_NAME, department)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env=WIDE)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def shown(output: str) -> str:
    """The output with the BEL stand-in taken out (Rich's Text drops BEL, a plain string shows it)."""
    return output.replace("␇", "")


def no_raw_escape(output: str) -> None:
    assert not RAW.search(output.replace("\x1b[0m", "")), repr(RAW.search(output))


# --- the console itself --------------------------------------------------------------------------


def test_console_shows_markup_and_escapes_literally() -> None:
    from io import StringIO

    from rich.table import Table
    from rich.text import Text

    stream = StringIO()
    c = console(file=stream, width=200)
    table = Table(title=MARKUP)
    table.add_column(MARKUP)
    table.add_row(ESCAPES)
    c.print(MARKUP, ":smile:")
    c.print(table)
    c.print(Text(ESCAPES, style="bold"))  # a Text object goes through the render hook
    c.print(ESCAPES, markup=True)  # a caller asking for markup still gets none
    printed = stream.getvalue()
    assert printed.count(MARKUP) == 3 and ":smile:" in printed
    assert shown(printed).count(ESCAPES_SHOWN) == 3
    no_raw_escape(printed)


def test_visible_keeps_length_and_json_safe_is_lossless() -> None:
    assert len(visible(ESCAPES)) == len(ESCAPES)
    assert visible("\x1b[2J\x00\x7f\u202e") == "␛[2J␀␡\ufffd"
    encoded = json_safe(json.dumps({"name": ESCAPES}, ensure_ascii=False))
    assert not RAW.search(encoded) and json.loads(encoded) == {"name": ESCAPES}


def test_markdown_text_cannot_make_links_or_html() -> None:
    text = md_text("[点此](javascript:alert(1)) ![x](http://e/x.png) <img src=x onerror=alert(1)> a|b *x* `c`\n# h")
    assert "\\[点此\\]" in text and "\\<img" in text and "\\|" in text and "\\*x\\*" in text and "\\`c\\`" in text
    assert "\n" not in text  # one line: no heading, list or quote can start inside it


# --- every command, on a stored hostile name ---------------------------------------------------


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    markup = hostile_file(folder, "x[bold]y[red]z.txt", MARKUP)
    (folder / "b").mkdir()
    escapes = hostile_file(folder / "b", "z\x1b[2Jw.txt", ESCAPES)
    db = f"sqlite:///{folder / 'store.sqlite'}"
    code, output = invoke("ingest", str(markup), "--db", db)
    assert code == 0, output
    assert "x[bold]y[red]z.txt" in output and MARKUP in output
    code, output = invoke("ingest", str(escapes), "--db", db)
    assert code == 0, output
    no_raw_escape(output)
    return db, markup, folder


def test_parse_and_review_print_names_literally(store: tuple[str, Path, Path]) -> None:
    _, markup, folder = store
    code, output = invoke("parse", str(markup))
    assert code == 0, output
    assert "x[bold]y[red]z.txt" in output and MARKUP in output
    code, output = invoke("review", str(markup))
    assert code in (0, 1), output
    assert "x[bold]y[red]z.txt" in output and MARKUP in output
    escapes = next((folder / "b").glob("*.txt"))
    for command in ("parse", "review"):
        code, output = invoke(command, str(escapes))
        assert code in (0, 1), output
        assert ESCAPES_SHOWN in shown(output) and "z␛[2Jw.txt" in output
        no_raw_escape(output)


def test_list_show_history_departments_compare(store: tuple[str, Path, Path]) -> None:
    db = store[0]
    outputs = {}
    for args in (
        ("list",),
        ("list", "--all-versions"),
        ("show", "1"),
        ("show", "2"),
        ("history", "1"),
        ("history", "2"),
        ("departments",),
        ("compare",),
    ):
        code, output = invoke(*args, "--db", db)
        assert code == 0, (args, output)
        no_raw_escape(output)
        outputs[args] = output
    for args in (("list",), ("show", "1"), ("history", "1"), ("departments",), ("compare",)):
        assert MARKUP in outputs[args], (args, outputs[args])
    for args in (("list",), ("show", "2"), ("history", "2"), ("departments",), ("compare",)):
        assert ESCAPES_SHOWN in shown(outputs[args]), (args, outputs[args])
    assert "x[bold]y[red]z.txt" in outputs[("list",)]


def test_ambiguous_history_and_errors_print_literally(store: tuple[str, Path, Path]) -> None:
    db = store[0]
    code, output = invoke("history", "乐亭县", "--db", db)  # both departments match: listed
    assert code == 2 and MARKUP in output and ESCAPES_SHOWN in shown(output)
    no_raw_escape(output)
    code, output = invoke("show", "[/]\x1b[2J", "--db", db)
    assert code == 2 and "[/]␛[2J" in output and "错误" in output
    no_raw_escape(output)


def strings(data: object) -> list[str]:
    """Every string in a JSON value."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for v in data.values() for s in strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in strings(v)]
    return []


def test_json_outputs_are_exact_and_escaped(store: tuple[str, Path, Path]) -> None:
    db = store[0]
    for args in (("list", "--json"), ("show", "2", "--json"), ("departments", "--json"), ("history", "2", "--json")):
        result = runner.invoke(app, [*args, "--db", db])
        assert result.exit_code == 0, result.output
        assert not RAW.search(result.stdout), args
        assert ESCAPES in strings(json.loads(result.stdout)), args
    result = runner.invoke(app, ["compare", "-f", "json", "--db", db])
    assert result.exit_code == 0 and not RAW.search(result.stdout)
    assert any(ESCAPES in text for text in strings(json.loads(result.stdout)))


def test_review_reports_show_text_safely(store: tuple[str, Path, Path], tmp_path: Path) -> None:
    _, _, folder = store
    html_name = "乐亭县<script>alert(1)</script>[人大](javascript:x)"
    page = hostile_file(tmp_path, "h.txt", html_name)
    escapes = next((folder / "b").glob("*.txt"))
    result = runner.invoke(app, ["review", str(page), str(escapes), "-f", "md"])
    assert result.exit_code in (0, 1), result.output
    assert not RAW.search(result.stdout) and md_text(ESCAPES) in result.stdout
    assert "<script>" not in result.stdout and "\\<script\\>" in result.stdout and "\\[人大\\]" in result.stdout
    result = runner.invoke(app, ["review", str(page), str(escapes), "-f", "json"])
    assert not RAW.search(result.stdout)
    assert any(ESCAPES in text for text in strings(json.loads(result.stdout)))
    target = tmp_path / "pages"
    result = runner.invoke(app, ["review", str(page), str(escapes), "-f", "html", "-o", str(target)])
    assert result.exit_code in (0, 1), result.output
    for path in target.glob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not RAW.search(text) and "<script>" not in text, path.name
    index = (target / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in index and ESCAPES_SHOWN in shown(index)
