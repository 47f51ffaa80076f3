"""Resolving: decide which mentions name the same actor, within and across articles.

Within an article: bracketed acronyms join their expansion, titles and bare
surnames join the full name, and definite descriptions ("the county council",
"the care board") join the nearest actor of their kind. Across articles the same
canonical name gives the same key, and an actor named by another's alias is
merged into it, so one real-world actor is one node.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from kg.data import alternation, load
from kg.gazetteer import gazetteer
from kg.model import Entity, Evidence, Extraction, Mention, Sentence
from kg.recognising import ACRONYM, STOP_WORDS, Acronym, known_actors

PERSON, PLACE = "Person", "Place"


@dataclass
class Resolved:
    """An article's actors and, for each resolved mention, the key of its actor (`links`,
    in the order of the mentions' starts)."""

    entities: dict[str, Entity] = field(default_factory=dict)
    links: list[tuple[Mention, str]] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list, repr=False, compare=False)

    def in_span(self, start: int, end: int) -> list[tuple[Mention, str]]:
        """The links whose mention lies within [start, end): a search, not a scan, as the
        extractors ask once per sentence and a long window has thousands of links."""
        if len(self._starts) != len(self.links):
            self._starts = [m.start for m, _ in self.links]
        out = []
        for m, k in self.links[bisect_left(self._starts, start):]:
            if m.start >= end:
                break
            if m.end <= end:
                out.append((m, k))
        return out


def slug(text: str) -> str:
    """A readable, IRI-safe slug; non-Latin names keep a stable hash instead."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not out:
        import hashlib

        out = "x" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    return out


def folder(kind: str) -> str:
    return {PERSON: "person", PLACE: "place"}.get(kind, "org")


def entity_key(name: str, kind: str) -> str:
    return f"{folder(kind)}/{slug(name)}"


@cache
def _descriptions() -> list[tuple[re.Pattern[str], dict]]:
    """Each description's regex; one opening with "the" may carry a modifier after it
    ("the Labour-run authority", "the embattled trust"), outside the group `head`."""
    data = load("actors.json")
    items = sorted(data["descriptions"], key=lambda d: -len(d["phrase"]))
    modifier = "|".join(data["description_modifiers"])

    def regex(phrase: str) -> str:
        the = re.match(r"(?i:the) ", phrase)
        head = f"(?P<head>{re.escape(phrase[the.end() if the else 0:])})"
        return (rf"{re.escape(the.group())}(?:(?P<mod>{modifier})\s+)?{head}" if the else head)

    return [
        (re.compile(r"(?<![\w-])" + regex(d["phrase"]) + r"(?![\w-])",
                    0 if d.get("case_sensitive") else re.IGNORECASE), d)
        for d in items
    ]


@cache
def _titles() -> re.Pattern[str]:
    titles = alternation(load("actors.json")["person_titles"])
    return re.compile(rf"^(?:(?:{titles})\.?\s+)+")


@cache
def _judicial() -> re.Pattern[str]:
    return re.compile(rf"^(?:{alternation(load('roles.json')['judicial_titles'])})\s+[A-Z]")


@cache
def _post_nominals() -> re.Pattern[str]:
    letters = "|".join(map(re.escape, load("actors.json")["post_nominals"]))
    return re.compile(rf"(?:,?\s+(?:{letters}))+$")


@cache
def _when_of() -> re.Pattern[str]:
    """A day or month in the possessive before a body's name ("Tuesday's", "today's")."""
    words = load("time_words.json")
    days = [*words["weekdays"], *words["months"], *words["deictic_days"]]
    return re.compile(rf"^(?:{alternation(days)})['’]s\s+", re.IGNORECASE)


def canonical(mention: Mention) -> str:
    """The name an actor is filed under: titles, 'the', 'NHS ' prefixes and spacing removed,
    a short kind at the end written in full ('Westshire ICB': Westshire Integrated Care Board)."""
    if mention.name:
        return mention.name
    if mention.source == "known":
        return known_actors()[mention.text][0]
    if mention.source == "known-group":
        return known_actors()[re.sub(r"\s+(?:group|Group)$", "", mention.text)][0]
    name = ACRONYM.sub(" ", mention.text)
    name = re.sub(r"\s+", " ", name).strip()
    if mention.type == PERSON:
        judge = _judicial().match(name)
        if judge and len(name[judge.end() - 1:].split()) < 2:
            return _post_nominals().sub("", name)  # "Mrs Justice Hartwell" is how a judge is named
        if judge:  # "Judge Ann Lee": her name, the title says her post
            return _post_nominals().sub("", name[judge.end() - 1:])
        return _post_nominals().sub("", _titles().sub("", name))
    name = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
    name = _when_of().sub("", name)  # "Tuesday's Westshire SEND Board": the board
    actors = load("actors.json")
    for prefix in actors["strip_prefixes"].get(mention.type, []):
        if name.startswith(prefix):
            name = name[len(prefix) :]
    for short, full in actors["expand_suffixes"].get(mention.type, {}).items():
        if name.endswith(short):
            name = name[: -len(short)] + full
    return name


def council_place(mentions: list[Mention]) -> str | None:
    """The place a council is named after: 'Westmoor Borough Council' -> 'Westmoor'."""
    for m in mentions:
        if m.type == "LocalAuthority":
            place = re.split(r"\s+(?:County|Borough|City|District|Metropolitan|Town|Council)\b",
                             canonical(m))[0]
            return re.sub(r"^(?:Royal\s+)?(?:London\s+)?Borough of\s+", "", place) or None
    return None


def main_place(mentions: list[Mention], text: str) -> str | None:
    """The area an article is about: its most mentioned place, where each mention of a
    council names its place too (a ward named once does not outweigh the council)."""
    places: Counter[str] = Counter()
    for m in mentions:
        place = m.text if m.type == PLACE else (
            council_place([m]) if m.type == "LocalAuthority" else None)
        if place:
            places[_unshout(place, text)] += 1
    return places.most_common(1)[0][0] if places else None


def _unshout(name: str, text: str) -> str:
    """A word set in capitals for emphasis ('KELMERE Council') as the article writes it
    elsewhere ('Kelmere'); acronyms, never written otherwise, stay as they are (a word
    capitalised only to open a sentence, 'Send us your questions', is no other writing
    of SEND)."""
    def fix(m: re.Match[str]) -> str:
        word = m.group()
        titled = re.escape(word.title())
        written = rf"(?<=[\w,;] ){titled}\b|\b{titled}(?= [A-Z])"  # not "Send us your ..."
        return word.title() if re.search(written, text) else word
    return re.sub(r"\b[A-Z]{4,}\b", fix, name) if re.search(r"[A-Z]{4,}", name) else name


_PLACE_BEFORE = re.compile(r"\b(?:in|for|across|around|near)\s+$")


def _placed(text: str, start: int) -> bool:
    """Whether a word that puts a place comes right before `start` ("families in X")."""
    return bool(_PLACE_BEFORE.search(text[max(0, start - 10):start]))


class _Builder:
    def __init__(self, article: str, text: str, sentences: list[Sentence]) -> None:
        self.article, self.text, self.sentences = article, text, sentences
        self.starts = [s.start for s in sentences]
        self.covered: set[int] = set()  # the offsets linked mentions cover
        self.result = Resolved()

    def sentence_of(self, start: int) -> Sentence:
        i = bisect_right(self.starts, start) - 1
        if i >= 0 and start < self.sentences[i].end:
            return self.sentences[i]
        return Sentence(self.text[start : start + 1], start, start + 1)

    def link(self, mention: Mention, name: str, kind: str, extractor: str) -> str:
        key = entity_key(name, kind)
        entity = self.result.entities.setdefault(key, Entity(key, name, kind))
        if mention.text != name:
            entity.aliases.add(mention.text)
        s = self.sentence_of(mention.start)
        entity.mentions.append(Evidence(self.article, s.text, s.start, s.end, extractor))
        self.result.links.append((mention, key))
        self.covered.update(range(mention.start, mention.end))
        return key

    def taken(self, start: int, end: int) -> bool:
        return any(i in self.covered for i in range(start, end))


def resolve_article(
    article: str,
    text: str,
    sentences: list[Sentence],
    mentions: list[Mention],
    acronyms: list[Acronym],
    outlet: str | None = None,
) -> Resolved:
    """Link every mention of one article to an actor key."""
    b = _Builder(article, text, sentences)
    place = main_place(mentions, text)
    surnames: dict[str, str] = {}
    pending: list[tuple[Mention, str]] = []
    area = force_area(mentions)
    defined = {a.short for a in acronyms}
    short = _short_names(mentions)
    for m in mentions:
        if m.text in defined:  # "TVB ICB", defined as short for a name: joins it below
            continue
        name = _unshout(canonical(m), text)
        if m.source == "committee":  # "the police and crime panel" of the force named
            name = _force_body(f"the {m.text}", area) or name
        kind = "NewsOutlet" if outlet and name == outlet else m.type
        if name in short and not _placed(text, m.start):
            name, kind = short[name]  # "Hale Brook" once "Hale Brook LLP" is named
        if kind == PERSON and " " not in name:
            pending.append((m, name))
            continue
        key = b.link(m, name, kind, f"recognise/{m.source}")
        if kind == PERSON:
            surnames.setdefault(name.split()[-1], key)
    for m, surname in pending:
        if surname in surnames:
            b.link(m, b.result.entities[surnames[surname]].name, PERSON, "resolve/surname")
    for surname, key in surnames.items():
        for hit in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text):
            if not b.taken(hit.start(), hit.end()):
                mention = Mention(surname, hit.start(), hit.end(), PERSON, "surname")
                b.link(mention, b.result.entities[key].name, PERSON, "resolve/surname")
    _link_first_names(b, list(dict.fromkeys(surnames.values())))
    for stem, (firm, kind) in short.items():  # "at Hale Brook", which the model may not know
        for hit in re.finditer(rf"(?<![\w-]){re.escape(stem)}(?![\w-])", text):
            if _placed(text, hit.start()):
                continue  # "families in Hale Brook": the place
            if not b.taken(hit.start(), hit.end()):
                mention = Mention(stem, hit.start(), hit.end(), kind, "firm")
                b.link(mention, firm, kind, "resolve/firm")
    councils = [m for m in mentions if m.type == "LocalAuthority"]
    for council in dict.fromkeys(filter(None, (council_place([m]) for m in councils))):
        _link_place(b, _unshout(council, text))  # each council's place: "Kelmere registered"
    _resolve_acronyms(b, acronyms, place)
    _resolve_descriptions(b, place, area)
    b.result.links.sort(key=lambda pair: pair[0].start)
    return b.result


def _short_names(mentions: list[Mention]) -> dict[str, tuple[str, str]]:
    """A firm's, a trust's or a school's name without its legal form or kind ("Hale Brook"
    for "Hale Brook LLP", "Hollins" for "Hollins Learning Trust", "Larch Lane" for "Larch
    Lane Primary School"), which the article may write alone, and the full name and type;
    never a council's place ("Kelmere" of "Kelmere Learning Trust" beside Kelmere Council
    stays the place)."""
    places = {council_place([m]) for m in mentions if m.type == "LocalAuthority"}
    out = {}
    for m in mentions:
        stem = _firm_form().fullmatch(m.text) or _trust_form().fullmatch(m.text)
        if m.type in ("Organisation", "School", "NHSBody") and stem and stem.group(
                1) not in places:
            out[stem.group(1)] = (m.text, m.type)
    return out


@cache
def _firm_form() -> re.Pattern[str]:
    forms = alternation(load("actors.json")["firm_forms"])
    return re.compile(rf"(.+?)\s+(?:{forms})\.?")


@cache
def _trust_form() -> re.Pattern[str]:
    kinds = alternation(load("actors.json")["short_named_kinds"])
    return re.compile(rf"([A-Z][\w'’-]+(?:\s+(?:and\s+)?[A-Z][\w'’-]+)??)\s+(?:{kinds})")


def _link_first_names(b: _Builder, people: list[str]) -> None:
    """"Priya said": a first name alone, not a common word, names the one person the
    article names in full with it (whatever the model took the word for)."""
    given: dict[str, set[str]] = {}
    for key in people:
        given.setdefault(b.result.entities[key].name.split()[0], set()).add(key)
    for first, keys in given.items():
        if len(keys) > 1 or len(first) < 3 or first.lower() in STOP_WORDS:
            continue
        name = b.result.entities[next(iter(keys))].name
        for hit in re.finditer(rf"(?<![\w-]){re.escape(first)}(?![\w-]|[ ][A-Z])", b.text):
            if not b.taken(hit.start(), hit.end()):
                mention = Mention(first, hit.start(), hit.end(), PERSON, "first-name")
                b.link(mention, name, PERSON, "resolve/first-name")


def _link_place(b: _Builder, place: str | None) -> None:
    """Standalone uses of a council's place name ('children in Westmoor') name the place,
    even when the statistical model does not know the name; not the first word of a
    longer name ('Westmoor North', a ward)."""
    if not place:
        return
    for hit in re.finditer(rf"(?<![\w-]){re.escape(place)}(?:['’]s)?(?![\w-]|[ ][A-Z][a-z])",
                           b.text):
        end = hit.start() + len(place)
        if not b.taken(hit.start(), end):
            b.link(Mention(place, hit.start(), end, PLACE, "council-place"), place, PLACE,
                   "resolve/council-place")


def _resolve_acronyms(b: _Builder, acronyms: list[Acronym], place: str | None) -> None:
    """Attach `(ACR)` to the actor it follows or sits inside; later uses of ACR join it."""
    for acr in acronyms:
        if acr.short in load("actors.json")["not_actors"]:
            continue
        owner = None
        for m, key in b.result.links:
            if (m.start <= acr.start and acr.end <= m.end + 1) or 0 <= acr.start - m.end <= 1:
                owner = key
        if owner is None:
            generic = _generic_for(acr.expansion)
            if generic is None or place is None:
                continue
            name = f"{place} {generic['generic']}"
            mention = Mention(acr.expansion, acr.start - len(acr.expansion) - 1, acr.start,
                              generic["type"], "acronym")
            owner = b.link(mention, name, generic["type"], "resolve/acronym")
        entity = b.result.entities[owner]
        entity.aliases.add(acr.short)
        for hit in re.finditer(rf"(?<![\w-]){re.escape(acr.short)}(?![\w-])", b.text):
            if not b.taken(hit.start(), hit.end()):
                mention = Mention(acr.short, hit.start(), hit.end(), entity.type, "acronym")
                b.link(mention, entity.name, entity.type, "resolve/acronym")


def _generic_for(phrase: str) -> dict | None:
    for regex, desc in _descriptions():
        if "generic" in desc and regex.fullmatch(phrase):
            return desc
    return None


def _resolve_descriptions(b: _Builder, place: str | None, area: str | None) -> None:
    """`the county council` -> the council its paragraph last named by name, else the one
    the article's last earlier mention of a council stands for, else the first named after
    it (or, when none is, the council of the article's place that the register knows;
    `the police and crime panel` -> the panel of the force of `area`)."""
    folded = b.text.casefold()
    for regex, desc in _descriptions():
        if re.sub(r"^the ", "", desc["phrase"].casefold()) not in folded:
            continue  # most descriptions are absent: skip their regex
        for hit in regex.finditer(b.text):
            # a modifier ("the Labour-run authority") is not part of the mention: the
            # party it names is one of its own; the alias is the plain description
            modified = hit.groupdict().get("mod") is not None
            start = hit.start("head") if modified else hit.start()
            if b.taken(start, hit.end()):
                continue
            candidates = [(m, k) for m, k in b.result.links if _fits(b.result.entities[k], desc)]
            before = [c for c in candidates if c[0].start < hit.start()]
            surface = f"{hit.group()[:4]}{hit.group('head')}" if modified else hit.group()
            mention = Mention(surface, start, hit.end(), desc["type"], "description")
            # a round-up's item means the one its own paragraph named last by name
            paragraph = b.text.rfind("\n", 0, hit.start())
            here = [c for c in before if c[0].start > paragraph and c[0].source != "description"]
            chosen = (max(here, key=lambda c: c[0].start) if here else before[-1] if before
                      else candidates[0] if candidates else None)
            if chosen is not None:
                entity = b.result.entities[chosen[1]]
                b.link(mention, entity.name, entity.type, "resolve/description")
            elif "generic" in desc and place and re.search(desc.get("only_if", ""), b.text):
                b.link(mention, f"{place} {desc['generic']}", desc["type"], "resolve/description")
            elif "of_force" in desc and area:
                b.link(mention, desc["of_force"].format(area=area), desc["type"],
                       "resolve/force-body")
            elif "council_of_place" in desc and place and _registered(place, desc):
                name = f"{place} {desc['council_of_place']['name']}"
                b.link(mention, name, desc["type"], "resolve/place-council")


def force_area(mentions: list[Mention]) -> str | None:
    """The area of the first police force the article names ('Westshire Constabulary':
    Westshire), whose panel and commissioner's office are named after it."""
    force = re.compile(load("actors.json")["police_force"])
    for m in mentions:
        if m.type == "Organisation" and (hit := force.match(canonical(m))):
            return hit.group("area")
    return None


def _force_body(phrase: str, area: str | None) -> str | None:
    """The name of the force's body that `phrase` describes ('the police and crime
    panel'), if the article names a force."""
    for regex, desc in _descriptions() if area else ():
        if "of_force" in desc and regex.fullmatch(phrase):
            return desc["of_force"].format(area=area)
    return None


def _registered(place: str, desc: dict) -> bool:
    """Whether the official register has exactly one council of `place` of the
    description's tiers ("the county council" of a story about one county)."""
    tiers = tuple(desc["council_of_place"]["tiers"])
    return len(gazetteer().named(place, desc["type"], tiers)) == 1


def _fits(entity: Entity, desc: dict) -> bool:
    """Can this description point to this actor? A generic one only to its own kind
    ("the local area partnership" to a partnership, never to any organisation)."""
    if entity.type != desc["type"] and entity.type not in desc.get("also_types", ()):
        return False
    if "generic" in desc:
        return entity.name.lower().endswith(desc["generic"].lower())
    if "name_ends" in desc:
        return entity.name.endswith(tuple(desc["name_ends"]))
    return desc.get("name_contains", "") in entity.name


def merge_corpus(per_article: list[list[Entity]],
                 mentions: list[dict[str, int]] | None = None) -> dict[str, str]:
    """Merge actors across articles; returns a map from article-level key to final key.

    Same key means same actor. An actor whose canonical name is another actor's
    alias (an acronym or name variant, not a description) is merged into it, and
    so are actors linked to the same register code. `mentions` counts each
    article's actors' mentions, where they are not in the entities themselves.
    """
    names: dict[str, Entity] = {}
    for entities in per_article:
        for entity in entities:
            names.setdefault(entity.key, entity)
    by_alias: dict[tuple[str, str], set[str]] = {}
    for key, entity in names.items():
        for alias in entity.aliases:
            if not alias.lower().startswith("the ") and alias[:1].isupper():
                by_alias.setdefault((folder(entity.type), alias.lower()), set()).add(key)
    mapping = {}
    for key, entity in names.items():
        owners = by_alias.get((folder(entity.type), entity.name.lower()), set()) - {key}
        mapping[key] = next(iter(owners)) if len(owners) == 1 else key
    counts = mentions or [{e.key: len(e.mentions) for e in entities} for entities in per_article]
    return _merge_linked(per_article, counts, mapping)


def _merge_linked(per_article: list[list[Entity]], counts: list[dict[str, int]],
                  mapping: dict[str, str]) -> dict[str, str]:
    """Actors linked to one register code are one actor, filed under the name that
    matched best (then the one most mentioned, then the first by key)."""
    confidence: dict[str, float] = {}
    code_of: dict[str, str] = {}
    mentions: Counter[str] = Counter()
    for entities, count in zip(per_article, counts, strict=True):
        for entity in entities:
            key = mapping[entity.key]
            mentions[key] += count[entity.key]
            if entity.link and entity.link.confidence > confidence.get(key, 0.0):
                confidence[key], code_of[key] = entity.link.confidence, entity.link.code
    winner: dict[str, str] = {}
    for key in sorted(code_of, key=lambda k: (-confidence[k], -mentions[k], k)):
        winner.setdefault(code_of[key], key)
    return {k: winner.get(code_of.get(v, ""), v) for k, v in mapping.items()}


def resolve_corpus(per_article: list[list[Entity]],
                   mentions: list[dict[str, int]] | None = None
                   ) -> tuple[dict[str, Entity], dict[str, str]]:
    """One entity per real-world actor across the corpus (named, typed, aliased and
    linked; its mentions stay with the articles' actors), and the map from each
    article's actor key to it, for `rekey`."""
    mapping = merge_corpus(per_article, mentions)
    own: dict[str, Entity] = {}  # a key is its name's slug: the first actor filed under it
    for entities in per_article:
        for entity in entities:
            own.setdefault(entity.key, entity)
    merged: dict[str, Entity] = {}
    for entities in per_article:
        for entity in entities:
            key = mapping[entity.key]
            first = own.get(key, entity)
            target = merged.setdefault(key, Entity(key, first.name, first.type))
            if entity.name != target.name:
                target.aliases.add(entity.name)
            if entity.link and (not target.link
                                or entity.link.confidence > target.link.confidence):
                target.link, target.type = entity.link, entity.link.type
            target.aliases |= entity.aliases - {target.name}
    return merged, mapping


def rekey(x: Extraction, mapping: dict[str, str]) -> None:
    """Point an extraction's facts at the corpus's actors (`resolve_corpus`), in place;
    its own actors keep their article-level keys."""
    for role in x.roles:
        role.person = mapping.get(role.person, role.person)
        role.organisation = role.organisation and mapping.get(role.organisation,
                                                              role.organisation)
        role.party = role.party and mapping.get(role.party, role.party)
    for quote in x.quotes:
        quote.speaker = mapping.get(quote.speaker, quote.speaker)
    for event in x.events:
        for participant in event.participants:
            participant.entity = mapping.get(participant.entity, participant.entity)
    for deficit in x.deficits:
        deficit.body = deficit.body and mapping.get(deficit.body, deficit.body)
    for relation in x.relations:
        relation.subject = mapping.get(relation.subject, relation.subject)
        relation.object = mapping.get(relation.object, relation.object)
