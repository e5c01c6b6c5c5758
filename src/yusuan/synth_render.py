"""A synthetic disclosure written as a whole package in the DOCX-extracted text layout."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from yusuan.model import (
    Disclosure,
)
from yusuan.publish.textlayout import render_docx_text

D = Decimal
ZERO = D("0.00")
YEARS = range(2021, 2026)


# -- the package as DOCX-extracted text -----------------------------------------------------------


def _cells(rows: Sequence[Sequence[str]]) -> str:
    return "".join("".join(f"\t{c}\n" for c in row) + "\n" for row in rows)


def _amount(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def _section_body(d: Disclosure, number: str) -> str:
    """What follows a section's sentences: its table or list, where it has one."""
    head = f"{d.department.code or ''}{d.department.name or ''}"
    if number == "一":
        o = d.organisation
        return "部门机构设置情况\n\n" + _cells([["单位名称", "单位性质", "单位规格", "经费保障形式"],
                                               *([u.name, u.nature or "", u.rank or "", u.funding or ""] for u in o)])
    if number == "五":
        out = ""
        for n, p in enumerate(d.performance, start=1):
            rows = [["绩效目标", p.goal or ""],
                    ["年度资金总额", _amount(p.budget), "其中：财政资金", _amount(p.fiscal)],
                    ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]]
            rows += [[i.level1 or "", i.level2 or "", i.name, i.description or "", i.value or "", i.basis or ""]
                     for i in p.indicators]
            out += f"{n}、{p.name}绩效目标表\n\n" + _cells(rows)
        return out
    if number == "六":
        pr = d.procurement
        if not pr.lines:
            return f"部门政府采购预算\n\n{pr.note or '注：无政府采购预算，空表列示。'}\n\n"
        heads = ["项目名称", "预算资金", "采购物品名称", "政府采购目录序号", "计量单位", "数量", "单价", "合计",
                 "一般公共预算拨款", "基金预算拨款", "国有资本经营预算拨款", "财政专户核拨", "单位资金", "财政拨款结转",
                 "非财政拨款结转结余", "预留中小微企业份额"]
        rows = [[head, f"单位：{pr.unit or '万元'}"], heads]
        for n, ln in enumerate(pr.lines):
            same = n > 0 and pr.lines[n - 1].project == ln.project
            rows.append(["" if same else ln.project or "", _amount(ln.values.get("project_budget")), ln.item or "",
                         ln.catalogue or "", ln.unit or "", _amount(ln.quantity), _amount(ln.unit_price),
                         _amount(ln.values.get("total")), _amount(ln.values.get("general")), *[""] * 7])
        return "部门政府采购预算\n\n" + _cells(rows)
    if number == "七":
        a = d.assets
        rows = [[head, f"截止时间：{a.as_of or ''}"], ["项目", "数量", "价值（金额单位：万元）"]]
        rows += [[r.name, _amount(r.count), _amount(r.value)] for r in a.rows]
        return "部门固定资产占用情况表\n\n" + _cells(rows)
    if number == "八":
        return "".join(f"{n}、{e.term}：{e.text}\n\n" for n, e in enumerate(d.glossary, start=1))
    return ""


def _organ_work(name: str) -> str:
    from yusuan.synth import ORGANS  # the generator's organ table (imported late: synth re-exports us)

    return next((o.work for o in ORGANS if name.endswith((o.name, o.province_name))), "本部门")


def render_package(d: Disclosure) -> str:
    """The whole package as DOCX-extracted text: the nine tables, then the 情况说明 with its sections,
    the performance goals, procurement, assets and glossary; the narrative states ``d``'s claims."""
    name, y = d.department.name or "", d.year
    level = d.department.level or "县"
    sentences: dict[str, list[str]] = {}
    for claim in d.narrative.claims:
        said = sentences.setdefault(claim.section or "", [])
        if claim.sentence not in said:
            said.append(claim.sentence)
    work = _organ_work(name)
    extra = {
        "一": [f"部门职责：贯彻执行党和国家有关{work}工作的方针政策和法律法规，"
              f"拟订本{level}{work}工作发展规划并组织实施，完成本级党委、政府交办的其他任务。",
              "机构设置：本部门为行政单位，经费由财政拨款保障。",
              *([d.staffing.sentence] if d.staffing else [])],
        "五": [f"{y}年本部门所有项目支出均编制了绩效目标，具体如下。"],
        "九": ["本部门无其他需要说明的事项。"],
    }
    text = render_docx_text(d) + f"{name}{y}年部门预算信息公开情况说明\n\n"
    for section in d.narrative.sections:
        number = section.number or ""
        paragraphs = [f"{number}、{section.title}", *extra.get(number, []), *sentences.get(number, [])]
        text += "".join(f"{p}\n\n" for p in paragraphs) + _section_body(d, number)
    return text
