"""Linking: match each article's actors to the gazetteer, saying how and how sure.

Runs after extraction and before actors are merged across articles, because an
article's own places settle names that fit several register entries ("Newcastle
City Council" where the article names Newcastle upon Tyne). A match gives the actor the
register's code, official name and type; the sentence whose name matched is its
evidence, under the extractor `link/1:<method>` with the method's confidence.
An actor that matches nothing stays as it is, and no actor is ever added here.
"""

from __future__ import annotations

from kg.gazetteer import CCG, ICB, LA, Gazetteer, council_place, gazetteer, norm
from kg.model import Entity, Evidence, Extraction, Link, Succession

EXTRACTOR = "link/1"
#: Kinds of actor a register entry can be: councils, boards, former CCGs, and bodies
#: the recogniser could not type that are named "NHS <board area>".
LINKABLE = frozenset({LA, ICB, CCG, "NHSBody", "Organisation"})


def article_area(entities: list[Entity]) -> frozenset[str]:
    """The places an article names (normalised), its councils' places included."""
    places = {norm(e.name) for e in entities if e.type == "Place"}
    places |= {norm(p) for e in entities if e.type == LA if (p := council_place(e.name))}
    return frozenset(places)


def link_entity(entity: Entity, area: frozenset[str], g: Gazetteer) -> Link | None:
    """The best register entry for any name the text gives the actor: its own name
    first, unless that came from the register ('STW' is filed under the board's)."""
    if entity.type not in LINKABLE or not entity.mentions:
        return None
    # a name never written is filed by its aliases, unless the register gave it
    # ("the county council" of a story about one county: `resolving._registered`)
    written = any(entity.name in m.sentence or m.extractor == "resolve/place-council"
                  for m in entity.mentions)
    forms = [*([entity.name] if written else []),
             *sorted(a for a in entity.aliases if a[:1].isupper() and not a.startswith("The "))]
    best = None
    for form in forms:
        match = g.match(form, entity.type, area)
        if match and (best is None or match.confidence > best.confidence):
            best = match
    if best is None:
        return None
    e = best.entry
    return Link(e.code, e.scheme, e.register, e.name, e.type, e.tier, best.method,
                best.confidence, _evidence(entity, best.form, best.method, best.confidence))


def _evidence(entity: Entity, form: str, method: str, confidence: float) -> Evidence:
    """The first sentence that writes the matched name (else the actor's first)."""
    ev = next((m for m in entity.mentions if form in m.sentence), entity.mentions[0])
    return Evidence(ev.article, ev.sentence, ev.start, ev.end, f"{EXTRACTOR}:{method}",
                    confidence)


def link_corpus(extractions: list[Extraction], g: Gazetteer | None = None) -> None:
    """Link every article's actors in place; a linked actor takes the register's type."""
    for x in extractions:
        link_article(x, g)


def link_article(x: Extraction, g: Gazetteer | None = None) -> None:
    """Link one article's actors in place (a pure function of the article's own)."""
    g = g or gazetteer()
    area = article_area(x.entities)
    for entity in x.entities:
        entity.link = link_entity(entity, area, g)
        if entity.link:
            entity.type = entity.link.type


def successions(entities: dict[str, Entity], g: Gazetteer | None = None) -> list[Succession]:
    """The register's successions between two bodies the corpus names, in code order."""
    g = g or gazetteer()
    keys: dict[str, str] = {}
    for key, entity in sorted(entities.items()):
        if entity.link:
            keys.setdefault(entity.link.code, key)
    found = {Succession(keys[s["predecessor"]], keys[s["successor"]], s["date"], s["register"])
             for s in g.successions if s["predecessor"] in keys and s["successor"] in keys}
    return sorted(found, key=lambda s: (s.date, s.predecessor, s.successor))


def registers_used(entities: dict[str, Entity], found: list[Succession],
                   g: Gazetteer | None = None) -> dict[str, dict]:
    """What each register the corpus's links and successions come from is: title,
    publisher, licence, vintage and the package file it was read from."""
    g = g or gazetteer()
    used = {e.link.register for e in entities.values() if e.link} | {s.register for s in found}
    return {name: g.registers[name] for name in sorted(used) if name in g.registers}
