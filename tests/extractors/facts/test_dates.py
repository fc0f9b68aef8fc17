from __future__ import annotations

import calendar

import pytest

from vanban.extractors.facts.dates import _valid, find_dates


def _values(text: str) -> list[str]:
    facts = find_dates(text)
    for fact in facts:
        assert fact.kind == "date"
        assert text[fact.start : fact.end] == fact.text
        assert 0 < fact.confidence <= 1
        assert fact.extractor.startswith("dates.")
    return [fact.value for fact in facts]


def _texts(text: str) -> list[str]:
    return [fact.text for fact in find_dates(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lào Cai, ngày 14 tháng 3 năm 2019", ["2019-03-14"]),
        ("ngày\n05 tháng 11 năm 2021", ["2021-11-05"]),
        ("NGÀY 9 THÁNG 12 NĂM 2016", ["2016-12-09"]),
        ("30 tháng 4 năm 1975", ["1975-04-30"]),
        ("ngày 3/9/2009 của Tỉnh ủy", ["2009-09-03"]),
        ("ký ngày 03/09/2009", ["2009-09-03"]),
        ("ngày 8-3-2012", ["2012-03-08"]),
        ("ngày\n21/04/2016", ["2016-04-21"]),
        ("ngày 1.6.2020", ["2020-06-01"]),
        ("Chủ nhật, 12/06/2022", ["2022-06-12"]),
        ("Thứ tư, 03/11/2021 - 09:15", ["2021-11-03"]),
        ("Cập nhật: 17/02/2023 08:40", ["2023-02-17"]),
        ("ngày 29/2/2024 là ngày nhuận", ["2024-02-29"]),
        ("trong tháng 11/2019", ["2019-11"]),
        ("tháng 7 năm 2013", ["2013-07"]),
        ("tháng 10-2014", ["2014-10"]),
        ("năm 2016", ["2016"]),
        ("NĂM 2022", ["2022"]),
        ("Năm 2003, huyện", ["2003"]),
        ("quý III/2021", ["2021"]),
        ("quý 4 năm 2018", ["2018"]),
        ("6 tháng đầu năm 2024", ["2024"]),
    ],
    ids=[
        "words-with-place",
        "words-across-newline",
        "words-uppercase",
        "words-without-ngay",
        "slashes",
        "slashes-zero-padded",
        "dashes",
        "slashes-across-newline",
        "dots",
        "weekday-sunday",
        "weekday-and-time",
        "dateline",
        "leap-day",
        "month-slash-year",
        "month-words-year",
        "month-dash-year",
        "year",
        "year-uppercase",
        "year-capitalised",
        "quarter-roman",
        "quarter-digit-words",
        "half-year-is-just-the-year",
    ],
)
def test_find_dates_reads_single_dates(text: str, expected: list[str]) -> None:
    assert _values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("từ năm 2006 đến hết năm 2015", ["2006", "2015"]),
        ("giai đoạn 2016-2020", ["2016", "2020"]),
        ("GIAI ĐOẠN 2011 - 2015", ["2011", "2015"]),
        ("nhiệm kỳ 2025 - 2030", ["2025", "2030"]),
        ("niên khóa 2019-2020", ["2019", "2020"]),
        ("Chương trình hành động 5 năm (2016 - 2020)", ["2016", "2020"]),
        ("các năm 2018, 2019 và 2020", ["2018", "2019", "2020"]),
        ("từ ngày 3 đến ngày 6 tháng 5 năm 2022", ["2022-05-03", "2022-05-06"]),
        ("Trong 2 ngày (9 - 10/11), hội nghị", ["--11-09", "--11-10"]),
        ("từ 12/3 đến 18/4/2023", ["2023-03-12", "2023-04-18"]),
        ("báo cáo tháng 7, 8/2011", ["2011-07", "2011-08"]),
        ("từ tháng 2 đến tháng 4/2020", ["2020-02", "2020-04"]),
    ],
    ids=[
        "from-year-to-year",
        "period-dash",
        "period-uppercase",
        "term",
        "school-year",
        "parenthesised-period",
        "year-list",
        "day-range-words",
        "day-range-parenthesised",
        "day-month-range",
        "month-list",
        "month-range",
    ],
)
def test_find_dates_splits_ranges_and_lists_into_one_date_per_end(text: str, expected: list[str]) -> None:
    assert _values(text) == expected


def test_find_dates_gives_a_period_end_just_its_year() -> None:
    assert _texts("giai đoạn 2026-2030 và nhiệm kỳ 2025 - 2030") == ["2026", "2030", "2025", "2030"]


def test_find_dates_leaves_the_count_its_word_in_a_plan_of_n_years() -> None:
    assert _texts("Kế hoạch 5 năm 2026-2030") == ["2026", "2030"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ngày 17-11 bế mạc", ["--11-17"]),
        ("sáng ngày 09/6, đoàn đến", ["--06-09"]),
        ("Chiều 21/9, Ban Thường vụ họp", ["--09-21"]),
        ("Thứ Hai, 20/5 đoàn đi", ["--05-20"]),
        ("ngày 2 tháng 9 là Quốc khánh", ["--09-02"]),
        ("trong tháng 6, huyện", ["--06"]),
        ("Ngày 5/6, hội nghị tổng kết năm 2023 diễn ra.", ["2023-06-05", "2023"]),
        ("Ngày 5/6, nhiệm kỳ 2020 - 2025 khép lại.", ["--06-05", "2020", "2025"]),
    ],
    ids=[
        "day-dash-month",
        "morning-of",
        "afternoon",
        "weekday",
        "words",
        "month-alone",
        "year-from-the-sentence",
        "period-gives-no-year",
    ],
)
def test_find_dates_without_a_year_write_none_or_take_the_sentence_year(text: str, expected: list[str]) -> None:
    assert _values(text) == expected


def test_find_dates_leaves_a_date_with_no_year_in_its_sentence_without_one() -> None:
    text = "Sáng ngày 11/6, kỳ họp khai mạc. Trong tháng 8, tỉnh tổng kết."
    assert _values(text) == ["--06-11", "--08"]


@pytest.mark.parametrize(
    "text",
    [
        "Nghị quyết số 19-NQ/TW",
        "Nghị định 34/2019/NĐ-CP",
        "Thông tư 04/2022/TT-BNV",
        "Luật số 77/2015/QH13",
        "Quyết định số 418/QĐ-UBND",
        "có 18/52 trường học đạt chuẩn",
        "1/2 số xã",
        "lúc 14:05",
        "điện thoại 0205.3812.345",
        "hằng năm, những năm gần đây",
        "mỗi tháng 2 lần",
        "ngày 31/4/2020 và ngày 30/2/2021",
        "tháng 13/2020",
        "ngày 29/2/2023",
        "chuẩn nghèo 2022-2025 áp dụng",
        "giai đoạn 2025-2021",
        "thu 2018 tỷ đồng",
    ],
    ids=[
        "party-sign",
        "decree-sign",
        "circular-sign",
        "law-sign",
        "decision-sign",
        "fraction-of-schools",
        "half",
        "time",
        "phone",
        "relative-times",
        "twice-a-month",
        "impossible-days",
        "month-13",
        "not-a-leap-year",
        "bare-years-without-a-period-word",
        "backwards-period",
        "amount-like-a-year",
    ],
)
def test_find_dates_ignores_what_is_not_a_date(text: str) -> None:
    assert _values(text) == []


def test_find_dates_keeps_the_date_inside_a_document_reference() -> None:
    assert _values("Công văn số 77/UBND-VX ngày 14/02/2017 của UBND huyện") == ["2017-02-14"]


def test_find_dates_gives_facts_in_text_order_with_rule_names() -> None:
    facts = find_dates("Năm 2019, ngày 4/5/2019 và quý I/2020")
    assert [f.start for f in facts] == sorted(f.start for f in facts)
    assert [f.extractor for f in facts] == ["dates.year", "dates.numeric", "dates.quarter"]


def test_find_dates_is_less_sure_of_partial_dates() -> None:
    full, partial = find_dates("ngày 4/5/2019; ngày 4/5")
    assert partial.confidence < full.confidence


@pytest.mark.parametrize("year", [None, 1000, 1900, 2000, 2023, 2024, 2100, 2199])
def test_valid_days_are_the_calendar_days_of_the_month(year):
    for month in range(1, 13):
        last = calendar.monthrange(year if year is not None else 2000, month)[1]
        assert [day for day in range(0, 33) if _valid(year, month, day)] == list(range(1, last + 1))
