"""The review page driven in Debian's headless Chromium: keys accept and correct facts, the warehouse keeps them."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import chromium, dialogs_and_added
from tests.review.fixtures import planned_workspace
from tests.review.server import running_review_app
from vanban.models.fact import fact_id
from vanban.warehouse import open_warehouse

REVIEWER = "Nguyễn Thị Lan"


@pytest.fixture
def reviewed_workspace(tmp_path: Path):
    return planned_workspace(tmp_path / "home")


def _status_of(driver, row_id: str) -> str:
    return driver.find_element(By.CSS_SELECTOR, f'tr[data-id="{row_id}"] [data-field="status"]').text


def _wait_for_status(driver, row_id: str, label: str) -> None:
    # -- the page reloads after a decision: an element found just before the reload goes stale
    wait = WebDriverWait(driver, 15, ignored_exceptions=(StaleElementReferenceException, NoSuchElementException))
    wait.until(lambda d: _status_of(d, row_id) == label)


def test_keys_accept_and_correct_facts_and_the_warehouse_keeps_who_when_and_what_was(reviewed_workspace, tmp_path):
    ws, document, facts = reviewed_workspace
    accepted_id = fact_id(document.sha256, facts[3])  # -- "120 chi bộ"
    corrected_id = fact_id(document.sha256, facts[6])  # -- "trên 1.200 đảng viên"

    with running_review_app(ws, reviewer=REVIEWER) as base_url, chromium(tmp_path, watch=True) as driver:
        driver.get(base_url + "/?kind=count")
        assert driver.find_element(By.CSS_SELECTOR, "[data-reviewer]").text == REVIEWER

        driver.find_element(By.CSS_SELECTOR, f'tr[data-id="{accepted_id}"]').click()
        assert (
            "120 chi bộ" in driver.find_element(By.CSS_SELECTOR, f'[data-detail="{accepted_id}"] .sentence mark').text
        )
        ActionChains(driver).send_keys("a").perform()
        _wait_for_status(driver, accepted_id, "đã duyệt")

        driver.find_element(By.CSS_SELECTOR, f'tr[data-id="{corrected_id}"]').click()
        ActionChains(driver).send_keys("c").perform()
        form = driver.find_element(By.CSS_SELECTOR, f'[data-detail="{corrected_id}"] form.correction')
        value = form.find_element(By.NAME, "value")
        assert driver.switch_to.active_element == value  # -- C puts the cursor in the value box
        value.clear()
        value.send_keys("1.250")
        organisation = form.find_element(By.NAME, "organisation")
        organisation.clear()
        organisation.send_keys("Huyện ủy Bình Liêu", Keys.ENTER)
        _wait_for_status(driver, corrected_id, "đã sửa")
        assert (
            driver.find_element(By.CSS_SELECTOR, f'tr[data-id="{corrected_id}"] [data-field="value"]').text == "1.250"
        )
        assert dialogs_and_added(driver)[0] == []

    with open_warehouse(None, default_path=ws.duckdb_path) as store:
        accepted, corrected = store.get_fact(accepted_id), store.get_fact(corrected_id)
        accepted_audit, corrected_audit = store.fact_reviews(accepted_id), store.fact_reviews(corrected_id)

    assert (accepted["review_status"], accepted["reviewed_by"], accepted["value"]) == ("accepted", REVIEWER, 120)
    assert accepted["reviewed_at"] is not None
    assert [
        (a["action"], a["reviewer"], a["previous"]["review_status"], a["new"]["review_status"]) for a in accepted_audit
    ] == [("accept", REVIEWER, "pending", "accepted")]
    assert (corrected["review_status"], corrected["value"], corrected["unit"], corrected["organisation"]) == (
        "corrected",
        1250,
        "đảng viên",
        "Huyện ủy Bình Liêu",
    )
    [audit] = corrected_audit
    assert (audit["action"], audit["reviewer"]) == ("correct", REVIEWER)
    assert audit["previous"]["value"] == 1200 and audit["new"]["value"] == 1250
    assert audit["previous"]["organisation"] is None  # -- its sentence names no organisation
    assert audit["new"]["organisation"] == "Huyện ủy Bình Liêu"
    assert audit["at"] == corrected["reviewed_at"]


def test_reject_by_key_and_a_bad_correction_says_why_without_saving(reviewed_workspace, tmp_path):
    ws, document, facts = reviewed_workspace
    rejected_id = fact_id(document.sha256, facts[4])  # -- "87,5%"
    date_id = fact_id(document.sha256, facts[0])

    with running_review_app(ws, reviewer=REVIEWER) as base_url, chromium(tmp_path) as driver:
        driver.get(base_url + "/")
        driver.find_element(By.CSS_SELECTOR, f'tr[data-id="{rejected_id}"]').click()
        ActionChains(driver).send_keys("r").perform()
        _wait_for_status(driver, rejected_id, "bị loại")

        driver.find_element(By.CSS_SELECTOR, f'tr[data-id="{date_id}"]').click()
        ActionChains(driver).send_keys("c").perform()
        value = driver.switch_to.active_element
        value.clear()
        value.send_keys("31/13/2021", Keys.ENTER)
        message = driver.find_element(By.CSS_SELECTOR, "[data-message]")
        WebDriverWait(driver, 10).until(lambda d: "không đọc được" in message.text)
        assert _status_of(driver, date_id) == "chờ duyệt"

    with open_warehouse(None, default_path=ws.duckdb_path) as store:
        assert store.get_fact(rejected_id)["review_status"] == "rejected"
        assert store.get_fact(date_id)["review_status"] == "pending"
        assert store.fact_reviews(date_id) == []
