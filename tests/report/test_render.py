"""report/render.py: a self-contained Vietnamese page where nothing from a document runs as markup."""

from __future__ import annotations

import dataclasses
import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import load_one
from tests.warehouse.documents import plan_document
from tests.warehouse.office import office_document
from vanban.models.document import Header
from vanban.report import KIND_LABELS, render_report, report_filename, write_report
from vanban.warehouse import FACT_ROW_FIELDS, open_warehouse
from vanban.warehouse.report_data import DocumentReport, FileNote, QueuedFact, ReportData, RunSummary

GENERATED = datetime(2024, 5, 1, 19, 0, tzinfo=UTC)
STARTED = datetime(2024, 5, 1, 19, 0, tzinfo=UTC)
PAYLOADS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']


def fact_row(**fields: Any) -> dict[str, Any]:
    return dict.fromkeys(FACT_ROW_FIELDS) | {"review_status": "pending", "confidence": 1.0} | fields


def report_with(
    *,
    name: str = "ke-hoach.docx",
    fact: dict[str, Any] | None = None,
    header: Header | None = None,
    reason: str = "không phải tệp ZIP",
) -> ReportData:
    fact = fact or fact_row(
        kind="percent", text="87,5%", value=87.5, start=60, sentence="Tỷ lệ đạt 87,5%.", sentence_start=50
    )
    run = RunSummary(
        id="r1",
        started_at=STARTED,
        finished_at=STARTED + timedelta(seconds=125),
        files_seen=3,
        loaded=1,
        duplicates=1,
        quarantined=1,
        skipped=0,
        status="completed",
    )
    return ReportData(
        run=run,
        documents=[
            DocumentReport(sha256="a" * 64, original_name=name, format="docx", header=header or Header(), facts=[fact])
        ],
        quarantined=[FileNote(original_name="hong.docx", reason=reason)],
        duplicates=[FileNote(original_name="ban-sao.docx", sha256="a" * 64, same_as=name)],
        fact_counts={"percent": 1},
    )


def visible_text(html: str) -> str:
    body = html.split("<body>", 1)[1].rsplit("<script>", 1)[0]
    return re.sub(r"<[^>]+>", " ", body)


@pytest.mark.parametrize("payload", PAYLOADS, ids=["script", "img-onerror"])
@pytest.mark.parametrize(
    "build",
    [
        lambda p: report_with(fact=fact_row(kind="org", text=p, start=0, sentence="Theo " + p + " thì")),
        lambda p: report_with(
            fact=fact_row(kind="count", text="85 chi bộ", value=85, unit=p, start=3, sentence=p + " 85 chi bộ")
        ),
        lambda p: report_with(name=p),
        lambda p: report_with(header=Header(subject=p, issuer=p, recipients=[p])),
        lambda p: report_with(reason=p),
    ],
    ids=["fact-text", "sentence-and-unit", "file-name", "header", "quarantine-reason"],
)
def test_nothing_from_a_document_survives_as_markup(build, payload: str) -> None:
    html = render_report(build(payload), generated_at=GENERATED)

    assert "<img" not in html
    assert html.count("<script>") == 1  # -- the report's own filter script, at the end
    assert "alert(1)</script>" not in html
    assert ("&lt;script&gt;" in html) or ("&lt;img src=x onerror=alert(1)&gt;" in html)


def test_page_is_vietnamese_and_self_contained() -> None:
    html = render_report(report_with(), generated_at=GENERATED)

    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="vi">' in html
    assert '<meta charset="utf-8">' in html
    assert "@media print" in html
    # -- nothing is loaded from anywhere; the only links out open the local review page
    assert not re.search(r"""src=["']?(https?:)?//""", html)
    assert {link for link in re.findall(r"""href=["']?((?:https?:)?//[^/"']*/)""", html)} == {"http://127.0.0.1:8765/"}
    assert "<link" not in html
    assert "Lập lúc 02/05/2024 02:00:00" in html


def test_run_summary_shows_counts_time_and_set_aside_files() -> None:
    text = visible_text(render_report(report_with(), generated_at=GENERATED))

    text = re.sub(r"\s+", " ", text)
    for expected in (
        "Tệp đã thấy 3",
        "Văn bản đã nạp 1",
        "Thời gian chạy 2 phút 5 giây",
        "hoàn thành",
        "hong.docx",
        "không phải tệp ZIP",
    ):
        assert expected in text
    assert "ban-sao.docx ke-hoach.docx" in text


def test_fact_is_marked_in_its_sentence() -> None:
    html = render_report(report_with(), generated_at=GENERATED)
    assert "Tỷ lệ đạt <mark>87,5%</mark>." in html


def test_sentence_without_the_fact_is_shown_unmarked() -> None:
    fact = fact_row(kind="percent", text="87,5%", value=87.5, start=60, sentence="Một câu khác.", sentence_start=None)
    html = render_report(report_with(fact=fact), generated_at=GENERATED)
    assert "Một câu khác." in html
    assert "<mark>" not in html


def test_document_header_is_decoded_under_its_labels() -> None:
    header = Header(
        issuer="HUYỆN ỦY BÌNH LIÊU",
        issuer_parent="TỈNH ỦY QUẢNG NINH",
        symbol="45-KH/HU",
        doc_type="Kế hoạch",
        place="Bình Liêu",
        date="2021-03-15",
        subject="về củng cố tổ chức cơ sở đảng",
        signer_role="BÍ THƯ",
        signer_name="Nguyễn Văn An",
    )
    text = re.sub(r"\s+", " ", visible_text(render_report(report_with(header=header), generated_at=GENERATED)))

    for expected in (
        "Loại văn bản Kế hoạch",
        "Số/ký hiệu 45-KH/HU",
        "Cơ quan ban hành TỈNH ỦY QUẢNG NINH / HUYỆN ỦY BÌNH LIÊU",
        "Ngày ban hành Bình Liêu, 15/03/2021",
        "Trích yếu về củng cố tổ chức cơ sở đảng",
        "Người ký Nguyễn Văn An (BÍ THƯ)",
    ):
        assert expected in text


def test_document_without_header_says_so() -> None:
    html = render_report(report_with(header=Header()), generated_at=GENERATED)
    assert "không có phần đầu" in html


def test_report_from_the_warehouse_shows_every_kind_with_its_values(tmp_path: Path) -> None:
    document, facts = plan_document()
    with open_warehouse(":memory:", default_path=tmp_path / "unused.duckdb") as warehouse:
        warehouse.ensure_schema()
        warehouse.start_run("r1", STARTED)
        load_one(warehouse, document, facts, original_name="ke-hoach-45.docx", run_id="r1", archive_path=None)
        data = warehouse.report_data("r1")

    html = render_report(data, generated_at=GENERATED)
    text = re.sub(r"\s+", " ", visible_text(html))

    assert all(f"{KIND_LABELS[kind]}: " in text for kind in {fact.kind for fact in facts})
    documents_part = html.split('<article class="doc"', 1)[1]
    assert documents_part.count("<mark>") == len(facts)
    for expected in (
        "1.200",
        "3–5",
        "87,5%",
        "15/03/2021",
        "đảng viên",
        "Định lượng: trên",
        "Ký hiệu: 45-KH/HU",
        "Cơ quan: HU",
        "0,99",
    ):
        assert expected in text


def test_render_is_pure() -> None:
    data = report_with()
    assert render_report(data, generated_at=GENERATED) == render_report(data, generated_at=GENERATED)


def test_write_report_writes_the_run_and_latest(tmp_path: Path) -> None:
    reports = tmp_path / "reports"

    path = write_report("<p>một</p>", reports, "2024-05-01T02-00-00")
    write_report("<p>hai</p>", reports, "2024-05-02T02-00-00")

    assert path == reports / "report-2024-05-01T02-00-00.html"
    assert path.read_text(encoding="utf-8") == "<p>một</p>"
    assert (reports / "latest.html").read_text(encoding="utf-8") == "<p>hai</p>"
    assert sorted(p.name for p in reports.iterdir()) == [
        "latest.html",
        "report-2024-05-01T02-00-00.html",
        "report-2024-05-02T02-00-00.html",
    ]


def test_write_report_never_leaves_latest_half_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_report("<p>cũ</p>", tmp_path, "r1")
    real_replace = os.replace

    def fail_on_latest(source: str, target: str | Path) -> None:
        if Path(target).name == "latest.html":
            raise OSError("disk full")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", fail_on_latest)
    with pytest.raises(OSError, match="disk full"):
        write_report("<p>mới</p>", tmp_path, "r2")

    assert (tmp_path / "latest.html").read_text(encoding="utf-8") == "<p>cũ</p>"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["latest.html", "report-r1.html", "report-r2.html"]


@pytest.mark.parametrize("run_id", ["../etc", "a/b", "", ".."], ids=["parent", "slash", "empty", "dots"])
def test_report_filename_refuses_paths(run_id: str) -> None:
    with pytest.raises(ValueError, match="cannot name a report file"):
        report_filename(run_id)


def _facts_table(html: str) -> str:
    return html.split('<article class="doc"', 1)[1].split("</article>", 1)[0]


def test_each_fact_row_has_kind_value_unit_organisation_confidence_and_status() -> None:
    fact = fact_row(
        id="f1",
        kind="count",
        text="trên 1.200 đảng viên",
        value=1200,
        unit="đảng viên",
        organisation="Huyện ủy Bình Liêu",
        confidence=0.7,
        review_status="corrected",
        reviewed_by="Lan",
        start=5,
        sentence="Có trên 1.200 đảng viên.",
        sentence_start=0,
    )
    table = _facts_table(render_report(report_with(fact=fact), generated_at=GENERATED))

    row = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", table.split('id="f-f1"', 1)[1].split("</tr>", 1)[0]))
    for expected in ("Số lượng", "1.200", "đảng viên", "Huyện ủy Bình Liêu", "0,7", "đã sửa", "Lan"):
        assert expected in row
    assert 'data-kind="count" data-status="corrected" data-low="1"' in table
    assert table.count("th data-sort=") >= 6  # -- sortable columns: kind, fact, value, unit, organisation, status …


def test_facts_from_ocr_pages_are_marked_and_the_document_says_which_pages() -> None:
    scanned = fact_row(
        id="f2", kind="count", text="85 chi bộ", value=85, unit="chi bộ", page=2, start=3, sentence="Có 85 chi bộ."
    )
    typed = fact_row(id="f1", kind="percent", text="87,5%", value=87.5, page=1, start=60, sentence="Đạt 87,5%.")
    data = report_with(fact=typed)
    data.documents[0].facts.append(scanned)
    data.documents[0].ocr_pages = {2: 0.93}

    html = render_report(data, generated_at=GENERATED)
    table = _facts_table(html)

    assert "Trang đọc bằng OCR (độ tin cậy): 2 (93%)" in visible_text(html)
    row_of = lambda fact_id: table.split(f'id="f-{fact_id}"', 1)[1].split("</tr>", 1)[0]  # noqa: E731
    assert "trang 2 · OCR" in row_of("f2")
    assert "OCR" not in row_of("f1")


def test_document_links_to_its_archived_file_from_the_reports_folder() -> None:
    data = report_with()
    data.documents[0].archive_path = "archive/2024-05-01/kế hoạch 45.docx"

    html = render_report(data, generated_at=GENERATED)

    assert 'href="../archive/2024-05-01/k%E1%BA%BF%20ho%E1%BA%A1ch%2045.docx"' in html
    assert "chưa lưu trữ" not in html


def test_the_review_queue_links_printed_facts_in_the_page_and_others_to_the_review_page() -> None:
    printed = fact_row(id="guess", kind="count", text="một lần", value=1, unit="lần", confidence=0.6, start=10)
    elsewhere = fact_row(id="maybe", kind="org", text="Hạt Kiểm lâm", confidence=0.7, start=20)
    data = report_with(fact=printed)
    data.review_queue = [
        QueuedFact(fact=printed, document="ke-hoach.docx", sha256="a" * 64),
        QueuedFact(fact=elsewhere, document="bao-cao.docx", sha256="b" * 64),
    ]
    data.status_counts, data.pending_low = {"pending": 9}, 2

    html = render_report(data, generated_at=GENERATED, review_url="http://10.0.0.5:8765/")
    queue = html.split('id="can-xem-lai"', 1)[1].split("</section>", 1)[0]

    assert queue.index('href="#f-guess"') < queue.index(
        f'href="http://10.0.0.5:8765/?doc={"b" * 64}&amp;selected=maybe"'
    )
    assert "9 dữ kiện của đêm nay chưa ai duyệt, trong đó 2" in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", queue))
    assert 'href="http://10.0.0.5:8765/?run=r1&amp;status=pending&amp;low=1"' in queue


def test_organisations_and_citations_are_the_warehouse_s_with_links_to_the_review_page(tmp_path: Path) -> None:
    cited, cited_facts = plan_document("ke-hoach-45.docx")
    citing, citing_facts = plan_document(
        "bao-cao.docx", postscript="Thực hiện Kế hoạch số 45-KH/HU và Nghị quyết số 22-NQ/TW."
    )
    citing.header = Header(symbol="12-BC/HU", doc_type="Báo cáo", date="2022-01-10")
    for text, symbol in (("Kế hoạch số 45-KH/HU", "45-KH/HU"), ("Nghị quyết số 22-NQ/TW", "22-NQ/TW")):
        start = citing.text.rindex(text)
        citing_facts.append(
            dataclasses.replace(
                citing_facts[2],
                text=text,
                start=start,
                end=start + len(text),
                symbol=symbol,
                sentence=citing.text[start - 10 :],
            )
        )
    with open_warehouse(":memory:", default_path=tmp_path / "unused.duckdb") as warehouse:
        warehouse.ensure_schema()
        warehouse.start_run("r1", STARTED)
        load_one(warehouse, cited, cited_facts, original_name="ke-hoach-45.docx", run_id="r1", archive_path=None)
        warehouse.start_run("r2", STARTED + timedelta(days=1))
        load_one(warehouse, citing, citing_facts, original_name="bao-cao.docx", run_id="r2", archive_path=None)
        data = warehouse.report_data("r2")

    html = render_report(data, generated_at=GENERATED)
    orgs = html.split('id="to-chuc"', 1)[1].split("</table>", 1)[0]
    citations = html.split('id="dan-chieu"', 1)[1].split("</table>", 1)[0]

    # -- named in two documents, one of them loaded the night before: the table is the warehouse's
    assert "Ban Thường vụ Huyện ủy Bình Liêu 2 2" in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", orgs))
    assert "?q=Ban+Th%C6%B0%E1%BB%9Dng+v%E1%BB%A5+Huy%E1%BB%87n+%E1%BB%A7y+B%C3%ACnh+Li%C3%AAu&amp;kind=org" in orgs
    found = citations.split("45-KH/HU", 1)[1].split("</tr>", 1)[0]
    assert "đã có" in found and f"?doc={cited.sha256}" in found
    assert "chưa có" in citations.split("22-NQ/TW", 1)[1].split("</tr>", 1)[0]


def test_each_organisation_s_counts_over_time_are_a_chart_of_their_own(tmp_path: Path) -> None:
    with open_warehouse(":memory:", default_path=tmp_path / "unused.duckdb") as warehouse:
        warehouse.ensure_schema()
        warehouse.start_run("r1", STARTED)
        for year, members, cells in ((2021, 74_000, 5), (2022, 74_200, 6), (2023, 74_500, 5)):
            name = f"bao-cao-{year}.docx"
            document, facts = office_document(
                name,
                date=f"{year}-06-30",
                counts=[("Đảng bộ tỉnh", members, "đảng viên"), ("Chi bộ thôn Nà Lầu", cells, "đảng viên")],
            )
            load_one(warehouse, document, facts, original_name=name, run_id="r1", archive_path=None)
        html = render_report(warehouse.report_data("r1"), generated_at=GENERATED)

    charts = html.split('id="theo-thoi-gian"', 1)[1].split("</section>", 1)[0]
    assert charts.count("<svg") == 2 and charts.count("<circle") == 6
    assert "Đảng bộ tỉnh · đảng viên" in charts and "Chi bộ thôn Nà Lầu · đảng viên" in charts
    assert "74.500" in charts and "30/06/2023" in charts and "tổ chức khác" not in charts
    assert "http" not in charts.replace('xmlns="http://www.w3.org/2000/svg"', "").replace("http://127.0.0.1:8765/", "")


def test_the_page_policy_lets_only_its_own_script_run() -> None:
    import base64
    import hashlib

    html = render_report(report_with(), generated_at=GENERATED)
    script = html.split("<script>", 1)[1].split("</script>", 1)[0]
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html).group(1)
    assert f"script-src 'sha256-{digest}'" in policy
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy.split("script-src", 1)[1]


def test_a_report_past_its_fact_limit_says_what_it_left_out_and_counts_it(tmp_path: Path) -> None:
    with open_warehouse(":memory:", default_path=tmp_path / "unused.duckdb") as warehouse:
        warehouse.ensure_schema()
        warehouse.start_run("r1", STARTED)
        for name, postscript in (("a-ke-hoach.docx", None), ("b-bao-cao.docx", "Phụ lục gồm 2 biểu.")):
            document, facts = plan_document(name, postscript=postscript)
            load_one(warehouse, document, facts, original_name=name, run_id="r1", archive_path=None)
        html = render_report(warehouse.report_data("r1", max_facts=7), generated_at=GENERATED)

    text = re.sub(r"\s+", " ", visible_text(html))
    assert "Báo cáo in dữ kiện của 1 văn bản đầu (giới hạn 7 dữ kiện" in text
    assert "1 văn bản khác chỉ được liệt kê, kèm số dữ kiện. 7 dữ kiện không in ở đây" in text
    listed = html.split("data-documents>", 1)[1].split("</table>", 1)[0]
    assert "b-bao-cao.docx" in listed and 'href="#vb-2"' not in listed
    assert html.count('<article class="doc"') == 1
    assert html.split('<article class="doc"')[1].count("<mark>") == 7


def test_a_report_within_its_limit_leaves_nothing_out() -> None:
    assert "chỉ được liệt kê" not in render_report(report_with(), generated_at=GENERATED)


def test_a_document_cut_to_the_limit_says_so(tmp_path: Path) -> None:
    document, facts = plan_document()
    with open_warehouse(":memory:", default_path=tmp_path / "unused.duckdb") as warehouse:
        warehouse.ensure_schema()
        warehouse.start_run("r1", STARTED)
        load_one(warehouse, document, facts, original_name="ke-hoach-45.docx", run_id="r1", archive_path=None)
        html = render_report(warehouse.report_data("r1", max_facts=2), generated_at=GENERATED)

    article = html.split('<article class="doc"', 1)[1]
    assert article.count("<mark>") == 2
    assert "Văn bản có 7 dữ kiện; báo cáo in 2 dữ kiện đầu" in article
