"""Small charts of the same unit counted over time, as numbers ready for an inline SVG (no network). Pure.

Example:
    charts = unit_charts(data.unit_points)
    charts[0].unit → "đảng viên";  charts[0].series[0].points[0] → ChartPoint(x=64.0, y=131.2, label="…")

The template draws the SVG from these numbers; every text in it (units, names, labels) stays a plain
string that Jinja2 escapes.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from vanban.extractors.text.normalize import canonical
from vanban.report.format import vn_date, vn_number
from vanban.warehouse.report_data import UnitPoint
from vanban.warehouse.rows import unit_key

WIDTH, HEIGHT = 560, 230
LEFT, RIGHT, TOP, BOTTOM = 70, 16, 14, 30
MAX_CHARTS = 4
MAX_SERIES = 4
# -- one colour per organisation; the rest share grey. Dark enough to print on white.
SERIES_COLOURS = ("#9b1c1c", "#1f5fa8", "#2b7a3d", "#a05a00")
OTHER_COLOUR = "#7a8591"
OTHER_LABEL = "tổ chức khác / không rõ"
# -- durations are counts too (facts.md), but "10 ngày" over the years says nothing
TIME_UNITS = frozenset({"giây", "phút", "giờ", "ngày", "tuần", "tháng", "quý", "năm", "buổi", "lần", "đợt", "kỳ"})
_ISO_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


@dataclass(frozen=True, slots=True)
class ChartPoint:
    x: float
    y: float
    label: str


@dataclass(slots=True)
class ChartSeries:
    name: str
    colour: str
    points: list[ChartPoint] = field(default_factory=list)
    line: str = ""  # -- SVG polyline points ("x,y x,y"), one per date; empty when the series has one date


@dataclass(frozen=True, slots=True)
class Tick:
    position: float
    label: str


@dataclass(slots=True)
class UnitChart:
    unit: str
    dates: int
    series: list[ChartSeries]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    rows: list[tuple[str, str, str, str]]  # -- date, value, organisation, document: the table under the chart
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_top: int = TOP
    plot_bottom: int = HEIGHT - BOTTOM


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


def _is_time_unit(unit: str) -> bool:
    return unit_key(unit) in TIME_UNITS


def unit_charts(points: Iterable[UnitPoint], *, max_charts: int = MAX_CHARTS) -> list[UnitChart]:
    """Charts for the units counted on at least two dates, those with the longest history first."""
    by_unit: dict[str, list[UnitPoint]] = {}
    for point in points:
        key = unit_key(point.unit)
        if key and not _is_time_unit(point.unit) and decimal_year(point.date) is not None:
            by_unit.setdefault(key, []).append(point)
    ranked = sorted(
        (group for group in by_unit.values() if len({p.date for p in group}) >= 2),
        key=lambda group: (-len({p.date for p in group}), -len(group), unit_key(group[0].unit)),
    )
    return [_chart(group) for group in ranked[:max_charts]]


def _chart(points: list[UnitPoint]) -> UnitChart:
    unit = Counter(point.unit for point in points).most_common(1)[0][0]
    years = [decimal_year(point.date) or 0.0 for point in points]
    first, last = math.floor(min(years)), math.ceil(max(years))
    if last == first:
        last += 1
    top = nice_ceiling(max(point.value for point in points))

    def x(year: float) -> float:
        return round(LEFT + (year - first) / (last - first) * (WIDTH - RIGHT - LEFT), 1)

    def y(value: float) -> float:
        return round(HEIGHT - BOTTOM - value / top * (HEIGHT - BOTTOM - TOP), 1)

    names = Counter(canonical(point.organisation) if point.organisation else "" for point in points)
    named = [key for key, _ in names.most_common() if key][:MAX_SERIES]
    series: dict[str, ChartSeries] = {}
    for index, key in enumerate(named):
        spelling = next(p.organisation for p in points if p.organisation and canonical(p.organisation) == key)
        series[key] = ChartSeries(name=spelling or key, colour=SERIES_COLOURS[index])
    other = ChartSeries(name=OTHER_LABEL, colour=OTHER_COLOUR)
    highest: dict[str, dict[str, float]] = {}
    for point, year in zip(points, years):
        key = canonical(point.organisation) if point.organisation else ""
        target = series.get(key, other)
        label = f"{vn_date(point.date)} · {vn_number(point.value)} {unit} · {point.organisation or 'không rõ tổ chức'} · {point.original_name}"
        target.points.append(ChartPoint(x=x(year), y=y(point.value), label=label))
        if target is not other:
            by_date = highest.setdefault(key, {})
            by_date[point.date] = max(by_date.get(point.date, 0.0), point.value)
    for key, by_date in highest.items():
        if len(by_date) >= 2:
            ordered = sorted(by_date.items(), key=lambda item: decimal_year(item[0]) or 0.0)
            series[key].line = " ".join(f"{x(decimal_year(date) or 0.0)},{y(value)}" for date, value in ordered)
    drawn = [s for s in series.values() if s.points] + ([other] if other.points else [])
    span = last - first
    step = 1 if span <= 8 else math.ceil(span / 8)
    x_ticks = [Tick(position=x(year), label=str(year)) for year in range(first, last + 1, step)]
    y_ticks = [Tick(position=y(top * share / 4), label=vn_number(_tidy(top * share / 4))) for share in range(5)]
    rows = [
        (vn_date(p.date), vn_number(p.value), p.organisation or "—", p.original_name)
        for p in sorted(points, key=lambda p: (decimal_year(p.date) or 0.0, p.original_name))
    ]
    return UnitChart(
        unit=unit, dates=len({p.date for p in points}), series=drawn, x_ticks=x_ticks, y_ticks=y_ticks, rows=rows
    )


def _tidy(number: float) -> float | int:
    return int(number) if float(number).is_integer() else round(number, 2)
