"""``yusuan users add|list|passwd`` and ``yusuan serve`` (uvicorn replaced by a stand-in that prints
what it was given). Run in a subprocess with ``yusuan.cli.web`` imported, as the command line does
once the module is registered."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from yusuan.store.accounts import authenticate, users
from yusuan.store.db import open_store
from yusuan.store.listing import entries

RUN = "import sys, yusuan.cli.web; from yusuan.cli import main; sys.argv = ['yusuan', *sys.argv[1:]]; main()"
#: ``serve`` with uvicorn.run printing its arguments instead of serving.
SERVE = (
    "import sys, uvicorn; uvicorn.run = lambda app, **kw: print('RUN', sorted(kw.items()), type(app).__name__); " + RUN
)


def _yusuan(*args: str, stdin: str = "", code: str = RUN) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "YUSUAN_DB": ""}
    return subprocess.run(
        [sys.executable, "-c", code, *args], input=stdin, capture_output=True, text=True, env=env, timeout=120
    )


def test_users_add_list_and_passwd(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    added = _yusuan(
        "users", "add", "张审核", "--role", "reviewer", "--password-stdin", "--db", db, stdin="first-pass-1\n"
    )
    assert added.returncode == 0, added.stderr
    assert "已添加用户 张审核（审核）" in added.stdout
    listed = _yusuan("users", "list", "--db", db)
    assert "张审核" in listed.stdout and "审核" in listed.stdout and "正常" in listed.stdout
    changed = _yusuan("users", "passwd", "张审核", "--password-stdin", "--db", db, stdin="second-pass-2\n")
    assert changed.returncode == 0 and "已修改用户 张审核 的密码" in changed.stdout
    engine = open_store(db)
    try:
        assert authenticate(engine, "张审核", "second-pass-2") is not None
        assert authenticate(engine, "张审核", "first-pass-1") is None
        assert users(engine)[0].role == "reviewer"
        assert "first-pass-1" not in (tmp_path / "store.sqlite").read_bytes().decode("latin-1")
    finally:
        engine.dispose()


def test_users_errors_are_chinese_messages_without_traceback(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    short = _yusuan("users", "add", "a", "--password-stdin", "--db", db, stdin="short\n")
    assert short.returncode == 2 and "密码太短" in short.stderr and "Traceback" not in short.stderr
    role = _yusuan("users", "add", "a", "--role", "boss", "--password-stdin", "--db", db, stdin="long-enough-1\n")
    assert role.returncode == 2 and "无法识别的角色" in role.stderr
    assert _yusuan("users", "add", "a", "--password-stdin", "--db", db, stdin="long-enough-1\n").returncode == 0
    again = _yusuan("users", "add", "a", "--password-stdin", "--db", db, stdin="long-enough-1\n")
    assert again.returncode == 2 and "已存在" in again.stderr
    missing = _yusuan("users", "passwd", "nobody", "--password-stdin", "--db", db, stdin="long-enough-1\n")
    assert missing.returncode == 2 and "没有用户“nobody”" in missing.stderr
    spaced = _yusuan("users", "add", "a b", "--password-stdin", "--db", db, stdin="long-enough-1\n")
    assert spaced.returncode == 2 and "不能含空格" in spaced.stderr


def test_users_list_on_an_empty_store_says_how_to_add_one(tmp_path: Path) -> None:
    listed = _yusuan("users", "list", "--db", f"sqlite:///{tmp_path / 'store.sqlite'}")
    assert listed.returncode == 0 and "yusuan users add 用户名 --role admin" in listed.stdout


def test_serve_on_an_empty_store_ingests_the_samples_and_says_how_to_add_a_user(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    files = tmp_path / "files"
    served = _yusuan("serve", "--db", db, "--port", "8765", "--files", str(files), code=SERVE)
    assert served.returncode == 0, served.stderr
    assert "http://127.0.0.1:8765/" in served.stdout
    assert "RUN [('host', '127.0.0.1'), ('log_level', 'warning'), ('port', 8765), ('server_header', False)]" in (
        served.stdout
    )
    assert "还没有任何用户" in served.stderr and "yusuan users add 用户名 --role admin --db" in served.stderr
    engine = open_store(db)
    try:
        assert {e.source_name for e in entries(engine, all_versions=True)} == {
            "示例县人大常委会-2023-一致.txt",
            "示例县人大常委会-2023-有误.txt",
        }
    finally:
        engine.dispose()


def test_serve_warns_when_open_beyond_this_machine(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    served = _yusuan("serve", "--db", db, "--host", "0.0.0.0", code=SERVE)
    assert served.returncode == 0 and "对本机以外的电脑开放" in served.stderr


def test_serve_on_a_taken_port_says_so(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        served = _yusuan("serve", "--db", f"sqlite:///{tmp_path / 's.sqlite'}", "--port", str(port), code=SERVE)
    assert served.returncode == 2 and "端口可能已被占用" in served.stderr and "Traceback" not in served.stderr
    assert "RUN" not in served.stdout
