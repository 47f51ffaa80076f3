"""Cleaning: remove page furniture from an article's text, keeping every real sentence.

Saved news pages carry breadcrumbs, subscription prompts, photo captions,
copyright notices, supporter appeals, comment rules and "Most Read" rails around
the story. Left in, they become false mentions (photo agencies, the outlet) and
break duplicate detection between a bare copy and a full page of one story.

The rules are general and live in `kg/data/furniture.json` (line patterns by
purpose, multi-line blocks, tail markers) and `kg/data/outlets.json` (what an
outlet's name looks like, for the masthead line). A line is only ever removed
whole, and each pattern is anchored or length-limited so that a sentence which
merely mentions a picture, copyright or subscribing stays.

Repeated lines: a consecutive exact repeat (a caption printed under a photo and
again in the gallery) keeps its first copy only. Keeping one rather than none
matters because an uncredited caption such as "Cllr X, cabinet member for Y."
is often the only place a person's role is stated; a credited caption is removed
by the caption patterns anyway. A short non-sentence line repeated later (a
rail heading, a section label) is dropped at its later copies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg.data import load

_MACRO = re.compile(r"\{([A-Z_]+)\}")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_WIDE_SPACE = re.compile("[\u00a0\u2007\u202f\u2009\t]")
_SENTENCE_END = re.compile(r"[.!?…:;][\"”’')\]]*$")
#: Lines of at most this many words, not ending as a sentence, are labels when repeated.
_LABEL_WORDS = 12


@dataclass
class Cleaned:
    """The main text (paragraphs split by a blank line) and the lines removed, in order."""

    text: str
    removed: list[str]


@dataclass(frozen=True)
class _Group:
    name: str
    patterns: tuple[re.Pattern[str], ...]
    max_words: int | None = None

    def matches(self, line: str) -> bool:
        return self.match(line) is not None

    def match(self, line: str) -> re.Match[str] | None:
        if self.max_words is not None and len(line.split()) > self.max_words:
            return None
        return next((m for p in self.patterns if (m := p.search(line))), None)


@dataclass(frozen=True)
class _Block:
    start: re.Pattern[str]
    end: re.Pattern[str]
    max_lines: int


def expand(regex: str, macros: dict[str, str]) -> str:
    """Fill `{NAME}` placeholders from `macros`, recursively (macros may use macros)."""
    while (filled := _MACRO.sub(lambda m: macros.get(m.group(1), m.group(0)), regex)) != regex:
        regex = filled
    return regex


@cache
def macro(name: str) -> re.Pattern[str]:
    """One furniture.json macro compiled alone, e.g. "DATE": metadata parses what we remove."""
    return _compile(f"{{{name}}}")


def _compile(regex: str) -> re.Pattern[str]:
    return re.compile(expand(regex, load("furniture.json")["macros"]))


@cache
def _groups() -> tuple[_Group, ...]:
    data = load("furniture.json")
    return tuple(
        _Group(name, tuple(_compile(p["regex"]) for p in group["patterns"]), group.get("max_words"))
        for name, group in data["lines"].items()
    )


@cache
def _tail() -> _Group:
    return _Group("tail", tuple(_compile(p["regex"]) for p in load("furniture.json")["tail"]))


@cache
def _blocks() -> tuple[_Block, ...]:
    return tuple(
        _Block(_compile(b["start"]), _compile(b["end"]), b["max_lines"])
        for b in load("furniture.json")["blocks"]
    )


@cache
def outlet_regex() -> str:
    """Regex source of a strict outlet name: capitalised words ending as outlet names do."""
    data = load("outlets.json")
    endings = [e for kind in data["endings"].values() for e in kind]
    ending = "|".join(re.escape(e).replace(r"\ ", r"\s+") for e in sorted(endings, key=len)[::-1])
    return rf"(?:The\s+)?(?:{data['word']}\s+){{1,4}}(?:{ending})\b"


@cache
def _masthead() -> re.Pattern[str]:
    return re.compile(outlet_regex())


def is_masthead(line: str) -> bool:
    """True for a line that is nothing but an outlet's name (site banner)."""
    return _masthead().fullmatch(line.rstrip(" .")) is not None


@cache
def _endings() -> frozenset[str]:
    return frozenset(w for kind in load("outlets.json")["endings"].values() for e in kind
                     for w in e.split())


def names_no_outlet(name: str) -> bool:
    """A name made only of outlet words ("News Post", a blog's section label) is a label,
    not an outlet: a real one has a word of its own ("Westshire Post", "The Times")."""
    return set(name.split()) <= _endings()


def furniture_kind(line: str) -> str | None:
    """The furniture group a single line belongs to ("caption", "tail", ...), or None.

    Tail markers are tried first: they cut the rest of the page, a line group would not.
    """
    return next((g.name for g in (_tail(), *_groups()) if g.matches(line)), None)


def content_lines(raw: str) -> list[str]:
    """Non-empty lines with odd spaces normalised and hard-wrapped sentences rejoined.

    Runs of spaces inside a line are kept here: breadcrumbs are told apart by them.
    """
    text = _INVISIBLE.sub("", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = _compile(load("furniture.json")["glued_markers"]).sub("\n", text)
    lines = [line.strip() for line in _WIDE_SPACE.sub(" ", text).split("\n")]
    out: list[str] = []
    previous = ""
    for line in lines:
        if out and previous and line[:1].islower() and not _SENTENCE_END.search(previous):
            out[-1] = f"{out[-1]} {line}"  # a sentence wrapped onto the next line
        elif line:
            out.append(line)
        previous = line
    return out


def _block_end(lines: list[str], start: int) -> int | None:
    """Index of the last line of a furniture block starting at `start`, if one does."""
    for block in _blocks():
        if block.start.search(lines[start]):
            for end in range(start + 1, min(start + 1 + block.max_lines, len(lines))):
                if block.end.search(lines[end]):
                    return end
    return None


def _is_repeat(line: str, kept: list[str], seen: set[str]) -> bool:
    """`seen` holds the lines of `kept`: a list lookup per line made a page of many short
    lines quadratic (200,000 took five minutes)."""
    if kept and line == kept[-1]:
        return True
    is_label = len(line.split()) <= _LABEL_WORDS and not _SENTENCE_END.search(line)
    return is_label and line in seen


@cache
def _other_post() -> re.Pattern[str]:
    """A line that opens with a post (`roles.json` heads), within four words."""
    posts = "|".join(map(re.escape, load("roles.json")["heads"]))
    return re.compile(rf"(?:[\w'’-]+\s+){{0,4}}?(?i:{posts})(?![\w-])")


def _is_byline(lines: list[str], i: int) -> bool:
    """A line that is only a name, or a reporter's post ("Reporter, The Westshire Lamp"),
    next to a publication stamp or to the other of the two next to one ("Jane Doe /
    Local Democracy Reporter / 3 May 2024"), is the author's byline."""
    name, post = _compile(load("furniture.json")["byline_name"]), macro("POST_LINE")
    if not (name.search(lines[i]) or post.fullmatch(lines[i])):
        return False
    if i + 1 < len(lines) and _other_post().match(lines[i + 1]) and not post.fullmatch(
            lines[i + 1]):
        return False  # a letter's addressee over her post ("Ann Lee / Director of ...")

    def dated(j: int) -> bool:
        return any(0 <= k < len(lines) and furniture_kind(lines[k]) == "dateline"
                   for k in (j - 1, j + 1))

    return dated(i) or any(
        0 <= j < len(lines) and (name.search(lines[j]) or post.fullmatch(lines[j])) and dated(j)
        for j in (i - 1, i + 1))


def _organisation_author(line: str) -> str | None:
    """The organisation a stamp says wrote the page ("Posted on 3 May 2024 by Westshire
    Parent Carer Forum"): its own page may name it nowhere else. A person's byline is not
    kept: reporters are not actors of the story."""
    found = next(g for g in _groups() if g.name == "dateline").match(line)
    author = found.groupdict().get("author") if found else None
    return author if author and names_a_body(author) else None


def names_a_body(name: str) -> bool:
    """Whether a name ends as a body's does ("... Borough Council", "... Trust"): an
    organisation's own page, not an outlet's."""
    words = name.split()
    return bool(words) and words[-1] in load("actors.json")["org_heads"]


#: A site's banner (its name) is a first line of at most this many words.
_BANNER_MAX_WORDS = 6


def banner_end(lines: list[str]) -> int | None:
    """The index of the menu under a site's banner, when the page opens with one: a
    first line of a few words (the site's name), perhaps a strapline, then a navigation
    menu. The lines up to it are the page's, not the article's."""
    if not lines or len(lines[0].split()) > _BANNER_MAX_WORDS or _SENTENCE_END.search(lines[0]):
        return None
    return next((i for i in (1, 2) if i < len(lines)
                 and furniture_kind(lines[i]) == "navigation"), None)


def clean_text(raw: str) -> Cleaned:
    """Strip furniture lines, blocks and trailing rails; paragraphs joined by a blank line."""
    lines = content_lines(raw)
    tail_after = load("furniture.json")["tail_after_lines"]
    kept: list[str] = []
    seen: set[str] = set()
    removed: list[str] = []
    banner = banner_end(lines)
    if banner is not None:  # a body's own page keeps its name, which it may use nowhere else
        kept.extend(lines[:1] if names_a_body(lines[0]) else [])
        removed.extend(lines[len(kept) : banner + 1])
    i = 0 if banner is None else banner + 1
    while i < len(lines):
        line = lines[i]
        kind = furniture_kind(line)
        end = _block_end(lines, i)
        if kind == "tail" and len(kept) >= tail_after:
            removed.extend(lines[i:])
            break
        if end is not None:
            removed.extend(lines[i : end + 1])
            i = end + 1
            continue
        flat = " ".join(line.split())
        masthead = not kept and i + 1 < len(lines) and is_masthead(flat)
        if kind or masthead or _is_byline(lines, i) or _is_repeat(flat, kept, seen):
            removed.append(line)
            if kind == "dateline" and (author := _organisation_author(flat)):
                kept.append(author)
        else:
            kept.append(flat)
            seen.add(flat)
        i += 1
    return Cleaned("\n\n".join(kept), removed)
