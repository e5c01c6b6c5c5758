"""What ``yusuan publish`` reads: a budget as JSON or YAML following the model, or a filled workbook.

A JSON or YAML file is a :class:`~yusuan.model.Disclosure` (the JSON ``yusuan parse --json`` writes
is one) with, optionally, three more top-level keys that are not part of the model:

* ``prose``: section number → paragraph or list of paragraphs, the text the narrative says around
  its figures (``{"一": ["部门职责：……"], "九": "无其他需要说明的事项。"}``);
* ``prior``: last year's figures for the 比上年增减 sentences: ``expenditure``, ``basic``,
  ``project``, ``three_public`` (万元);
* ``planned_assets``: 本年度拟购置固定资产总额 (万元).

``source`` and ``layout`` may be left out. Numbers are read exactly: JSON and YAML decimals become
``Decimal`` from their text, never through a float.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pydantic import ValidationError

from yusuan.domain.figures import name as figure_name
from yusuan.errors import YusuanError
from yusuan.model import Disclosure
from yusuan.publish.narrative import Prior


class InputError(YusuanError):
    """The input cannot be published as it is; the message (Chinese) names the file and the problem."""

    default_code = "publish.input"


@dataclass
class PublishInput:
    disclosure: Disclosure
    prose: dict[str, list[str]] = field(default_factory=dict)
    prior: Prior | None = None
    planned_assets: Decimal | None = None


_PRIOR_KEYS = ("expenditure", "basic", "project", "three_public")


def _yaml(text: str) -> object:
    import yaml

    class _Loader(yaml.SafeLoader):
        """Safe YAML with decimals read as Decimal from their text."""

    def decimal(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal:
        assert isinstance(node, yaml.ScalarNode)
        return Decimal(str(loader.construct_scalar(node)).replace("_", ""))

    _Loader.add_constructor("tag:yaml.org,2002:float", decimal)
    return yaml.load(text, Loader=_Loader)  # a SafeLoader subclass


def _amount(path: Path, key: str, value: object) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InputError(f"{path}：{key} 应为金额（万元），现在是“{value}”") from None
    if not amount.is_finite():
        raise InputError(f"{path}：{key} 应为金额（万元），现在是“{value}”")
    return amount


def _prose(path: Path, raw: object) -> dict[str, list[str]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise InputError(f"{path}：prose 应为“部分编号: 段落”的对照（如 一: [……]），现在是 {type(raw).__name__}")
    out: dict[str, list[str]] = {}
    for number, text in raw.items():
        paragraphs = [text] if isinstance(text, str) else text
        if not isinstance(paragraphs, list) or not all(isinstance(p, str) for p in paragraphs):
            raise InputError(f"{path}：prose 中“{number}”部分应为一段文字或文字列表")
        out[str(number)] = [p.strip() for p in paragraphs if p.strip()]
    return out


def _prior(path: Path, raw: object) -> Prior | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) - set(_PRIOR_KEYS):
        names = "、".join(figure_name(k) for k in ("basic", "project", "three_public"))
        raise InputError(f"{path}：prior 只能包含 {'、'.join(_PRIOR_KEYS)}（上年支出、{names}）")
    values = {k: _amount(path, f"prior.{k}", v) for k, v in raw.items() if v is not None}
    return Prior(**values)


def _location(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(p) for p in loc) or "（顶层）"


def from_mapping(data: object, path: Path) -> PublishInput:
    """A publish input from a parsed JSON/YAML document."""
    if not isinstance(data, dict):
        raise InputError(f"{path}：应为一个对象（部门预算的各项内容），不是 {type(data).__name__}")
    data = dict(data)
    prose = _prose(path, data.pop("prose", None))
    prior = _prior(path, data.pop("prior", None))
    planned = data.pop("planned_assets", None)
    data.setdefault("source", path.name)
    data.setdefault("layout", "docx")
    try:
        d = Disclosure.model_validate(data)
    except ValidationError as exc:
        problems = [f"{_location(e['loc'])}：{e['msg']}" for e in exc.errors()[:8]]
        more = f"（另有 {exc.error_count() - 8} 处）" if exc.error_count() > 8 else ""
        raise InputError(f"{path}：不符合预算模型（见 docs/model.md）：\n  " + "\n  ".join(problems) + more) from None
    missing = [label for label, value in (("department.name（部门名称）", d.department.name),
                                          ("department.code（部门编码）", d.department.code),
                                          ("year（预算年度）", d.year)) if value in (None, "")]
    if missing:
        raise InputError(f"{path}：缺少 {'、'.join(missing)}，无法生成公开文件")
    planned_assets = _amount(path, "planned_assets", planned) if planned is not None else None
    return PublishInput(d, prose, prior, planned_assets)


def load_input(path: Path) -> PublishInput:
    """Read a JSON, YAML or Excel input; :class:`InputError` with a Chinese message otherwise."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InputError(f"{path}：文件不存在" if not path.exists() else f"{path}：这不是文件")
    if suffix in (".xlsx", ".xlsm"):
        from yusuan.publish.workbook_read import read_workbook

        return read_workbook(path)
    if suffix not in (".json", ".yaml", ".yml"):
        raise InputError(
            f"{path}：无法识别的输入格式；请提供 JSON、YAML 或用 yusuan template 生成的 Excel 工作簿（.xlsx）"
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}：不是 UTF-8 编码的文本文件") from None
    except OSError as exc:
        raise InputError(f"{path}：无法读取（{exc.strerror}）") from None
    try:
        data = json.loads(text, parse_float=Decimal) if suffix == ".json" else _yaml(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}：JSON 格式错误（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）") from None
    except Exception as exc:  # yaml.YAMLError and its subclasses
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列：" if mark is not None else ""
        raise InputError(f"{path}：YAML 格式错误（{where}{getattr(exc, 'problem', None) or exc}）") from None
    return from_mapping(data, path)
