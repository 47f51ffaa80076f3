"""Modelling: map the resolved corpus to RDF, the one place that does.

Shape and vocabulary are described in `kg/RDF_MODEL.md` and `kg/ontology.ttl`.
Each article has its own named graph holding every triple read from it; each
extracted statement also gets a `kg:Evidence` node (sentence, span, extractor),
so plain SPARQL over the Turtle export reaches the source of any fact.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import TypeVar

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, SKOS, XSD, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV
from rdflib.term import Node

from kg import __version__, settings
from kg.caching import article_key, cache_key
from kg.model import (
    Article,
    Corpus,
    DateValue,
    Deficit,
    Entity,
    Event,
    Evidence,
    Extraction,
    Link,
)
from kg.resolving import entity_key, slug
from kg.vocab import KG, OA

G = TypeVar("G", bound=Graph)
SCHEMA = Namespace("https://schema.org/")
KIND = Namespace("https://w3id.org/sendkg/kind/")
PREFIXES = {
    "kg": KG._NS, "kgkind": KIND, "schema": SCHEMA, "org": ORG, "prov": PROV, "oa": OA,
    "skos": SKOS, "xsd": XSD, "rdfs": RDFS, "dcterms": DCTERMS, "owl": OWL,
}
#: ONS's linked-data IRI of a GSS code, what official statistics are keyed by.
_XSD_STRING = ox.NamedNode(str(XSD.string))
ONS_GEOGRAPHY = "http://statistics.data.gov.uk/id/statistical-geography/"
SCHEMES = {"ons": "ONS GSS code"}


def base() -> Namespace:
    return Namespace(settings.BASE_IRI)


def _hash(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


#: A name the slug maps one to one: lower-case letters and digits in runs joined by "_",
#: then one extension (`001_603711bf4ad84163.txt` -> `001-603711bf4ad84163-txt`).
_PLAIN_NAME = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*\.[a-z0-9]+")


def article_slug(name: str) -> str:
    """The IRI path segment of the article `name` (its path relative to the corpus folder).

    It must differ for any two names, and not depend on which other files the
    corpus holds, so an article keeps its IRI as files come and go. The readable
    slug alone does so for plain names (`_PLAIN_NAME`): read back, its last "-"
    is the extension's dot and every other one a "_". Any other name (in a
    folder, with a hyphen, a capital, a space or a letter outside ASCII) loses
    something to the slug ("a-b.txt", "a_b.txt" and "a b.txt" all slug to
    "a-b-txt"; "日本.txt" to "txt"), so it gets "--" and 12 hex digits of the
    sha256 of the name. A slug never holds "--", so the two kinds never meet,
    and two suffixed names meet only if their hashes do (odds 2^-48 a pair).
    """
    readable = slug(name)
    if _PLAIN_NAME.fullmatch(name):
        return readable
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return f"{readable}--{digest}"


def article_graph(name: str) -> URIRef:
    """The named graph of the article `name`: every triple read from it."""
    return base()[f"article/{article_slug(name)}/graph"]


def build_graph() -> URIRef:
    """The named graph of the build's own statements (run, registers, event kinds)."""
    return base()["graph/build"]


def date_literal(value: DateValue) -> Literal | None:
    """ISO text at its precision -> xsd:date, xsd:gYearMonth, xsd:gYear or xsd:gMonthDay."""
    iso = value.iso
    if not iso:
        return None
    if iso.startswith("--"):  # a day and month with no year stated
        return Literal(iso, datatype=XSD.gMonthDay)
    datatype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}.get(len(iso))
    return Literal(iso, datatype=datatype) if datatype else None


def decimal_literal(value: object) -> Literal:
    """`value` as an xsd:decimal in its canonical XSD 1.1 form, the same in every export:
    no exponent, no leading or trailing zeros, and no decimal point in a whole number
    ("1000000", "0.9"); Oxigraph and every other writer keep a lexical form as given."""
    number = Decimal(str(value)).normalize()
    text = format(number, "f")
    return Literal("0" if number.is_zero() else text, datatype=XSD.decimal)


def published_literal(iso: str) -> Literal:
    """A day, a moment, or a month alone (a newsletter's "April 2026")."""
    if "T" in iso:
        return Literal(iso, datatype=XSD.dateTime)
    return Literal(iso, datatype=XSD.gYearMonth if len(iso) == len("2026-04") else XSD.date)


def nt_text(term: Node) -> str:
    """A term as N-Triples text, escaped by Oxigraph (rdflib's n3() may write long strings)."""
    if isinstance(term, URIRef):
        return str(ox.NamedNode(str(term)))
    if isinstance(term, Literal):
        if term.language:
            return str(ox.Literal(str(term), language=term.language))
        if term.datatype:
            return str(ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype))))
        return str(ox.Literal(str(term)))
    raise TypeError(f"cannot write RDF term {term!r}")


#: Terms recur across statements and stories (entity IRIs, predicates); memoised, bounded.
_term_text = lru_cache(maxsize=1 << 17)(nt_text)


def run_iri() -> URIRef:
    """The extraction run every evidence node was generated by."""
    return base()[f"run/kg-{__version__}"]


class _Graph:
    """One named graph as an add-only sink of N-Quads lines.

    rdflib's in-memory store costs about 1.4 KB a statement (10 GB at 10,000
    articles); a set of canonical lines costs a fifth, and both rdflib (small
    builds) and Oxigraph (large ones) read it.
    """

    __slots__ = ("lines", "tail", "text")

    def __init__(self, lines: set[str], name: URIRef, text: Callable[[Node], str]) -> None:
        self.lines, self.tail, self.text = lines, f" {text(name)} .", text

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        s, p, o = triple
        self.lines.add(f"{self.text(s)} {self.text(p)} {self.text(o)}{self.tail}")


class GraphWriter:
    """Adds one story's triples to the named graphs of the articles that state them."""

    def __init__(self, story: Story) -> None:
        self.lines: set[str] = set()
        self.text = _term_text
        self.ns = base()
        self.run = run_iri()
        self.articles = {a.name: a for a in story.copies}
        self.names = story.names
        self._graphs: dict[str, _Graph] = {}
        self._articles: dict[str, URIRef] = {}
        self._sentences: set[URIRef] = set()  # those whose own statements are written
        self._terms: dict[tuple[str, float], tuple[Literal, Literal]] = {}

    def article_iri(self, name: str) -> URIRef:
        if (iri := self._articles.get(name)) is None:
            iri = self._articles[name] = self.ns[f"article/{article_slug(name)}"]
        return iri

    def graph(self, name: str) -> _Graph:
        if name not in self._graphs:
            self._graphs[name] = _Graph(self.lines, article_graph(name), self.text)
        return self._graphs[name]

    def copies(self, extraction: Extraction) -> list[str]:
        return [extraction.article.name, *extraction.article.duplicates]

    def add(self, names: Iterable[str], s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        for name in names:
            self.graph(name).add((s, p, o))

    def fact(self, names: list[str], s: URIRef, p: URIRef, o: URIRef | Literal,
             ev: Evidence, holder: URIRef | None = None) -> None:
        """Assert `s p o` in each copy's graph, with an Evidence node per copy."""
        self.add(names, s, p, o)
        for name in names:
            start = self._locate(name, ev)
            if start is None:
                continue
            g = self.graph(name)
            node = self.ns[f"evidence/{_hash(s, p, o, name, start, ev.extractor)}"]
            end = start + len(ev.sentence)
            sentence = URIRef(f"{self.article_iri(name)}/sentence/{start}-{end}")
            g.add((node, RDF.type, KG.Evidence))
            g.add((node, RDF.subject, s))
            g.add((node, RDF.predicate, p))
            g.add((node, RDF.object, o))
            g.add((node, KG.sentence, sentence))
            g.add((node, KG.article, self.article_iri(name)))
            extractor, confidence = self._provenance(ev)
            g.add((node, KG.extractor, extractor))
            g.add((node, KG.confidence, confidence))
            g.add((node, PROV.wasGeneratedBy, self.run))
            if sentence not in self._sentences:  # a sentence states many facts
                self._sentences.add(sentence)
                g.add((sentence, RDF.type, KG.Sentence))
                g.add((sentence, OA.exact, Literal(ev.sentence)))
                g.add((sentence, OA.start, Literal(start)))
                g.add((sentence, OA.end, Literal(end)))
                g.add((sentence, KG.article, self.article_iri(name)))
            if holder is not None:
                g.add((holder, KG.evidence, node))

    def _provenance(self, ev: Evidence) -> tuple[Literal, Literal]:
        """The extractor and confidence literals, made once per pair."""
        pair = (ev.extractor, ev.confidence)
        if (terms := self._terms.get(pair)) is None:
            terms = self._terms[pair] = (Literal(ev.extractor),
                                         decimal_literal(f"{ev.confidence:.2f}"))
        return terms

    def _locate(self, name: str, ev: Evidence) -> int | None:
        """The sentence's offset in this copy (copies of a story differ in furniture)."""
        if name == ev.article:
            return ev.start
        found = self.articles[name].text.find(ev.sentence)
        return found if found >= 0 else None


@dataclass(frozen=True)
class Story:
    """Everything one story's statements are made from, and nothing else.

    A story is a primary article, its extraction and its copies; `entities` maps
    each entity it names to the corpus-wide entity it resolved into, and `names`
    gives the canonical names its roles are labelled with. Its RDF is a pure
    function of this, so it is cached under `key`.
    """

    extraction: Extraction
    copies: tuple[Article, ...]
    entities: dict[str, Entity]
    names: dict[str, str]
    at: int = 0  # where the corpus holds its extraction (`read_story`)

    @cached_property  # hashes every copy's text: worked out once per story
    def key(self) -> str:
        parts = [f"{article_key(a)}:{a.sha256}" for a in self.copies]
        parts += [f"{k}\t{e.key}\t{e.name}\t{e.type}" for k, e in sorted(self.entities.items())]
        parts += [f"{k}\t{v}" for k, v in sorted(self.names.items())]
        parts += [f"{e.key}\t{e.link!r}" for e in self.extraction.entities if e.link]
        return cache_key("story", *parts)


def stories(corpus: Corpus) -> list[Story]:
    """The corpus cut into stories, in the order of their primary articles' names, each
    with its extraction's actors only (its outline's; `read_story` reads the rest).

    A story carries each of its actors' final key, name and type only: the merged
    actor's mentions span the whole corpus, and a story that carried them would cost
    time and memory in proportion to the corpus, to hash and to send to a worker.
    """
    by_name = {a.name: a for a in corpus.articles}
    light = {k: Entity(k, e.name, e.type) for k, e in corpus.entities.items()}
    named: dict[str, str] = {}
    for key, merged in corpus.entities.items():
        for name in (merged.name, *sorted(merged.aliases)):
            named.setdefault(name, key)
    out = []
    for at, x in sorted(enumerate(corpus.outlines), key=lambda pair: pair[1].article.name):
        entities = {e.key: light[_final_key(corpus, e, named)] for e in x.entities}
        keys = {corpus.mapping.get(k, k) for k in x.role_keys}
        names = {k: corpus.entities[k].name for k in sorted(keys) if k in corpus.entities}
        copies = (x.article, *(by_name[n] for n in x.article.duplicates))
        out.append(Story(Extraction(x.article, x.entities), copies, entities, names, at))
    return out


def read_story(corpus: Corpus, story: Story) -> Story:
    """`story` with its whole extraction, read from the corpus (from disk in a build)."""
    return replace(story, extraction=corpus.extractions[story.at])


def story_lines(story: Story) -> list[str]:
    """One story's statements as sorted N-Quads lines, one named graph per copy."""
    w = GraphWriter(story)
    x = story.extraction
    for article in story.copies:
        _article(w, article)
    names = w.copies(x)
    for entity in x.entities:
        _entity(w, names, story.entities[entity.key], entity)
    _roles(w, names, x)
    _relations(w, names, x)
    _quotes(w, names, x)
    for event in x.events:
        _event(w, names, event)
    for deficit in x.deficits:
        _deficit(w, names, deficit)
    return sorted(w.lines)


def build_lines(corpus: Corpus) -> list[str]:
    """The build's own graph: the extraction run and the event kinds the stories use."""
    lines: set[str] = set()
    g = _Graph(lines, build_graph(), _term_text)
    run = run_iri()
    g.add((run, RDF.type, KG.ExtractionRun))
    g.add((run, RDFS.label, Literal(f"kg {__version__} build")))
    g.add((run, SCHEMA.softwareVersion, Literal(__version__)))
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        when = datetime.fromtimestamp(int(epoch), tz=UTC).replace(tzinfo=None)
        g.add((run, PROV.startedAtTime, Literal(when.isoformat(), datatype=XSD.dateTime)))
    _registers(g, corpus)
    for kind in {kind for x in corpus.outlines for kind in x.event_kinds}:
        g.add((KIND[kind], RDF.type, SKOS.Concept))
        g.add((KIND[kind], RDF.type, KG.EventKind))
        g.add((KIND[kind], SKOS.inScheme, KIND[""]))
        g.add((KIND[kind], SKOS.notation, Literal(kind)))
        g.add((KIND[kind], SKOS.prefLabel, Literal(kind.replace("-", " "))))
    return sorted(lines)


def to_nquads(corpus: Corpus) -> list[str]:
    """The whole corpus as sorted N-Quads lines: one named graph per article."""
    lines = set(build_lines(corpus))
    for story in stories(corpus):
        lines.update(story_lines(read_story(corpus, story)))
    return sorted(lines)


def parsed(store: G, data: str | bytes, rdf_format: str) -> G:
    """`data` read into an rdflib graph or dataset with the project's prefixes bound."""
    for prefix, ns in PREFIXES.items():
        store.bind(prefix, ns)
    store.parse(data=data, format=rdf_format)
    return store


def dataset_of(lines: Iterable[str]) -> Dataset:
    """N-Quads lines as an rdflib dataset."""
    return parsed(Dataset(), "\n".join(lines), "nquads")


def graph_of(ntriples: Iterable[str]) -> Graph:
    """N-Triples lines as an rdflib graph.

    Oxigraph parses them and each distinct term is made once: 40% less time than
    rdflib's own N-Triples parser, which the build's page and shapes check wait on.
    """
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    made: dict[ox.NamedNode | ox.BlankNode | ox.Literal, Node] = {}

    def term(t: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
        if (known := made.get(t)) is None:
            known = made[t] = _rdflib_term(t)
        return known

    data = "\n".join(ntriples).encode("utf-8")
    g.addN((term(t.subject), term(t.predicate), term(t.object), g)
           for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    return g


def _rdflib_term(t: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return BNode(t.value)
    if t.language:
        return Literal(t.value, lang=t.language)
    plain = t.datatype == _XSD_STRING
    return Literal(t.value, datatype=None if plain else URIRef(t.datatype.value))


def to_dataset(corpus: Corpus) -> Dataset:
    """The corpus as an rdflib dataset (for small corpora; see `to_nquads`)."""
    return dataset_of(to_nquads(corpus))


def _final_key(corpus: Corpus, entity: Entity, named: dict[str, str]) -> str:
    """The merged actor an article's actor became: its own key, or the actor that took
    its name as a name or alias (`named`: the first such actor in corpus order)."""
    if entity.key in corpus.entities:
        return entity.key
    if entity.name in named:
        return named[entity.name]
    raise KeyError(entity.key)


def _article(w: GraphWriter, article: Article) -> None:
    iri = w.article_iri(article.name)
    g = w.graph(article.name)
    g.add((iri, RDF.type, KG.Article))
    g.add((iri, KG.fileName, Literal(article.name)))
    g.add((iri, KG.sha256, Literal(article.sha256)))
    g.add((iri, RDFS.label, Literal(article.title or article.name)))
    if article.title:
        g.add((iri, SCHEMA.headline, Literal(article.title)))
    if article.published:
        g.add((iri, SCHEMA.datePublished, published_literal(article.published)))
    if article.outlet:
        outlet = w.ns[entity_key(article.outlet, "NewsOutlet")]
        g.add((iri, KG.outlet, outlet))
        g.add((outlet, RDF.type, KG.NewsOutlet))
        g.add((outlet, SKOS.prefLabel, Literal(article.outlet)))
        g.add((outlet, RDFS.label, Literal(article.outlet)))
    for other in article.duplicates:  # each graph stays self-contained: name the copy
        g.add((iri, KG.sameStoryAs, w.article_iri(other)))
        g.add((w.article_iri(other), KG.sameStoryAs, iri))
        g.add((w.article_iri(other), RDF.type, KG.Article))
        g.add((w.article_iri(other), KG.fileName, Literal(other)))


def _entity(w: GraphWriter, names: list[str], merged: Entity, local: Entity) -> None:
    iri = w.ns[merged.key]
    cls = getattr(KG, merged.type)
    w.add(names, iri, SKOS.prefLabel, Literal(merged.name))
    w.add(names, iri, RDFS.label, Literal(merged.name))
    for alias in sorted(local.aliases | ({local.name} - {merged.name})):
        w.add(names, iri, SKOS.altLabel, Literal(alias))
    if local.mentions:
        w.fact(names, iri, RDF.type, cls, local.mentions[0])
    if local.link:
        _link(w, names, iri, local.link)


def _link(w: GraphWriter, names: list[str], iri: URIRef, link: Link) -> None:
    """An actor's register entry: its code (with the scheme and register), the ONS IRI
    of the code, the register's name and tier; the code and the IRI cite the sentence
    whose name matched, and say how (`link/1:<method>`) and how sure."""
    code = Literal(link.code)
    w.fact(names, iri, DCTERMS.identifier, code, link.evidence)
    if link.scheme == "ons":
        w.fact(names, iri, OWL.sameAs, URIRef(ONS_GEOGRAPHY + link.code), link.evidence)
    tail = link.code if link.code.isalnum() else slug(link.code)
    value = w.ns[f"identifier/{link.scheme}/{tail}"]
    w.add(names, iri, SCHEMA.identifier, value)
    w.add(names, value, RDF.type, SCHEMA.PropertyValue)
    w.add(names, value, SCHEMA.propertyID, Literal(SCHEMES.get(link.scheme, link.scheme)))
    w.add(names, value, SCHEMA.value, code)
    w.add(names, value, KG.register, w.ns[f"register/{link.register}"])
    w.add(names, iri, KG.registeredName, Literal(link.name))
    if link.tier:
        w.add(names, iri, KG.tier, Literal(link.tier))


def _registers(g: _Graph, corpus: Corpus) -> None:
    """The registers the corpus's links come from, and the successions they state."""
    ns = base()
    for name, reg in sorted(corpus.registers.items()):
        node = ns[f"register/{name}"]
        g.add((node, RDF.type, KG.Register))
        g.add((node, RDFS.label, Literal(reg.get("title", name))))
        for prop, key in ((DCTERMS.publisher, "publisher"), (DCTERMS.rights, "licence"),
                          (DCTERMS.temporal, "vintage"), (SCHEMA.version, "version")):
            if reg.get(key):
                g.add((node, prop, Literal(reg[key])))
        if reg.get("licence_iri"):
            g.add((node, DCTERMS.license, URIRef(reg["licence_iri"])))
        for file in reg.get("files", []):
            g.add((node, DCTERMS.source,
                   Literal(f"{reg.get('package', '')} {reg.get('version', '')}: {file}")))
    for s in corpus.successions:
        before, after = ns[s.predecessor], ns[s.successor]
        node = ns[f"succession/{_hash(s.predecessor, s.successor, s.date)}"]
        g.add((before, KG.succeededBy, after))
        g.add((node, RDF.type, KG.Succession))
        g.add((node, KG.predecessor, before))
        g.add((node, KG.successor, after))
        literal = date_literal(DateValue(s.date, s.date))
        if literal is not None:
            g.add((node, KG.date, literal))
        g.add((node, KG.register, ns[f"register/{s.register}"]))


def _roles(w: GraphWriter, names: list[str], x: Extraction) -> None:
    for role in x.roles:
        node = w.ns[f"membership/{_hash(role.person, role.role, role.organisation, role.party)}"]
        person = w.ns[role.person]
        w.add(names, node, RDF.type, KG.Membership)
        parts = (role.role, w.names.get(role.organisation or ""), w.names.get(role.party or ""))
        label = ", ".join(x for x in parts if x)
        w.add(names, node, RDFS.label, Literal(f"{w.names[role.person]}: {label}"))
        w.fact(names, node, ORG.member, person, role.evidence, holder=node)
        for n in names:
            w.graph(n).add((node, PROV.wasDerivedFrom, w.article_iri(n)))
        if role.role:
            w.fact(names, node, KG.roleName, Literal(role.role), role.evidence, holder=node)
        for key, stated, prop, person_props in (
            (role.organisation, role.organisation_evidence, ORG.organization,
             [getattr(KG, link) for link in role.links]),
            (role.party, role.party_evidence, KG.party, [KG.memberOf]),
        ):
            if not key:
                continue
            # an organisation or party read from another sentence cites both sentences
            for ev in {role.evidence, stated or role.evidence}:
                w.fact(names, node, prop, w.ns[key], ev, holder=node)
                for person_prop in person_props:
                    w.fact(names, person, person_prop, w.ns[key], ev)


def _relations(w: GraphWriter, names: list[str], x: Extraction) -> None:
    for rel in x.relations:
        for ev in filter(None, (rel.evidence, rel.support)):
            w.fact(names, w.ns[rel.subject], getattr(KG, rel.relation), w.ns[rel.object], ev)


def _quotes(w: GraphWriter, names: list[str], x: Extraction) -> None:
    for quote in x.quotes:
        node = w.ns[f"quote/{_hash(quote.speaker, ' '.join(quote.text.split()))}"]
        w.add(names, node, RDF.type, KG.Quotation)
        words = quote.text.split()
        w.add(names, node, RDFS.label,
              Literal(" ".join(words[:8]) + ("…" if len(words) > 8 else "")))
        w.add(names, node, SCHEMA.text, Literal(quote.text))
        if quote.reported:
            w.add(names, node, KG.reported, Literal(True))
        for n in names:
            w.graph(n).add((node, PROV.wasDerivedFrom, w.article_iri(n)))
        w.fact(names, node, KG.speaker, w.ns[quote.speaker], quote.evidence, holder=node)


def event_iri(w: GraphWriter, event: Event) -> URIRef:
    """Deterministic: date (or 'undated'), kind and the participants' keys.

    An event with an `identity` is keyed without its date, on what it was done
    to, so articles that date it differently describe one node with two dates.
    """
    if event.identity:
        inspected = [p.entity for p in event.participants if p.role == "inspected"]
        places = [key for key in inspected if key.startswith("place/")]
        subjects = sorted(places or inspected)  # the area, however its services are named
        tail = _hash(event.identity, *subjects)[:8]
        return w.ns[f"event/{event.kind}-{event.identity}-{tail}"]
    who = sorted(p.entity for p in event.participants)
    date = event.date.iso if event.date and event.date.iso else "undated"
    tail = _hash(*who, event.label if date == "undated" else "")[:8]
    return w.ns[f"event/{date}-{event.kind}-{tail}"]


def _event(w: GraphWriter, names: list[str], event: Event) -> None:
    node = event_iri(w, event)
    ev = event.evidence
    w.add(names, node, RDF.type, KG.Event)
    w.add(names, node, RDFS.label, Literal(event.label))
    for n in names:
        w.graph(n).add((node, PROV.wasDerivedFrom, w.article_iri(n)))
    w.fact(names, node, KG.kind, KIND[event.kind], ev, holder=node)
    if event.date:
        w.add(names, node, KG.dateText, Literal(event.date.text))
        literal = date_literal(event.date)
        if literal is not None:
            w.fact(names, node, KG.date, literal, ev, holder=node)
        if event.date.approximate:
            w.add(names, node, KG.approximate, Literal(True))
    for p in event.participants:
        w.fact(names, node, KG.participant, w.ns[p.entity], p.evidence or ev, holder=node)
        w.add(names, node, getattr(KG, p.role), w.ns[p.entity])
    for prop, value in ((KG.outcome, event.outcome), (KG.measure, event.measure),
                        (KG.status, event.status), (KG.purpose, event.purpose)):
        if value:
            w.fact(names, node, prop, Literal(value), ev, holder=node)
    if event.money:
        _funding(w, names, node, event)


def _funding(w: GraphWriter, names: list[str], event_node: URIRef, event: Event) -> None:
    money = event.money
    assert money is not None
    funder = next((p.entity for p in event.participants if p.role == "funder"), "")
    node = w.ns[f"funding/{_hash(event_node, money.amount_gbp, money.period)}"]
    ev = event.evidence
    w.add(names, node, RDF.type, KG.Funding)
    w.fact(names, node, SCHEMA.value, decimal_literal(money.amount_gbp), ev, holder=node)
    w.add(names, node, RDFS.label, Literal(f"£{money.amount_gbp:,.0f} {money.period}"))
    w.add(names, node, SCHEMA.currency, Literal("GBP"))
    w.add(names, node, KG.period, Literal(money.period))
    if money.qualifier:
        w.add(names, node, KG.qualifier, Literal(money.qualifier))
    if event.purpose:
        w.add(names, node, KG.purpose, Literal(event.purpose))
    if funder:
        w.fact(names, node, KG.funder, w.ns[funder], ev, holder=node)
    if event.date:
        literal = date_literal(event.date)
        if literal is not None:
            w.add(names, node, KG.date, literal)
    for n in names:
        w.graph(n).add((node, PROV.wasDerivedFrom, w.article_iri(n)))


def _deficit(w: GraphWriter, names: list[str], deficit: Deficit) -> None:
    """A body's deficit: its sum, period, word and date, one node per body and sum."""
    money, ev = deficit.money, deficit.evidence
    node = w.ns[f"deficit/{_hash(deficit.body, money.amount_gbp, money.period, deficit.word)}"]
    w.add(names, node, RDF.type, KG.Deficit)
    w.fact(names, node, SCHEMA.value, decimal_literal(money.amount_gbp), ev, holder=node)
    w.add(names, node, RDFS.label, Literal(f"£{money.amount_gbp:,.0f} {deficit.word}"))
    w.add(names, node, SCHEMA.currency, Literal("GBP"))
    w.add(names, node, KG.period, Literal(money.period))
    w.add(names, node, KG.shortfall, Literal(deficit.word))
    if deficit.body:
        w.fact(names, node, KG.deficitOf, w.ns[deficit.body], ev, holder=node)
    literal = date_literal(deficit.date) if deficit.date else None
    if literal is not None:
        w.fact(names, node, KG.date, literal, ev, holder=node)
    for n in names:
        w.graph(n).add((node, PROV.wasDerivedFrom, w.article_iri(n)))


def union(ds: Dataset) -> Graph:
    """Every triple of every named graph, as one graph (what `graph.ttl` holds)."""
    g = Graph()
    for prefix, ns in ds.namespaces():
        g.bind(prefix, ns)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g
