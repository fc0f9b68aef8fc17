"""report/chart.py: counts of one unit over time become plot coordinates; time units and single dates do not chart."""

from __future__ import annotations

import pytest

from vanban.report.chart import BOTTOM, HEIGHT, TOP, decimal_year, nice_ceiling, unit_charts
from vanban.warehouse.report_data import UnitPoint


def point(
    unit: str, value: float, date: str, organisation: str | None = "Huyện ủy Bình Liêu", name: str = "a.docx"
) -> UnitPoint:
    return UnitPoint(unit=unit, value=value, date=date, original_name=name, sha256=name, organisation=organisation)


@pytest.mark.parametrize(
    ("iso", "year"), [("2021", 2021.5), ("2021-07", 2021 + 6.5 / 12), ("2021-01-01", 2021.0), ("nope", None)]
)
def test_decimal_year_places_a_date_at_its_precision(iso: str, year) -> None:
    assert decimal_year(iso) == (pytest.approx(year) if year is not None else None)


@pytest.mark.parametrize(("value", "top"), [(1200, 2000), (87, 100), (250, 250), (0, 1.0)])
def test_nice_ceiling(value: float, top: float) -> None:
    assert nice_ceiling(value) == top


def test_units_counted_on_two_dates_chart_and_others_do_not() -> None:
    charts = unit_charts(
        [
            point("đảng viên", 1200, "2021-03-15"),
            point("Đảng  viên", 1350, "2023-06-30", name="b.docx"),
            point("chi bộ", 120, "2021-03-15"),  # -- one date only
            point("ngày", 10, "2021-03-15"),
            point("ngày", 12, "2023-06-30"),  # -- a duration, not a count to follow
        ]
    )
    assert [chart.unit for chart in charts] == ["đảng viên"]
    [series] = charts[0].series
    assert series.name == "Huyện ủy Bình Liêu" and len(series.points) == 2
    assert series.line.count(",") == 2  # -- one polyline through both dates
    assert all(TOP <= p.y <= HEIGHT - BOTTOM for p in series.points)
    assert series.points[0].x < series.points[1].x and series.points[0].y > series.points[1].y
    assert [row[1] for row in charts[0].rows] == ["1.200", "1.350"]
