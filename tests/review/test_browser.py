"""The review page driven in Debian's headless Chromium, on DuckDB and on PostgreSQL: sign-in, keys that
decide without reloading the page, a decision refused because another reviewer decided first, undo,
accept-all of a document, search without tone marks, an impossible date refused beside its box, and a task
marked done with the D key (DuckDB only: one browser test for tasks).

One browser for the module and one server per warehouse: the tests share them and work on different facts.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import psycopg
import pytest
from psycopg import sql
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import chromium, dialogs_and_added
from tests.helpers import load_one
from tests.postgres_fixtures import SCHEMA_PREFIX, with_search_path
from tests.review.fixtures import load_tasks, planned_workspace, task_document
from tests.review.server import running_review_app
from tests.warehouse.documents import plan_document
from vanban.models.document import Document
from vanban.models.fact import Fact, fact_id
from vanban.report import render_report
from vanban.settings import Workspace
from vanban.warehouse import open_warehouse
from vanban.warehouse.sql import utc_now

PASSWORD = "mật khẩu đủ dài"
REVIEWER = "Nguyễn Thị Lan"
OTHER = "Lê Văn Minh"
WAIT = (StaleElementReferenceException, NoSuchElementException)


@dataclass
class Site:
    base: str
    ws: Workspace
    document: Document
    facts: list[Fact]
    other: Document

    def fid(self, index: int) -> str:
        return fact_id(self.document.sha256, self.facts[index])

    def stored(self, fid: str) -> tuple[dict, list[dict]]:
        with open_warehouse(self.ws.warehouse_url, default_path=self.ws.duckdb_path) as store:
            return store.get_fact(fid), store.fact_reviews(fid)


@pytest.fixture(scope="module")
def driver(tmp_path_factory) -> Iterator:
    with chromium(tmp_path_factory.mktemp("chromium"), watch=True) as browser:
        yield browser


@pytest.fixture(scope="module")
def other_desk(tmp_path_factory) -> Iterator:
    """A second browser with its own cookies: another reviewer at another desk."""
    with chromium(tmp_path_factory.mktemp("chromium-other"), watch=True) as browser:
        yield browser


@pytest.fixture(scope="module", params=["duckdb", "postgresql"])
def site(request, tmp_path_factory) -> Iterator[Site]:
    url, schema = None, None
    if request.param == "postgresql":
        server = request.getfixturevalue("pg_server_url")
        schema = SCHEMA_PREFIX + uuid.uuid4().hex[:12]
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
        url = with_search_path(server, schema)
    ws, document, facts = planned_workspace(tmp_path_factory.mktemp("home"), url)
    other, other_facts = plan_document("bao-cao-thang.docx", postscript="Báo cáo gửi kèm.")
    with open_warehouse(url, default_path=ws.duckdb_path) as store:
        load_one(store, other, other_facts, original_name="bao-cao-thang.docx", run_id="r1")
        store.create_account("lan", REVIEWER, "admin", PASSWORD, now=utc_now())
        store.create_account("minh", OTHER, "reviewer", PASSWORD, now=utc_now())
    with running_review_app(ws) as base:
        yield Site(base, ws, document, facts, other)
    if schema is not None:
        with psycopg.connect(request.getfixturevalue("pg_server_url"), autocommit=True) as conn:
            conn.execute("SET lock_timeout = '10s'")
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


def _sign_in(driver, username: str = "lan") -> None:
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD, Keys.ENTER)
    WebDriverWait(driver, 15).until(lambda d: "/login" not in d.current_url)


def _open(driver, site: Site, path: str, username: str = "lan") -> None:
    driver.get(site.base + path)
    if "/login" in driver.current_url:
        _sign_in(driver, username)
    WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-reviewer]"))
    # -- a mark on the window: still there after a decision means the page was not reloaded
    driver.execute_script("window.__sameLoad = true;")


def _status_of(driver, row_id: str) -> str:
    return driver.find_element(By.CSS_SELECTOR, f'tr[data-id="{row_id}"] [data-field="status"]').text


def _wait_for_status(driver, row_id: str, label: str) -> None:
    WebDriverWait(driver, 15, ignored_exceptions=WAIT).until(lambda d: _status_of(d, row_id) == label)


def _not_reloaded(driver) -> bool:
    return driver.execute_script("return window.__sameLoad === true;")


def _detail(driver, row_id: str):
    return driver.find_element(By.CSS_SELECTOR, f'[data-detail="{row_id}"]')


def test_sign_in_is_asked_first_and_the_page_opens_on_pending_facts(driver, site: Site) -> None:
    driver.delete_all_cookies()
    driver.get(site.base + "/?kind=count")
    assert "/login" in driver.current_url  # -- no page without signing in
    driver.find_element(By.NAME, "username").send_keys("lan")
    driver.find_element(By.NAME, "password").send_keys("sai mật khẩu", Keys.ENTER)
    problem = WebDriverWait(driver, 15).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-problem]"))
    assert "Sai tên đăng nhập hoặc mật khẩu" in problem.text
    driver.find_element(By.NAME, "username").clear()
    _sign_in(driver)
    assert driver.current_url.startswith(site.base + "/?kind=count")  # -- back where the reviewer was going
    assert driver.find_element(By.CSS_SELECTOR, "[data-reviewer]").text == REVIEWER
    assert driver.find_element(By.CSS_SELECTOR, "select[name=status] option:checked").text == "chờ duyệt"
    opening = site.fid(3)  # -- "120 chi bộ", table-free, paragraph 0 of the reader
    driver.find_element(By.CSS_SELECTOR, f'tr[data-id="{opening}"]').click()
    assert _detail(driver, opening).find_element(By.CSS_SELECTOR, "[data-where]").text == "trang 1 · đoạn 1"
    cell = site.fid(4)  # -- "87,5%", table 0 row 1 cell 2 of the reader
    _open(driver, site, "/?kind=percent")
    driver.find_element(By.CSS_SELECTOR, f'tr[data-id="{cell}"]').click()
    assert _detail(driver, cell).find_element(By.CSS_SELECTOR, "[data-where]").text == "trang 1 · bảng 1 · hàng 2 · ô 3"


def test_a_key_decides_without_reloading_and_undo_brings_the_fact_back(driver, site: Site) -> None:
    accepted = site.fid(3)
    _open(driver, site, "/?kind=count")
    driver.find_element(By.CSS_SELECTOR, f'tr[data-id="{accepted}"]').click()
    pending = int(driver.find_element(By.CSS_SELECTOR, '[data-chip="pending"] [data-count]').text)
    ActionChains(driver).send_keys("a").perform()
    _wait_for_status(driver, accepted, "đã duyệt")
    assert _not_reloaded(driver)
    assert site.stored(accepted)[0]["reviewed_by"] == "lan"
    # -- the counts at the top follow the decision
    assert driver.find_element(By.CSS_SELECTOR, '[data-chip="pending"] [data-count]').text == str(pending - 1)

    driver.find_element(By.CSS_SELECTOR, f'tr[data-id="{accepted}"]').click()
    ActionChains(driver).send_keys("u").perform()
    _wait_for_status(driver, accepted, "chờ duyệt")
    assert _not_reloaded(driver)
    fact, trail = site.stored(accepted)
    assert fact["review_status"] == "pending"
    assert [(row["action"], row["reviewer"]) for row in trail] == [("accept", "lan"), ("undo", "lan")]
    history = _detail(driver, accepted).find_elements(By.CSS_SELECTOR, ".history li")
    assert [item.text.split(" · ")[1:] for item in history] == [[REVIEWER, "duyệt"], [REVIEWER, "hoàn tác"]]
    assert dialogs_and_added(driver)[0] == []


def test_a_decision_on_a_fact_another_reviewer_decided_since_is_refused(driver, other_desk, site: Site) -> None:
    fought = site.fid(6)  # -- "trên 1.200 đảng viên"
    _open(driver, site, "/?kind=count")
    driver.find_element(By.CSS_SELECTOR, f'tr[data-id="{fought}"]').click()
    # -- Minh, in his own browser at another desk, rejects the fact while Lan's page still shows it pending
    _open(other_desk, site, "/?kind=count", username="minh")
    other_desk.find_element(By.CSS_SELECTOR, f'tr[data-id="{fought}"]').click()
    ActionChains(other_desk).send_keys("r").perform()
    _wait_for_status(other_desk, fought, "bị loại")
    ActionChains(driver).send_keys("a").perform()
    message = driver.find_element(By.CSS_SELECTOR, "[data-message]")
    WebDriverWait(driver, 15).until(lambda d: "Không lưu" in message.text)
    assert OTHER in message.text and message.is_displayed()
    _wait_for_status(driver, fought, "bị loại")  # -- the row now shows what Minh decided
    assert _not_reloaded(driver)
    fact, trail = site.stored(fought)
    assert (fact["review_status"], fact["reviewed_by"]) == ("rejected", "minh")
    assert [row["reviewer"] for row in trail] == ["minh"]


def test_an_impossible_date_is_refused_beside_its_box_in_view(driver, site: Site) -> None:
    dated = site.fid(0)
    driver.set_window_size(1366, 600)  # -- a short window: the message must still be in it
    try:
        _open(driver, site, "/?kind=date")
        driver.find_element(By.CSS_SELECTOR, f'tr[data-id="{dated}"]').click()
        ActionChains(driver).send_keys("c").perform()
        value = driver.switch_to.active_element
        assert value.get_attribute("name") == "value"
        value.clear()
        value.send_keys("2024-13-45", Keys.ENTER)
        problem = _detail(driver, dated).find_element(By.CSS_SELECTOR, '[data-problem="value"]')
        WebDriverWait(driver, 15).until(lambda d: "không có thật" in problem.text)
        assert value.get_attribute("aria-invalid") == "true"
        top, bottom = driver.execute_script(
            "var r = arguments[0].getBoundingClientRect(); return [r.top, r.bottom];", problem
        )
        assert 0 <= top and bottom <= driver.execute_script("return window.innerHeight;")
        assert _status_of(driver, dated) == "chờ duyệt" and _not_reloaded(driver)
    finally:
        driver.set_window_size(1366, 900)
    fact, trail = site.stored(dated)
    assert (fact["review_status"], fact["value"], trail) == ("pending", "2021-03-15", [])


def test_search_without_tone_marks_finds_the_marked_words(driver, site: Site) -> None:
    def found(words: str) -> set[str]:
        _open(driver, site, "/?status=all")
        box = driver.find_element(By.NAME, "q")
        box.clear()
        box.send_keys(words, Keys.ENTER)
        WebDriverWait(driver, 15).until(lambda d: "q=" in d.current_url)
        return {row.get_attribute("data-id") for row in driver.find_elements(By.CSS_SELECTOR, "tr[data-id]")}

    plain, marked = found("binh lieu"), found("Bình Liêu")
    opening = {site.fid(index) for index in (0, 1, 2, 3)}  # -- the facts of the sentence naming Bình Liêu
    assert opening <= plain and plain == marked
    assert site.fid(6) not in plain


def test_accept_all_accepts_the_documents_pending_facts_in_place(driver, site: Site) -> None:
    _open(driver, site, f"/?doc={site.other.sha256}")
    ids = [row.get_attribute("data-id") for row in driver.find_elements(By.CSS_SELECTOR, "tr[data-id]")]
    assert len(ids) == 7
    driver.find_element(By.CSS_SELECTOR, ".bulk [data-accept-document]").click()
    for row_id in ids:
        _wait_for_status(driver, row_id, "đã duyệt")
    assert _not_reloaded(driver)
    assert "Đã duyệt 7 dữ kiện" in driver.find_element(By.CSS_SELECTOR, "[data-message]").text
    for row_id in ids:
        fact, trail = site.stored(row_id)
        assert (fact["review_status"], fact["reviewed_by"]) == ("accepted", "lan")
        assert [row["action"] for row in trail] == ["accept"]
    assert site.stored(site.fid(1))[0]["review_status"] == "pending"  # -- the other document untouched


@pytest.fixture
def task_site(tmp_path) -> Iterator[tuple[str, Workspace, list[str]]]:
    """A DuckDB workspace with the directive's tasks and Lan's account, served on its own port."""
    home = tmp_path / "tasks-home"
    ws = Workspace(home=home, inbox=home / "inbox", warehouse_url=None)
    ws.create_dirs()
    with open_warehouse(None, default_path=ws.duckdb_path) as store:
        store.ensure_schema()
        store.start_run("r1", utc_now())
        _, _, ids = load_tasks(store)
        store.create_account("lan", REVIEWER, "admin", PASSWORD, now=utc_now())
    with running_review_app(ws) as base:
        yield base, ws, ids


def test_a_task_marked_done_with_the_d_key_is_audited_survives_a_rerun_and_leaves_the_report(driver, task_site) -> None:
    base, ws, ids = task_site
    task = ids[1]  # -- Ban Tuyên giáo's, due 30/6/2021: long overdue
    driver.get(base + "/?kind=task")
    if "/login" in driver.current_url:
        _sign_in(driver)
    row = WebDriverWait(driver, 15).until(lambda d: d.find_element(By.CSS_SELECTOR, f'tr[data-id="{task}"]'))
    assert row.find_element(By.CSS_SELECTOR, "[data-badge]").text.startswith("Quá hạn")
    driver.execute_script("window.__sameLoad = true;")
    row.click()
    progress = _detail(driver, task).find_element(By.CSS_SELECTOR, "form.progress")
    day = progress.find_element(By.NAME, "on")
    day.clear()
    day.send_keys("08/07/2021")
    progress.find_element(By.NAME, "note").send_keys("đã ban hành kế hoạch tuyên truyền", Keys.ESCAPE)
    ActionChains(driver).send_keys("d").perform()
    WebDriverWait(driver, 15, ignored_exceptions=WAIT).until(
        lambda d: d.find_element(By.CSS_SELECTOR, f'tr[data-id="{task}"] [data-badge]').text == "Đã xong"
    )
    assert _not_reloaded(driver)
    with open_warehouse(None, default_path=ws.duckdb_path) as store:
        stored = store.task_details([task])[task]
        trail = store.fact_reviews(task)
    assert (stored["progress"], stored["progress_on"], stored["progress_note"], stored["progress_by"]) == (
        "done",
        "2021-07-08",
        "đã ban hành kế hoạch tuyên truyền",
        "lan",
    )
    assert [(audit["action"], audit["reviewer"]) for audit in trail] == [("done", "lan")]
    driver.get(base + "/?kind=task&status=all")
    badge = driver.find_element(By.CSS_SELECTOR, f'tr[data-id="{task}"] [data-badge]')
    assert (badge.get_attribute("data-badge"), badge.text) == ("done", "Đã xong")
    assert "ngày 08/07/2021" in _detail(driver, task).get_attribute("textContent")
    assert dialogs_and_added(driver)[0] == []

    # -- the next night: the same directive is read again, then the report is written
    document, facts = task_document()
    with open_warehouse(None, default_path=ws.duckdb_path) as store:
        store.start_run("r2", utc_now())
        load_one(store, document, facts, original_name="chi-thi-07.docx", run_id="r2")
        assert store.task_details([task])[task]["progress"] == "done"
        html = render_report(store.report_data("r2", today=date(2022, 1, 10)), generated_at=utc_now())
    followed = html.split('<section id="theo-doi">', 1)[1].split("</section>", 1)[0]
    assert "xây dựng kế hoạch tuyên truyền" not in followed  # -- the task marked done
    assert "tổng hợp kết quả, báo cáo Ban Thường vụ" in followed  # -- the other, due by December, overdue
