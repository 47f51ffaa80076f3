"""The page's layout, computed in Python: no two nodes' footprints (shape and label) overlap
whatever the graph, dated events follow their dates along the year axis, undated events
have a band of their own, and the same graph always gets the same picture."""

from __future__ import annotations

import itertools
import math
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.layout import Spot, layout, text_width, wrap, year_of

WORDS = st.sampled_from(
    ["Suffolk", "County", "Council", "NHS", "Integrated", "Care", "Board", "Ofsted", "of",
     "and", "Department", "for", "Education", "Sarah-Jane", "Smedmor", "WWWWWWWW", "iii"]
)
DATES = st.one_of(
    st.none(),
    st.integers(2010, 2030).map(str),
    st.tuples(st.integers(2010, 2030), st.integers(1, 12)).map(lambda d: f"{d[0]}-{d[1]:02d}"),
    st.dates(date(2010, 1, 1), date(2030, 12, 31)).map(lambda d: d.isoformat()),
)


@st.composite
def graphs(draw) -> tuple[list[Spot], dict[str, set[str]], dict[str, str | None]]:
    count = draw(st.integers(1, 60))
    spots, dates = [], {}
    for i in range(count):
        event = draw(st.booleans())
        date = draw(DATES) if event else None
        words = draw(st.lists(WORDS, min_size=1, max_size=8))
        label = wrap(" ".join(words))
        if event:
            label = f"{date or 'undated'}\n{words[0]}"
        when = year_of(date) if date else None
        spots.append(Spot(f"n{i:02d}", draw(st.floats(8, 24)), label, event, when))
        dates[f"n{i:02d}"] = date
    adjacency: dict[str, set[str]] = {s.id: set() for s in spots}
    for a, b in draw(st.lists(st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)),
                              max_size=3 * count)):
        if a != b:
            adjacency[f"n{a:02d}"].add(f"n{b:02d}")
            adjacency[f"n{b:02d}"].add(f"n{a:02d}")
    return spots, adjacency, dates


def overlap(a: tuple[float, ...], b: tuple[float, ...], slack: float = 0.2) -> bool:
    """Boxes that share more than rounding: positions are written to 0.1 px."""
    return (a[0] + slack < b[2] and b[0] + slack < a[2]
            and a[1] + slack < b[3] and b[1] + slack < a[3])


@settings(max_examples=150, deadline=None)
@given(graphs())
def test_no_two_footprints_overlap(graph) -> None:
    spots, adjacency, _ = graph
    placed = layout(spots, adjacency)
    boxes = {s.id: s.footprint(*placed.positions[s.id]) for s in spots}
    assert set(boxes) == {s.id for s in spots}
    for a, b in itertools.combinations(spots, 2):
        assert not overlap(boxes[a.id], boxes[b.id]), (a, b, boxes[a.id], boxes[b.id])
    left, top, right, bottom = placed.bounds
    for box in boxes.values():
        assert left <= box[0] and box[2] <= right and top <= box[1] and box[3] <= bottom


@settings(max_examples=150, deadline=None)
@given(graphs())
def test_time_runs_left_to_right_with_undated_events_in_their_own_band(graph) -> None:
    spots, adjacency, _ = graph
    placed = layout(spots, adjacency)
    pos = placed.positions
    dated = sorted((s for s in spots if s.event and s.when is not None), key=lambda s: s.when)
    xs = [pos[s.id][0] for s in dated]
    assert xs == sorted(xs)
    spans = [(y.first, y.last, y.left, y.right) for y in placed.years]
    assert [s[2] for s in spans[1:]] == [s[3] for s in spans[:-1]]  # contiguous
    assert [s[0] for s in spans[1:]] == [s[1] + 1 for s in spans[:-1]]  # every year once
    for s in dated:
        year = next(y for y in placed.years if y.first <= math.floor(s.when) <= y.last)
        assert year.events and year.left <= pos[s.id][0] <= year.right
    bands = [
        [s for s in dated],
        [s for s in spots if not s.event],
        [s for s in spots if s.event and s.when is None],
    ]
    bands = [band for band in bands if band]
    for upper, lower in itertools.pairwise(bands):
        assert max(s.footprint(*pos[s.id])[3] for s in upper) <= min(
            s.footprint(*pos[s.id])[1] for s in lower) + 0.2
    if any(s.event and s.when is None for s in spots):
        assert [label for label, _ in placed.bands] == ["undated events"]


@settings(max_examples=50, deadline=None)
@given(graphs(), st.randoms(use_true_random=False))
def test_same_graph_same_picture(graph, rng) -> None:
    spots, adjacency, _ = graph
    shuffled = spots[:]
    rng.shuffle(shuffled)
    assert layout(spots, adjacency) == layout(shuffled, adjacency)


def test_dates_are_placed_within_their_year() -> None:
    assert year_of("2024") == 2024.5
    assert year_of("2024-01") == 2024 + 0.5 / 12
    assert 2024.0 < year_of("2024-01-01") < year_of("2024-12-31") < 2025.0
    assert [year_of(d) for d in ("--07-15", "2024-13", "2023-02-30", "undated")] == [None] * 4


def test_labels_wrap_at_spaces_and_stay_within_three_lines() -> None:
    text = "Suffolk and North East Essex Integrated Care Board and its many partners"
    lines = wrap(text).split("\n")
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(text_width(line) <= 150 for line in lines)
    assert wrap("Ofsted") == "Ofsted"
    assert wrap("003_4b7bc9d324daa154.txt") == "003_4b7bc9d324daa154.txt"  # one long word
