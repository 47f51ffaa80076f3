"""Metadata: the title, outlet and publication date that an article's own text states.

Nothing is guessed or filled in: a date needs a day, month and year written on a
publication line (a missing part is never taken from today), a title must look
like a headline, and an outlet must be named by a masthead or by a phrasing that
only ever names the publisher ("please consider supporting the X", "© X").
Anything not stated is None, so later stages can tell "unknown" from a guess.

Lines are recognised by the same furniture rules that `kg.cleaning` removes; the
date, time and label shapes are the macros of `kg/data/furniture.json`, and the
outlet shapes come from `kg/data/outlets.json`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from kg.cleaning import (
    banner_end,
    content_lines,
    expand,
    furniture_kind,
    is_masthead,
    macro,
    names_a_body,
    names_no_outlet,
    outlet_regex,
)
from kg.data import alternation, load

#: Title, masthead and undated-stamp lines are only looked for this near the top, or
#: further down a page whose menus and summary run on before its first paragraph, up to
#: `_HEADER_MAX_LINES`.
_HEADER_LINES = 10
_HEADER_MAX_LINES = 30
#: A line of at least this many words ending as a sentence does is the body's.
_BODY_WORDS = 12
#: A headline is shorter than this; a longer first line is the body's first sentence.
_TITLE_MAX_WORDS = 25
_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y", "%Y-%m-%d", "%d/%m/%Y")
_TIME_FORMATS = ("%H:%M", "%H:%M:%S", "%I:%M%p", "%I:%M:%S%p", "%I%p")
_SEGMENT_SPLIT = re.compile(r"\s*[|•·]\s*")
_BANNER_WORDS = 4
_BODY_END = re.compile(r"[.!?:][\"”’')\]]*\s*$")
_SENTENCE_STOP = re.compile(r"[.:][\"”’')\]]*$")


@dataclass
class Metadata:
    """What the text says about itself; `published` is ISO, with a time when one is given."""

    title: str | None
    outlet: str | None
    published: str | None


def read_metadata(raw: str) -> Metadata:
    """Title, outlet and publication date stated by the text, each None when not stated."""
    lines = content_lines(raw)
    banner = banner_end(lines)
    top = lines if banner is None else lines[banner + 1 :]
    header = [" ".join(line.split()) for line in top[:_HEADER_LINES] if not furniture_kind(line)]
    outlet = None if banner is None or names_a_body(lines[0]) else _outlet_name(
        _unshout(lines[0]))
    if not outlet and len(header) > 1 and (is_masthead(header[0]) or _self_named(
            header[0], lines)) and not names_no_outlet(header[0]):
        outlet = _outlet_name(header[0])
        header = header[1:]
    if header and _section_label(header[0]):
        header = header[1:]
    title = header[0] if header and _is_headline(header[0]) else None
    if title and (suffix := _title_suffix().search(title)):
        title = title[: suffix.start()]
        outlet = outlet or _outlet_name(suffix.group("outlet"))
    return Metadata(title, outlet or _outlet_from_cues(lines), _published(lines))


def _self_named(line: str, lines: list[str]) -> bool:
    """A short banner line the story names as its own outlet ("HealthPulse" over "... seen
    by HealthPulse"), in any words, which no outlet shape need fit; never a body's name."""
    if len(line.split()) > _BANNER_WORDS or _SENTENCE_STOP.search(line) or names_a_body(line):
        return False
    verbs = alternation(load("outlets.json")["self_references"]["before"])
    named = re.compile(rf"(?<![\w-])(?:{verbs})\s+(?:the\s+)?{re.escape(line)}(?![\w-])")
    return any(named.search(other) for other in lines[1:])


def _is_headline(line: str) -> bool:
    """Short and not ending as a sentence does: headlines carry no full stop."""
    return len(line.split()) < _TITLE_MAX_WORDS and not _SENTENCE_STOP.search(line)


def _section_label(line: str) -> bool:
    """A word or two in capitals over a headline: the page's section ("EDUCATION")."""
    return line.isupper() and len(line.split()) <= 2


def _unshout(name: str) -> str:
    """A banner set in capitals ("THE WESTSHIRE LAMP") as a name is written."""
    return name.title() if name.isupper() and len(name) > 5 else name


def _outlet_name(name: str) -> str:
    """The name without a leading article, unless that leaves one word ("The Times")."""
    name = name.strip(" .,")
    words = name.split()
    return " ".join(words[1:]) if words[0].lower() == "the" and len(words) > 2 else name


@cache
def _name_macros() -> dict[str, str]:
    data = load("outlets.json")
    word = data["word"]
    name = rf"{word}(?:\s+(?:(?:of|and|on|upon)\s+)?{word}){{0,5}}"
    return {"NAME": f"(?P<outlet>{name})", "OUTLET": f"(?P<outlet>{outlet_regex()})"}


@cache
def _cues() -> tuple[re.Pattern[str], ...]:
    return tuple(
        re.compile(expand(cue["regex"], _name_macros())) for cue in load("outlets.json")["cues"]
    )


@cache
def _title_suffix() -> re.Pattern[str]:
    return re.compile(expand(load("outlets.json")["title_suffix"], _name_macros()))


def _outlet_from_cues(lines: list[str]) -> str | None:
    """The first outlet named by a revealing phrasing, in text order."""
    for line in lines:
        for cue in _cues():
            if found := cue.search(line):
                return _outlet_name(found.group("outlet"))
    return None


def _published(lines: list[str]) -> str | None:
    """The stated publication date: a "Published" stamp anywhere, else a header stamp.

    Within a line such as "PUBLISHED: 07:30 6 March 2019 | UPDATED: ...", the
    published part wins over an updated part; an updated-only stamp is used
    when nothing better is stated, as it still dates the text.
    """
    found: list[tuple[int, int, str]] = []
    header = _header_end(lines)
    for index, line in enumerate(lines):
        if furniture_kind(line) != "dateline":
            # a heading in capitals ("KELMERE TONIGHT - WEDNESDAY 8 OCTOBER 2025") as written
            lead = _lead_stamp(line.title() if line.isupper() else line) if (
                index < _HEADER_LINES) else None
            month = _issue_month(line) if index < _HEADER_LINES and not lead else None
            if month:  # a newsletter dated by its month only
                found.append((4, index, month))
            if lead:
                found.append((3, index, lead))
            continue
        for segment in _SEGMENT_SPLIT.split(line):
            stamp = _stamp(segment)
            if stamp and (index < header or stamp[0] == 0):
                found.append((stamp[0], index, stamp[1]))
    return min(found)[2] if found else None


def _header_end(lines: list[str]) -> int:
    """How many lines an undated-label stamp may be down: the header's ten, or as far as
    the first line of the body on a page whose menus run on (a live page's summary)."""
    body = next((i for i, line in enumerate(lines[:_HEADER_MAX_LINES])
                 if len(line.split()) >= _BODY_WORDS and _BODY_END.search(line)),
                _HEADER_MAX_LINES)
    return max(_HEADER_LINES, body)


@cache
def _lead_shapes() -> tuple[re.Pattern[str], ...]:
    """Header lines that state a date without being a pure stamp line.

    A byline name right before the date ("Jane Doe 3 June 2031"), a labelled
    stamp followed by page text ("date 2031-06-03 Watch our videos..."), a
    dateline opening the first paragraph ("Tuesday 3 June 2031: The council..."), and a
    newsletter's issue line or a programme's slug ending with its date ("This week | Issue
    12 | 3 June 2031", "Kelmere Tonight - 18:30 - Wednesday 8 October 2025").
    """
    macros = load("furniture.json")["macros"]
    return tuple(re.compile(expand(shape, macros)) for shape in (
        r"^{PERSON}\s+(?:{WEEKDAY},?\s+)?{DATE}\.?$",
        r"^{LABEL}\s*:?\s*(?:{WEEKDAY},?\s+)?{DATE}(?!\S)",
        r"^(?:{WEEKDAY},?\s+)?{DATE}\s*[:–—-]\s+\S",
        r"\s[|–—-]\s+(?:{WEEKDAY},?\s+)?{DATE}\.?$",
    ))


def _issue_month(line: str) -> str | None:
    """The month ("2026-04") an issue line ends with and no day: "Spring Newsletter – April
    2026"."""
    found = macro("ISSUE_MONTH").search(line)
    day = _parse(f"1 {found.group(1)} {found.group(2)}", _DATE_FORMATS) if found else None
    return f"{day:%Y-%m}" if day else None


def _lead_stamp(line: str) -> str | None:
    """The ISO day of a date stated at the head of a non-stamp header line, if any."""
    if not any(shape.search(line) for shape in _lead_shapes()):
        return None
    date = macro("DATE").search(line)
    day = _parse(_normal_date(date.group()), _DATE_FORMATS) if date else None
    return day.date().isoformat() if day else None


def _stamp(segment: str) -> tuple[int, str] | None:
    """(rank, ISO) of one stamp: rank 0 published, 1 unlabelled, 2 updated (3: `_lead_stamp`)."""
    date = macro("DATE").search(segment)
    if date is None:
        return None
    day = _parse(_normal_date(date.group()), _DATE_FORMATS)
    if day is None:
        return None
    before = segment[: date.start()]
    label = macro("LABEL").search(before)
    rank = 1
    if label and macro("PUBLISHED_LABEL").fullmatch(label.group()):
        rank = 0
    elif label and macro("UPDATED_LABEL").fullmatch(label.group()):
        rank = 2
    time = macro("TIME").search(f"{before} {segment[date.end() :]}")
    clock = _parse(_normal_time(time.group()), _TIME_FORMATS) if time else None
    return rank, (f"{day.date().isoformat()}T{clock:%H:%M}" if clock else day.date().isoformat())


def _normal_date(text: str) -> str:
    text = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\bsept\b", "Sep", text, flags=re.IGNORECASE)
    return " ".join(text.replace(",", " ").replace(".", " ").split())


def _normal_time(text: str) -> str:
    return re.sub(r"[\s.]", "", re.sub(r"(?<=\d)\.(?=\d)", ":", text))


def _parse(text: str, formats: tuple[str, ...]) -> datetime | None:
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None
