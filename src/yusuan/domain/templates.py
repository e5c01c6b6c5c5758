"""Templates as named objects: the layouts departments publish their disclosures in.

A template says which tables a package prints and under which titles, which narrative sections
it has, and which rules depend on it. The Hebei 2023 template (DOMAIN.md §4) is the one the seed
documents follow and the one ``yusuan publish`` writes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Template:
    """One published layout: its id, where it is used, and what it prints."""

    id: str
    name: str
    region: str
    #: Numbered narrative sections (numeral, heading), in order.
    sections: tuple[tuple[str, str], ...] = ()
    #: Income items of the summary tables (printed label, row key), in order.
    income_items: tuple[tuple[str, str], ...] = ()


HEBEI_2023 = Template(
    id="hebei-2023",
    name="河北省部门预算公开模板（2023）",
    region="河北",
    sections=(
        ("一", "部门职责及机构设置情况"),
        ("二", "部门预算安排的总体情况"),
        ("三", "机关运行经费安排情况"),
        ("四", "财政拨款“三公”经费预算情况及增减变化原因"),
        ("五", "预算绩效信息"),
        ("六", "政府采购预算情况"),
        ("七", "国有资产信息"),
        ("八", "名词解释"),
        ("九", "其他需要说明的事项"),
    ),
    income_items=(
        ("一、一般公共预算拨款收入", "general"),
        ("二、政府性基金预算拨款收入", "gov_fund"),
        ("三、国有资本经营预算拨款收入", "state_capital"),
        ("四、财政专户管理资金收入", "special_account"),
        ("五、事业收入", "business"),
        ("六、事业单位经营收入", "operating"),
        ("七、上级补助收入", "superior_subsidy"),
        ("八、附属单位上缴收入", "affiliated"),
        ("九、其他收入", "other"),
    ),
)
