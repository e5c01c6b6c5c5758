"""The narrative's own arithmetic: percentage changes, shares, a figure stated twice; and the narrative rules
on a template other than Hebei's and on a 情况说明 published without its tables."""

from __future__ import annotations

from decimal import Decimal

from tests.review.claims import D, base, noisy, one, run
from yusuan.model import Claim, Disclosure, Location
from yusuan.read.sections.narrative import extract_narrative
from yusuan.read.source import split_lines
from yusuan.review.engine import review


def _sentence(d: Disclosure, text: str, *claims: tuple[str, str, str, str | None, str | None]) -> list[Claim]:
    """Append the claims of one sentence: (subject, kind, amount, unit, direction)."""
    location = Location(line=9000 + len(d.narrative.claims))
    out = [
        Claim(subject=s, kind=k, amount=Decimal(a), unit=u, direction=r, section="二", sentence=text, location=location)
        for s, k, a, u, r in claims
    ]
    d.narrative.claims.extend(out)
    return out


YOY = "2023年“三公”经费预算8.30万元，较上年13.00万元减少4.70万元，下降{}%。"


def _yoy(pct: str) -> Disclosure:
    d = base()
    _sentence(
        d,
        YOY.format(pct),
        ("three_public", "amount", "8.30", "万元", None),
        ("three_public", "prior", "13.00", "万元", None),
        ("three_public", "change", "4.70", "万元", "decrease"),
        ("three_public", "pct_change", pct, "%", "decrease"),
    )
    return d


# -- narrative-pct-change --------------------------------------------------------------------------------
def test_narrative_pct_change_fires() -> None:
    result = run(_yoy("3.62"))  # 4.70 ÷ 13.00 = 36.15%: the digits are slipped
    assert noisy(result) == {"narrative-pct-change"}
    f = one(result, "narrative-pct-change")
    assert f.severity == "error"
    assert f.message == (
        f"说明称“{YOY.format('3.62')}”：“三公”经费比上年减少 4.70 万元，上年为 13.00 万元，增减幅度应为 36.15%，"
        "而说明写作 3.62%。"
    )
    assert f.values == {"stated": D("3.62"), "actual": D("36.15")}


def test_narrative_pct_change_from_this_years_figure() -> None:
    """No prior stated: last year's figure is this year's − the change."""
    d = base()
    text = "2023年支出预算593.58万元，比上年增加2.75万元，增长4.7%。"
    _sentence(
        d,
        text,
        ("expenditure", "amount", "593.58", "万元", None),
        ("expenditure", "change", "2.75", "万元", "increase"),
        ("expenditure", "pct_change", "4.7", "%", "increase"),
    )
    f = one(run(d), "narrative-pct-change")
    assert "上年为 590.83 万元，增减幅度应为 0.47%，而说明写作 4.7%" in f.message


def test_narrative_pct_change_quiet() -> None:
    assert "narrative-pct-change" not in noisy(run(_yoy("36.15")))  # rounded
    assert "narrative-pct-change" not in noisy(run(_yoy("36.1")))  # one digit fewer, cut
    assert "narrative-pct-change" not in noisy(run(_yoy("36.16")))  # within one unit of the last digit
    assert "narrative-pct-change" not in noisy(run(base()))


# -- narrative-share ---------------------------------------------------------------------------------------
SHARE = "支出预算593.58万元，其中：基本支出430.58万元，占{}%；项目支出163.00万元，占{}%。"


def _shares(basic: str, project: str) -> Disclosure:
    d = base()
    _sentence(
        d,
        SHARE.format(basic, project),
        ("expenditure", "amount", "593.58", "万元", None),
        ("basic", "amount", "430.58", "万元", None),
        ("basic", "share", basic, "%", None),
        ("project", "amount", "163.00", "万元", None),
        ("project", "share", project, "%", None),
    )
    return d


def test_narrative_share_fires() -> None:
    result = run(_shares("72.54", "72.46"))  # 163.00 ÷ 593.58 = 27.46%
    assert noisy(result) == {"narrative-share"}
    f = one(result, "narrative-share")
    assert f.severity == "error"
    assert "项目支出 163.00 万元占 593.58 万元的 27.46%，而说明写作 72.46%" in f.message


def test_narrative_share_of_a_named_whole() -> None:
    """占“三公”经费的…: the whole is the 三公 figure, from the narrative or the tables."""
    d = base()
    _sentence(
        d,
        "其中，公务接待费1.50万元，占“三公”经费的81.93%。",
        ("reception", "amount", "1.50", "万元", None),
        ("reception", "share", "81.93", "%", None),
    )
    d.narrative.claims[-1] = d.narrative.claims[-1].model_copy(update={"whole": "three_public"})
    f = one(run(d), "narrative-share")
    assert "公务接待费 1.50 万元占 8.30 万元的 18.07%，而说明写作 81.93%" in f.message


def test_narrative_share_quiet() -> None:
    assert "narrative-share" not in noisy(run(_shares("72.54", "27.46")))
    assert "narrative-share" not in noisy(run(_shares("72.5", "27.5")))
    # A share with no whole named and no total before 其中: nothing to compare with.
    d = base()
    basic = ("basic", "amount", "430.58", "万元", None)
    _sentence(d, "基本支出430.58万元，占50%。", basic, ("basic", "share", "50", "%", None))
    assert "narrative-share" not in noisy(run(d))


# -- narrative-figure-restated ------------------------------------------------------------------------------
def test_narrative_figure_restated_fires() -> None:
    d = base()
    _sentence(d, "综上，“三公”经费预算8.80万元。", ("three_public", "amount", "8.80", "万元", None))
    f = one(run(d), "narrative-figure-restated")
    assert f.severity == "warning"
    assert f.message.endswith("“综上，“三公”经费预算8.80万元。”，为 8.80 万元，相差 0.50 万元。")


def test_narrative_figure_restated_quiet() -> None:
    d = base()
    _sentence(d, "综上，“三公”经费预算8.3万元。", ("three_public", "amount", "8.3", "万元", None))
    assert "narrative-figure-restated" not in noisy(run(d))
    # Last year's figure is another figure.
    d = base()
    _sentence(d, "2022年“三公”经费预算13.00万元。", ("three_public", "amount", "13.00", "万元", None))
    d.narrative.claims[-1].year = 2022
    assert "narrative-figure-restated" not in noisy(run(d))


# -- every template, and a narrative without its tables -------------------------------------------------
NARRATIVE_ONLY = """北京市某局2026年部门预算情况说明
一、部门概况
（一）机构设置
本部门下属2个预算单位。
二、收支预算总体情况
2026年度收入预算1000.00万元，比2025年年初预算数900.00万元增加100.00万元，增长11.11%。
2026年支出预算1000.00万元，比2025年年初预算数900.00万元增加110.00万元，增长11.11%。
基本支出预算600.00万元，占本年支出预算60.00%。项目支出预算400.00万元，占本年支出预算45.00%。
"""


def test_a_narrative_without_tables_is_checked_for_itself() -> None:
    d = base()
    d.tables = {}
    d.template = "unknown"
    d.year = 2026
    d.narrative = extract_narrative(split_lines(NARRATIVE_ONLY, "docx-text"))
    result = review(d)
    found = {(f.rule, f.severity) for f in result.findings if f.severity != "info"}
    assert ("narrative-change-arithmetic", "error") in found  # 1000 − 900 = 100, not 110
    assert ("narrative-share", "error") in found  # 400 ÷ 1000 = 40%, not 45%
    shares = [f.message for f in result.findings if f.rule == "narrative-share"]
    assert len(shares) == 1 and "项目支出 400.00 万元占 1000.00 万元的 40.00%" in shares[0]
    skipped = {run.rule: run.reason for run in result.coverage if run.status == "skipped"}
    assert str(skipped["narrative-amount-mismatch"]).startswith("缺少")  # the tables were not given, said plainly
    ran = {run.rule for run in result.coverage if run.status == "ran"}
    assert {"narrative-change-arithmetic", "narrative-pct-change", "narrative-share"} <= ran


def test_narrative_rules_run_on_other_templates() -> None:
    d = base()
    d.template = "zhejiang"
    result = review(d)
    ran = {run.rule for run in result.coverage if run.status == "ran"}
    assert {"narrative-amount-mismatch", "narrative-change-arithmetic", "narrative-change-parts"} <= ran
    basic = next(c for c in d.narrative.claims if c.subject == "basic" and c.kind == "amount")
    basic.amount = D("431.58")
    assert "narrative-amount-mismatch" in noisy(review(d))
