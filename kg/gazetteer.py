"""The gazetteer: England's and Wales's councils and England's care boards, by official code.

Read from `kg/data/gazetteer.json` (built from published open data by
`python -m kg.gazetteer_data build`; its registers say where each entry came
from). This module answers two questions: which gazetteer entries a name can
denote (`Gazetteer.match`), and where a text names a care board in a way only
the register knows ("NHS Kent and Medway", "STW":
`register_mentions`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from kg.data import load
from kg.model import Mention

LA, ICB, CCG = "LocalAuthority", "IntegratedCareBoard", "ClinicalCommissioningGroup"

#: How sure a link is, by how it was made.
CONFIDENCE = {"exact": 0.95, "normalised": 0.9, "acronym": 0.8, "area": 0.6}

#: A council's name: its place and the tiers its title allows. "X County Council" is
#: a county of two tiers; "X Council", "X Borough Council" a district or unitary one
#: (a county called "X Council" is a later unitary the register may not know).
_COUNCIL = [
    (re.compile(r"^(?:The )?(?:Royal |London )*Borough of (?P<place>.+?)(?: Council)?$"),
     ("district", "unitary")),
    (re.compile(r"^(?:The )?City of (?P<place>.+?) Council$"), ("district", "unitary")),
    (re.compile(r"^(?:The )?Council of the (?P<place>.+)$"), ("district", "unitary")),
    (re.compile(r"^(?P<place>.+?) County Council$"), ("county",)),
    (re.compile(r"^(?P<place>.+?) District Council$"), ("district",)),
    (re.compile(r"^(?P<place>.+?) (?:(?:Metropolitan |London |Royal )?Borough|City"
                r"|Metropolitan District)? ?Council$"), ("district", "unitary")),
]
_ICB_NAME = re.compile(r"^(?:NHS )?(?P<area>.+?)(?: Integrated Care Boards?| ICBs?)?$")
_CCG_NAME = re.compile(r"^(?:NHS )?(?P<area>.+?)(?: Clinical Commissioning Groups?| CCGs?)?$",
                       re.IGNORECASE)
#: What follows an acronym when it names a care system or partnership, not the board.
_NOT_BOARD = r"[ ]+(?:ICS|ICP|Integrated Care (?:System|Partnership)|Health and Care)\b"


def council_place(name: str) -> str | None:
    """The place a council's name names: 'London Borough of Hackney' -> 'Hackney'."""
    for regex, _ in _COUNCIL:
        if m := regex.match(name):
            return m.group("place")
    return None


def norm(text: str) -> str:
    """A name folded for comparison: case, accents, '&', 'St.', 'the', punctuation."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = text.replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(w for w in text.split() if w != "the")


@dataclass(frozen=True)
class Entry:
    """One body of a register: its code, official name, type and what it covers."""

    code: str
    scheme: str
    register: str
    name: str
    type: str
    forms: tuple[str, ...]
    acronyms: tuple[str, ...] = ()
    tier: str | None = None
    county: str | None = None
    places: frozenset[str] = frozenset()  # normalised names of the places it covers

    @property
    def label(self) -> str:
        """The name the graph files it under: an ICB's without 'NHS ', as written."""
        return re.sub(r"^NHS ", "", self.name) if self.type == ICB else self.name


@dataclass(frozen=True)
class Match:
    entry: Entry
    method: str
    form: str  # the name or alias that matched

    @property
    def confidence(self) -> float:
        return CONFIDENCE[self.method]


@dataclass(eq=False)
class Gazetteer:
    """Entries indexed by normalised name, acronym and place; built from the JSON data.

    Compared and hashed by identity, so each gazetteer's text regex is built once.
    """

    registers: dict[str, dict]
    entries: dict[str, Entry]
    successions: list[dict] = field(default_factory=list)
    by_form: dict[str, list[Entry]] = field(default_factory=dict)
    by_acronym: dict[tuple[str, str], Entry] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict) -> Gazetteer:
        raw = {e["code"]: e for e in data["entries"]}
        entries = {}
        for code, e in raw.items():
            places = {norm(p) for p in e.get("places", [])}
            places |= {norm(f) for c in e.get("counties", []) for f in raw[c]["forms"]}
            if e["type"] == LA:  # "Redcar and Cleveland" covers both
                places |= {norm(p) for f in e["forms"] for p in _parts(f)}
                if e.get("county"):
                    places |= {norm(f) for f in raw[e["county"]]["forms"]}
            entries[code] = Entry(code, e["scheme"], e["register"], e["name"], e["type"],
                                  tuple(e["forms"]), tuple(e.get("acronyms", [])),
                                  e.get("tier"), e.get("county"), frozenset(places))
        for e in entries.values():  # a county covers its districts' places
            if e.county:
                county = entries[e.county]
                entries[e.county] = Entry(**{**county.__dict__,
                                             "places": county.places | e.places})
        g = cls(data["registers"], entries, list(data.get("successions", [])))
        for e in sorted(entries.values(), key=lambda e: e.code):
            for form in e.forms:
                g.by_form.setdefault(norm(form), []).append(e)
            for acronym in e.acronyms:
                g.by_acronym[(e.type, acronym)] = e
        return g

    def named(self, name: str, kind: str, tiers: tuple[str, ...] = ()) -> list[Entry]:
        return [e for e in self.by_form.get(norm(name), [])
                if e.type == kind and (not tiers or e.tier in tiers)]

    def match(self, form: str, kind: str, area: frozenset[str]) -> Match | None:
        """The entry `form` names as an actor of `kind`, if exactly one fits.

        `area` is the article's places (normalised): it settles names that fit
        several entries, and it must back up a council's acronym.
        """
        if kind == LA:
            for regex, tiers in _COUNCIL:
                if m := regex.match(form):
                    return self._council(form, m.group("place"), tiers, area)
            return None
        if kind == CCG:  # by name only: no register here gives a CCG's places
            m = _CCG_NAME.match(form)
            place = m.group("area") if m else form
            found = self.named(place, CCG)
            if len(found) != 1:
                return None
            return Match(found[0], "exact" if place in found[0].forms else "normalised", form)
        m = _ICB_NAME.match(form)
        if kind != ICB and not form.startswith("NHS "):
            return None  # another kind of body names a board only as "NHS <area>"
        return self._board(form, m.group("area") if m else form, area, acronym=kind == ICB)

    def _council(self, form: str, place: str, tiers: tuple[str, ...],
                 area: frozenset[str]) -> Match | None:
        found = self.named(place, LA, tiers)
        if len(found) == 1:
            exact = place in found[0].forms
            return Match(found[0], "exact" if exact else "normalised", form)
        if found:
            return _by_area(found, area, form)
        entry = self.by_acronym.get((LA, place))
        if entry and entry.tier in tiers and area & {norm(p) for f in entry.forms
                                                     for p in _parts(f)}:
            return Match(entry, "acronym", form)
        # "Newcastle City Council": an authority whose full name the article writes
        key = norm(place) + " "
        prefixed = [e for forms, es in self.by_form.items() if forms.startswith(key)
                    and forms in area for e in es if e.type == LA and e.tier in tiers]
        return Match(prefixed[0], "area", form) if len(prefixed) == 1 else None

    def _board(self, form: str, place: str, area: frozenset[str],
               acronym: bool) -> Match | None:
        found = self.named(place, ICB)
        if len(found) == 1:
            return Match(found[0], "exact" if place in found[0].forms else "normalised", form)
        if not acronym:
            return None
        if entry := self.by_acronym.get((ICB, place)):
            return Match(entry, "acronym", form)
        # "<board area> and <a place it covers>": the board's area, then its places,
        # or one place that a single board covers
        parts = [norm(p) for p in re.split(r",\s*|\s+(?:and|&)\s+", place) if p.strip()]
        for i in range(len(parts), 0, -1):
            head = self.named(" ".join(parts[:i]), ICB) or self.named(
                " and ".join(parts[:i]), ICB)
            if len(head) == 1 and set(parts[i:]) <= head[0].places:
                return Match(head[0], "area" if parts[i:] else "normalised", form)
        covering = [e for e in self.entries.values() if e.type == ICB and set(parts) <= e.places]
        return Match(covering[0], "area", form) if len(covering) == 1 else None


def _parts(name: str) -> list[str]:
    """A name and, when it lists places, each of them ('Kingston upon Hull, City of' lists none)."""
    parts = [p for p in re.split(r",\s*|\s+and\s+", re.sub(r", (?:City|County) of$", "", name))
             if p]
    return [name, *parts] if len(parts) > 1 else [name]


def _by_area(candidates: list[Entry], area: frozenset[str], form: str) -> Match | None:
    """The one candidate whose places the article names, if there is one."""
    fits = [e for e in candidates if e.places & area]
    return Match(fits[0], "area", form) if len(fits) == 1 else None


@cache
def gazetteer() -> Gazetteer:
    """The packaged gazetteer, read once per process."""
    return Gazetteer.from_dict(load("gazetteer.json"))


@cache
def _board_regex(g: Gazetteer) -> re.Pattern[str]:
    """A board as only the register knows it: 'NHS <area>', '<area> ICB', its acronym
    on its own (four letters or more) or before 'ICB', as whole words of a text."""
    def flexible(form: str) -> str:
        words = [w for w in re.split(r"[\s,]+", form) if w and w != "the"]
        return r",?[ ]+(?:the[ ]+)?".join(
            "(?:and|&)" if w == "and" else re.escape(w) for w in words)
    forms = sorted({f for e in g.entries.values() if e.type == ICB for f in e.forms},
                   key=len, reverse=True)
    acronyms = sorted({a for (kind, a) in g.by_acronym if kind == ICB}, key=len, reverse=True)
    areas = "|".join(map(flexible, forms))
    long = "|".join(a for a in acronyms if len(a) >= 4)
    head = r"[ ]+(?:Integrated[ ]+Care[ ]+Board|ICB)(?![\w-])"
    return re.compile(
        rf"(?<![\w-])(?:NHS[ ]+(?P<nhs>{areas})(?:{head}|(?![\w-]|[ ]+[A-Z&]))"
        rf"|(?P<area>{areas}){head}"
        rf"|(?P<short>{'|'.join(acronyms)}){head}"
        rf"|(?<!\()(?P<acronym>{long})(?![\w)-])(?!{_NOT_BOARD}))")


def register_mentions(text: str, g: Gazetteer | None = None) -> list[Mention]:
    """Care boards named in a form only the register knows ('NHS Kent and Medway', 'Kent
    and Medway ICB', 'STW'), each filed under the board's name (without 'NHS')."""
    g = g or gazetteer()
    if not re.search(r"NHS|ICB|Integrated Care Board|[A-Z]{4}", text):
        return []  # most text names no board: skip the long regex
    out = []
    for m in _board_regex(g).finditer(text):
        words = next(w for w in m.group("nhs", "area", "short", "acronym") if w)
        match = g.match(words, ICB, frozenset())
        if match is not None:
            out.append(Mention(m.group(), m.start(), m.end(), ICB, "register",
                               match.entry.label))
    return out
