"""A synthetic disclosure written as a whole package in the DOCX-extracted text layout."""

from __future__ import annotations

from yusuan.domain.figures import name as figure_name
from yusuan.model import Disclosure
from yusuan.synth.departments import ORGANS


def _organ_work(name: str) -> str:
    return next((o.work for o in ORGANS if name.endswith((o.name, o.province_name))), "本部门")


def synth_prose(d: Disclosure) -> dict[str, list[str]]:
    """The prose a synthetic department's narrative says around its figures, by section number."""
    name = d.department.name or ""
    level = d.department.level or "县"
    work = _organ_work(name)
    return {
        "一": [
            f"部门职责：贯彻执行党和国家有关{work}工作的方针政策和法律法规，"
            f"拟订本{level}{work}工作发展规划并组织实施，完成本级党委、政府交办的其他任务。",
            "机构设置：本部门为行政单位，经费由财政拨款保障。",
        ],
        "五": [f"{d.year}年本部门所有{figure_name('project')}均编制了绩效目标，具体如下。"],
        "九": ["本部门无其他需要说明的事项。"],
    }


def render_package(d: Disclosure) -> str:
    """The whole package as DOCX-extracted text: the nine tables, then the 情况说明 with its sections,
    the performance goals, procurement, assets and glossary; the narrative states ``d``'s claims."""
    from yusuan.publish.document import build_document
    from yusuan.publish.textout import to_docx_text

    return to_docx_text(build_document(d, synth_prose(d)))
