"""The command reference (docs/cli.md), generated from the Typer application itself.

Every command, sub-command, argument and option is listed with its help text, so the reference cannot
drift from the code: a test regenerates it and compares (``scripts/make_docs.py`` writes it), and fails
when a command, argument or option has no help text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import typer.main

from yusuan.cli import app

HEADER = """# 命令参考 Command reference

Generated from the command-line application by `scripts/make_docs.py`; a test fails when it is stale.
本页由命令行程序自动生成，请勿手工编辑。
"""


class _Param(Protocol):
    name: str | None
    opts: list[str]
    secondary_opts: list[str]
    param_type_name: str


class _Command(Protocol):
    help: str | None
    hidden: bool
    params: list[_Param]


@dataclass(frozen=True)
class Param:
    names: tuple[str, ...]
    kind: str  # "argument" or "option"
    help: str


@dataclass(frozen=True)
class Command:
    name: str  # e.g. "yusuan departments merge"
    help: str
    params: tuple[Param, ...]
    group: bool


def _param(p: _Param) -> Param:
    names = tuple(p.opts + p.secondary_opts) if p.param_type_name == "option" else ((p.name or "").upper(),)
    return Param(names, p.param_type_name, (getattr(p, "help", None) or "").strip())


def _walk(cmd: object, name: str) -> list[Command]:
    c: _Command = cmd  # type: ignore[assignment]
    sub: dict[str, object] = getattr(cmd, "commands", {}) or {}
    out = [Command(name, (c.help or "").strip(), tuple(_param(p) for p in c.params if p.name != "help"), bool(sub))]
    for child_name, child in sub.items():
        if not getattr(child, "hidden", False):
            out += _walk(child, f"{name} {child_name}")
    return out


def commands() -> list[Command]:
    """Every command and sub-command, in the order of ``yusuan --help``; the first is ``yusuan`` itself."""
    return _walk(typer.main.get_command(app), "yusuan")


def markdown() -> str:
    parts = [HEADER]
    for c in commands()[1:]:
        parts.append(f"## `{c.name}`\n")
        parts.append(c.help + "\n")
        if c.params:
            lines = [f"- {', '.join(f'`{n}`' for n in p.names)} — {p.help}" for p in c.params]
            parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)
