"""The HTML graph page: offline, counts that match the RDF, no script injection, working UI.

Browser tests open the page from disk in headless chromium with every non-file request
recorded and aborted, so a CDN reference or a stray fetch fails the test.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import re
import shutil
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SKOS, Dataset, Graph, Literal, Namespace, URIRef
from rdflib import namespace as ns

from kg.html import HtmlStats, render_file, render_html
from kg.vocab import KG, OA

FIXTURE = Path(__file__).parent / "fixtures" / "html_graph.ttl"
TEMPLATES = Path(__file__).resolve().parent.parent / "kg" / "templates"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ID = Namespace("https://w3id.org/sendkg/id/")
PAYLOADS = (
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "</script><script>window.__pwned=1</script>",
)
# The legend names of the node types the fixture uses, written out here rather than read
# from kg.html, so the legend is checked against an independent expectation.
FIXTURE_LEGEND = {
    KG.Event: "Events",
    KG.Article: "Articles",
    KG.LocalAuthority: "Councils",
    KG.IntegratedCareBoard: "ICBs",
    KG.Regulator: "Regulators",
    KG.PoliticalParty: "Parties",
    KG.Organisation: "Other organisations",
    KG.Person: "People",
}
NODE_CLASSES = """kg:LocalAuthority kg:IntegratedCareBoard kg:ClinicalCommissioningGroup
  kg:Regulator kg:GovernmentBody kg:NHSBody kg:PoliticalParty kg:ParentCarerGroup
  kg:NewsOutlet kg:School kg:Organisation kg:Person kg:Place kg:Event kg:Article"""
PREFIXES = """PREFIX kg: <https://w3id.org/sendkg/ns#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
NODES_QUERY = PREFIXES + f"SELECT DISTINCT ?s WHERE {{ ?s a ?t . VALUES ?t {{ {NODE_CLASSES} }} }}"
# The page's edge rules, restated in SPARQL: relations (minus the person -> organisation
# triples a Membership already draws), event roles, bare participation, memberships
# labelled by role, and article -> event "reports".
EDGES_QUERY = (
    PREFIXES
    + """SELECT DISTINCT ?from ?to ?label WHERE {
  {
    VALUES (?p ?label) {
      (kg:partOf "part of") (kg:memberOf "member of") (kg:leads "leads")
      (kg:represents "represents") (kg:inspects "inspects")
      (kg:accountableTo "accountable to") (kg:worksFor "works for")
      (kg:spokespersonFor "spokesperson for") (kg:commissions "commissions")
      (kg:relatedTo "related to") (kg:sameStoryAs "same story as")
    }
    ?from ?p ?to .
    FILTER NOT EXISTS {
      FILTER (?p IN (kg:worksFor, kg:memberOf))
      ?m a kg:Membership ; org:member ?from .
      { ?m org:organization ?to }
      UNION { ?m kg:party ?to FILTER NOT EXISTS { ?m org:organization ?x } }
    }
  } UNION {
    VALUES (?r ?label) {
      (kg:inspector "inspector") (kg:inspected "inspected") (kg:organiser "organiser")
      (kg:appointee "appointee") (kg:funder "funder") (kg:concerns "concerns")
    }
    ?to a kg:Event ; ?r ?from .
  } UNION {
    ?to a kg:Event ; kg:participant ?from .
    FILTER NOT EXISTS {
      VALUES ?r { kg:inspector kg:inspected kg:organiser kg:appointee kg:funder kg:concerns }
      ?to ?r ?from .
    }
    BIND ("participant" AS ?label)
  } UNION {
    ?m a kg:Membership ; org:member ?from .
    { ?m org:organization ?to }
    UNION { ?m kg:party ?to FILTER NOT EXISTS { ?m org:organization ?x } }
    OPTIONAL { ?m kg:roleName ?role }
    BIND (COALESCE(STR(?role), "member of") AS ?label)
  } UNION {
    ?to a kg:Event ; prov:wasDerivedFrom ?from .
    BIND ("reports" AS ?label)
  }
  ?from a ?tf . ?to a ?tt .
  VALUES ?tf { NODE_CLASSES } VALUES ?tt { NODE_CLASSES }
}""".replace("NODE_CLASSES", NODE_CLASSES)
)


def page_data(page: Path) -> dict:
    text = page.read_text(encoding="utf-8")
    return json.loads(text.split('id="kg-data">')[1].split("</script>")[0])


def fixture_graph() -> Graph:
    return Graph().parse(FIXTURE, format="turtle")


def expected_nodes(g: Graph) -> set[str]:
    return {str(row.s) for row in g.query(NODES_QUERY)}


def expected_edges(g: Graph) -> set[tuple[str, str, str]]:
    return {(str(r["from"]), str(r["to"]), str(r["label"])) for r in g.query(EDGES_QUERY)}


def payload_graph() -> Graph:
    """Every text field the page shows carries markup that would run if inserted as HTML."""
    g = Graph()
    council, person, event = ID["org/evil"], ID["person/evil"], ID["event/evil"]
    article, sentence, evidence = ID["article/evil"], ID["article/evil/sentence/0-9"], ID["ev/1"]
    g.add((council, RDF.type, KG.LocalAuthority))
    g.add((council, SKOS.prefLabel, Literal("Council " + PAYLOADS[0])))
    for payload in PAYLOADS:
        g.add((council, SKOS.altLabel, Literal(payload)))
    g.add((person, RDF.type, KG.Person))
    g.add((person, SKOS.prefLabel, Literal("Person " + PAYLOADS[1])))
    g.add((person, KG.worksFor, council))
    g.add((event, RDF.type, KG.Event))
    g.add((event, RDFS.label, Literal(PAYLOADS[2])))
    g.add((event, KG.date, Literal("2024-01-30", datatype=ns.XSD.date)))
    g.add((event, KG.inspected, council))
    g.add((event, KG.participant, council))
    g.add((event, ns.PROV.wasDerivedFrom, article))
    g.add((event, KG.evidence, evidence))
    g.add((article, RDF.type, KG.Article))
    g.add((article, KG.fileName, Literal(PAYLOADS[1] + ".txt")))
    g.add((article, ns.SDO.headline, Literal(PAYLOADS[0])))
    g.add((sentence, RDF.type, KG.Sentence))
    g.add((sentence, OA.exact, Literal("Sentence " + " ".join(PAYLOADS))))
    g.add((sentence, KG.article, article))
    g.add((evidence, RDF.type, KG.Evidence))
    for p, o in ((RDF.subject, event), (RDF.predicate, KG.inspected), (RDF.object, council)):
        g.add((evidence, p, o))
    g.add((evidence, KG.sentence, sentence))
    g.add((evidence, KG.article, article))
    quote = ID["quote/evil"]
    g.add((quote, RDF.type, KG.Quotation))
    g.add((quote, ns.SDO.text, Literal(PAYLOADS[2])))
    g.add((quote, KG.speaker, person))
    return g


# --- pure Python ------------------------------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_page_has_no_remote_scripts_or_styles(tmp_path: Path) -> None:
    out = tmp_path / "graph.html"
    render_file(FIXTURE, out)
    parser = _Tags()
    parser.feed(out.read_text(encoding="utf-8"))
    remote = [
        (tag, attrs)
        for tag, attrs in parser.tags
        for name in ("src", "href")
        if re.match(r"\s*(https?:)?//", attrs.get(name) or "", re.IGNORECASE)
    ]
    assert remote == []
    scripts = [attrs for tag, attrs in parser.tags if tag == "script"]
    assert len(scripts) == 3 and all("src" not in attrs for attrs in scripts)
    assert not [tag for tag, _ in parser.tags if tag == "link"]


def test_script_and_styles_are_package_files_inlined_under_a_strict_csp(tmp_path: Path) -> None:
    """The page's script and styles live in kg/templates, where a linter can read them; the
    page inlines them, and its CSP admits exactly these scripts and styles, nothing inline
    else."""
    out = tmp_path / "graph.html"
    render_file(FIXTURE, out)
    page = out.read_text(encoding="utf-8")
    script, styles = (TEMPLATES / "page.js").read_text(), (TEMPLATES / "page.css").read_text()
    assert f"<script>{script}</script>" in page and f"<style>{styles}</style>" in page
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    policy = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert policy["default-src"] == "'none'" and "unsafe" not in csp
    inline = re.findall(r"<(script|style)>(.*?)</\1>", page, re.DOTALL)
    for tag, body in inline:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy[f"{tag}-src"]
    assert len(inline) == 4  # vis-network's script and styles, and the page's
    if shutil.which("node"):
        done = subprocess.run(["node", "--check", str(TEMPLATES / "page.js")],
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr


def test_page_data_carries_final_positions(tmp_path: Path) -> None:
    """The layout is computed here: every node comes with its place and physics is off."""
    out = tmp_path / "graph.html"
    render_file(FIXTURE, out)
    data = page_data(out)
    assert data["options"]["physics"] == {"enabled": False}
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])


def test_output_is_deterministic_and_dataset_is_a_union(tmp_path: Path) -> None:
    """A TriG Dataset with one named graph per article renders like the union Turtle file."""
    g = fixture_graph()
    ds = Dataset()
    for n, triple in enumerate(sorted(g)):
        ds.graph(ID[f"article/{n % 3}/graph"]).add(triple)
    trig = tmp_path / "graph.trig"
    trig.write_text(ds.serialize(format="trig"), encoding="utf-8")
    first, second, third = (tmp_path / f"{n}.html" for n in range(3))
    assert render_html(g, first) == render_html(fixture_graph(), second)
    assert render_file(trig, third) == render_file(FIXTURE, second)
    assert first.read_bytes() == second.read_bytes() == third.read_bytes()


def test_title_escaped_once_and_json_cannot_close_script(tmp_path: Path) -> None:
    out = tmp_path / "graph.html"
    render_html(payload_graph(), out, title="A & B <b>")
    page = out.read_text(encoding="utf-8")
    assert "<title>A &amp; B &lt;b&gt;</title>" in page
    assert "&amp;amp;" not in page
    data = page.split('<script type="application/json" id="kg-data">')[1].split("</script>")[0]
    assert "<" not in data and ">" not in data
    shown = json.dumps(json.loads(data))
    assert all(json.dumps(p)[1:-1] in shown for p in PAYLOADS)


# --- browser ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Opened:
    """A loaded page plus everything it logged or tried to fetch."""

    def __init__(self, browser, path: Path, bypass_csp: bool = False) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 800}, bypass_csp=bypass_csp)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.route("**/*", self._route)
        self.page.goto(path.as_uri())
        self.wait("window.kgReady === true")

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def _route(self, route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def wait(self, expression: str, timeout: float = 30) -> None:
        """Poll with evaluate: wait_for_function uses eval, which the page's CSP forbids."""
        deadline = time.monotonic() + timeout
        while not self.page.evaluate(expression):
            assert time.monotonic() < deadline, f"timed out on {expression}: {self.errors}"
            time.sleep(0.05)

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def visible_nodes(self) -> set[str]:
        return set(self.js("kgGraph.nodes.get({filter: n => !n.hidden}).map(n => n.id)"))

    def point(self, node_id: str) -> tuple[float, float]:
        """Where a node is drawn, in page coordinates."""
        return tuple(
            self.js(
                """id => {
                  const p = kgGraph.network.canvasToDOM(kgGraph.network.getPosition(id));
                  const r = document.getElementById("graph").getBoundingClientRect();
                  return [r.left + p.x, r.top + p.y];
                }""",
                node_id,
            )
        )

    def painted_pixels(self) -> int:
        """Non-transparent canvas pixels after the next frame: zero means a blank graph."""
        return self.js(
            """() => new Promise(resolve => requestAnimationFrame(() =>
                 requestAnimationFrame(() => {
                   const c = document.querySelector("#graph canvas");
                   const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
                   let n = 0;
                   for (let i = 3; i < d.length; i += 4) if (d[i]) n++;
                   resolve(n);
                 })))"""
        )


def test_fixture_page_loads_offline_with_matching_counts(browser, tmp_path: Path) -> None:
    out = tmp_path / "graph.html"
    stats = render_file(FIXTURE, out)
    g = fixture_graph()
    nodes, edges = expected_nodes(g), expected_edges(g)
    assert stats == HtmlStats(nodes=len(nodes), edges=len(edges))

    opened = Opened(browser, out)
    assert opened.errors == []
    assert opened.requests == []
    page_edges = opened.js("kgGraph.edges.get().map(e => [e.from, e.to, e.relation])")
    assert set(opened.js("kgGraph.nodes.getIds()")) == nodes
    assert {tuple(e) for e in page_edges} == edges
    assert (len(opened.visible_nodes()), len(page_edges)) == (stats.nodes, stats.edges)
    labels = {e[2] for e in page_edges}
    assert {"part of", "leads", "inspected", "cabinet member for education", "reports"} <= labels
    assert "works for" not in labels  # collapsed into the Membership edges

    legend = opened.page.locator("#legend label").all_inner_texts()
    present = {FIXTURE_LEGEND[t] for t in g.objects(None, RDF.type) if t in FIXTURE_LEGEND}
    assert {re.sub(r"^\W*(.*) \(\d+\)$", r"\1", text.strip()) for text in legend} == present

    events = opened.js(
        """kgGraph.nodes.get({filter: n => n.group === "event"})
             .map(n => [n.names[0], kgGraph.network.getPosition(n.id).x])"""
    )
    by_x = [label for label, _ in sorted(events, key=lambda e: e[1])]
    assert by_x == ["2023-11 · inspection", "2024-01-30 · report-published"]
    # Size follows the number of distinct neighbours.
    sizes = dict(opened.js("kgGraph.nodes.get().map(n => [n.id, n.size])"))
    degree = {
        n: len({o for s, o, _ in edges if s == n} | {s for s, o, _ in edges if o == n})
        for n in nodes
    }
    assert all(sizes[a] > sizes[b] for a in nodes for b in nodes if degree[a] > degree[b])

    # The panel shows roles and quotes for a person, and evidence for an edge.
    opened.page.mouse.click(*opened.point(str(ID["person/rachel-hood"])))
    panel = opened.page.locator("#panel")
    assert "cabinet member for education, Suffolk County Council (Conservative Party)" in (
        panel.inner_text()
    )
    assert "We are sorry that families have had to wait so long." in panel.inner_text()
    opened.page.mouse.click(*opened.point(str(ID["org/suffolk-county-council"])))
    panel.get_by_role("button", name="→ leads → Suffolk SEND Partnership").click()
    text = panel.inner_text()
    assert "led by the county council" in text and "002_b87e7eb918b3626c.txt" in text

    shot = tmp_path / "graph.png"
    opened.page.screenshot(path=str(shot))
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 10_000
    assert opened.errors == [] and opened.requests == []


@pytest.mark.parametrize("bypass_csp", [True, False], ids=["escaping-alone", "with-csp"])
def test_article_text_cannot_run_script(browser, tmp_path: Path, bypass_csp: bool) -> None:
    """Escaping and textContent must hold on their own; the page's CSP is a second guard."""
    title = "Graph " + PAYLOADS[2] + " & more"
    out = tmp_path / "evil.html"
    render_html(payload_graph(), out, title=title)
    opened = Opened(browser, out, bypass_csp=bypass_csp)
    page = opened.page

    council = str(ID["org/evil"])
    page.mouse.move(*opened.point(council))
    tooltip = page.locator(".vis-tooltip")
    tooltip.wait_for(state="visible")
    assert PAYLOADS[0] in tooltip.inner_text()

    page.mouse.click(*opened.point(council))
    panel = page.locator("#panel")
    assert all(p in panel.inner_text() for p in PAYLOADS)
    panel.get_by_role("button", name=re.compile("inspected")).click()
    assert "Sentence " + " ".join(PAYLOADS) in panel.inner_text()
    page.fill("#search", "Person <img")
    assert opened.js("kgGraph.network.getSelectedNodes()") == [str(ID["person/evil"])]
    assert PAYLOADS[2] in panel.inner_text()  # the quote

    assert page.locator("#title").inner_text() == title
    assert page.title() == title
    assert "&lt;" not in page.locator("body").inner_text()
    assert opened.js("typeof window.__pwned") == "undefined"
    assert opened.js("document.querySelectorAll('img, script').length") == 3
    assert opened.errors == [] and opened.requests == []


def test_search_filter_and_focus(browser, tmp_path: Path) -> None:
    out = tmp_path / "graph.html"
    stats = render_file(FIXTURE, out)
    opened = Opened(browser, out)
    page = opened.page
    everything = opened.visible_nodes()
    assert len(everything) == stats.nodes

    page.fill("#search", "rachel")
    assert opened.js("kgGraph.network.getSelectedNodes()") == [str(ID["person/rachel-hood"])]
    page.fill("#search", "SNEE ICB")  # an alias
    icb = str(ID["org/nhs-suffolk-and-north-east-essex-icb"])
    assert opened.js("kgGraph.network.getSelectedNodes()") == [icb]

    page.locator("#legend label[data-type=person] input").uncheck()
    people = {str(s) for s in fixture_graph().subjects(RDF.type, KG.Person)}
    assert opened.visible_nodes() == everything - people
    hidden_edges = opened.js("kgGraph.edges.get({filter: e => e.hidden}).map(e => e.from)")
    assert set(hidden_edges) == people
    assert opened.painted_pixels() > 0

    page.click("#show-all")
    assert opened.visible_nodes() == everything

    council = str(ID["org/suffolk-county-council"])
    neighbours = {o for s, o, _ in expected_edges(fixture_graph()) if s == council}
    neighbours |= {s for s, o, _ in expected_edges(fixture_graph()) if o == council}
    page.mouse.dblclick(*opened.point(council))
    assert opened.visible_nodes() == {council, *neighbours}
    assert opened.painted_pixels() > 0

    page.click("#show-all")
    page.fill("#search", "Ofsted")
    page.locator("#panel").get_by_role("button", name="Focus neighbourhood").click()
    ofsted = str(ID["org/ofsted"])
    assert opened.visible_nodes() == {ofsted} | {
        str(e) for e in fixture_graph().subjects(KG.participant, URIRef(ofsted))
    }
    page.click("#show-all")
    assert opened.visible_nodes() == everything
    assert opened.painted_pixels() > 0
    assert opened.errors == [] and opened.requests == []


# --- layout, time axis, estimates and edge names in the browser ---------------------------


def overlapping(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def node_boxes(opened: Opened) -> dict[str, list[float]]:
    """Each node's box (shape and drawn label) as the page reports it, in page pixels."""
    return opened.js(
        """() => {
          const net = kgGraph.network;
          const r = document.getElementById("graph").getBoundingClientRect();
          const boxes = kgGraph.nodeBoxes();
          const out = {};
          Object.keys(boxes).forEach(id => {
            const b = boxes[id];
            const a = net.canvasToDOM({x: b[0], y: b[1]});
            const c = net.canvasToDOM({x: b[2], y: b[3]});
            out[id] = [r.left + a.x, r.top + a.y, r.left + c.x, r.top + c.y];
          });
          return out;
        }"""
    )


def graph_rect(opened: Opened) -> list[float]:
    return opened.js(
        """(() => { const r = document.getElementById("graph").getBoundingClientRect();
                    return [r.left, r.top, r.right, r.bottom]; })()"""
    )


def test_seeds_page_has_no_overlapping_labels_and_every_node_in_view(
    browser, seed_exports: Path
) -> None:
    """The issue's case: at the seeds' scale labels overprinted each other and nodes were
    cut off at both edges. Now the page draws at the positions computed in Python, no two
    nodes' shapes or labels overlap, all of them are in view and large enough to read."""
    page = seed_exports / "graph.html"
    opened = Opened(browser, page)
    shipped = {n["id"]: [n["x"], n["y"]] for n in page_data(page)["nodes"]}
    time.sleep(0.5)  # no physics: nothing moves after the first drawing
    drawn = opened.js("kgGraph.network.getPositions()")  # cut to whole pixels
    assert drawn.keys() == shipped.keys()
    assert all(abs(drawn[i]["x"] - x) < 1 and abs(drawn[i]["y"] - y) < 1
               for i, (x, y) in shipped.items())

    boxes = node_boxes(opened)
    names = dict(opened.js("kgGraph.nodes.get().map(n => [n.id, n.names[0]])"))
    assert len(boxes) == len(shipped) > 40
    for (a, box_a), (b, box_b) in itertools.combinations(sorted(boxes.items()), 2):
        assert not overlapping(box_a, box_b), (names[a], box_a, names[b], box_b)
    left, top, right, bottom = graph_rect(opened)
    outside = [names[i] for i, b in boxes.items()
               if b[0] < left or b[1] < top or b[2] > right or b[3] > bottom]
    assert outside == []
    scale = opened.js("kgGraph.network.getScale()")
    assert scale * 14 >= 9, f"labels drawn {scale * 14:.1f} px high"

    # A smaller window keeps the whole graph in view.
    opened.page.set_viewport_size({"width": 1000, "height": 640})
    opened.wait(f"kgGraph.network.getScale() < {scale * 0.9}")
    opened.wait("new Promise(done => requestAnimationFrame(() => done(true)))")
    left, top, right, bottom = graph_rect(opened)
    assert all(b[0] >= left and b[1] >= top and b[2] <= right and b[3] <= bottom
               for b in node_boxes(opened).values())
    assert opened.errors == [] and opened.requests == []


def test_seeds_events_sit_on_a_time_axis(browser, seed_exports: Path) -> None:
    """Dated events stand in date order under a drawn year axis, each within its year's
    span; undated events have a band of their own below everything else."""
    opened = Opened(browser, seed_exports / "graph.html")
    layout = opened.js("kgGraph.layout")
    nodes = opened.js("kgGraph.nodes.get().map(n => [n.group, n.names[0], n.x, n.y])")
    events = [(name, x, y) for group, name, x, y in nodes if group == "event"]
    dated = [(name, x, y) for name, x, y in events if not name.startswith("undated")]
    undated = [y for name, _, y in events if name.startswith("undated")]
    others = [y for group, _, _, y in nodes if group != "event"]
    assert len(dated) >= 10 and len(undated) >= 5

    years = [int(re.match(r"≈?(\d{4})", name).group(1)) for name, _, _ in dated]
    by_x = [year for _, year in sorted(zip([x for _, x, _ in dated], years, strict=True))]
    assert by_x == sorted(years)
    spans = {span["label"]: span for span in layout["years"]}
    for (name, x, _), year in zip(dated, years, strict=True):
        assert spans[str(year)]["left"] <= x <= spans[str(year)]["right"], name
    assert min(undated) > max(others) > max(y for _, _, y in dated)
    assert [band["label"] for band in layout["bands"]] == ["undated events"]

    # The axis line and, above it, the name of every year with events are painted.
    painted = opened.js(
        """spans => {
          const net = kgGraph.network;
          const canvas = document.querySelector("#graph canvas");
          const ctx = canvas.getContext("2d");
          const ratio = canvas.width / canvas.clientWidth;
          const y = net.canvasToDOM({x: 0, y: kgGraph.layout.axisY}).y;
          const count = (x0, y0, x1, y1) => {
            const d = ctx.getImageData(x0 * ratio, y0 * ratio,
              (x1 - x0) * ratio, (y1 - y0) * ratio).data;
            let n = 0;
            for (let i = 3; i < d.length; i += 4) if (d[i]) n++;
            return n;
          };
          return spans.map(s => {
            const left = net.canvasToDOM({x: s.left, y: 0}).x;
            const right = net.canvasToDOM({x: s.right, y: 0}).x;
            const middle = (left + right) / 2;
            return [count(left + 2, y - 1, right - 2, y + 2),
                    count(middle - 12, y - 16, middle + 12, y - 4)];
          });
        }""",
        [span for span in layout["years"] if span["events"]],
    )
    assert all(line > 10 and name > 20 for line, name in painted), painted


def test_estimated_dates_are_shown_as_estimates(browser, tmp_path: Path) -> None:
    """"In about 3 years" gives a date the article only estimates: the page marks it "≈"
    with a dashed outline, says so in the legend and the panel, and a stated date stays
    plain."""
    g = fixture_graph()
    event = ID["event/2027-01-inspection"]
    g.add((event, RDF.type, KG.Event))
    g.add((event, KG.kind, URIRef("https://w3id.org/sendkg/kind/inspection")))
    g.add((event, KG.date, Literal("2027-01", datatype=ns.XSD.gYearMonth)))
    g.add((event, KG.dateText, Literal("in about 3 years")))
    g.add((event, KG.approximate, Literal(True)))
    g.add((event, KG.inspected, ID["org/suffolk-county-council"]))
    out = tmp_path / "graph.html"
    render_html(g, out)
    opened = Opened(browser, out)

    nodes = {n["names"][0]: n for n in opened.js("kgGraph.nodes.get()") if n["group"] == "event"}
    estimate = nodes["≈2027-01 · inspection"]
    assert estimate["label"].startswith("≈2027-01")
    assert estimate["shapeProperties"]["borderDashes"]
    stated = nodes["2023-11 · inspection"]
    assert not stated["label"].startswith("≈") and "shapeProperties" not in stated
    assert "estimated date (1)" in opened.page.locator("#legend").inner_text()

    opened.page.mouse.click(*opened.point(str(event)))
    panel = opened.page.locator("#panel").inner_text()
    assert "≈2027-01 (estimated)" in panel and "in about 3 years" in panel
    assert opened.errors == [] and opened.requests == []


def test_edge_names_show_on_hover_and_selection_and_never_overprint(
    browser, seed_exports: Path
) -> None:
    """No edge name is drawn until an edge is pointed at or selected; then names stand on
    a background, at a readable size, none over another."""
    opened = Opened(browser, seed_exports / "graph.html")
    page = opened.page
    assert opened.js("kgGraph.edgeLabels()") == []

    # Point at the middle of an edge away from every node.
    target = opened.js(
        """() => {
          const net = kgGraph.network;
          const r = document.getElementById("graph").getBoundingClientRect();
          const boxes = Object.values(kgGraph.nodeBoxes());
          const clear = p => !boxes.some(b =>
            p.x > b[0] - 20 && p.x < b[2] + 20 && p.y > b[1] - 20 && p.y < b[3] + 20);
          const edge = kgGraph.edges.get().find(e => {
            const a = net.getPosition(e.from), b = net.getPosition(e.to);
            return !e.smooth && clear({x: (a.x + b.x) / 2, y: (a.y + b.y) / 2});
          });
          const a = net.getPosition(edge.from), b = net.getPosition(edge.to);
          const p = net.canvasToDOM({x: (a.x + b.x) / 2, y: (a.y + b.y) / 2});
          return [edge.id, edge.relation, r.left + p.x, r.top + p.y];
        }"""
    )
    page.mouse.move(target[2], target[3])
    opened.wait("kgGraph.edgeLabels().length > 0")
    assert [(label["id"], label["text"]) for label in opened.js("kgGraph.edgeLabels()")] == [
        (target[0], target[1])
    ]

    council = str(ID["org/suffolk-county-council"])
    page.mouse.click(*opened.point(council))
    opened.wait("kgGraph.edgeLabels().length > 3")
    labels = opened.js("kgGraph.edgeLabels()")
    relations = dict(opened.js(
        "kgGraph.edges.get().map(e => [e.id, (e.short || e.relation).split('\\n').join(' ')])"
    ))
    touching = set(opened.js("id => kgGraph.network.getConnectedEdges(id)", council))
    assert {label["id"] for label in labels} <= touching
    assert all(label["text"] == relations[label["id"]] for label in labels)
    for a, b in itertools.combinations(labels, 2):
        box_a, box_b = (
            [x["box"][k] for k in ("left", "top", "right", "bottom")] for x in (a, b)
        )
        assert not overlapping(box_a, box_b), (a["text"], b["text"])
    height = (labels[0]["box"]["bottom"] - labels[0]["box"]["top"]) * opened.js(
        "kgGraph.network.getScale()")
    assert height >= 12  # one line at 12 px on screen, whatever the zoom

    left, top, _, _ = graph_rect(opened)
    page.mouse.move(left + 3, top + 3)
    page.mouse.click(left + 3, top + 3)
    opened.wait("kgGraph.edgeLabels().length === 0")
    assert opened.errors == [] and opened.requests == []
