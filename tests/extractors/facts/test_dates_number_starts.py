from __future__ import annotations

import pytest

from vanban.extractors.facts.dates import (
    DAY_MONTH_RE,
    DAY_RANGE_RE,
    FULL_WORDS_RE,
    NUMERIC_DMY_RE,
    PERIOD_RANGE_RE,
    _matches_from,
    _number_starts,
)

# -- dates that open with a number, of every shape, and numbers that look like them (signs, thousands, counts)
_TEXT = """Lào Cai, ngày 14 tháng 3 năm 2019. ngày
05 tháng 11 năm 2021; NGÀY 9 THÁNG 12 NĂM 2016; 30 tháng 4 năm 1975.
Thứ sáu, 20/05/2022 và Chủ nhật, 12/06/2022 - 09:15; ngày 8-3-2012, ngày 1.6.2020, 7-4-2015.
từ ngày 12 đến ngày 15 tháng 10 năm 2020; (18 - 20/12); từ 15/3 đến 20/4/2021; ngày 5 tới 7/8.
12 - ngày 15/3 - 17/3; 2 - 5 tháng 6 (ngày 7 - 9/6). sáng ngày 09/6, Chiều 18/12, ngày 17-11.
Nghị định số 30/2020/NĐ-CP, 22-NQ/TW, 12/05/2020-TT; 1.500.000 đồng; 51,47%; từ 6 đến 8 lớp;
6 tháng đầu năm 2023; 1/2 số xã; 123/45/6789; 3.4.5.2020; ngày 31/2/2021; ngày 29/2/2024.
giai đoạn 2021-2025, nhiệm kỳ 2020 – 2025, Kế hoạch từ năm 2016 đến năm 2020, khóa 2015-2020/NQ;
1581-QĐ/HU, 2020 - 2025, chương trình 2021 tới hết năm 2030.
"""


@pytest.mark.parametrize(
    ("pattern", "kind"),
    [
        (DAY_RANGE_RE, "days"),
        (FULL_WORDS_RE, "worded_days"),
        (NUMERIC_DMY_RE, "numeric_days"),
        (DAY_MONTH_RE, "days"),
        (PERIOD_RANGE_RE, "periods"),
    ],
)
def test_rules_that_open_with_a_number_match_only_at_their_starts(pattern, kind) -> None:
    starts = getattr(_number_starts(_TEXT), kind)
    found = [(match.span(), match.groupdict()) for match in pattern.finditer(_TEXT)]
    assert found
    assert [(match.span(), match.groupdict()) for match in _matches_from(pattern, _TEXT, starts)] == found


def test_matches_from_skips_starts_inside_a_match_as_finditer_does() -> None:
    assert [m.group() for m in _matches_from(NUMERIC_DMY_RE, "1/2/2020", [0, 2])] == ["1/2/2020"]
