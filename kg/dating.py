"""Dating: find the date expressions in a sentence and normalise them to ISO.

Spans are found with regexes built once from `kg/data/time_words.json` and read
with `datetime`, not `dateparser`: its search reports verbs ("may"), bare numbers
and sums as dates, is slow, and fills missing parts from the machine's clock. Here
a date only ever comes from the text or from the article's publication date.

Precision follows the text: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. Choices made:
- relative expressions are anchored on `published` only; without it they are kept
  with `iso=None`;
- a bare weekday is the last one on or before publication (news reports the past),
  unless a future cue ("will", "due to") comes shortly before it, then the next one
  after; "next Monday" / "Monday next week" is the Monday of the following week;
- a month without a year is in the publication year (marked `year_implied`: the events
  extractor, which knows the tense, moves one after publication in a clause told in the
  past to the year before); "3/4/2024" is day first (UK);
- weeks ("next week", "two weeks ago") and offsets in months or years ("in about
  18 months") give the month they land in, marked approximate;
- a day and month with no year and nothing to anchor them keep that precision,
  `--MM-DD` (xsd:gMonthDay), rather than being dropped;
- a range is dated at its start: "between 8 and 12 September" is the 8th, a
  year range ("2020-21", "2023/24", "2024-2026") is its first year;
- "earlier in the year" and the like are the publication year;
- vague spans ("in the coming weeks", "soon", "in recent years") are not dates, nor are
  spans that only measure ("for the second time in four years", "the highest in a decade").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from kg.data import load
from kg.model import DateValue

# A reader turns a match into (iso, approximate), or None when it is not a date.
_Read = Callable[[re.Match[str], date | None], tuple[str | None, bool] | None]


@dataclass(frozen=True)
class DateMention:
    """A date expression: its character span in the input text and its value.

    `year_implied`: a month or day written without a year, put in the publication's
    (a reader that knows the tense may move it to the year before).
    """

    start: int
    end: int
    value: DateValue
    year_implied: bool = False


@dataclass(frozen=True)
class _Rules:
    readers: list[tuple[re.Pattern[str], _Read]]
    blocked: list[re.Pattern[str]]
    approximator: re.Pattern[str]
    future: re.Pattern[str]
    month_cues: frozenset[str]
    year_cues: frozenset[str]


def _alt(words: Iterable[str]) -> str:
    """Regex alternation of phrases, longest first, any whitespace between words."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in ordered)


@cache
def _words() -> dict[str, Any]:
    return load("time_words.json")


def _month(name: str) -> int:
    key = name.lower().rstrip(".")
    words = _words()
    return words["months"].get(key) or words["month_abbreviations"][key]


def _number(word: str) -> int:
    key = " ".join(word.lower().split())
    if key.isdigit():
        return int(key)
    return 1 if key in _words()["offset_articles"] else _words()["number_words"][key]


def _ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _month_of(day: date) -> str:
    return _ym(day.year, day.month)


def _shift_months(day: date, months: int) -> str:
    total = day.year * 12 + day.month - 1 + months
    return _ym(total // 12, total % 12 + 1)


def _word_before(m: re.Match[str]) -> str:
    found = re.search(r"([A-Za-z']+)[\s-]*$", m.string[max(0, m.start() - 30) : m.start()])
    return found.group(1).lower() if found else ""


def _full_date(year: int | None, month: int, day: int) -> tuple[str | None, bool] | None:
    try:
        value = date(year or 2000, month, day)  # 2000 is a leap year: 29 Feb stays valid
    except ValueError:
        return None
    return (value.isoformat() if year else f"--{month:02d}-{day:02d}"), False


def _read_iso(m: re.Match[str], anchor: date | None) -> tuple[str | None, bool] | None:
    return _full_date(int(m["y"]), int(m["m"]), int(m["d"]))


def _read_day_month(m: re.Match[str], anchor: date | None) -> tuple[str | None, bool] | None:
    year = int(m["year"]) if m["year"] else anchor.year if anchor else None
    return _full_date(year, _month(m["month"]), int(m["day"]))


def _read_day_range(m: re.Match[str], anchor: date | None) -> tuple[str | None, bool] | None:
    """"between 8 and 12 September": the first day, in the month the range ends in
    unless its own is written ("between 29 September and 10 October")."""
    if not m["first_month"]:
        return _read_day_month(m, anchor)
    year = int(m["year"]) if m["year"] else anchor.year if anchor else None
    first = _month(m["first_month"])
    if year is not None and first > _month(m["month"]):  # "28 December to 3 January 2025"
        year -= 1
    return _full_date(year, first, int(m["day"]))


def _read_year_range(m: re.Match[str], anchor: date | None) -> tuple[str | None, bool] | None:
    return m["first"], False


def _read_this_year(m: re.Match[str], anchor: date | None) -> tuple[str | None, bool]:
    return (str(anchor.year) if anchor else None), False


def _read_new_year(m: re.Match[str], anchor: date | None) -> tuple[str | None, bool]:
    """"in the new year": the next year when said in its second half, else this one."""
    return (str(anchor.year + (anchor.month > 6)) if anchor else None), False


def _read_month_year(m: re.Match[str], anchor: date | None) -> tuple[str | None, bool] | None:
    return _ym(int(m["year"]), _month(m["month"])), False


def _read_month_rel_year(m: re.Match[str], anchor: date | None) -> tuple[str | None, bool]:
    if anchor is None:
        return None, False
    return _ym(anchor.year + _words()["steps"][m["step"].lower()], _month(m["month"])), False


def _read_rel_month(m: re.Match[str], anchor: date | None) -> tuple[str | None, bool]:
    """A "last" month is the latest one before publication, a "next" one the first after."""
    if anchor is None:
        return None, False
    month, step = _month(m["month"]), _words()["steps"][m["step"].lower()]
    year = anchor.year
    if step < 0 and month >= anchor.month:
        year -= 1
    elif step > 0 and month <= anchor.month:
        year += 1
    return _ym(year, month), False


def _read_rel_season(m: re.Match[str], anchor: date | None) -> tuple[str | None, bool]:
    """"last summer" is the latest summer over before publication, "next summer" the first
    to start after it, "this summer" the publication year's: read as that year, roughly."""
    if anchor is None:
        return None, True
    start, step = _words()["seasons"][m["season"].lower()], _words()["steps"][m["step"].lower()]
    year = anchor.year
    if step < 0 and start + 2 >= anchor.month:
        year -= 1
    elif step > 0 and start <= anchor.month:
        year += 1
    return str(year), True


def _read_bare_month(m: re.Match[str], anchor: date | None) -> tuple[str | None, bool] | None:
    if _word_before(m) not in _rules().month_cues:
        if m["month"].lower() in _words()["ambiguous_months"]:
            return None
        if re.match(r"\s+[A-Z]", m.string[m.end() :]):
            return None  # a first name, as in "June Smith"
    return (_ym(anchor.year, _month(m["month"])) if anchor else None), False


def _read_year(m: re.Match[str], anchor: date | None) -> tuple[str | None, bool] | None:
    return (m["year"], False) if _word_before(m) in _rules().year_cues else None


def _read_weekday(m: re.Match[str], anchor: date | None) -> tuple[str | None, bool]:
    if anchor is None:
        return None, False
    steps = _words()["steps"]
    day = _words()["weekdays"][m["day"].lower()]
    pre = (m["pre"] or "").lower()
    if m["week"] or pre == "next":
        week = steps[m["week"].lower()] if m["week"] else 1
        value = anchor + timedelta(days=7 * week + day - anchor.weekday())
    elif pre == "last":
        value = anchor - timedelta(days=(anchor.weekday() - day) % 7 or 7)
    elif _rules().future.search(
        m.string, max(0, m.start() - _words()["future_window_chars"]), m.start()
    ):
        value = anchor + timedelta(days=(day - anchor.weekday()) % 7 or 7)
    else:
        value = anchor - timedelta(days=(anchor.weekday() - day) % 7)
    return value.isoformat(), False


def _read_rel_unit(m: re.Match[str], anchor: date | None) -> tuple[str | None, bool]:
    unit, step = m["unit"].lower(), _words()["steps"][m["step"].lower()]
    if anchor is None:
        return None, unit == "week"
    if unit == "year":
        return str(anchor.year + step), False
    if unit == "month":
        return _shift_months(anchor, step), False
    return _month_of(anchor + timedelta(weeks=step)), True


def _read_deictic(m: re.Match[str], anchor: date | None) -> tuple[str | None, bool]:
    if anchor is None:
        return None, False
    days = _words()["deictic_days"][" ".join(m.group().lower().split())]
    return (anchor + timedelta(days=days)).isoformat(), False


def _read_offset(m: re.Match[str], anchor: date | None) -> tuple[str | None, bool] | None:
    """Shift the publication date: "in about 18 months", "two weeks ago"."""
    if bool(m["dir"]) == bool(m["ago"]):
        return None  # "18 months" alone is a duration
    unit = _words()["offset_units"][m["unit"].lower()]
    counted_by_article = m["num"].lower() in _words()["offset_articles"]
    if m["dir"] and not m["time"] and ("days" in unit or counted_by_article):
        return None  # "issued in 20 weeks" is a duration, not a date
    sign = -1 if m["ago"] else 1
    count = sign * _number(m["num"])
    if "months" in unit:
        return (_shift_months(anchor, count * unit["months"]) if anchor else None), True
    days = count * unit["days"]
    if unit["days"] >= 7:
        return (_month_of(anchor + timedelta(days=days)) if anchor else None), True
    return ((anchor + timedelta(days=days)).isoformat() if anchor else None), bool(m["approx"])


@cache
def _rules() -> _Rules:
    w = _words()
    cues = w["future_cues"]
    full = _alt(x.title() for x in w["months"])
    abbreviated = _alt(x.title() for x in w["month_abbreviations"])
    month_any = rf"(?P<month>{full}|(?:{abbreviated})\.?)(?![A-Za-z])"
    month_full = rf"(?P<month>{full})(?![A-Za-z])"
    month_other = rf"(?P<first_month>{full}|(?:{abbreviated})\.?)(?![A-Za-z])"
    weekday = _alt(x.title() for x in w["weekdays"])
    opt_weekday = rf"(?:(?:{weekday}),?\s+)?"
    year = r"(?P<year>(?:19|20)\d{2})(?![\w/–-])"
    year_range = r"(?P<first>(?:19|20)\d{2})\s*[-–—/]\s*(?:(?:19|20)\d{2}|\d{2})(?![\w/–-])"
    ordinal = r"(?:st|nd|rd|th)?"
    step = rf"(?P<step>(?i:{_alt(w['steps'])}))"
    approx = _alt(w["approximators"])
    number = rf"\d{{1,3}}|{_alt(w['number_words'])}|{_alt(w['offset_articles'])}"
    units = _alt(w["offset_units"])
    offset = (
        rf"(?i:(?:(?P<dir>{_alt(w['offset_forward'])})\s+)?(?:(?P<approx>{approx})\s+)?"
        rf"(?P<num>{number})\s+(?P<unit>{units})s?"
        rf"(?P<time>['’]s?\s+{re.escape(w['offset_time_word'])})?"
        rf"(?:\s+(?P<ago>{_alt(w['offset_back'])}))?)(?![\w])"
    )
    readers: list[tuple[str, _Read]] = [
        (r"(?<![\d-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\d-])", _read_iso),
        (r"(?<![\d/])(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})(?![\d/])", _read_iso),
        (
            rf"(?<![\w£$€.,]){opt_weekday}(?P<day>\d{{1,2}}){ordinal}(?:\s+of)?\s+"
            rf"{month_any}(?:,?\s+{year})?",
            _read_day_month,
        ),
        (
            rf"(?<![A-Za-z]){opt_weekday}{month_any}\s+(?P<day>\d{{1,2}}){ordinal}"
            rf"(?:,?\s+{year}|(?![\d\w]|\s+[a-z]))",
            _read_day_month,
        ),
        (
            rf"(?<![\w£$€.,])(?P<day>\d{{1,2}}){ordinal}(?:\s+{month_other})?\s*"
            rf"(?:[-–]|\s(?i:and|to|until|till)\s)\s*\d{{1,2}}{ordinal}(?:\s+of)?\s+"
            rf"{month_any}(?:,?\s+{year})?",
            _read_day_range,
        ),
        (rf"(?<![\w£$€.,/–-]){year_range}", _read_year_range),
        (rf"(?<![A-Za-z])(?i:{_alt(w['this_year_phrases'])})\b", _read_this_year),
        (rf"(?<![A-Za-z])(?i:{_alt(w['new_year_phrases'])})\b", _read_new_year),
        (rf"(?<![A-Za-z]){month_any},?\s+{year}", _read_month_year),
        (rf"(?<![A-Za-z]){month_full}\s+{step}\s+(?i:year)\b", _read_month_rel_year),
        (rf"(?<![A-Za-z]){step}\s+{month_full}", _read_rel_month),
        (rf"(?<![A-Za-z]){step}\s+(?P<season>(?i:{_alt(w['seasons'])}))\b", _read_rel_season),
        (rf"(?<![A-Za-z]){month_full}", _read_bare_month),
        (rf"(?<![\w£$€.,/–-]){year}(?![.,]\d)", _read_year),
        (
            rf"(?<![A-Za-z])(?:(?P<pre>(?i:{_alt(w['steps'])}))\s+)?(?P<day>{weekday})"
            rf"(?![A-Za-z])(?:\s+(?P<week>(?i:{_alt(w['steps'])}))\s+(?i:week)\b)?",
            _read_weekday,
        ),
        (
            rf"(?<![A-Za-z])(?<![Tt]he\s){step}\s+(?P<unit>(?i:{_alt(w['calendar_units'])}))\b",
            _read_rel_unit,
        ),
        (rf"(?<![A-Za-z])(?i:{_alt(w['deictic_days'])})\b", _read_deictic),
        (rf"(?<![A-Za-z]){offset}", _read_offset),
    ]
    return _Rules(
        readers=[(re.compile(p), read) for p, read in readers],
        blocked=[
            re.compile(rf"\b(?:{_alt(w['not_dates'])})\b"),
            *(re.compile(span, re.IGNORECASE) for span in w["not_spans"]),
        ],
        approximator=re.compile(rf"(?<![A-Za-z])(?i:{approx})\s+$"),
        future=re.compile(
            "(?i:{})(?![A-Za-z])".format(
                "|".join(("(?<![A-Za-z])" if c[0].isalpha() else "") + _alt([c]) for c in cues)
            )
        ),
        month_cues=frozenset([*w["date_cues"], *(a for a in w["approximators"] if " " not in a)]),
        year_cues=frozenset(
            [*w["date_cues"], *w["year_cues"], *(a for a in w["approximators"] if " " not in a)]
        ),
    )


def _anchor(published: str | None) -> date | None:
    """The publication day (a month's first, for a page dated by its month only), or None
    when it is missing or not an ISO date."""
    try:
        if published and len(published) == len("2026-04"):
            return date.fromisoformat(f"{published}-01")
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def find_dates(text: str, published: str | None, year: int | None = None) -> list[DateMention]:
    """Every date expression in `text`, in order and non-overlapping (longest wins).

    `year` is one a heading over the text states (a timeline's "2023" on a line of its
    own): a month or day written without a year is in it, not in the publication's."""
    rules, anchor = _rules(), _anchor(published)
    stated = date(year, 1, 1) if year else None
    blocked = [m.span() for regex in rules.blocked for m in regex.finditer(text)]
    found: list[tuple[int, int, str | None, bool, bool]] = []
    for regex, read in rules.readers:
        from_heading = stated is not None and read in _YEAR_FROM_ANCHOR
        for m in regex.finditer(text):
            if (value := read(m, stated if from_heading else anchor)) is None:
                continue
            iso, approximate = value
            start = m.start()
            before = rules.approximator.search(text, max(0, start - 30), start)
            if before:
                start, approximate = before.start(), True
            implied = (bool(iso) and read in _YEAR_FROM_ANCHOR and not from_heading
                       and not m.groupdict().get("year"))
            found.append((start, m.end(), iso, approximate, implied))
    chosen: list[tuple[int, int, str | None, bool, bool]] = []
    for item in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        start, end = item[0], item[1]
        taken = [*blocked, *((c[0], c[1]) for c in chosen)]
        if all(end <= s or e <= start for s, e in taken):
            chosen.append(item)
    return [
        DateMention(start, end, DateValue(text[start:end], iso, approximate), implied)
        for start, end, iso, approximate, implied in sorted(chosen)
    ]


#: Readers that give a month or day the publication's year when the text states none.
_YEAR_FROM_ANCHOR = (_read_bare_month, _read_day_month, _read_day_range)


def shift_year(mention: DateMention, years: int) -> DateMention:
    """The same month or day in another year: a year earlier for "inspected in November"
    told in March, a year later for a deadline "by 15 January" set in November."""
    iso = mention.value.iso or ""
    moved = f"{int(iso[:4]) + years:04d}{iso[4:]}"
    if len(moved) == 10:
        try:
            date.fromisoformat(moved)
        except ValueError:
            return mention  # 29 February of a leap year has no day in the other year
    return DateMention(mention.start, mention.end,
                       DateValue(mention.value.text, moved, mention.value.approximate))
