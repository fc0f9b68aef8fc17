import pytest

from vanban.extractors.facts.pipeline import extract_document, extract_facts
from vanban.extractors.facts.resolve import resolve_overlaps
from vanban.extractors.facts.tasks import find_table_tasks, paragraph_break, with_document_tasks
from vanban.models.document import Block, Document, Header, join_blocks
from vanban.models.fact import Fact


def _tasks(text: str) -> list[Fact]:
    return [f for f in extract_facts(text) if f.kind == "task"]


def _summary(text: str) -> list[tuple[tuple[str, ...], str | None]]:
    return [(t.lead, t.deadline) for t in _tasks(text)]


def test_giao_with_lead_support_and_deadline():
    (task,) = _tasks(
        "Giao Ban Tuyên giáo Huyện ủy Mẫu Sơn chủ trì, phối hợp với Văn phòng Huyện ủy Mẫu Sơn tham mưu "
        "sơ kết việc thực hiện Nghị quyết, hoàn thành trước ngày 30/6/2022."
    )
    assert task.lead == ("Ban Tuyên giáo Huyện ủy Mẫu Sơn",)
    assert task.support == ("Văn phòng Huyện ủy Mẫu Sơn",)
    assert task.action.startswith("tham mưu sơ kết")
    assert task.deadline == "2022-06-30"
    assert task.lead_entity_ids[0] is not None
    assert task.to_dict()["lead"] == ["Ban Tuyên giáo Huyện ủy Mẫu Sơn"]


def test_the_same_body_gets_one_entity_id_in_two_documents():
    first = _tasks("Giao Phòng Nội vụ huyện Đình Lập rà soát hồ sơ, xong trước ngày 01/8/2024.")
    second = _tasks("Đề nghị Phòng Nội vụ huyện Đình Lập báo cáo trước ngày 15/9/2024.")
    assert first[0].lead_entity_ids == second[0].lead_entity_ids != (None,)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đề nghị các đơn vị báo cáo trước ngày 15/12/2024.", [(("các đơn vị",), "2024-12-15")]),
        ("Yêu cầu UBND các xã, thị trấn hoàn thành trong quý III/2024.", [(("UBND các xã, thị trấn",), "2024-Q3")]),
        (
            "Phòng Tư pháp huyện chịu trách nhiệm tổng hợp ý kiến trong tháng 9/2024.",
            [(("Phòng Tư pháp huyện",), "2024-09")],
        ),
    ],
)
def test_the_triggers(text, expected):
    assert _summary(text) == expected


def test_a_decisions_executors_are_one_task_with_several_leads():
    (task,) = _tasks(
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng UBND huyện, Trưởng Phòng Nội vụ "
        "huyện và Chủ tịch UBND các xã chịu trách nhiệm thi hành Quyết định này./."
    )
    assert task.lead == ("Chánh Văn phòng UBND huyện", "Trưởng Phòng Nội vụ huyện", "Chủ tịch UBND các xã")
    assert task.deadline is None


def test_one_task_per_deadline_and_a_deadline_in_the_next_sentence():
    tasks = _tasks(
        "Giao Ban Dân vận Huyện ủy hướng dẫn các xã; định kỳ hằng năm báo cáo Thường trực Huyện ủy; "
        "sơ kết vào quý II/2025 và tổng kết vào quý IV/2026. "
        "Đề nghị Hội Nông dân huyện rà soát hộ nghèo. Báo cáo kết quả trước ngày 15/12/2024."
    )
    assert sorted((t.lead, t.deadline or "", t.recurrence or "") for t in tasks) == [
        (("Ban Dân vận Huyện ủy",), "", "định kỳ hằng năm"),
        (("Ban Dân vận Huyện ủy",), "2025-Q2", ""),
        (("Ban Dân vận Huyện ủy",), "2026-Q4", ""),
        (("Hội Nông dân huyện",), "2024-12-15", ""),
    ]
    # -- a fact's id is its document, kind and span: the two tasks of one clause must not share a span
    assert len({t.span for t in tasks}) == len(tasks)


def test_items_under_the_implementation_section_and_a_heading_lead():
    text = (
        "III. TỔ CHỨC THỰC HIỆN\n\n"
        "1. Phòng Văn hóa huyện hướng dẫn các xã triển khai, báo cáo trước ngày 20/5/2024.\n\n"
        "2. Các đơn vị trường học xây dựng kế hoạch hằng năm.\n\n"
        "Nhiệm vụ của Tổ công tác liên ngành\n\n"
        "Giúp Ban Chỉ đạo theo dõi việc thực hiện; tổng hợp báo cáo trước ngày 30/11/2024."
    )
    assert _summary(text) == [
        (("Phòng Văn hóa huyện",), "2024-05-20"),
        (("Các đơn vị trường học",), None),
        (("Tổ công tác liên ngành",), "2024-11-30"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Năm 2023, UBND huyện đã giao chỉ tiêu cho các xã, đã hoàn thành trước ngày 30/6/2023.",
        "Xét đề nghị của Phòng Nội vụ huyện về việc kiện toàn tổ công tác.",
        "Kết quả thực hiện là tiêu chí đánh giá tổ chức đảng hằng năm.",
        "Chủ tịch UBND các xã chậm báo cáo phải chịu trách nhiệm trước Chủ tịch UBND huyện.",
        "Giao Đảng lãnh đạo toàn diện.",
        "Ủy ban Kiểm tra Huyện ủy Lộc Bình thi hành kỷ luật hai đảng viên vi phạm.",
        "2. Về kết quả, Hội nghị đánh giá:\n\nBan Thường vụ Huyện ủy đã tập trung chỉ đạo; tổ chức sơ kết các nghị quyết.",
    ],
)
def test_not_assignments(text):
    assert _tasks(text) == []


def test_a_news_article_keeps_no_task_and_a_decision_does():
    facts = extract_facts("Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy rà soát đảng viên trước ngày 30/6/2024.")
    assert [f.kind for f in facts].count("task") == 1
    assert "task" not in [f.kind for f in with_document_tasks(facts, [], news=True, doc_date=None)]
    assert "task" in [f.kind for f in with_document_tasks(facts, [], news=False, doc_date=None)]


def test_tasks_survive_overlap_resolution_with_the_facts_inside_them():
    facts = extract_facts("Giao Phòng Nội vụ huyện Đình Lập rà soát hồ sơ, xong trước ngày 01/8/2024.")
    kinds = [f.kind for f in resolve_overlaps(facts)]
    assert kinds.count("task") == 1 and "org" in kinds and "date" in kinds


def _row(table: int, row: int, cells: list[str], start: int) -> list[Block]:
    blocks = []
    for index, text in enumerate(cells):
        blocks.append(Block(text, "table_cell", start, start + len(text), table=table, row=row, cell=index))
        start += len(text) + 2
    return blocks


def test_a_plans_table_gives_one_task_per_row():
    header = ["STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]
    blocks = _row(0, 0, header, 0)
    blocks += _row(0, 1, ["1", "Rà soát quy hoạch cán bộ", "Phòng Nội vụ", "Văn phòng UBND huyện", "Quý III/2024"], 200)
    blocks += _row(0, 2, ["2", "Báo cáo sơ kết", "Phòng Tư pháp; Phòng Y tế", "", "30/6/2025"], 400)
    blocks += _row(0, 3, ["3", "Cập nhật số liệu", "Các xã", "", "Hằng tháng"], 600)
    tasks = find_table_tasks(blocks)
    assert [(t.lead, t.support, t.deadline, t.recurrence) for t in tasks] == [
        (("Phòng Nội vụ",), ("Văn phòng UBND huyện",), "2024-Q3", None),
        (("Phòng Tư pháp", "Phòng Y tế"), (), "2025-06-30", None),
        (("Các xã",), (), None, "Hằng tháng"),
    ]
    assert tasks[0].action == "Rà soát quy hoạch cán bộ"


def test_a_table_of_figures_gives_no_task():
    blocks = _row(0, 0, ["STT", "Đơn vị", "Số đảng viên"], 0) + _row(0, 1, ["1", "Chi bộ thôn Nà Lầu", "31"], 100)
    assert find_table_tasks(blocks) == []


def test_items_under_a_body_named_as_a_heading_take_it_as_lead():
    text = (
        "3. Trách nhiệm của các cơ quan, đơn vị\n\n"
        "a) Phòng Nội vụ huyện:\n\n"
        "- Chủ trì, phối hợp với Văn phòng HĐND và UBND huyện hướng dẫn các xã rà soát, hoàn thành trước ngày 30/9/2024.\n\n"
        "- Tổng hợp kết quả, báo cáo UBND huyện trong tháng 12/2024.\n\n"
        "b) UBND các xã, thị trấn:\n\n"
        "- Xây dựng kế hoạch thực hiện, gửi về Phòng Nội vụ huyện trước ngày 15/8/2024."
    )
    tasks = _tasks(text)
    assert [(t.lead, t.support, t.deadline) for t in tasks] == [
        (("Phòng Nội vụ huyện",), ("Văn phòng HĐND và UBND huyện",), "2024-09-30"),
        (("Phòng Nội vụ huyện",), (), "2024-12"),
        (("UBND các xã, thị trấn",), (), "2024-08-15"),
    ]


def test_a_numbered_list_after_de_nghi_names_its_bodies():
    text = (
        "Ban Thường vụ Huyện ủy đề nghị:\n\n"
        "1. Các chi bộ trực thuộc tổ chức sinh hoạt chuyên đề trong quý IV/2024.\n\n"
        "2. Ban Tuyên giáo Huyện ủy theo dõi, đôn đốc; định kỳ hằng quý báo cáo Thường trực Huyện ủy."
    )
    assert [(t.lead, t.deadline, t.recurrence) for t in _tasks(text)] == [
        (("Các chi bộ trực thuộc",), "2024-Q4", None),
        (("Ban Tuyên giáo Huyện ủy",), None, "định kỳ hằng quý"),
    ]


def _document(paragraphs: list[str], *, header: Header | None, table: list[list[str]] = ()) -> Document:
    parts: list[tuple[str, dict]] = [(p, {"kind": "paragraph", "paragraph": i}) for i, p in enumerate(paragraphs)]
    for r, row in enumerate(table):
        parts += [(cell, {"kind": "table_cell", "table": 0, "row": r, "cell": c}) for c, cell in enumerate(row)]
    text, blocks = join_blocks(parts)
    return Document(path="x.docx", sha256="0" * 64, format="docx", text=text, blocks=blocks, header=header)


def test_a_read_plan_gets_its_table_rows_and_the_headers_year():
    header = Header(
        issuer="ỦY BAN NHÂN DÂN HUYỆN ĐÌNH LẬP", symbol="12/KH-UBND", doc_type="Kế hoạch", date="2024-06-01"
    )
    document = _document(
        ["Giao Sở Tài chính tham mưu bố trí kinh phí, hoàn thành trước ngày 30/6."],
        header=header,
        table=[
            ["TT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn"],
            ["1", "Tập huấn nghiệp vụ", "Phòng Văn hóa huyện", "UBND các xã", "Tháng 10/2024"],
        ],
    )
    tasks = [f for f in extract_document(document) if f.kind == "task"]
    assert [(t.lead, t.deadline, t.extractor) for t in tasks] == [
        (("Sở Tài chính",), "2024-06-30", "tasks.clause"),
        (("Phòng Văn hóa huyện",), "2024-10", "tasks.table"),
    ]
    assert tasks[1].support == ("UBND các xã",)


def test_a_news_article_reports_requests_and_assigns_nothing():
    document = _document(
        [
            "(LS) - Sáng 12/3, Huyện ủy Đình Lập tổ chức hội nghị sơ kết.",
            "Đồng chí Bí thư Huyện ủy đề nghị các chi bộ rà soát đảng viên trước ngày 30/6/2024.",
        ],
        header=None,
    )
    assert [f for f in extract_document(document) if f.kind == "task"] == []


def test_the_verbs_grouped_by_first_letter_match_as_one_flat_alternation():
    import re

    from vanban.extractors.facts.tasks import _VERB_RE, ACTION_VERBS

    flat = re.compile(
        r"(?<!\w)(?:"
        + "|".join(sorted(ACTION_VERBS, key=len, reverse=True)).replace(
            "tổ chức", "(?<!các )(?<!những )tổ chức(?! đảng| cơ sở)"
        )
        + r")(?!\w)"
    )
    text = (
        "Ban Tổ chức chủ trì, phối hợp với các tổ chức đảng tổ chức thực hiện; chịu trách nhiệm trước UBND; "
        "thông báo cáo kết quả, tổng hợp, tổng kết, tổ chức cơ sở đảng, những tổ chức, bảo đảm, đảm bảo, "
        "là cơ quan thường trực; giúp, ký, cử, mở, lập; trình; thi hành kỷ luật; kiểm tra viên, tham mưutrưởng."
    )
    spans = [(m.start(), m.end()) for m in _VERB_RE.finditer(text)]
    assert spans == [(m.start(), m.end()) for m in flat.finditer(text)]
    assert len(spans) >= 15


def test_the_break_lookups_answer_as_find_and_rfind_near_and_far():
    from vanban.extractors.facts.tasks import _Breaks

    # -- a text with no blank line and breaks far apart: the lookups fall back to the lists
    text = "Mở đầu. " + "x" * 2500 + ".\nGiữa đoạn\n\nSau. " + "y" * 1500 + "\n\n\nHết."
    breaks = _Breaks(text)
    for needle in (". ", ".\n", "\n\n"):
        for start in range(0, len(text), 97):
            assert breaks.next(needle, start) == text.find(needle, start)
            for end in (start, start + 5, len(text)):
                assert breaks.last(needle, start, end) == text.rfind(needle, start, end)
            assert breaks.last(needle, 0, start) == text.rfind(needle, 0, start)


def test_a_web_copy_whose_lines_are_its_paragraphs_reads_like_one_with_blank_lines():
    lines = [
        "III. TỔ CHỨC THỰC HIỆN",
        "1. Phòng Văn hóa huyện hướng dẫn các xã triển khai, báo cáo trước ngày 20/5/2024.",
        "2. Các đơn vị trường học xây dựng kế hoạch hằng năm.",
        "Nhiệm vụ của Tổ công tác liên ngành",
        "Giúp Ban Chỉ đạo theo dõi việc thực hiện; tổng hợp báo cáo trước ngày 30/11/2024.",
    ]
    filler = [f"{n}. Năm 2023, xã số {n} đã kết nạp {n} đảng viên." for n in range(1, 25)]
    blank_lines = "\n\n".join(filler + lines)
    one_line_each = "\n".join(filler + lines)
    assert paragraph_break(blank_lines) == "\n\n" and paragraph_break(one_line_each) == "\n"
    assert (
        _summary(one_line_each)
        == _summary(blank_lines)
        == [
            (("Phòng Văn hóa huyện",), "2024-05-20"),
            (("Các đơn vị trường học",), None),
            (("Tổ công tác liên ngành",), "2024-11-30"),
        ]
    )


def test_co_trach_nhiem_names_its_subject_as_the_lead_whatever_verbs_the_subject_holds():
    assert _summary("Sở Tư pháp có trách nhiệm hướng dẫn các xã rà soát trước ngày 15/9/2025.") == [
        (("Sở Tư pháp",), "2025-09-15")
    ]
    (task,) = _tasks("Người đứng đầu đơn vị thực hiện kiểm kê tài sản có trách nhiệm báo cáo Sở Tài chính.")
    assert task.lead == ("Người đứng đầu đơn vị thực hiện kiểm kê tài sản",)
    assert _tasks("Chủ tịch UBND xã có trách nhiệm trước Chủ tịch UBND huyện về kết quả kiểm kê.") == []


def test_a_leading_tren_co_so_phrase_is_no_lead():
    assert _summary("Trên cơ sở đề xuất của Sở Y tế, Sở Tài chính chủ trì tổng hợp dự toán kinh phí.") == [
        (("Sở Tài chính",), None)
    ]
