"""Small charts, one per (organisation, unit) series counted over time, as numbers for an inline SVG. Pure.

Example:
    charts = indicator_charts(data.overview.series)
    charts[0].title → "Đảng bộ huyện Văn Lãng · đảng viên";  charts[0].points[0] → ChartPoint(x=44.0, y=96.2, label="…")

Each chart has its own axis: a province's 74,500 party members and a cell's 5 are never drawn on one
scale. Every text in it (names, units, labels) stays a plain string that Jinja2 escapes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from vanban.report.format import vn_date, vn_number
from vanban.warehouse.report_data import IndicatorSeries, UnitPoint

WIDTH, HEIGHT = 380, 170
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 12, 26
COLOUR = "#1f5fa8"
_ISO_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


@dataclass(frozen=True, slots=True)
class ChartPoint:
    x: float
    y: float
    label: str


@dataclass(frozen=True, slots=True)
class Tick:
    position: float
    label: str


@dataclass(slots=True)
class IndicatorChart:
    organisation: str
    unit: str
    dates: int  # -- distinct dates in the whole warehouse (the chart draws the latest points)
    counts: int
    points: list[ChartPoint]
    line: str  # -- SVG polyline points through the highest count of each date ("x,y x,y")
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    rows: list[tuple[str, str, str]]  # -- date, value, document: the table under the chart
    latest: str  # -- "5.120 (15/03/2024)"
    first: str
    colour: str = COLOUR
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_top: int = TOP
    plot_bottom: int = HEIGHT - BOTTOM
    search: str = field(default="")

    @property
    def title(self) -> str:
        return f"{self.organisation} · {self.unit}"


def decimal_year(iso: str) -> float | None:
    """`2021-07-01` → 2021.5; `2021-07` → mid-July; `2021` → mid-year; anything else None."""
    match = _ISO_RE.match(iso or "")
    if not match:
        return None
    year, month, day = match.groups()
    if month is None:
        return int(year) + 0.5
    if day is None:
        return int(year) + (int(month) - 0.5) / 12
    return int(year) + (int(month) - 1) / 12 + (int(day) - 1) / 365


def nice_ceiling(value: float) -> float:
    """The axis top: 1, 2, 2.5 or 5 times a power of ten at or above `value` (1200 → 2000, 87 → 100)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def indicator_charts(series: Iterable[IndicatorSeries]) -> list[IndicatorChart]:
    """One chart per series that has points on at least two dates, in the order given (longest history first)."""
    charts = []
    for one in series:
        points = [point for point in one.points if decimal_year(point.date) is not None]
        if len({point.date for point in points}) >= 2:
            charts.append(_chart(one, points))
    return charts


def _chart(series: IndicatorSeries, points: list[UnitPoint]) -> IndicatorChart:
    years = [decimal_year(point.date) or 0.0 for point in points]
    first, last = math.floor(min(years)), math.ceil(max(years))
    if last == first:
        last += 1
    top = nice_ceiling(max(point.value for point in points))

    def x(year: float) -> float:
        return round(LEFT + (year - first) / (last - first) * (WIDTH - RIGHT - LEFT), 1)

    def y(value: float) -> float:
        return round(HEIGHT - BOTTOM - value / top * (HEIGHT - BOTTOM - TOP), 1)

    drawn = [
        ChartPoint(
            x=x(year),
            y=y(point.value),
            label=f"{vn_date(point.date)} · {vn_number(point.value)} {series.unit} · {point.original_name}",
        )
        for point, year in zip(points, years)
    ]
    # -- a document may count the unit several times (a total, then the newly admitted): the line follows
    #    the highest count of each date, the dots show them all
    highest: dict[str, float] = {}
    for point in points:
        highest[point.date] = max(highest.get(point.date, point.value), point.value)
    ordered = sorted(highest.items(), key=lambda item: decimal_year(item[0]) or 0.0)
    span = last - first
    step = 1 if span <= 6 else math.ceil(span / 6)
    by_date = sorted(points, key=lambda p: (decimal_year(p.date) or 0.0, p.original_name))
    return IndicatorChart(
        organisation=series.organisation,
        unit=series.unit,
        dates=series.dates,
        counts=series.counts,
        points=drawn,
        line=" ".join(f"{x(decimal_year(date) or 0.0)},{y(value)}" for date, value in ordered),
        x_ticks=[Tick(position=x(year), label=str(year)) for year in range(first, last + 1, step)],
        y_ticks=[Tick(position=y(top * share / 4), label=vn_number(_tidy(top * share / 4))) for share in range(5)],
        rows=[(vn_date(p.date), vn_number(p.value), p.original_name) for p in by_date],
        latest=f"{vn_number(ordered[-1][1])} ({vn_date(ordered[-1][0])})",
        first=f"{vn_number(ordered[0][1])} ({vn_date(ordered[0][0])})",
        search=f"{series.organisation} {series.unit}",
    )


def _tidy(number: float) -> float | int:
    return int(number) if float(number).is_integer() else round(number, 2)
