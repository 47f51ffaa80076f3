"""Modelling: map the resolved corpus to RDF, the one place that does.

Shape and vocabulary are described in `kg/RDF_MODEL.md` and `kg/ontology.ttl`.
Each article has its own named graph holding every triple read from it; each
extracted statement also gets a `kg:Evidence` node (sentence, span, extractor),
so plain SPARQL over the Turtle export reaches the source of any fact.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache

import pyoxigraph as ox
from rdflib import RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import ORG, PROV
from rdflib.term import Node

from kg import __version__, settings
from kg.model import Article, Corpus, DateValue, Entity, Event, Evidence, Extraction
from kg.resolving import entity_key, slug
from kg.vocab import KG, OA

SCHEMA = Namespace("https://schema.org/")
KIND = Namespace("https://w3id.org/sendkg/kind/")
PREFIXES = {
    "kg": KG._NS, "kgkind": KIND, "schema": SCHEMA, "org": ORG, "prov": PROV, "oa": OA,
    "skos": SKOS, "xsd": XSD, "rdfs": RDFS,
}


def base() -> Namespace:
    return Namespace(settings.BASE_IRI)


def _hash(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def date_literal(value: DateValue) -> Literal | None:
    """ISO text at its precision -> xsd:date, xsd:gYearMonth or xsd:gYear."""
    iso = value.iso
    if not iso:
        return None
    datatype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}.get(len(iso))
    return Literal(iso, datatype=datatype) if datatype else None


def published_literal(iso: str) -> Literal:
    return Literal(iso, datatype=XSD.dateTime if "T" in iso else XSD.date)


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
    """Adds triples to the named graphs of the articles that state them."""

    def __init__(self) -> None:
        self.lines: set[str] = set()
        self.text = cache(nt_text)
        self.ns = base()
        self.run = self.ns[f"run/kg-{__version__}"]
        self.meta = _Graph(self.lines, self.ns["graph/build"], self.text)
        self.articles: dict[str, Article] = {}
        self.names: dict[str, str] = {}
        self._graphs: dict[str, _Graph] = {}

    def article_iri(self, name: str) -> URIRef:
        return self.ns[f"article/{slug(name)}"]

    def graph(self, name: str) -> _Graph:
        if name not in self._graphs:
            iri = URIRef(f"{self.article_iri(name)}/graph")
            self._graphs[name] = _Graph(self.lines, iri, self.text)
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
            g.add((node, KG.extractor, Literal(ev.extractor)))
            g.add((node, KG.confidence, Literal(f"{ev.confidence:.2f}", datatype=XSD.decimal)))
            g.add((node, PROV.wasGeneratedBy, self.run))
            g.add((sentence, RDF.type, KG.Sentence))
            g.add((sentence, OA.exact, Literal(ev.sentence)))
            g.add((sentence, OA.start, Literal(start)))
            g.add((sentence, OA.end, Literal(end)))
            g.add((sentence, KG.article, self.article_iri(name)))
            if holder is not None:
                g.add((holder, KG.evidence, node))

    def _locate(self, name: str, ev: Evidence) -> int | None:
        """The sentence's offset in this copy (copies of a story differ in furniture)."""
        if name == ev.article:
            return ev.start
        found = self.articles[name].text.find(ev.sentence)
        return found if found >= 0 else None


def to_nquads(corpus: Corpus) -> list[str]:
    """The whole corpus as sorted N-Quads lines: one named graph per article."""
    w = GraphWriter()
    w.articles = {a.name: a for a in corpus.articles}
    w.names = {key: entity.name for key, entity in corpus.entities.items()}
    _run(w)
    for article in sorted(corpus.articles, key=lambda a: a.name):
        _article(w, article)
    for extraction in corpus.extractions:
        names = w.copies(extraction)
        for entity in extraction.entities:
            _entity(w, names, corpus.entities[_final_key(corpus, entity)], entity)
        _roles(w, names, extraction)
        _relations(w, names, extraction)
        _quotes(w, names, extraction)
        for event in extraction.events:
            _event(w, names, event)
    return sorted(w.lines)


def dataset_of(lines: Iterable[str]) -> Dataset:
    """N-Quads lines as an rdflib dataset with the project's prefixes bound."""
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    ds.parse(data="\n".join(lines), format="nquads")
    return ds


def to_dataset(corpus: Corpus) -> Dataset:
    """The corpus as an rdflib dataset (for small corpora; see `to_nquads`)."""
    return dataset_of(to_nquads(corpus))


def _final_key(corpus: Corpus, entity: Entity) -> str:
    if entity.key in corpus.entities:
        return entity.key
    for key, merged in corpus.entities.items():
        if entity.name == merged.name or entity.name in merged.aliases:
            return key
    raise KeyError(entity.key)


def _run(w: GraphWriter) -> None:
    g = w.meta
    g.add((w.run, RDF.type, KG.ExtractionRun))
    g.add((w.run, RDFS.label, Literal(f"kg {__version__} build")))
    g.add((w.run, SCHEMA.softwareVersion, Literal(__version__)))
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        when = datetime.fromtimestamp(int(epoch), tz=UTC).replace(tzinfo=None)
        g.add((w.run, PROV.startedAtTime, Literal(when.isoformat(), datatype=XSD.dateTime)))


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
        for key, stated, prop, person_prop in (
            (role.organisation, role.organisation_evidence, ORG.organization, KG.worksFor),
            (role.party, role.party_evidence, KG.party, KG.memberOf),
        ):
            if not key:
                continue
            # an organisation or party read from another sentence cites both sentences
            for ev in {role.evidence, stated or role.evidence}:
                w.fact(names, node, prop, w.ns[key], ev, holder=node)
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
    w.meta.add((KIND[event.kind], RDF.type, SKOS.Concept))
    w.meta.add((KIND[event.kind], RDF.type, KG.EventKind))
    w.meta.add((KIND[event.kind], SKOS.inScheme, KIND[""]))
    w.meta.add((KIND[event.kind], SKOS.notation, Literal(event.kind)))
    w.meta.add((KIND[event.kind], SKOS.prefLabel, Literal(event.kind.replace("-", " "))))
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
    amount = format(Decimal(str(money.amount_gbp)).normalize(), "f")  # canonical, as Oxigraph
    w.fact(names, node, SCHEMA.value, Literal(amount, datatype=XSD.decimal), ev, holder=node)
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


def union(ds: Dataset) -> Graph:
    """Every triple of every named graph, as one graph (what `graph.ttl` holds)."""
    g = Graph()
    for prefix, ns in ds.namespaces():
        g.bind(prefix, ns)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g
