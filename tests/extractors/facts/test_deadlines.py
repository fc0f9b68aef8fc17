from vanban.extractors.facts.deadlines import complete_deadline, find_deadlines, find_recurrence


def _values(text: str, **kwargs) -> list[str]:
    return [d.value for d in find_deadlines(text, **kwargs)]


def test_deadlines_at_the_precision_written():
    assert _values("báo cáo trước ngày 30/6/2024") == ["2024-06-30"]
    assert _values("hoàn thành trong tháng 9/2024") == ["2024-09"]
    assert _values("sơ kết trong quý III/2024") == ["2024-Q3"]
    assert _values("tổng kết trong năm 2025") == ["2025"]
    assert _values("xong trước ngày 5 tháng 3 năm 2022") == ["2022-03-05"]


def test_a_day_without_year_takes_the_documents_year_only_when_it_lies_ahead():
    assert _values("trước ngày 25/6", document_date="2023-06-14") == ["2023-06-25"]
    assert _values("trước ngày 30/6") == ["--06-30"]
    # -- a day far behind the document date is not completed
    assert _values("trước ngày 30/6", document_date="2023-07-20") == ["--06-30"]
    # -- a recurring day belongs to every year
    assert _values("trước ngày 15/12 hằng năm", document_date="2021-03-02", recurring=True) == ["--12-15"]


def test_dates_that_set_no_limit_are_not_deadlines():
    assert _values("Ngày 28/9/2022, Ban Thường vụ họp") == []
    assert _values("kế hoạch đầu tư công năm 2023") == []
    assert _values("làm việc từ ngày 12 đến ngày 16 tháng 9 năm 2022") == []
    assert _values("hoàn thành trong 10 ngày kể từ ngày ban hành") == []


def test_two_deadlines_in_one_clause():
    assert _values("báo cáo trước ngày 15/6/2024 và ngày 15/12/2024") == ["2024-06-15", "2024-12-15"]


def test_a_day_of_every_year_needs_no_word_before_it():
    assert _values("báo cáo tháng 12 hằng năm", recurring=True) == ["--12"]
    assert _values("báo cáo ngày 15/12 hằng năm", recurring=True) == ["--12-15"]
    assert _values("báo cáo tháng 12") == []


def test_recurrence_as_written():
    assert find_recurrence("định kỳ 6 tháng báo cáo") == "định kỳ 6 tháng"
    assert find_recurrence("báo cáo hằng tháng") == "hằng tháng"
    assert find_recurrence("Định kỳ hằng năm báo cáo") == "Định kỳ hằng năm"
    assert find_recurrence("sinh hoạt định kỳ, sinh hoạt chuyên đề") is None


def test_completing_a_no_year_deadline_from_the_header_date():
    assert complete_deadline("--06-30", "2024-06-01") == "2024-06-30"
    assert complete_deadline("--12", "2024-03-02") == "2024-12"
    assert complete_deadline("--01-15", "2024-12-20") == "2025-01-15"
    assert complete_deadline("--06-30", "2024-08-01") == "--06-30"
    assert complete_deadline("--06-30", None) == "--06-30"


def test_the_scan_that_starts_near_the_first_date_word_keeps_the_words_before_it():
    # -- three words before the date word (`chậm nhất hết ngày`), and a deadline far past the first date word
    assert _values("Các xã chậm nhất hết ngày 30/6/2024 phải báo cáo") == ["2024-06-30"]
    assert _values("Ngày 02/01/2024 họp; " + "các xã rà soát, " * 20 + "báo cáo trước   ngày 15/3/2024") == [
        "2024-03-15"
    ]
    # -- a date word with no number in reach: nothing, without trying the deadline pattern
    assert _values("ngày làm việc, tháng hành động, năm sau") == []
