"""The 情况说明 of a package as document blocks: section headings, prose, figures and section tables.

The section tables follow the Hebei 2023 template and the readers' expectations: 部门机构设置情况
(单位名称 / 单位性质 / 单位规格 / 经费保障形式), one ``N、…绩效目标表`` per project (绩效目标 row,
年度资金总额 row, then one row per indicator under 一级指标 … 指标值确定依据), 部门政府采购预算
(sixteen columns) or its note, and 部门固定资产占用情况表 (项目 / 数量 / 价值).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from yusuan.domain.figures import name as figure_name
from yusuan.domain.final_template import layout_of
from yusuan.domain.kinds import is_final
from yusuan.domain.templates import HEBEI_2023
from yusuan.model import Disclosure, PerformanceProject, Section
from yusuan.publish.document import Block, Grid, LayoutCell, Paragraph, amount

SECTIONS = HEBEI_2023.sections

PROCUREMENT_HEADS = (
    "项目名称",
    "预算资金",
    "采购物品名称",
    "政府采购目录序号",
    "计量单位",
    "数量",
    "单价",
    "合计",
    "一般公共预算拨款",
    "基金预算拨款",
    "国有资本经营预算拨款",
    "财政专户核拨",
    "单位资金",
    "财政拨款结转",
    "非财政拨款结转结余",
    "预留中小微企业份额",
)
NO_PROCUREMENT = f"注：无{figure_name('procurement')}，空表列示。"
#: The heading of the procurement table (it prints no 表).
PROCUREMENT_TITLE = f"部门{figure_name('procurement')}"


def _h(text: str, colspan: int = 1) -> LayoutCell:
    return LayoutCell(text, colspan=colspan, align="center", bold=True)


def _n(text: str) -> LayoutCell:
    return LayoutCell(text, align="right")


def _grid(rows: Sequence[Sequence[LayoutCell]], widths: Sequence[float], head: int = 0) -> Grid:
    return Grid(tuple(tuple(r) for r in rows), tuple(widths), head=head, wide=len(widths) > 8)


def _organisation(d: Disclosure) -> list[Block]:
    rows = [[_h("单位名称"), _h("单位性质"), _h("单位规格"), _h("经费保障形式")]]
    rows += [
        [LayoutCell(u.name), LayoutCell(u.nature or ""), LayoutCell(u.rank or ""), LayoutCell(u.funding or "")]
        for u in d.organisation
    ]
    return [Paragraph("部门机构设置情况", "subheading"), _grid(rows, (16, 6, 6, 8), head=1)]


def _project(n: int, p: PerformanceProject) -> list[Block]:
    rows: list[list[LayoutCell]] = [
        [_h("绩效目标"), LayoutCell(p.goal or "", colspan=5)],
        [
            _h("年度资金总额"),
            _n(amount(p.budget)),
            _h("其中：财政资金"),
            LayoutCell(amount(p.fiscal), colspan=3, align="right"),
        ],
    ]
    if p.code:
        rows.append([_h("项目编码"), LayoutCell(p.code, colspan=5)])
    if p.plan is not None and p.plan.points:
        points = "；".join(f"{pt.label}{amount(pt.value)}{p.plan.unit or ''}" for pt in p.plan.points)
        rows.append([_h("资金支出计划"), LayoutCell(points, colspan=5)])
    rows.append([_h(t) for t in ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据")])
    rows += [
        [
            LayoutCell(i.level1 or ""),
            LayoutCell(i.level2 or ""),
            LayoutCell(i.name),
            LayoutCell(i.description or ""),
            LayoutCell(i.value or "", align="center"),
            LayoutCell(i.basis or ""),
        ]
        for i in p.indicators
    ]
    return [Paragraph(f"{n}、{p.name}绩效目标表", "subheading"), _grid(rows, (6, 7, 10, 12, 6, 9))]


def _procurement(d: Disclosure) -> list[Block]:
    pr = d.procurement
    title = Paragraph(PROCUREMENT_TITLE, "subheading")
    if not pr.lines:
        return [title, Paragraph(pr.note or NO_PROCUREMENT, "note")]
    head = f"{d.department.code or ''}{d.department.name or ''}"
    rows: list[list[LayoutCell]] = [
        [
            LayoutCell(head, colspan=len(PROCUREMENT_HEADS) - 2, bold=True),
            LayoutCell(f"单位：{pr.unit or '万元'}", colspan=2, align="right"),
        ],
        [_h(t) for t in PROCUREMENT_HEADS],
    ]
    for n, ln in enumerate(pr.lines):
        same = n > 0 and pr.lines[n - 1].project == ln.project
        rows.append(
            [
                LayoutCell("" if same else ln.project or ""),
                _n(amount(ln.values.get("project_budget"))),
                LayoutCell(ln.item or ""),
                LayoutCell(ln.catalogue or ""),
                LayoutCell(ln.unit or "", align="center"),
                _n(amount(ln.quantity)),
                _n(amount(ln.unit_price)),
                _n(amount(ln.values.get("total"))),
                _n(amount(ln.values.get("general"))),
                *(_n("") for _ in range(7)),
            ]
        )
    widths = (10, 6, 8, 7, 4, 4, 5, 6, *([6] * 8))
    return [title, _grid(rows, widths, head=2)]


def _assets(d: Disclosure) -> list[Block]:
    a = d.assets
    head = f"{d.department.code or ''}{d.department.name or ''}"
    rows: list[list[LayoutCell]] = [
        [LayoutCell(head, bold=True), LayoutCell(f"截止时间：{a.as_of or ''}", colspan=2, align="right")],
        [_h("项目"), _h("数量"), _h("价值（金额单位：万元）")],
    ]
    rows += [[LayoutCell(r.name), _n(amount(r.count)), _n(amount(r.value))] for r in a.rows]
    return [Paragraph("部门固定资产占用情况表", "subheading"), _grid(rows, (14, 6, 8), head=2)]


def _section_body(d: Disclosure, number: str) -> list[Block]:
    """What follows a section's sentences: its table or list, where it has one (the budget template's)."""
    if is_final(d.kind):
        return []
    if number == "一" and d.organisation:
        return _organisation(d)
    if number == "五":
        return [b for n, p in enumerate(d.performance, start=1) for b in _project(n, p)]
    if number == "六" and d.procurement.present:
        return _procurement(d)
    if number == "七" and d.assets.present:
        return _assets(d)
    if number == "八":
        return [Paragraph(f"{n}、{e.term}：{e.text}") for n, e in enumerate(d.glossary, start=1)]
    return []


def narrative_blocks(d: Disclosure, prose: Mapping[str, Sequence[str]]) -> list[Block]:
    """The 情况说明: title, then each section's heading, prose, figure sentences and tables."""
    sentences: dict[str, list[str]] = {}
    for claim in d.narrative.claims:
        said = sentences.setdefault(claim.section or "", [])
        if claim.sentence not in said:
            said.append(claim.sentence)
    layout = layout_of(d.kind)
    sections = d.narrative.sections or [Section(number=n, title=t) for n, t in layout.sections]
    part = (
        f"{d.department.name or ''}{d.year or ''}年度部门决算情况说明"
        if is_final(d.kind)
        else f"{d.department.name or ''}{d.year or ''}年部门预算信息公开情况说明"
    )
    blocks: list[Block] = [Paragraph(part, "part")]
    for section in sections:
        number = section.number or ""
        blocks.append(Paragraph(f"{number}、{section.title}" if number else section.title, "section"))
        paragraphs = list(prose.get(number, ()))
        if number == "一" and d.staffing is not None and d.staffing.sentence not in paragraphs:
            paragraphs.append(d.staffing.sentence)
        blocks += [Paragraph(p) for p in paragraphs]
        blocks += [Paragraph(s) for s in sentences.get(number, ())]
        blocks += _section_body(d, number)
    return blocks
