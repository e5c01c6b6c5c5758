"""Write the bundled sample disclosures (src/yusuan/data/examples/) from yusuan.synth.samples.

Two packages of the fictional 示例县人民代表大会常务委员会 (2023):
- ``示例县人大常委会-2023-一致.txt``: consistent, DOCX-text layout; the review finds nothing wrong.
- ``示例县人大常委会-2023-有误.txt``: the same package in the PDF-text layout with defects of the
  kinds real packages show (a narrative figure contradicting the tables, 三公 written in 元, an
  empty 三公 table although the basic-expenditure table budgets 公务接待费, a planned asset purchase
  missing from procurement, a glossary of the wrong government level, a parent row that does not
  add up, an indicator basis copying its name).

The narrative prose is our own; the figures come from the sample model. Run:
    .venv/bin/python scripts/make_examples.py
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from yusuan.model import Disclosure, Table
from yusuan.publish.textlayout import render_docx_text, render_pdf_text
from yusuan.synth.samples import NAME, consistent

OUT = Path(__file__).resolve().parents[1] / "src" / "yusuan" / "data" / "examples"


def narrative(d: Disclosure, *, basic: str, three_public_unit: str, level: str, planned: str) -> list[str]:
    """The 情况说明 as paragraphs (our own wording), with figures from the model."""
    return [
        f"{NAME}2023年部门预算信息公开情况说明",
        "一、部门职责及机构设置情况",
        "部门职责：负责县人民代表大会及其常务委员会会议的筹备和服务工作，联系和服务人大代表，"
        "组织执法检查和视察调研，办理常务委员会交办的其他事项。",
        "机构设置：本部门为行政单位，经费由财政拨款保障。",
        "二、部门预算安排的总体情况",
        "（一）收入说明",
        "2023年预算收入593.58万元，其中：一般公共预算收入593.58万元，其他收入0万元。",
        "（二）支出说明",
        f"2023年支出预算593.58万元，其中基本支出{basic}万元，包括人员经费405.07万元和日常公用经费25.51万元；"
        "项目支出163.00万元。",
        "（三）比上年增减情况",
        "2023年部门预算较2022年预算590.83万元增加2.75万元，其中：基本支出减少3.25万元，项目支出增加6.00万元，"
        "主要原因是新增代表履职能力提升项目。",
        "三、机关运行经费安排情况",
        "2023年机关运行经费安排25.51万元，用于办公、邮电、差旅、公务用车运行维护等保障机关正常运转的支出。",
        "四、财政拨款“三公”经费预算情况及增减变化原因",
        f"2023年“三公”经费预算安排8.30{three_public_unit}，其中：因公出国（境）费0万元；公务用车购置及运维费6.80万元"
        "（其中：公务用车购置费0万元，公务用车运行维护费6.80万元）；公务接待费1.50万元。"
        "较上年“三公”经费预算13.00万元减少4.70万元，主要原因是压减公务接待费用。",
        "五、预算绩效信息",
    ]


def closing(*, level: str, planned: str, procurement: str) -> list[str]:
    return [
        "六、政府采购预算情况",
        f"2023年，{NAME}安排政府采购预算{procurement}万元。",
        "七、国有资产信息",
        f"{NAME}上年末固定资产金额为155.59万元。本年度拟购置固定资产总额为{planned}万元，"
        "已按要求列入政府采购预算。",
        "八、名词解释",
        f"1、一般公共预算拨款收入：指{level}财政当年拨付的资金。",
        "2、基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。",
        "3、项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。",
        "4、机关运行经费：指各部门的公用经费。",
        "九、其他需要说明的事项",
        "本部门无其他需要说明的事项。",
    ]


def docx_paragraphs(lines: list[str]) -> str:
    return "".join(f"{line}\n\n" for line in lines)


def docx_cells(rows: list[list[str]]) -> str:
    return "".join("".join(f"\t{c}\n" for c in row) + "\n" for row in rows)


def performance_docx(d: Disclosure, copy_basis: bool = False) -> str:
    out = "第三部分 预算项目绩效目标\n\n"
    for n, p in enumerate(d.performance, start=1):
        out += f"{n}、{p.name}绩效目标表\n\n"
        rows = [["绩效目标", f"保障{p.name}所列工作按计划完成。"]]
        rows.append(["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"])
        for ind in p.indicators:
            basis = ind.name if copy_basis else (ind.basis or "")
            rows.append([ind.level1 or "", ind.level2 or "", ind.name, ind.description or "", ind.value or "", basis])
        out += docx_cells(rows)
    return out


def performance_pdf(d: Disclosure, copy_basis: bool = False) -> list[str]:
    lines = ["第三部分 预算项目绩效目标"]
    for n, p in enumerate(d.performance, start=1):
        lines += [f"{n}、{p.name}绩效目标表", f"绩效目标 保障{p.name}所列工作按计划完成。"]
        lines.append("一级指标 二级指标 三级指标 绩效指标描述 指标值 指标值确定依据")
        level1 = None
        for ind in p.indicators:
            if ind.level1 != level1:
                lines.append(ind.level1 or "")
                level1 = ind.level1
            basis = ind.name if copy_basis else (ind.basis or "")
            lines.append(f"{ind.level2} {ind.name} {ind.description} {ind.value} {basis}")
    return lines


def assets_docx() -> str:
    return "部门固定资产占用情况表\n\n" + docx_cells(
        [
            ["101" + NAME, "截止时间：2022-12-31"],
            ["项目", "数量", "价值（金额单位：万元）"],
            ["资产总额", "", "155.59"],
            ["1、房屋（平方米）", "", ""],
            ["2、车辆（台、辆）", "3", "38.99"],
            ["3、单价在20万元以上的设备", "", ""],
            ["4、其他固定资产", "521", "116.60"],
        ]
    )


def consistent_docx() -> str:
    d = consistent()
    text = render_docx_text(d)
    text += docx_paragraphs(narrative(d, basic="430.58", three_public_unit="万元", level="县级", planned="0.00"))
    text += docx_cells(
        [
            ["单位名称", "单位性质", "单位规格", "经费保障形式"],
            [f"{NAME}本级", "行政", "正处（县）级", "财政拨款"],
        ]
    )
    text += performance_docx(d)
    for line in closing(level="县级", planned="0.00", procurement="0.00")[:2]:
        text += f"{line}\n\n"
    text += "部门政府采购预算\n\n注：无政府采购预算，空表列示。\n\n"
    rest = closing(level="县级", planned="0.00", procurement="0.00")[2:]
    text += docx_paragraphs(rest[:2]) + assets_docx() + docx_paragraphs(rest[2:])
    return text


def defective_pdf() -> str:
    d = consistent()
    three_public = d.tables["three_public"]
    assert isinstance(three_public, Table)
    three_public.rows = []
    three_public.note = "注：无财政拨款“三公”经费预算，空表列示。"
    general = d.tables["general_budget"]
    assert isinstance(general, Table)
    for row in general.rows:
        if row.code == "2010101":  # a child that no longer adds up to its parent
            row.values = {"total": Decimal("320.91"), "basic": Decimal("320.91")}
    text = render_pdf_text(d, rows_per_page=14)
    lines = narrative(d, basic="593.58", three_public_unit="元", level="省级", planned="12.00")
    lines += performance_pdf(d, copy_basis=True)
    lines += closing(level="省级", planned="12.00", procurement="0.00")
    pages = [" " + lines[0], *lines[1:]]
    return text + "".join(f"{line}\n\n" for line in pages)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "示例县人大常委会-2023-一致.txt").write_text(consistent_docx(), encoding="utf-8")
    (OUT / "示例县人大常委会-2023-有误.txt").write_text(defective_pdf(), encoding="utf-8")
    print(f"written to {OUT}")


if __name__ == "__main__":
    main()
