"""report/chart.py: one organisation's counts of one unit over time become plot coordinates on their own axis."""

from __future__ import annotations

import pytest

from vanban.report.chart import BOTTOM, HEIGHT, TOP, decimal_year, indicator_charts, nice_ceiling
from vanban.warehouse.report_data import IndicatorSeries, UnitPoint


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


def series(organisation: str, unit: str, *points: UnitPoint) -> IndicatorSeries:
    return IndicatorSeries(
        organisation, unit, dates=len({p.date for p in points}), counts=len(points), points=list(points)
    )


def test_each_series_is_its_own_chart_on_its_own_axis() -> None:
    province = series(
        "Đảng bộ tỉnh Lạng Sơn",
        "đảng viên",
        point("đảng viên", 72_000, "2020-03-01"),
        point("đảng viên", 74_500, "2023-06-30", name="b.docx"),
    )
    cell = series(
        "Chi bộ thôn Nà Lầu",
        "đảng viên",
        point("đảng viên", 4, "2020-03-01"),
        point("đảng viên", 5, "2023-06-30", name="b.docx"),
        point("đảng viên", 3, "2023-06-30", name="c.docx"),  # -- a second count on one date: a dot, not the line
    )

    charts = indicator_charts([province, cell])

    assert [chart.title for chart in charts] == ["Đảng bộ tỉnh Lạng Sơn · đảng viên", "Chi bộ thôn Nà Lầu · đảng viên"]
    assert [tick.label for tick in charts[0].y_ticks][-1] == "100.000"
    assert [tick.label for tick in charts[1].y_ticks][-1] == "5"
    small = charts[1]
    assert len(small.points) == 3 and small.line.count(",") == 2  # -- the line: one point per date, the highest
    assert all(TOP <= p.y <= HEIGHT - BOTTOM for p in small.points)
    assert small.points[0].x < small.points[1].x and small.points[0].y > small.points[1].y
    assert (small.first, small.latest) == ("4 (01/03/2020)", "5 (30/06/2023)")
    assert [row[1] for row in small.rows] == ["4", "5", "3"]


def test_a_series_with_one_date_does_not_chart() -> None:
    one = series("Huyện ủy Bình Liêu", "chi bộ", point("chi bộ", 120, "2021-03-15"), point("chi bộ", 118, "2021-03-15"))
    undated = series("Huyện ủy Bình Liêu", "chi bộ", point("chi bộ", 120, "nope"), point("chi bộ", 121, "2021"))

    assert indicator_charts([one, undated]) == []
