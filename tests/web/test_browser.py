"""The workbench in a real headless Chromium (Debian's ``chromium`` and ``chromium-driver``, driven by
Selenium; nothing downloaded): sign in, upload the seeds and a PDF, follow the job (htmx refreshes
it), open a finding and see its page image, dismiss it with a reason, fetch the rectification list,
sign out — with no Content-Security-Policy violation or script error in the browser's console.

Skips with the reason when Selenium, chromium or chromedriver is missing. Screenshots of the main
pages are written to ``YUSUAN_SCREENSHOTS`` when it names a folder."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SEEDS
from tests.web.conftest import PASSWORD
from tests.web.test_evidence_pdf import _row_sum_pdf
from yusuan.store.accounts import add_user
from yusuan.web.app import create_app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
if CHROMIUM is None or CHROMEDRIVER is None:
    pytest.skip("chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)",
                allow_module_level=True)  # fmt: skip

from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

WAIT = 120
#: A real package uploaded beside the seeds (skipped without ../shared): 西南大学 2023, 42 pages, two errors.
CORPUS_PDF = SEEDS.parent / "corpus" / "university-2023-西南大学.pdf"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    folder = tmp_path_factory.mktemp("browser")
    app = create_app(f"sqlite:///{folder / 'store.sqlite'}", files=folder / "files")
    add_user(app.state.web.engine, "reviewer", PASSWORD, "reviewer")
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    ends = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < ends, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)
    app.state.web.engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000", "--lang=zh-CN"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def _shot(driver: Any, name: str) -> None:
    folder = os.environ.get("YUSUAN_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(Path(folder) / f"{name}.png"))


def _console_problems(driver: Any) -> list[str]:
    return [
        e["message"]
        for e in driver.get_log("browser")
        if e["level"] == "SEVERE" or "Content Security Policy" in e["message"]
    ]


def test_review_a_season_in_the_browser(server: str, browser: Any, tmp_path: Path) -> None:
    # htmx swaps parts of the page: an element found a moment before may be replaced when read
    wait = WebDriverWait(browser, WAIT, ignored_exceptions=(StaleElementReferenceException,))
    # anonymous: the login page
    browser.get(f"{server}/documents")
    assert "/login" in browser.current_url
    _shot(browser, "01-login")
    browser.find_element(By.NAME, "username").send_keys("reviewer")
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "section.login button").click()
    wait.until(expected_conditions.url_contains("/documents"))
    assert "示例县人大常委会-2023-有误.txt" in browser.page_source  # the samples of the first start
    _shot(browser, "02-documents")

    # upload the seeds and a corpus PDF (when ../shared is there) and a PDF with one row-sum defect
    pdf = tmp_path / "万清县人大常委会-2021.pdf"
    pdf.write_bytes(_row_sum_pdf())
    real = CORPUS_PDF if CORPUS_PDF.is_file() else None
    files = [pdf, *sorted(SEEDS.glob("*.txt"))[:5], *([real] if real else [])]
    browser.get(f"{server}/uploads")
    browser.find_element(By.NAME, "files").send_keys("\n".join(str(f) for f in files))
    browser.find_element(By.CSS_SELECTOR, "form.upload button").click()
    wait.until(expected_conditions.url_matches(r"/uploads/\d+$"))
    # htmx refreshes the job until it is finished (no reload by the test)
    wait.until(lambda d: "hx-get" not in d.find_element(By.ID, "job").get_attribute("outerHTML"))
    job = browser.find_element(By.ID, "job").text
    assert "完成" in job and "失败 0 个" in job, job
    _shot(browser, "03-upload-job")
    job_url = browser.current_url

    if real is not None:  # the corpus PDF: its first finding shown on its page of the original
        row = next(r for r in browser.find_elements(By.CSS_SELECTOR, "#job tbody tr") if real.name in r.text)
        row.find_element(By.PARTIAL_LINK_TEXT, "号").click()
        wait.until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "ol.findings")))
        browser.find_element(By.CSS_SELECTOR, "li.finding a").click()
        image = wait.until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "img.page")))
        wait.until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image))
        assert browser.execute_script("return arguments[0].naturalWidth", image) > 500
        _shot(browser, "05a-corpus-finding")
        browser.get(job_url)

    # the PDF's document, its row-sum finding and the page image with the box
    row = next(r for r in browser.find_elements(By.CSS_SELECTOR, "#job tbody tr") if pdf.name in r.text)
    row.find_element(By.PARTIAL_LINK_TEXT, "号").click()
    wait.until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "ol.findings")))
    _shot(browser, "04-document")
    item = next(li for li in browser.find_elements(By.CSS_SELECTOR, "li.finding") if "row-sum" in li.text)
    item.find_element(By.TAG_NAME, "a").click()
    image = wait.until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "img.page")))
    wait.until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image))
    assert browser.execute_script("return arguments[0].naturalWidth", image) > 500
    _shot(browser, "05-finding")

    # dismiss it with a reason
    finding_url = browser.current_url.split("#")[0]
    browser.find_element(By.CSS_SELECTOR, 'input[name="verdict"][value="dismissed"]').click()
    browser.find_element(By.NAME, "reason").send_keys("原件为合并单元格，读取有误，不采纳")
    browser.find_element(By.CSS_SELECTOR, "form.decide button").click()
    wait.until(lambda d: "不采纳" in d.find_element(By.ID, "decision").text)
    assert "原件为合并单元格，读取有误，不采纳" in browser.find_element(By.ID, "decision").text
    assert browser.current_url.split("#")[0] == finding_url
    _shot(browser, "06-dismissed")

    # the department's rectification list, fetched by the page itself (its cookie)
    browser.find_element(By.CSS_SELECTOR, "p.crumbs a:nth-of-type(2)").click()
    browser.find_element(By.PARTIAL_LINK_TEXT, "查看该部门各年度对比").click()
    wait.until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "svg.chart")))
    _shot(browser, "07-department")
    link = browser.find_element(By.PARTIAL_LINK_TEXT, "Excel").get_attribute("href")
    fetched = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => r.arrayBuffer()"
        ".then(b => done([r.status, r.headers.get('content-type'), b.byteLength])))",
        link,
    )
    assert fetched[0] == 200 and "spreadsheetml" in fetched[1] and fetched[2] > 1000

    # the other pages open
    for path in ("/compare?year=2021", "/rules", "/departments"):
        browser.get(f"{server}{path}")
        assert "无法显示" not in browser.page_source
    _shot(browser, "08-rules")

    # sign out: private pages are gone
    browser.find_element(By.CSS_SELECTOR, "form.who button").click()
    wait.until(expected_conditions.url_contains("/login"))
    browser.get(f"{server}/documents")
    assert "/login" in browser.current_url
    assert _console_problems(browser) == []
