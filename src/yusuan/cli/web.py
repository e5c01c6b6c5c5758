"""Commands: ``yusuan serve`` (the web workbench) and ``yusuan users`` (its accounts).

The web modules, FastAPI and uvicorn are imported inside the commands, so that the other commands
do not pay for them at start-up.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table as RichTable

from yusuan.cli.common import DbOption, YusuanTyper, app, err, fail, open_engine, out

users_app = YusuanTyper(help="管理审核工作台（yusuan serve）的用户：添加、列出、修改密码。", add_completion=False)
app.add_typer(users_app, name="users")

ROLE_HELP = "角色：viewer（查看）、reviewer（审核：可上传、作出审核决定）、admin（管理员：另可管理用户）"


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="监听地址；默认只接受本机访问")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="端口")] = 8000,
    files: Annotated[
        Path | None,
        typer.Option(
            "--files",
            envvar="YUSUAN_FILES",
            help="上传文件的保存文件夹（按内容指纹保存，不对外提供）；默认是用户数据目录中的 files 文件夹",
            show_default=False,
        ),
    ] = None,
    secure_cookies: Annotated[
        bool, typer.Option("--https", help="工作台经 HTTPS 提供（如在反向代理之后）：Cookie 只经 HTTPS 发送")
    ] = False,
) -> None:
    """启动审核工作台（网页）：文件列表、审核发现及其原件证据、部门逐年对比、地区对比、规则目录。

    使用与命令行相同的数据库（--db）；数据库为空时先导入内置示例。没有默认账户：
    先用 yusuan users add 用户名 --role admin 创建管理员。按 Ctrl-C 停止。"""
    import os

    import uvicorn

    from yusuan.store.accounts import user_count
    from yusuan.store.db import default_files
    from yusuan.web.app import create_app

    _check_address(host, port)
    engine = open_engine(db)
    secret = os.environ.get("YUSUAN_SECRET")
    root = files if files is not None else default_files()
    application = create_app(engine=engine, secret=secret, secure_cookies=secure_cookies, files=root)
    if user_count(engine) == 0:
        err.print(
            "还没有任何用户，网页无法登录。请另开一个终端运行：\n"
            f"  yusuan users add 用户名 --role admin{' --db ' + db if db else ''}\n"
            "设置密码后即可在浏览器中登录。",
            highlight=False,
            markup=False,
        )
    shown = f"[{host}]" if ":" in host else host
    out.print(f"审核工作台：http://{shown}:{port}/ （按 Ctrl-C 停止）", highlight=False, markup=False)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(
            "注意：工作台对本机以外的电脑开放；请只在可信的内部网络中使用，或置于 HTTPS 反向代理之后。", highlight=False
        )
    uvicorn.run(application, host=host, port=port, log_level="warning", server_header=False)


def _check_address(host: str, port: int) -> None:
    """Fail with a Chinese message when the server could not listen on ``host:port`` (taken, or not
    an address of this machine), before the store is opened."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise fail(f"无法识别的监听地址“{host}”（{exc.strerror or exc}）") from None
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise fail(
                f"无法在 {host}:{port} 上监听（{exc.strerror or exc}）：端口可能已被占用，请用 --port 换一个端口"
            ) from None


def _password(password_stdin: bool) -> str:
    if password_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    return str(typer.prompt("密码", hide_input=True, confirmation_prompt="再次输入密码"))


PasswordStdin = Annotated[bool, typer.Option("--password-stdin", help="从标准输入读取密码（一行），不提示")]


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="用户名", show_default=False)],
    role: Annotated[str, typer.Option("--role", help=ROLE_HELP)] = "viewer",
    password_stdin: PasswordStdin = False,
    db: DbOption = None,
) -> None:
    """添加用户（密码至少 8 个字符，提示输入两次）。"""
    from yusuan.store.accounts import add_user, check_role, check_username

    check_username(name)
    check_role(role)
    password = _password(password_stdin)
    engine = open_engine(db)
    try:
        account = add_user(engine, name, password, role)
    finally:
        engine.dispose()
    out.print(f"已添加用户 {account.username}（{account.role_zh}）。", highlight=False, markup=False)


@users_app.command("list")
def users_list(db: DbOption = None) -> None:
    """列出用户：用户名、角色、状态、创建时间。"""
    from yusuan.store.accounts import users

    engine = open_engine(db)
    try:
        listed = users(engine)
    finally:
        engine.dispose()
    if not listed:
        out.print("还没有任何用户。用 yusuan users add 用户名 --role admin 创建管理员。", highlight=False, markup=False)
        return
    t = RichTable()
    for head in ("用户名", "角色", "状态", "创建时间（UTC）"):
        t.add_column(head)
    for u in listed:
        t.add_row(u.username, u.role_zh, "已停用" if u.disabled else "正常", u.created_at.strftime("%Y-%m-%d %H:%M"))
    out.print(t)


@users_app.command("passwd")
def users_passwd(
    name: Annotated[str, typer.Argument(help="用户名", show_default=False)],
    password_stdin: PasswordStdin = False,
    db: DbOption = None,
) -> None:
    """修改用户的密码（该用户已登录的会话随之失效）。"""
    from yusuan.store.accounts import find_user, set_password

    engine = open_engine(db)
    try:
        if find_user(engine, name) is None:
            raise fail(f"没有用户“{name}”")
        set_password(engine, name, _password(password_stdin))
    finally:
        engine.dispose()
    out.print(f"已修改用户 {name} 的密码。", highlight=False, markup=False)
