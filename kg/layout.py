"""Where each node of the page sits, computed here so the browser draws at once.

The page shows time from left to right: dated events hang below a year axis at the x of
their date, actors sit in a band below at the mean x of the events and actors they touch,
and undated events in a band of their own at the bottom, near their actors. Within a
band every node's footprint (shape and label, sized from the font's character widths) is
packed into rows so that no two overlap, whatever the graph. The result depends only on
the input, so the same graph always gets the same picture.
"""

from __future__ import annotations

import calendar
import datetime
import math
import re
from bisect import bisect_right, insort
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# The page's node font: Arial's advance widths (Liberation Sans and Helvetica share them),
# in thousandths of an em; other characters count as _WIDE.
FONT_SIZE = 14
FONT_FACE = "arial, 'Liberation Sans', helvetica, sans-serif"
_WIDTHS = {
    191: "'", 222: "ijl", 260: "|", 278: " !,./:;I[\\]ft", 333: "()-`r", 334: "{}",
    355: '"', 389: "*", 469: "^", 500: "Jckvxyzs", 556: "#$0123456789?L_abdeghnopqu",
    584: "+<=>~", 611: "FTZ", 667: "&ABEKPSVXY", 722: "CDHNRUw", 778: "GOQ", 833: "Mm",
    889: "%", 944: "W", 1015: "@",
}
_EM = {ch: w / 1000 for w, chars in _WIDTHS.items() for ch in chars}
_WIDE = 0.8
_SAFETY = 1.1  # fonts that stand in for Arial run a little wider
LINE_HEIGHT = FONT_SIZE  # vis-network gives each label line the font's size
LABEL_WIDTH = 150  # a label wraps at about this width ...
LABEL_LINES = 3  # ... onto at most this many lines
# vis-network draws a label 4 px plus half a line below the shape.
_LABEL_DROP = 4 + FONT_SIZE / 2
_GAP_X, _GAP_Y = 12, 8  # clear space around each footprint
_BAND_GAP = 48
_ROW_SHIFT_COST = 6  # moving a node a row down costs this many row heights sideways
_MAX_SHIFT = 2  # no node moves further sideways than two rows' cost: it opens a new row
_EMPTY_YEAR = 0.3  # width of a year without events, against 1 for a year with some
_ASPECT = 1.3  # the width the layout aims at, against its height
_FILL = 0.45  # share of a band's area that packed footprints cover
_AXIS_LABEL_SPACE = 40  # above the axis, for the year labels
_AXIS_FONT = 13  # the year labels' least font size

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Width of one line of text in pixels, erring wide."""
    return sum(_EM.get(ch, _WIDE) for ch in text) * size * _SAFETY


def wrap(text: str, width: float = LABEL_WIDTH, lines: int = LABEL_LINES) -> str:
    """Break `text` at spaces into lines of at most `width` px (a longer word keeps its own
    line), at most `lines` of them, the last ending in "…" if text was left out."""
    out: list[str] = []
    for word in text.split():
        if out and text_width(out[-1] + " " + word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1].rstrip(".,;:") + "…"
    return "\n".join(out)


def year_of(date: str) -> float | None:
    """An ISO date, year-month or year as a decimal year at the middle of the span it
    names ("2024" is mid-2024); None for anything without a year."""
    m = _DATE.fullmatch(date)
    if m is None:
        return None
    year, month, day = (int(g) if g else None for g in m.groups())
    if month is None:
        return year + 0.5
    if not 1 <= month <= 12:
        return None
    if day is None:
        return year + (month - 0.5) / 12
    days = 366 if calendar.isleap(year) else 365
    try:
        day_of_year = datetime.date(year, month, day).timetuple().tm_yday
    except ValueError:
        return None
    return year + (day_of_year - 0.5) / days


@dataclass(frozen=True)
class Spot:
    """A node to place: its shape's radius, its label, and for an event whether it has a
    year (`when`, a decimal year) or not."""

    id: str
    size: float
    label: str
    event: bool = False
    when: float | None = None

    @property
    def width(self) -> float:
        text = max((text_width(line) for line in self.label.split("\n")), default=0.0)
        return max(2 * self.size, text) + _GAP_X

    @property
    def above(self) -> float:
        """From the node's centre up to the top of its shape, plus clear space."""
        return self.size + _GAP_Y / 2

    @property
    def below(self) -> float:
        """From the node's centre down to the bottom of its label, plus clear space."""
        lines = self.label.count("\n") + 1 if self.label else 0
        return self.size + _LABEL_DROP + lines * LINE_HEIGHT + _GAP_Y / 2

    def footprint(self, x: float, y: float) -> tuple[float, float, float, float]:
        """The box (left, top, right, bottom) that the node and its label, with clear space
        around them, take up when the node's centre is at (x, y); no two share any."""
        return (x - self.width / 2, y - self.above, x + self.width / 2, y + self.below)


@dataclass(frozen=True)
class Year:
    """A span of the axis: one year with events, or a run of years without any."""

    first: int
    last: int
    left: float
    right: float
    events: int

    @property
    def label(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}–{self.last}"

    def x(self, when: float) -> float:
        return self.left + (when - self.first) * (self.right - self.left)


@dataclass
class Layout:
    """Node positions and what the page draws behind them: the year axis, the band
    labels, and the bounds that the first view fits."""

    positions: dict[str, tuple[float, float]]
    years: list[Year]
    axis_y: float
    timeline_bottom: float
    bands: list[tuple[str, float]]
    bounds: tuple[float, float, float, float]

    def page_data(self) -> dict:
        left, top, right, bottom = self.bounds
        return {
            "axisY": self.axis_y,
            "axisFont": _AXIS_FONT,
            "timelineBottom": self.timeline_bottom,
            "years": [
                {"label": y.label, "left": y.left, "right": y.right, "events": y.events}
                for y in self.years
            ],
            "bands": [{"label": label, "y": y} for label, y in self.bands],
            "bounds": {"left": left, "top": top, "right": right, "bottom": bottom},
        }


class _Rows:
    """Rows of a band between `left` and `right`, each holding the x-intervals already
    taken, sorted."""

    def __init__(self, row_cost: float, left: float = -math.inf,
                 right: float = math.inf) -> None:
        self.lefts: list[list[float]] = []
        self.rights: list[list[float]] = []
        self.free: list[float] = []  # room left in each row, to pass over full ones fast
        self.row_cost = row_cost
        self.left, self.right = left, right
        # Everything outside the band counts as taken.
        self.edges = ([-math.inf, right], [left, math.inf])

    def place(self, x: float, width: float, shift: bool = True) -> tuple[float, int]:
        """Take the free spot nearest to `x` in the row that costs least (a shift plus
        `row_cost` per row down); without `shift`, the first row free at `x` itself."""
        fresh = min(max(x, self.left + width / 2), self.right - width / 2)
        best_x, best_row = fresh, len(self.lefts)
        best_cost = best_row * self.row_cost + abs(fresh - x)
        for row in range(len(self.lefts)):
            penalty = row * self.row_cost
            if penalty >= best_cost:
                break
            if self.free[row] < width:
                continue
            limit = min(best_cost - penalty, _MAX_SHIFT * self.row_cost) if shift else 0.0
            found = self._nearest(row, x, width, limit)
            if found is not None:
                best_x, best_row, best_cost = found, row, penalty + abs(found - x)
                if not shift:
                    break
        if best_row == len(self.lefts):
            self.lefts.append(list(self.edges[0]))
            self.rights.append(list(self.edges[1]))
            self.free.append(self.right - self.left)
        self.free[best_row] -= width
        insort(self.lefts[best_row], best_x - width / 2)
        insort(self.rights[best_row], best_x + width / 2)
        return best_x, best_row

    @property
    def count(self) -> int:
        return len(self.lefts)

    def _nearest(self, row: int, x: float, width: float, limit: float) -> float | None:
        """The x nearest to `x` (no further than `limit`) where `width` fits in `row`."""
        lefts, rights, half = self.lefts[row], self.rights[row], width / 2
        best, best_d = None, limit
        start = bisect_right(lefts, x)
        for step in (1, -1):
            gap = start if step == 1 else start - 1
            while 0 <= gap <= len(lefts):
                low = rights[gap - 1] if gap > 0 else -math.inf
                high = lefts[gap] if gap < len(lefts) else math.inf
                if (low + half - x if step == 1 else x - high + half) > best_d:
                    break
                if high - low >= width:
                    spot = min(max(x, low + half), high - half)
                    if abs(spot - x) <= best_d:
                        best, best_d = spot, abs(spot - x)
                gap += step
        return best


def layout(spots: Iterable[Spot], adjacency: Mapping[str, Iterable[str]]) -> Layout:
    """Place every spot: dated events by date under the axis, then actors, then undated
    events, each band packed into rows without overlaps."""
    spots = sorted(spots, key=lambda s: s.id)
    dated = sorted((s for s in spots if s.event and s.when is not None),
                   key=lambda s: (s.when, s.id))
    actors = [s for s in spots if not s.event]
    undated = [s for s in spots if s.event and s.when is None]
    area = sum(s.width * (s.above + s.below) for s in spots) / _FILL
    width = max(math.sqrt(area * _ASPECT), max((s.width for s in spots), default=0.0))
    years = _years(dated, width)
    width = years[-1].right if years else width
    degree = {s.id: len(set(adjacency.get(s.id, ()))) for s in spots}
    positions: dict[str, tuple[float, float]] = {}
    bands: list[tuple[str, float]] = []

    top = _AXIS_LABEL_SPACE if dated else 0.0
    if dated:
        by_year = {y.first: y for y in years if y.events}
        xs = {s.id: by_year[math.floor(s.when)].x(s.when) for s in dated}
        top = _pack(dated, xs, top, positions)
    timeline_bottom = top
    if actors:
        top += _BAND_GAP if dated else 0.0
        xs = _barycentres(actors, adjacency, positions, width / 2)
        order = sorted(actors, key=lambda s: (-degree[s.id], s.id))
        top = _pack(order, xs, top, positions, width)
    if undated:
        top += _BAND_GAP  # room for the band's name, even with nothing above
        bands.append(("undated events", top - _BAND_GAP / 3))
        xs = _barycentres(undated, adjacency, positions, width / 2)
        order = sorted(undated, key=lambda s: (-degree[s.id], s.id))
        top = _pack(order, xs, top, positions, width)

    boxes = [s.footprint(*positions[s.id]) for s in spots]
    bounds = (
        math.floor(10 * min([0.0, *(b[0] for b in boxes)])) / 10,
        math.floor(10 * min([0.0, *(b[1] for b in boxes)])) / 10,
        math.ceil(10 * max([width, *(b[2] for b in boxes)])) / 10,
        math.ceil(10 * max([top, 1.0, *(b[3] for b in boxes)])) / 10,
    )
    axis_y = _AXIS_LABEL_SPACE / 2 if dated else 0.0
    return Layout(positions, years, axis_y, timeline_bottom, bands, bounds)


def _years(dated: list[Spot], width: float) -> list[Year]:
    """The axis from the first event's year to the last's: a year with events gets a full
    share of `width`, a run of years without any a narrow one (wider for a longer run, up
    to three years' worth), so empty stretches take little room."""
    if not dated:
        return []
    counts: dict[int, int] = {}
    for s in dated:
        counts[math.floor(s.when)] = counts.get(math.floor(s.when), 0) + 1
    spans: list[tuple[int, int, float]] = []
    year, last = min(counts), max(counts)
    while year <= last:
        end = year
        while not counts.get(year) and not counts.get(end + 1) and end < last:
            end += 1
        weight = 1.0 if counts.get(year) else _EMPTY_YEAR * min(end - year + 1, 3)
        spans.append((year, end, weight))
        year = end + 1
    unit = width / sum(w for _, _, w in spans)
    years, x = [], 0.0
    for first, end, weight in spans:
        years.append(Year(first, end, round(x, 1), round(x + weight * unit, 1),
                          counts.get(first, 0)))
        x += weight * unit
    return years


def _barycentres(spots: list[Spot], adjacency: Mapping[str, Iterable[str]],
                 placed: Mapping[str, tuple[float, float]], default: float) -> dict[str, float]:
    """Each spot's x: the mean x of its placed neighbours, else (in a few rounds) of its
    neighbours among these spots, else `default`."""
    xs: dict[str, float] = {}
    for s in spots:
        known = [placed[n][0] for n in sorted(adjacency.get(s.id, ())) if n in placed]
        if known:
            xs[s.id] = sum(known) / len(known)
    for _ in range(3):
        for s in spots:
            if s.id not in xs:
                known = [xs[n] for n in sorted(adjacency.get(s.id, ())) if n in xs]
                if known:
                    xs[s.id] = sum(known) / len(known)
    return {s.id: xs.get(s.id, default) for s in spots}


def _pack(order: list[Spot], xs: Mapping[str, float], top: float,
          positions: dict[str, tuple[float, float]], width: float | None = None) -> float:
    """Pack `order` (most important first) into rows from `top` down, each as near its x as
    the row allows within 0 to `width` (or exactly at its x if no `width`); write the
    positions and return where the band ends. Each row is as tall as its tallest node."""
    typical = sorted(s.above + s.below for s in order)[len(order) // 2]
    shift = width is not None
    row_cost = _ROW_SHIFT_COST * typical
    rows = _Rows(row_cost, 0.0, width) if shift else _Rows(row_cost)
    placed = [(s, *rows.place(xs[s.id], s.width, shift)) for s in order]
    up = [0.0] * rows.count
    down = [0.0] * rows.count
    for s, _, row in placed:
        up[row] = max(up[row], s.above)
        down[row] = max(down[row], s.below)
    centres = []
    for row in range(rows.count):
        centres.append(top + up[row])
        top += up[row] + down[row]
    for s, x, row in placed:
        positions[s.id] = (round(x, 1), round(centres[row], 1))
    return top
