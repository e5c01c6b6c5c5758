"""The kinds of budget disclosure, and what part of one a file holds.

A disclosure is a 部门预算, 单位预算, 部门决算 or 单位决算 (:data:`KINDS`), decided from its title; a file
may hold the whole package (说明 and 报表), only the narrative (情况说明) or only the tables (报表)
(:data:`CONTENTS`). A file with neither a budget table nor budget narrative is not a budget disclosure
at all (a notice, an application form, a landing page) and is not reviewed.
"""

from __future__ import annotations

import re
from typing import Final, Literal, get_args

Kind = Literal["部门预算", "单位预算", "部门决算", "单位决算"]
KINDS: Final[tuple[Kind, ...]] = get_args(Kind)
#: The budgets and the final accounts among the kinds.
BUDGET_KINDS: Final[frozenset[Kind]] = frozenset({"部门预算", "单位预算"})
FINAL_KINDS: Final[frozenset[Kind]] = frozenset({"部门决算", "单位决算"})
ANY_KIND: Final[frozenset[Kind]] = frozenset(KINDS)
#: The kind assumed when nothing in the document names one.
DEFAULT_KIND: Final[Kind] = "部门预算"
#: A kind as printed in a title; spaces and line breaks between the characters are removed first.
KIND_RE: Final = re.compile(r"(部门|单位)(预算|决算)")
#: The word of a final account (决算) rather than a budget (预算), in table titles.
FINAL_WORD: Final = "决算"
BUDGET_WORD: Final = "预算"


def is_final(kind: str | None) -> bool:
    """Whether a disclosure of ``kind`` is a final account (部门决算, 单位决算)."""
    return kind in FINAL_KINDS


#: Words that name a classification, not a kind (部门预算支出经济分类): not counted as the kind named.
NOT_A_KIND_RE: Final = re.compile(r"部门预算(支出)?经济")
#: A table title for one unit rather than a department (2026年预算单位支出预算总表, 单位预算收支总表).
UNIT_TITLE_RE: Final = re.compile(r"预算单位|单位(预算|决算)|决算单位")

Content = Literal["package", "narrative_only", "tables_only"]
CONTENTS: Final[tuple[Content, ...]] = get_args(Content)
#: Chinese names of the contents, for reports.
CONTENT_NAMES: Final[dict[Content, str]] = {
    "package": "情况说明与报表",
    "narrative_only": "仅情况说明，无报表",
    "tables_only": "仅报表，无情况说明",
}

#: What a report says of a document that is only one half of a package: what was not given and so not checked.
CONTENT_NOTES: Final[dict[Content, str]] = {
    "narrative_only": "本文件只有情况说明，未提供报表：说明与表格的核对没有进行，只检查了说明中数字自身的一致性。",
    "tables_only": "本文件只有报表，未提供情况说明：说明与表格的核对没有进行。",
}

#: Words of budget narrative: a text naming at least :data:`NARRATIVE_MIN_TERMS` of them explains a
#: budget even when no figure in it was read as a claim. Title words (部门预算 …) are not among them:
#: a notice or a landing page names those too.
NARRATIVE_TERMS: Final[tuple[str, ...]] = (
    "收入预算",
    "支出预算",
    "收支预算",
    "财政拨款",
    "一般公共预算",
    "政府性基金",
    "国有资本经营",
    "基本支出",
    "项目支出",
    "三公",
    "机关运行经费",
    "政府采购",
    "国有资产",
    "绩效目标",
    "上年结转",
    "事业收入",
    "人员经费",
    "公用经费",
)
NARRATIVE_MIN_TERMS: Final = 4

#: Why a file is not taken for a budget disclosure (the message of ``read.not_budget``).
NOT_BUDGET_REASON: Final = "未找到任何预算表格或预算说明"
