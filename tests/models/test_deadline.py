from datetime import date

import pytest

from vanban.models.deadline import due_date, is_deadline


@pytest.mark.parametrize(
    ("deadline", "expected"),
    [
        ("2024-06-30", date(2024, 6, 30)),
        ("2024-09", date(2024, 9, 30)),
        ("2024-02", date(2024, 2, 29)),
        ("2023-02", date(2023, 2, 28)),
        ("2024-Q3", date(2024, 9, 30)),
        ("2024-Q1", date(2024, 3, 31)),
        ("2025", date(2025, 12, 31)),
        (None, None),
        ("", None),
        ("2024-13", None),
        ("2024-02-30", None),
        ("ngày 30/6", None),
    ],
)
def test_due_date_is_the_last_day_the_deadline_allows(deadline, expected):
    assert due_date(deadline) == expected


def test_a_deadline_without_a_year_takes_the_documents_year():
    assert due_date("--06-30", date(2024, 3, 1)) == date(2024, 6, 30)
    assert due_date("--12", date(2024, 3, 1)) == date(2024, 12, 31)
    assert due_date("--06-30", None) is None


@pytest.mark.parametrize("value", ["2024-06-30", "2024-09", "2024-Q4", "2025", "--06-30", "--12"])
def test_every_form_of_a_task_deadline_is_recognised(value):
    assert is_deadline(value)


@pytest.mark.parametrize("value", ["2024-Q5", "2024-00", "--13", "30/6/2024", "2024-6-3"])
def test_other_strings_are_not_deadlines(value):
    assert not is_deadline(value)
