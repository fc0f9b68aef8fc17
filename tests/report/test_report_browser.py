"""The report opened in Debian's headless Chromium: hostile text from documents shows as text and never runs."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from selenium.webdriver.common.by import By

from tests.browser import chromium, dialogs_and_added
from tests.helpers import load_one
from tests.warehouse.documents import HEADER, make_document, make_fact
from vanban.extractors.facts.organisations import link_organisations
from vanban.report import render_report, write_report
from vanban.warehouse import open_warehouse

SCRIPT = "<script>alert('script')</script>"
IMG = "\"><img src=x onerror=alert('img')>"
STARTED = datetime(2024, 5, 1, 19, 0, tzinfo=UTC)


def _hostile_document(index: int, date: str):
    opening = f"Ngày 15/3/2021, Đảng bộ xã {IMG} có 120 chi bộ {SCRIPT} và {index}0 đảng viên."
    cited = f"Theo Kế hoạch số 4{index}-KH/HU{IMG} của Huyện ủy."
    header = replace(
        HEADER, subject=f"về {SCRIPT} và {IMG}", issuer=IMG, date=date, symbol=f"{index}-KH/HU", recipients=[SCRIPT]
    )
    document = make_document(
        [(opening, {"page": 1, "paragraph": 0}), (cited, {"page": 1, "paragraph": 1})],
        name=f"{IMG}{index}.docx",
        header=header,
    )
    org = f"Đảng bộ xã {IMG}"
    facts = [
        make_fact(document, "org", org, normalized=org, confidence=0.6),
        make_fact(
            document, "count", f"120 chi bộ {SCRIPT}", value=120 + index, unit=f"chi bộ {SCRIPT}", confidence=0.6
        ),
        make_fact(
            document, "docref", f"Kế hoạch số 4{index}-KH/HU{IMG}", doc_type="Kế hoạch", symbol=f"4{index}-KH/HU{IMG}"
        ),
    ]
    return document, link_organisations(facts)


def test_hostile_text_in_the_warehouse_shows_as_text_and_nothing_runs(tmp_path: Path) -> None:
    with open_warehouse(None, default_path=tmp_path / "warehouse.duckdb") as store:
        store.ensure_schema()
        store.start_run("r1", STARTED)
        for index, date in ((1, "2021-03-15"), (2, "2023-06-30"), (3, "2024-01-10")):
            document, facts = _hostile_document(index, date)
            load_one(
                store,
                document,
                facts,
                original_name=document.path.rsplit("/", 1)[1],
                run_id="r1",
                archive_path=f"archive/{IMG}.docx",
            )
        store.record_quarantine(None, f"{SCRIPT}.docx", f"lý do {IMG}", "r1")
        store.finish_run(
            "r1",
            finished_at=STARTED,
            files_seen=4,
            loaded=3,
            duplicates=0,
            quarantined=1,
            skipped=0,
            status="completed",
        )
        data = store.report_data("r1")
    assert data.overview.series and data.documents[0].facts, "the hostile text reaches every part of the page"
    page = write_report(render_report(data, generated_at=STARTED), tmp_path / "reports", "r1")

    with chromium(tmp_path, watch=True) as driver:
        driver.get(page.as_uri())
        driver.find_element(By.CSS_SELECTOR, "th[data-sort]").click()  # -- the page's own script runs
        dialogs, added = dialogs_and_added(driver)
        text = driver.find_element(By.TAG_NAME, "body").text
        images = driver.find_elements(By.TAG_NAME, "img")
        scripts = driver.execute_script("return document.scripts.length;")
        handlers = driver.execute_script(
            "return Array.from(document.querySelectorAll('*')).filter(e => Array.from(e.attributes).some(a => a.name.startsWith('on'))).length;"
        )
        charts = driver.find_elements(By.CSS_SELECTOR, "figure.chart svg circle")

    assert dialogs == []
    assert added == []
    assert images == []
    assert scripts == 1 and handlers == 0
    assert charts, "the hostile organisation's count of the hostile unit on three dates is drawn"
    assert SCRIPT in text and "<img src=x onerror=alert('img')>" in text


def test_the_facts_table_filters_and_sorts_in_the_browser(tmp_path: Path) -> None:
    from tests.warehouse.documents import plan_document

    document, facts = plan_document()
    with open_warehouse(None, default_path=tmp_path / "warehouse.duckdb") as store:
        store.ensure_schema()
        store.start_run("r1", STARTED)
        load_one(store, document, facts, original_name="ke-hoach-45.docx", run_id="r1", archive_path=None)
        data = store.report_data("r1")
    page = write_report(render_report(data, generated_at=STARTED), tmp_path / "reports", "r1")

    def shown(driver) -> list[str]:
        rows = driver.find_elements(By.CSS_SELECTOR, "article.doc tr[data-fact]")
        return [row.find_elements(By.TAG_NAME, "td")[1].text for row in rows if row.is_displayed()]

    with chromium(tmp_path) as driver:
        driver.get(page.as_uri())
        assert len(shown(driver)) == len(facts)
        driver.find_element(By.CSS_SELECTOR, 'input[data-filter-kind="count"]').click()
        assert len(shown(driver)) == len(facts) - 3 and "120 chi bộ" not in shown(driver)
        driver.find_element(By.CSS_SELECTOR, 'input[data-filter-kind="count"]').click()
        driver.find_element(By.CSS_SELECTOR, "input[data-filter-text]").send_keys("ĐẢNG VIÊN")
        assert shown(driver) == [
            "từ 3 đến 5 lớp",
            "trên 1.200 đảng viên",
            "87,5%",
        ]  # -- in the fact or its sentence, by kind
        assert "3/7" in driver.find_element(By.CSS_SELECTOR, "[data-filter-count]").text
        driver.find_element(By.CSS_SELECTOR, "input[data-filter-text]").clear()
        driver.find_element(By.CSS_SELECTOR, "input[data-filter-text]").send_keys(" ")  # -- fires input: all rows again
        confidence = driver.find_elements(By.CSS_SELECTOR, "article.doc th[data-sort]")[5]
        confidence.click()
        assert shown(driver)[0] == "Ban Thường vụ Huyện ủy Bình Liêu"  # -- the least confident (0,9) first
        confidence.click()
        assert confidence.get_attribute("aria-sort") == "descending"


def test_a_link_to_a_document_leaves_its_title_below_the_sticky_filter_bar(tmp_path: Path) -> None:
    from tests.warehouse.documents import plan_document

    with open_warehouse(None, default_path=tmp_path / "warehouse.duckdb") as store:
        store.ensure_schema()
        store.start_run("r1", STARTED)
        for index in range(4):
            name = f"van-ban-{index}.docx"
            document, facts = plan_document(name, postscript=f"Phụ lục {index}." if index else None)
            load_one(store, document, facts, original_name=name, run_id="r1", archive_path=None)
        data = store.report_data("r1")
    page = write_report(render_report(data, generated_at=STARTED), tmp_path / "reports", "r1")

    with chromium(tmp_path) as driver:
        driver.set_window_size(1000, 700)
        driver.get(page.as_uri())
        driver.find_element(By.CSS_SELECTOR, 'table[data-documents] a[href="#vb-3"]').click()
        bar = driver.execute_script("return document.querySelector('.filters').getBoundingClientRect().bottom;")
        title = driver.execute_script("return document.querySelector('#vb-3 h2').getBoundingClientRect().top;")
        driver.get(page.as_uri() + "#f-" + data.documents[2].facts[0]["id"])
        row = driver.execute_script("return document.querySelector('tr[id^=f-]:target').getBoundingClientRect().top;")
        bar_now = driver.execute_script("return document.querySelector('.filters').getBoundingClientRect().bottom;")

    assert bar > 0 and title >= bar, f"the title starts at {title}px, under the bar that ends at {bar}px"
    assert row >= bar_now
