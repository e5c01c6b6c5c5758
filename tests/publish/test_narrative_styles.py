"""The 情况说明 in several templates' styles: what each style prints, and that the reader finds in it exactly
the claims the writer meant — increases, decreases, no change, no last year, zero parts."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

import pytest

from yusuan import read_text
from yusuan.model import Claim
from yusuan.publish.narrative import Figures, Prior
from yusuan.publish.narrative_styles import STYLES, Style, styled_claims
from yusuan.review import mutations as mut
from yusuan.review.engine import review
from yusuan.synth.disclosure import narrative_style
from yusuan.synth.generate import generate, render_package
from yusuan.synth.samples import consistent

D = Decimal


def _figures(**change: str) -> Figures:
    values = dict(
        income="1234.56", fiscal_income="1134.56", gov_fund_income="0.00", other_income="100.00",
        expenditure="1234.56", basic="934.56", personnel="800.00", public="134.56", project="300.00",
        three_public="25.35", abroad="0.00", vehicle_purchase="0.00", vehicle_operation="13.60", reception="11.75",
    )  # fmt: skip
    values.update(change)
    return Figures(**{k: D(v) for k, v in values.items()}, procurement=D("48.00"), fixed_assets=D("240.80"))


PRIORS = {
    "increase": Prior(D("1200.00"), D("900.00"), D("300.00"), D("30.00"), income=D("1200.00")),
    "flat": Prior(D("1234.56"), D("934.56"), D("300.00"), D("25.35"), income=D("1234.56")),
    "unknown": Prior(),
    "from zero": Prior(D("1200.00"), D("900.00"), D("300.00"), D("0.00"), income=D("1200.00")),
}


def _key(c: Claim) -> tuple[Any, ...]:
    return (c.subject, c.kind, c.amount, c.unit, c.direction, c.year, c.section, c.sentence)


def _read_back(claims: list[Claim]) -> list[Claim]:
    """The claims the narrative reader finds when these sentences are published in a package."""
    d = consistent().model_copy(deep=True)
    d.narrative.claims = claims
    return read_text(render_package(d), source="styles.txt").narrative.claims


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("prior", sorted(PRIORS))
def test_each_style_reads_back_as_written(style: Style, prior: str) -> None:
    claims = styled_claims(style, "测试局", 2023, _figures(), PRIORS[prior])
    assert [_key(c) for c in _read_back(claims)] == [_key(c) for c in claims]


def test_what_each_style_prints() -> None:
    central = {c.sentence for c in styled_claims("central", "测试局", 2023, _figures(), PRIORS["increase"])}
    assert "2023年测试局支出预算总计1,234.56万元，比2022年预算增加34.56万元，增长2.88%，其中：基本支出934.56万元，" \
        "占75.70%；项目支出300.00万元，占24.30%。" in central  # fmt: skip
    assert "2023年一般公共预算“三公”经费预算25.35万元，比2022年预算减少4.65万元，下降15.50%。" in central
    provincial = {c.sentence for c in styled_claims("provincial", "测试局", 2023, _figures(), PRIORS["flat"])}
    assert "测试局2023年度收入、支出预算总计1234.56万元，与上年持平。" in provincial
    rising = styled_claims("provincial", "测试局", 2023, _figures(), PRIORS["increase"])
    assert any("与上年相比收、支预算总计各增加34.56万元，增长2.88%。" in c.sentence for c in rising)
    assert any("支出预算中：基本支出934.56万元，较上年增加34.56万元，增长3.8%" in c.sentence for c in rising)
    # the three styles say the same figures differently
    texts = [{c.sentence for c in styled_claims(s, "测试局", 2023, _figures(), PRIORS["increase"])} for s in STYLES]
    assert all(not (a & b) for i, a in enumerate(texts) for b in texts[i + 1 :])


def test_a_change_from_nothing_states_no_percentage() -> None:
    claims = styled_claims("central", "测试局", 2023, _figures(), PRIORS["from zero"])
    three = [c for c in claims if c.subject == "three_public"]
    assert [(c.kind, c.amount) for c in three] == [("amount", D("25.35")), ("change", D("25.35"))]


def test_generated_departments_use_every_style_and_review_clean() -> None:
    seen: Counter[str] = Counter()
    for d in generate(40, seed=11):
        style = narrative_style(d.department.name or "")
        seen[style] += 1
        found = review(read_text(render_package(d), source=d.source)).findings
        assert [f.message for f in found if f.severity != "info"] == [], style
    assert set(seen) == set(STYLES)


def test_restate_keeps_grouping_and_changes_a_figure_two_subjects_share() -> None:
    d = consistent().model_copy(deep=True)
    d.narrative.claims = styled_claims("provincial", "测试局", 2023, _figures(), PRIORS["increase"])
    income = next(c for c in d.narrative.claims if c.subject == "income" and c.kind == "amount")
    sentence = mut.restate(d, income, D("1300.00"))
    assert sentence.startswith("测试局2023年度收入、支出预算总计1300.00万元")
    both = [c for c in d.narrative.claims if c.sentence == sentence and c.kind == "amount"]
    assert [(c.subject, c.amount) for c in both] == [("income", D("1300.00")), ("expenditure", D("1300.00"))]
    d.narrative.claims = styled_claims("central", "测试局", 2023, _figures(), PRIORS["increase"])
    basic = next(c for c in d.narrative.claims if c.subject == "basic" and c.kind == "share")
    assert "占80.70%" in mut.restate(d, basic, D("80.70"), "%")
    total = next(c for c in d.narrative.claims if c.subject == "expenditure" and c.kind == "amount")
    assert "支出预算总计1,300.00万元" in mut.restate(d, total, D("1300.00"))
