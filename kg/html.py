"""Render the graph as one self-contained, interactive HTML page that works offline.

pyvis 0.3.2's own page links bootstrap and tom-select from a CDN and its filter menus can
blank the graph, so pyvis only supplies the vis-network assets it ships. The page, its
styles and its script are package files (`kg/templates/`), inlined here with the data and a
Content-Security-Policy that admits exactly those scripts and styles. Positions come from
`kg.layout`, so the browser draws at once with physics off. Article text reaches the page
only as escaped JSON and is put into the DOM with textContent, so nothing read from an
article can run as code.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pyvis
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import ORG, PROV, SDO
from rdflib.term import Node

from kg.atomic import write_text
from kg.graphfile import read_dataset
from kg.layout import FONT_FACE, FONT_SIZE, Spot, layout, wrap, year_of
from kg.vocab import KG, OA

_VIS_DIR = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
_TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class HtmlStats:
    """What the page draws, so the CLI can report it and tests can compare it with the page."""

    nodes: int
    edges: int


@dataclass(frozen=True)
class _Type:
    """How one kind of node looks: vis group key, names for panel and legend, colour, shape."""

    cls: URIRef
    key: str
    name: str
    plural: str
    colour: str
    shape: str


# Priority order: a subject with several types is drawn as the first that matches.
_TYPES = (
    _Type(KG.Event, "event", "Event", "Events", "#e6550d", "diamond"),
    _Type(KG.Article, "article", "Article", "Articles", "#9e9e9e", "square"),
    _Type(KG.LocalAuthority, "council", "Council", "Councils", "#1f77b4", "hexagon"),
    _Type(KG.IntegratedCareBoard, "icb", "ICB", "ICBs", "#2ca02c", "square"),
    _Type(KG.ClinicalCommissioningGroup, "ccg", "CCG", "CCGs", "#98df8a", "square"),
    _Type(KG.Regulator, "regulator", "Regulator", "Regulators", "#d62728", "triangle"),
    _Type(
        KG.GovernmentBody, "government", "Government body", "Government bodies", "#9467bd", "star"
    ),
    _Type(KG.NHSBody, "nhs", "NHS body", "NHS bodies", "#17becf", "square"),
    _Type(KG.PoliticalParty, "party", "Party", "Parties", "#e377c2", "triangleDown"),
    _Type(
        KG.ParentCarerGroup,
        "parents",
        "Parent carer group",
        "Parent carer groups",
        "#ff7f0e",
        "star",
    ),
    _Type(KG.NewsOutlet, "outlet", "News outlet", "Outlets", "#8c564b", "triangleDown"),
    _Type(KG.School, "school", "School", "Schools", "#bcbd22", "triangle"),
    _Type(
        KG.Organisation, "organisation", "Organisation", "Other organisations", "#7f7f7f", "hexagon"
    ),
    _Type(KG.Person, "person", "Person", "People", "#f2b701", "dot"),
    _Type(KG.Place, "place", "Place", "Places", "#637939", "triangleDown"),
)
_SYMBOLS = {
    "diamond": "◆",
    "square": "■",
    "hexagon": "⬢",
    "triangle": "▲",
    "triangleDown": "▼",
    "star": "★",
    "dot": "●",
}
_RELATIONS = (
    KG.partOf,
    KG.memberOf,
    KG.leads,
    KG.represents,
    KG.inspects,
    KG.accountableTo,
    KG.worksFor,
    KG.spokespersonFor,
    KG.commissions,
    KG.relatedTo,
    KG.sameStoryAs,
)
_ROLES = (KG.inspector, KG.inspected, KG.organiser, KG.appointee, KG.funder, KG.concerns)
# A Membership edge stands for these person -> organisation triples, so they are not drawn twice.
_IMPLIED_BY_MEMBERSHIP = (KG.worksFor, KG.memberOf)
_EVENT_FIELDS = (
    ("Outcome", KG.outcome),
    ("Status", KG.status),
    ("Measure", KG.measure),
    ("Purpose", KG.purpose),
)
_SIZE_MIN, _SIZE_RANGE = 8, 16
_LARGE_GRAPH_EDGES = 1500
_EDGE_LABEL_WIDTH = 190  # an edge's label wraps at about this width, onto two lines
_DATES_SHOWN = 2  # an event's label shows its first two dates when sources disagree
# An event with an estimated date: a pale fill inside a dashed outline.
_ESTIMATED = {
    "borderWidth": 2,
    "shapeProperties": {"borderDashes": [5, 4]},
    "color": {"background": "#fdd0a2", "border": "#e6550d",
              "highlight": {"background": "#fdd0a2", "border": "#a63603"}},
}
_PARALLEL_BEND = 0.25
_LABEL_MAX = 60
_TOOLTIP_EVIDENCE = 2
_TOOLTIP_EVIDENCE_MAX = 300  # characters of each sentence a tooltip quotes
_EVIDENCE = "Evidence"

# Characters that could end the <script> block or break a JS parser if left raw in the JSON.
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def render_file(graph_file: Path, out_path: Path) -> HtmlStats:
    """Read an RDF file (format from its suffix, see `kg.graphfile`) and render it."""
    return render_html(read_dataset(graph_file), out_path)


def page_html(graph: Graph, title: str = "SEND accountability graph") -> tuple[str, HtmlStats]:
    """The page for `graph` as text (a Dataset is read as the union of its graphs)."""
    data = _page_data(_union(graph))
    return _page(title, data), HtmlStats(nodes=len(data["nodes"]), edges=len(data["edges"]))


def render_html(
    graph: Graph, out_path: Path, title: str = "SEND accountability graph"
) -> HtmlStats:
    """Write the page for `graph` atomically."""
    page, stats = page_html(graph, title)
    write_text(out_path, page)
    return stats


def _union(graph: Graph) -> Graph:
    """Flatten named graphs: every article's graph contributes to the one picture."""
    if not isinstance(graph, ConjunctiveGraph):
        return graph
    union = Graph()
    for s, p, o, _ in graph.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def _texts(g: Graph, s: Node, p: URIRef) -> list[str]:
    return sorted({str(o) for o in g.objects(s, p)})


def _first(g: Graph, s: Node, p: URIRef) -> Node | None:
    """The smallest value, so a property given twice still renders the same way every time."""
    return min(g.objects(s, p), default=None)


def _firsts(g: Graph, p: URIRef) -> dict[Node, Node]:
    """`_first` of every subject that has `p`."""
    out: dict[Node, Node] = {}
    for s, o in g.subject_objects(p):
        if s not in out or o < out[s]:
            out[s] = o
    return out


def _local(node: Node) -> str:
    return re.split(r"[/#]", str(node).rstrip("/"))[-1]


def _words(term: URIRef) -> str:
    """`accountableTo` -> "accountable to": edge labels read as English."""
    return re.sub(r"(?<!^)([A-Z])", r" \1", _local(term)).lower()


def _clip(text: str, limit: int = _LABEL_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _name(g: Graph, s: Node) -> str:
    for p in (SKOS.prefLabel, RDFS.label, SDO.headline, KG.fileName):
        value = _first(g, s, p)
        if value is not None:
            return str(value)
    return _local(s)


@dataclass
class _Edge:
    evidence: set[tuple[str, str]] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)


class _Reader:
    """Reads the RDF once into nodes, collapsed edges and the text shown in panels."""

    def __init__(self, g: Graph) -> None:
        self.g = g
        self.types: dict[Node, _Type] = {}
        for kind in reversed(_TYPES):
            for s in g.subjects(RDF.type, kind.cls):
                self.types[s] = kind
        self.evidence: dict[Node, tuple[str, str]] = {}
        self.by_triple: dict[tuple[Node, Node, Node], set[Node]] = defaultdict(set)
        # one pass per property, not a lookup per evidence node and property
        sentence_of, article_of, exact, extractor, file_name, *statement = (
            _firsts(g, p) for p in (KG.sentence, KG.article, OA.exact, KG.extractor,
                                    KG.fileName, RDF.subject, RDF.predicate, RDF.object))
        for ev in g.subjects(RDF.type, KG.Evidence):
            sentence = sentence_of.get(ev)
            article = article_of.get(ev) or article_of.get(sentence)
            text = exact.get(sentence)
            self.evidence[ev] = (
                str(file_name.get(article, _local(article))) if article is not None else "",
                str(text) if text is not None else f"({extractor.get(ev)})",
            )
            self.by_triple[tuple(of.get(ev) for of in statement)].add(ev)
        self.edges: dict[tuple[Node, Node, str], _Edge] = defaultdict(_Edge)
        self.roles: dict[Node, list[str]] = defaultdict(list)
        self.quotes: dict[Node, list[str]] = defaultdict(list)

    def evidence_of(self, s: Node) -> list[tuple[str, str]]:
        return [self.evidence[e] for e in self.g.objects(s, KG.evidence) if e in self.evidence]

    def file_name(self, article: Node) -> str:
        value = _first(self.g, article, KG.fileName)
        return str(value) if value is not None else _local(article)

    def add_edge(
        self,
        source: Node,
        target: Node,
        label: str,
        triples: Iterable[tuple[Node, Node, Node]] = (),
        evidence: Iterable[Node] = (),
        articles: Iterable[Node] = (),
    ) -> None:
        """Merge into one edge per (source, target, label), pooling its evidence."""
        if source not in self.types or target not in self.types:
            return
        edge = self.edges[(source, target, label)]
        nodes = set(evidence).union(*(self.by_triple.get(t, ()) for t in triples))
        edge.evidence.update(self.evidence[ev] for ev in nodes if ev in self.evidence)
        edge.sources.update(self.file_name(a) for a in articles)
        edge.sources.update(file for file, _ in edge.evidence if file)

    def read(self) -> None:
        g = self.g
        drawn_memberships = self._memberships()
        for p in _RELATIONS:
            for s, o in g.subject_objects(p):
                if p in _IMPLIED_BY_MEMBERSHIP and (s, o) in drawn_memberships:
                    continue
                self.add_edge(s, o, _words(p), triples=[(s, p, o)])
        for event in g.subjects(RDF.type, KG.Event):
            with_role = set()
            for role in _ROLES:
                for actor in g.objects(event, role):
                    with_role.add(actor)
                    triples = [(event, role, actor), (event, KG.participant, actor)]
                    self.add_edge(actor, event, _words(role), triples=triples)
            for actor in set(g.objects(event, KG.participant)) - with_role:
                triples = [(event, KG.participant, actor)]
                self.add_edge(actor, event, "participant", triples=triples)
            for article in g.objects(event, PROV.wasDerivedFrom):
                self.add_edge(article, event, "reports", articles=[article])
        for quote in g.subjects(RDF.type, KG.Quotation):
            text = _first(g, quote, SDO.text)
            if text is None:
                continue
            line = f"“{text}”"
            if (quote, KG.reported, Literal(True)) in g:
                line += " (reported speech)"
            files = sorted(self.file_name(a) for a in g.objects(quote, PROV.wasDerivedFrom))
            if files:
                line += " — " + ", ".join(files)
            for speaker in g.objects(quote, KG.speaker):
                self.quotes[speaker].append(line)

    def _memberships(self) -> set[tuple[Node, Node]]:
        """Collapse each Membership to person -> organisation (or party) labelled by role."""
        g = self.g
        drawn = set()
        for m in g.subjects(RDF.type, KG.Membership):
            person = _first(g, m, ORG.member)
            organisation = _first(g, m, ORG.organization)
            party = _first(g, m, KG.party)
            target = organisation if organisation is not None else party
            if person is None or target is None:
                continue
            role_name = _first(g, m, KG.roleName)
            role = str(role_name) if role_name is not None else "member"
            party_note = f" ({_name(g, party)})" if party is not None and party != target else ""
            self.roles[person].append(f"{role}, {_name(g, target)}{party_note}")
            self.roles[target].append(f"{_name(g, person)}: {role}{party_note}")
            triples = [(m, p, o) for p, o in g.predicate_objects(m)]
            triples += [(person, p, target) for p in _IMPLIED_BY_MEMBERSHIP]
            self.add_edge(
                person,
                target,
                role if role_name is not None else "member of",
                triples=triples,
                evidence=g.objects(m, KG.evidence),
                articles=g.objects(m, PROV.wasDerivedFrom),
            )
            drawn.add((person, target))
        return drawn


def _evidence_lines(pairs: Iterable[tuple[str, str]]) -> list[str]:
    return [f"“{text}” — {file}" if file else f"“{text}”" for file, text in sorted(pairs)]


@dataclass(frozen=True)
class _View:
    """What the page shows of one node: its name on one line, its label as drawn
    (wrapped), extra search names, panel sections, and for an event its place in time."""

    name: str
    drawn: str
    names: list[str]
    sections: list[list]
    when: float | None = None
    estimated: bool = False


def _event_dates(g: Graph, s: Node) -> tuple[str, float | None, bool]:
    """The date line of an event's label ("≈" marks an estimate, " / " dates that sources
    disagree on), the decimal year of its earliest date, and whether it is estimated."""
    dates = _texts(g, s, KG.date)
    estimated = any(o.toPython() is True for o in g.objects(s, KG.approximate)
                    if isinstance(o, Literal))
    years = [y for y in map(year_of, dates) if y is not None]
    text = " / ".join(dates[:_DATES_SHOWN]) + (" / …" if len(dates) > _DATES_SHOWN else "")
    return ("≈" if estimated else "") + (text or "undated"), min(years, default=None), estimated


def _node_view(reader: _Reader, s: Node) -> _View:
    g, kind = reader.g, reader.types[s]
    aliases = [a for a in _texts(g, s, SKOS.altLabel) if a != _name(g, s)]
    sections: list[tuple[str, list[str]]] = [("Type", [kind.name])]
    names = aliases
    when, estimated = None, False
    if kind.cls == KG.Event:
        date_line, when, estimated = _event_dates(g, s)
        kind_node = _first(g, s, KG.kind)
        notation = _first(g, kind_node, SKOS.notation) if kind_node is not None else None
        what = str(notation) if notation is not None else _name(g, s)
        description = _texts(g, s, RDFS.label)
        label = f"{date_line} · {what}"
        # A dated label starts with its date; the band of undated events says they are.
        drawn = wrap(what, lines=1)
        if date_line != "undated":
            drawn = f"{date_line}\n{drawn}"
        note = " (estimated)" if estimated else ""
        sections += [
            ("Kind", [_name(g, kind_node)] if kind_node is not None else []),
            ("Description", description),
            ("Dates", [("≈" if estimated else "") + d + note for d in _texts(g, s, KG.date)]),
            ("Date as written", _texts(g, s, KG.dateText)),
            *((heading, _texts(g, s, p)) for heading, p in _EVENT_FIELDS),
            (_EVIDENCE, _evidence_lines(reader.evidence_of(s))),
            ("Sources", sorted(reader.file_name(a) for a in g.objects(s, PROV.wasDerivedFrom))),
        ]
        names = description
    elif kind.cls == KG.Article:
        file_name = reader.file_name(s)
        label = _clip(_name(g, s)) if (s, SDO.headline, None) in g else file_name
        drawn = wrap(label)
        sections += [
            ("File", [file_name]),
            ("Headline", _texts(g, s, SDO.headline)),
            ("Published", _texts(g, s, SDO.datePublished)),
            ("Outlet", sorted(_name(g, o) for o in g.objects(s, KG.outlet))),
        ]
        names = [file_name]
    else:
        label = _name(g, s)
        drawn = wrap(label)
        sections += [
            ("Also known as", aliases),
            ("Roles", sorted(reader.roles.get(s, []))),
            ("Quotes", sorted(reader.quotes.get(s, []))),
        ]
    sections.append(("IRI", [str(s)]))
    shown = [[heading, values] for heading, values in sections if values]
    return _View(label, drawn, names, shown, when, estimated)


def _tooltip(label: str, sections: list[list]) -> str:
    """Short plain-text hover text; vis-network sets string titles with innerText."""
    wanted = {"Type", "Also known as", "Description", "Dates", "File"}
    lines = [label] + [f"{h}: {'; '.join(v)}" for h, v in sections if h in wanted]
    return "\n".join(lines)


def _page_data(g: Graph) -> dict:
    """Everything the page script needs, with nodes and edges sorted for byte-stable output."""
    reader = _Reader(g)
    reader.read()
    ids = sorted(str(s) for s in reader.types)
    by_id = {str(s): s for s in reader.types}
    edge_keys = sorted(reader.edges, key=lambda k: (str(k[0]), str(k[1]), k[2]))

    adjacency: dict[str, set[str]] = {i: set() for i in ids}
    graph = nx.Graph()
    graph.add_nodes_from(ids)
    for s, o, _ in edge_keys:
        graph.add_edge(str(s), str(o))
        adjacency[str(s)].add(str(o))
        adjacency[str(o)].add(str(s))
    centrality = nx.degree_centrality(graph) if len(ids) > 1 else dict.fromkeys(ids, 0.0)
    top = max(centrality.values(), default=0.0) or 1.0

    views = {i: _node_view(reader, by_id[i]) for i in ids}
    sizes = {i: round(_SIZE_MIN + _SIZE_RANGE * centrality[i] / top, 1) for i in ids}
    events = {i for i in ids if reader.types[by_id[i]].cls == KG.Event}
    placed = layout(
        (Spot(i, sizes[i], views[i].drawn, i in events, views[i].when) for i in ids), adjacency
    )

    nodes, node_details = [], {}
    for i in ids:
        view = views[i]
        x, y = placed.positions[i]
        node = {
            "id": i,
            "label": view.drawn,
            "group": reader.types[by_id[i]].key,
            "names": [view.name, *view.names],
            "title": _tooltip(view.name, view.sections),
            "size": sizes[i],
            "x": x,
            "y": y,
        }
        if view.estimated:
            node.update(_ESTIMATED)
        nodes.append(node)
        node_details[i] = view.sections

    edges, edge_details = [], {}
    pair_count: dict[frozenset[str], int] = defaultdict(int)
    for n, (s, o, label) in enumerate(edge_keys):
        edge_id = f"e{n}"
        info = reader.edges[(s, o, label)]
        evidence = _evidence_lines(info.evidence)
        title = [f"{views[str(s)].name} → {label} → {views[str(o)].name}"]
        title += [_clip(line, _TOOLTIP_EVIDENCE_MAX) for line in evidence[:_TOOLTIP_EVIDENCE]]
        # The page draws `relation` (or its wrapped `short` form) only while the edge is
        # pointed at or selected, so edge names never print over each other.
        edge = {"id": edge_id, "from": str(s), "to": str(o), "relation": label}
        short = wrap(label, _EDGE_LABEL_WIDTH, lines=2)
        if short != label:
            edge["short"] = short
        edge["title"] = "\n".join(title)
        if label == "reports":
            edge["dashes"] = True
        pair = frozenset((str(s), str(o)))
        if pair_count[pair]:
            # Bend each further edge between the same two nodes so labels do not overlap.
            roundness = round(_PARALLEL_BEND * pair_count[pair], 2)
            edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": roundness}
        pair_count[pair] += 1
        edges.append(edge)
        sections = [[_EVIDENCE, evidence], ["Sources", sorted(info.sources)]]
        if any(values for _, values in sections):
            edge_details[edge_id] = [sec for sec in sections if sec[1]]

    evidence = _share_evidence([*node_details.values(), *edge_details.values()])
    present = {reader.types[by_id[i]].key for i in ids}
    kinds = [t for t in _TYPES if t.key in present]
    counts = defaultdict(int)
    for i in ids:
        counts[reader.types[by_id[i]].key] += 1
    return {
        "nodes": nodes,
        "edges": edges,
        "nodeDetails": node_details,
        "edgeDetails": edge_details,
        "evidence": evidence,
        "types": [
            {
                "key": t.key,
                "label": t.plural,
                "color": t.colour,
                "symbol": _SYMBOLS[t.shape],
                "count": counts[t.key],
            }
            for t in kinds
        ],
        "estimated": sum(view.estimated for view in views.values()),
        "layout": {**placed.page_data(), "fontFace": FONT_FACE},
        "options": _vis_options(kinds, len(edges)),
    }


def _share_evidence(details: list[list[list]]) -> list[str]:
    """Each evidence line once: the Evidence sections are rewritten to hold indices into the
    returned list. A sentence backs many edges and nodes, and copying it into each made
    the page grow with edges times sentence length."""
    sections = [section for sections in details for section in sections
                if section[0] == _EVIDENCE]
    lines = sorted({line for section in sections for line in section[1]})
    index = {line: i for i, line in enumerate(lines)}
    for section in sections:
        section[1] = [index[line] for line in section[1]]
    return lines


def _vis_options(kinds: list[_Type], edge_count: int) -> dict:
    """vis-network options: no physics (the positions are final), straight edges, and
    edges hidden while dragging or zooming a large graph."""
    large = edge_count > _LARGE_GRAPH_EDGES
    return {
        "layout": {"improvedLayout": False},
        "physics": {"enabled": False},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
        },
        "nodes": {
            "font": {"size": FONT_SIZE, "face": FONT_FACE, "strokeWidth": 3,
                     "strokeColor": "#ffffff"},
            # A selected node's label stays as it was laid out, not bold and wider.
            "chosen": {"label": False, "node": True},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": "#b4bcc4", "highlight": "#333333", "hover": "#333333"},
            "smooth": False,
        },
        "groups": {t.key: {"shape": t.shape, "color": t.colour} for t in kinds},
    }


def _json_for_script(data: dict) -> str:
    """JSON that cannot close its <script> element or be read as HTML."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text)


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _template(name: str) -> str:
    return (_TEMPLATES / name).read_text(encoding="utf-8")


def _page(title: str, data: dict) -> str:
    """Fill the template in one pass, so inserted text is never scanned for markers again."""
    vis_js = (_VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    vis_css = (_VIS_DIR / "vis-network.css").read_text(encoding="utf-8")
    page_css, page_js = _template("page.css"), _template("page.js")
    parts = {
        "TITLE": html.escape(title),
        "VIS_CSS": vis_css,
        "PAGE_CSS": page_css,
        "DATA": _json_for_script(data),
        "VIS_JS": vis_js,
        "APP_JS": page_js,
        # Only these scripts and style sheets may run or apply: no inline handler,
        # style attribute or injected element can.
        "SCRIPT_HASHES": f"{_csp_hash(vis_js)} {_csp_hash(page_js)}",
        "STYLE_HASHES": f"{_csp_hash(vis_css)} {_csp_hash(page_css)}",
    }
    return re.sub(r"@@(\w+)@@", lambda m: parts[m.group(1)], _template("page.html"))
