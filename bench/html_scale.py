"""Check that the HTML page still opens quickly for a graph far larger than the samples.

Generates a synthetic graph in the shape of kg/RDF_MODEL.md (about 3,000 nodes and 6,000
edges at scale 1, about 5,000 nodes at scale 1.7), renders it with kg.html (the layout is
computed there), opens it in headless chromium with every network request blocked, and
prints the node and edge counts, file size and the time from opening the page to its first
complete drawing.

Usage: .venv/bin/python bench/html_scale.py [--scale 1.0] [--seed 7] [--out page.html]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import ORG, PROV

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.html import render_html
from kg.vocab import KG, OA

BASE = Namespace("https://w3id.org/sendkg/id/")
KIND = Namespace("https://w3id.org/sendkg/kind/")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# Actors per class at scale 1; with ~950 events and ~300 articles this is ~3,000 nodes.
ACTORS = {
    KG.LocalAuthority: 150,
    KG.IntegratedCareBoard: 42,
    KG.ClinicalCommissioningGroup: 60,
    KG.Regulator: 4,
    KG.GovernmentBody: 10,
    KG.NHSBody: 20,
    KG.PoliticalParty: 6,
    KG.ParentCarerGroup: 60,
    KG.NewsOutlet: 30,
    KG.School: 150,
    KG.Organisation: 120,
    KG.Place: 100,
    KG.Person: 1000,
}
EVENTS, ARTICLES = 950, 300
KINDS = ("inspection", "report-published", "appointment", "funding-announced", "meeting")
ROLES = (KG.inspector, KG.inspected, KG.organiser, KG.appointee, KG.funder, KG.concerns)
RELATIONS = (KG.partOf, KG.leads, KG.accountableTo, KG.commissions, KG.relatedTo)


class Synthetic:
    """Builds the graph, giving every statement a sentence and an Evidence node."""

    def __init__(self, scale: float, seed: int) -> None:
        self.g = Graph()
        self.rng = random.Random(seed)
        self.scale = scale
        self.counter = 0
        self.articles = [self.article(i) for i in range(self.n(ARTICLES))]
        self.actors = {
            cls: [self.actor(cls, i) for i in range(self.n(n))] for cls, n in ACTORS.items()
        }

    def n(self, count: int) -> int:
        return max(1, round(count * self.scale))

    def mint(self, folder: str) -> URIRef:
        self.counter += 1
        return BASE[f"{folder}/{self.counter:06d}"]

    def article(self, i: int) -> URIRef:
        article = BASE[f"article/{i:04d}_synthetic-txt"]
        self.g.add((article, RDF.type, KG.Article))
        self.g.add((article, KG.fileName, Literal(f"{i:04d}_synthetic.txt")))
        self.g.add((article, URIRef("https://schema.org/headline"), Literal(f"Story {i}")))
        return article

    def actor(self, cls: URIRef, i: int) -> URIRef:
        folder = {KG.Person: "person", KG.Place: "place"}.get(cls, "org")
        node = BASE[f"{folder}/{cls.split('#')[-1].lower()}-{i}"]
        name = Literal(f"{cls.split('#')[-1]} {i}")
        self.g.add((node, RDF.type, cls))
        self.g.add((node, SKOS.prefLabel, name))
        self.g.add((node, RDFS.label, name))
        if i % 3 == 0:
            self.g.add((node, SKOS.altLabel, Literal(f"Alias {i} of {name}")))
        return node

    def pick(self, *classes: URIRef) -> URIRef:
        return self.rng.choice([a for cls in classes for a in self.actors[cls]])

    def state(self, s: URIRef, p: URIRef, o: URIRef) -> None:
        """Assert s p o with the sentence it was read from, as the extractors do."""
        self.g.add((s, p, o))
        article = self.rng.choice(self.articles)
        start = self.rng.randrange(0, 5000)
        sentence = URIRef(f"{article}/sentence/{start}-{start + 80}")
        self.g.add((sentence, RDF.type, KG.Sentence))
        self.g.add((sentence, OA.exact, Literal(f"Sentence {start} says {p.split('#')[-1]}.")))
        self.g.add((sentence, KG.article, article))
        evidence = self.mint("evidence")
        for p2, o2 in (
            (RDF.type, KG.Evidence),
            (RDF.subject, s),
            (RDF.predicate, p),
            (RDF.object, o),
            (KG.sentence, sentence),
            (KG.article, article),
        ):
            self.g.add((evidence, p2, o2))

    def build(self) -> Graph:
        organisations = [c for c in ACTORS if c not in (KG.Person, KG.Place)]
        for _ in range(self.n(750)):
            relation = self.rng.choice(RELATIONS)
            self.state(self.pick(*organisations), relation, self.pick(*organisations))
        for person in self.actors[KG.Person]:
            membership = self.mint("membership")
            organisation = self.pick(*organisations)
            self.g.add((membership, RDF.type, KG.Membership))
            self.g.add((membership, ORG.member, person))
            self.g.add((membership, ORG.organization, organisation))
            self.g.add((membership, KG.roleName, Literal("director of services")))
            self.state(person, KG.worksFor, organisation)
            if self.rng.random() < 0.4:
                self.state(person, KG.memberOf, self.pick(KG.PoliticalParty))
        for i in range(self.n(EVENTS)):
            event = BASE[f"event/{i:04d}"]
            day = self.rng.randrange(0, 3000)
            date = f"{2015 + day // 365}-{1 + day % 365 // 31:02d}-{1 + day % 28:02d}"
            self.g.add((event, RDF.type, KG.Event))
            self.g.add((event, KG.kind, KIND[self.rng.choice(KINDS)]))
            self.g.add((event, RDFS.label, Literal(f"Event {i}")))
            self.g.add((event, KG.date, Literal(date, datatype=XSD.date)))
            self.g.add((event, PROV.wasDerivedFrom, self.rng.choice(self.articles)))
            for _ in range(self.rng.randint(2, 4)):
                actor = self.pick(*ACTORS)
                self.g.add((event, KG.participant, actor))
                self.state(event, self.rng.choice(ROLES), actor)
        for kind in KINDS:
            self.g.add((KIND[kind], SKOS.notation, Literal(kind)))
        return self.g


# Each step changes the page as a user would and waits two frames, so the time includes
# the redraw. Run in order: the focus step uses the panel the search step opened.
STEPS = {
    "search": """() => { const s = document.getElementById("search");
                         s.value = "Person 1"; s.dispatchEvent(new Event("input")); }""",
    "focus": """() => document.querySelector("#panel button.link").click()""",
    "show all": """() => document.getElementById("show-all").click()""",
    "filter": """() => document.querySelector(
                         "#legend label[data-type=person] input").click()""",
}
TIMED = """async step => {
  const started = performance.now();
  step();
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  return performance.now() - started;
}"""


def measure(page_path: Path) -> tuple[float, int, int, dict[str, float]]:
    """Open the page from disk; return ms from navigation to `kgReady` (the graph drawn and
    fitted), the node and edge counts in the page, and ms for each of `STEPS`."""
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith("file:")
                else (blocked.append(route.request.url), route.abort())
            ),
        )
        page.goto(page_path.as_uri())
        # Poll with evaluate: wait_for_function needs eval, which the page's CSP forbids.
        while not page.evaluate("window.kgReady === true"):
            time.sleep(0.05)
        ready_ms = page.evaluate("performance.now()")
        nodes, edges = page.evaluate("[kgGraph.nodes.length, kgGraph.edges.length]")
        steps = {name: page.evaluate(f"() => ({TIMED})({step})") for name, step in STEPS.items()}
        browser.close()
    if blocked:
        raise SystemExit(f"page made network requests: {blocked}")
    return ready_ms, nodes, edges, steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, help="keep the page here (default: a temp dir)")
    args = parser.parse_args()

    started = time.perf_counter()
    graph = Synthetic(args.scale, args.seed).build()
    built = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp) / "graph.html"
        stats = render_html(graph, out, title="Synthetic SEND graph")
        rendered = time.perf_counter()
        ready_ms, nodes, edges, steps = measure(out)
        size = out.stat().st_size
    print(f"triples:           {len(graph)}")
    print(f"build graph:       {built - started:.1f} s")
    print(f"render_html:       {rendered - built:.1f} s")
    print(f"nodes / edges:     {stats.nodes} / {stats.edges} (page: {nodes} / {edges})")
    print(f"file size:         {size / 1e6:.2f} MB")
    print(f"open to drawn:     {ready_ms / 1000:.2f} s")
    for name, ms in steps.items():
        print(f"{name + ':':<18} {ms / 1000:.2f} s")


if __name__ == "__main__":
    main()
