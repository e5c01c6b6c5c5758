"""The pages show what the store holds: the documents (searchable), a document's reading report,
findings by severity and kind and tables, a finding's evidence, a department's years with a chart,
the comparison, the rule catalogue — and never run document text as markup."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from tests.web.conftest import HOSTILE_NAME, HOSTILE_ROW, Web
from yusuan.model.jsonio import from_json
from yusuan.review.engine import review
from yusuan.review.finding import SEVERITIES
from yusuan.review.registry import RULES
from yusuan.store.listing import detail, entries
from yusuan.store.schema import DisclosureRecord
from yusuan.web.app import SECURITY_HEADERS
from yusuan.web.svg import Series, bar_chart, ranked_chart


def _sample_ids(web: Web) -> tuple[int, int]:
    """(the consistent sample, the sample with injected defects)."""
    found = {e.source_name: e.id for e in entries(web.engine, all_versions=True)}
    good = next(i for name, i in found.items() if "一致" in name)
    bad = next(i for name, i in found.items() if "有误" in name)
    return good, bad


def test_document_list_shows_the_samples_and_searches_by_department(web: Web) -> None:
    web.login("viewer")
    page = web.client.get("/documents").text  # current versions: the corrected sample replaced the other
    assert "示例县人大常委会-2023-有误.txt" in page and "另有 1 个旧版本" in page
    page = web.client.get("/documents", params={"all": "true"}).text
    assert "示例县人大常委会-2023-一致.txt" in page and "示例县人大常委会-2023-有误.txt" in page
    found = web.client.get("/documents", params={"q": "人民代表大会", "all": "true"}).text
    assert "一致.txt" in found and "有误.txt" in found  # the short form 人大常委会 matches too
    only = web.client.get("/documents", params={"q": "alert", "all": "true"}).text
    assert "hostile" in only and "有误.txt" not in only
    none = web.client.get("/documents", params={"q": "不存在的部门"}).text
    assert "没有找到符合条件的文件" in none and "有误.txt" not in none
    assert "有误.txt" not in web.client.get("/documents", params={"year": 2019, "all": "true"}).text
    assert "有误.txt" in web.client.get("/documents", params={"kind": "预算"}).text
    assert "有误.txt" not in web.client.get("/documents", params={"kind": "决算"}).text
    bad_kind = web.client.get("/documents", params={"kind": "草稿"})
    assert bad_kind.status_code == 422 and "无法识别的类别" in bad_kind.text


def test_document_page_shows_reading_report_findings_and_tables(web: Web) -> None:
    web.login("viewer")
    _good, bad = _sample_ids(web)
    record = detail(web.engine, bad)
    assert record is not None
    r = review(from_json(record.model_json))
    page = web.client.get(f"/documents/{bad}").text
    assert "读取情况" in page and "已检查" in page and "部门预算收支总表" in page
    for severity in SEVERITIES:
        assert f'<div class="card {severity}"><div class="n">{r.count(severity)}</div>' in page
    links = re.findall(rf'href="/documents/{bad}/findings/(\d+)"', page)
    assert sorted(int(n) for n in links) == list(range(1, len(r.findings) + 1))
    # grouped: every error before any warning
    assert page.index('class="group error"') < page.index('class="group warning"')
    assert "结构化数据" in page and 'class="grid"' in page


def test_clean_document_says_so(web: Web) -> None:
    web.login("viewer")
    good, _bad = _sample_ids(web)
    assert "未发现问题" in web.client.get(f"/documents/{good}").text


def test_finding_page_shows_the_evidence_and_navigation(web: Web) -> None:
    web.login("viewer")
    _good, bad = _sample_ids(web)
    first = web.client.get(f"/documents/{bad}/findings/1").text
    assert 'rel="next"' in first and 'rel="prev"' not in first
    assert 'class="excerpt"' in first and " hit" in first  # the cells involved are marked
    assert "原件不是 PDF" in first  # a text source: the excerpt instead of a page image
    second = web.client.get(f"/documents/{bad}/findings/2").text
    assert 'rel="prev"' in second
    assert web.client.get(f"/documents/{bad}/findings/999").status_code == 404


def test_missing_and_malformed_ids_are_clear_errors(web: Web) -> None:
    web.login("viewer")
    r = web.client.get("/documents/999999")
    assert r.status_code == 404 and "没有编号为 999999 的公开文件" in r.text
    assert web.client.get("/documents/abc").status_code == 422
    assert web.client.get(f"/documents/{2**40}").status_code == 422
    assert web.client.get("/departments/999999").status_code == 404
    assert web.client.get("/no/such/page").status_code == 404


def test_page_image_of_a_text_source_is_404(web: Web) -> None:
    web.login("viewer")
    _good, bad = _sample_ids(web)
    r = web.client.get(f"/documents/{bad}/pages/1.png", params={"finding": 1})
    assert r.status_code == 404 and "PDF 原件" in r.json()["detail"]


def test_department_page_has_the_years_and_an_svg_chart(web: Web) -> None:
    web.login("viewer")
    _good, bad = _sample_ids(web)
    record = detail(web.engine, bad)
    assert record is not None
    page = web.client.get(f"/departments/{record.entry.department_id}").text
    assert "逐年对比" in page and "支出合计" in page and "2023" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in page and "<rect" in page
    listing = web.client.get("/departments", params={"q": "人大"}).text
    assert f'href="/departments/{record.entry.department_id}"' in listing


def test_compare_page_ranks_and_explains_bad_filters(web: Web) -> None:
    web.login("viewer")
    page = web.client.get("/compare", params={"year": 2023}).text
    assert "第 1" in page and "项目支出占比" in page
    assert '<div class="chart-wide"><svg' in page and "2023 部门预算 支出合计" in page
    shares = web.client.get("/compare", params={"year": 2023, "measure": "project_share"}).text
    assert "2023 部门预算 项目支出占比" in shares
    bad = web.client.get("/compare", params={"level": "星球"})
    assert bad.status_code == 422 and "无法识别的级次" in bad.text


def test_rules_page_lists_every_rule(web: Web) -> None:
    web.login("viewer")
    page = web.client.get("/rules").text
    assert f"共 {len(RULES)} 条" in page
    for rule in RULES:
        assert f'<tr id="{rule}">' in page


# --- security ----------------------------------------------------------------------------------


def test_security_headers_on_every_kind_of_response(web: Web) -> None:
    responses = [
        web.client.get("/login"),
        web.client.get("/healthz"),
        web.client.get("/static/app.js"),
        web.client.get("/documents", follow_redirects=False),
    ]
    web.login("viewer")
    responses += [web.client.get("/documents"), web.client.get("/documents/999999"), web.client.get("/rules")]
    for r in responses:
        for name, value in SECURITY_HEADERS.items():
            assert r.headers.get(name) == value, (r.url, name)
    csp = SECURITY_HEADERS["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "'unsafe-inline'" not in csp and "frame-ancestors 'none'" in csp


def test_pages_have_no_inline_script_or_handler(web: Web) -> None:
    web.login("admin")
    _good, bad = _sample_ids(web)
    for path in ("/documents", f"/documents/{bad}", f"/documents/{bad}/findings/1", "/admin/users", "/rules"):
        page = web.client.get(path).text
        for tag in re.findall(r"<script\b[^>]*>", page):
            assert 'src="/static/' in tag, (path, tag)
        assert not re.search(r"\son[a-z]+=", page), path
        assert "style=" not in page, path


def test_document_text_is_escaped_everywhere(web: Web) -> None:
    web.login("viewer")
    hostile = web.hostile_id
    record = detail(web.engine, hostile)
    assert record is not None
    pages = [
        web.client.get("/documents").text,
        web.client.get(f"/documents/{hostile}").text,
        web.client.get(f"/documents/{hostile}/findings/1").text,
        web.client.get(f"/departments/{record.entry.department_id}").text,
        web.client.get("/departments").text,
        web.client.get("/compare", params={"year": 2023}).text,
    ]
    for page in pages:
        assert '<script>alert("dept")' not in page
        assert "<img src=x" not in page
        assert "hostile<b>" not in page
    detail_page = pages[1]
    assert "示例县&lt;script&gt;alert(&#34;dept&#34;)&lt;/script&gt;人大常委会" in detail_page
    assert "&lt;img src=x onerror=alert(&#34;row&#34;)&gt;" in detail_page
    assert HOSTILE_NAME not in detail_page and HOSTILE_ROW not in detail_page


def test_svg_chart_escapes_its_text() -> None:
    svg = str(bar_chart('<script>x</script>"', ["2023</text>"], [Series("<b>预算</b>", [None])]))
    assert "<script>" not in svg and "</text><" not in svg.split("2023")[1][:8]
    assert "&lt;script&gt;" in svg and "&lt;b&gt;预算&lt;/b&gt;" in svg


def test_a_stored_model_that_cannot_be_read_back_is_a_clear_error(web: Web) -> None:
    with Session(web.engine) as session, session.begin():
        session.execute(update(DisclosureRecord).where(DisclosureRecord.id == 1).values(model_json='{"layout": 5}'))
    web.login("viewer")
    r = web.client.get("/documents/1")
    assert r.status_code == 500 and "第 1 号公开文件的结构化数据无法读取" in r.text and "Traceback" not in r.text
    assert r.headers["Content-Security-Policy"] == SECURITY_HEADERS["Content-Security-Policy"]


def test_an_unexpected_error_is_a_chinese_page_with_the_headers(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    import yusuan.web.routes.rules as rules_route

    def broken() -> list[object]:
        raise RuntimeError("boom")

    monkeypatch.setattr(rules_route, "ordered", broken)
    web.login("viewer")
    r = web.client.get("/rules")
    assert r.status_code == 500 and "内部错误" in r.text and "boom" not in r.text
    for name, value in SECURITY_HEADERS.items():
        assert r.headers[name] == value


def test_document_page_tallies_the_decisions(web: Web) -> None:
    web.login("viewer")
    _good, bad = _sample_ids(web)
    assert "审定情况：确认 0 条，不采纳 0 条，待定 " in web.client.get(f"/documents/{bad}").text


def test_hsts_only_when_served_over_https(web: Web) -> None:
    from fastapi.testclient import TestClient

    from yusuan.web.app import create_app

    assert "Strict-Transport-Security" not in web.client.get("/login").headers
    secure = create_app(engine=web.engine, samples=False, secure_cookies=True)
    assert TestClient(secure).get("/login").headers["Strict-Transport-Security"] == "max-age=31536000"


def test_ranked_chart_flags_outliers_and_escapes_labels() -> None:
    from decimal import Decimal

    svg = str(ranked_chart("t", [("<b>甲</b>", Decimal(10)), ("乙", Decimal(5))], "万元", frozenset({1})))
    assert "&lt;b&gt;甲&lt;/b&gt;" in svg and "<b>" not in svg
    bars = re.findall(r'<rect x="220" y="[\d.]+" width="([\d.]+)" height="12" fill="(#[0-9a-f]+)"', svg)
    assert [colour for _w, colour in bars] == ["#2f6db5", "#d92d20"]
    assert float(bars[0][0]) == 2 * float(bars[1][0])
