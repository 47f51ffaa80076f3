"""`kg query` reads only the graph file it is given: no request leaves the machine,
no other file is read, nothing is written, and every refusal is one line.

A real HTTP server on 127.0.0.1 counts what the engines send it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
ENGINES = ("rdflib", "oxigraph")
G1, G2 = "http://example.org/graph/one", "http://example.org/graph/two"
TRIG = f"""
<{G1}> {{ <http://example.org/a> <http://example.org/p> "one" . }}
<{G2}> {{ <http://example.org/b> <http://example.org/p> "two" . }}
"""


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A local endpoint that answers every request with a Turtle graph, and counts them."""
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(f"GET {self.path}")
            body = b'<http://example.org/x> <http://example.org/p> "remote" .\n'
            self.send_response(200)
            self.send_header("Content-Type", "text/turtle")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_POST = do_GET

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}", seen
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def graph(tmp_path: Path) -> Path:
    path = tmp_path / "graph.trig"
    path.write_text(TRIG, encoding="utf-8")
    return path


def _query(text: str, graph: Path, *args: str,
           capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    query = graph.parent / "q.rq"
    query.write_text(text, encoding="utf-8")
    code = main(["query", str(query), str(graph), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _refused(code: int, out: str, err: str, reason: str) -> None:
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("kg: error: ") and reason in err, err


SERVICE = "SERVICE <{u}/sparql> is not allowed"
REMOTE = [  # each query, and the reason it is refused
    ("SELECT * WHERE {{ SERVICE <{u}/sparql> {{ ?s ?p ?o }} }}", SERVICE),
    ("SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE SILENT <{u}/sparql> {{ ?s ?p ?x }} }} }}",
     SERVICE),
    ("SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{u}/sparql> {{ ?s ?p ?o }} }} }} }}",
     SERVICE),
    ("SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{u}/sparql> {{ ?s ?p ?o }} }} }}",
     SERVICE),
    ("SELECT * WHERE {{ ?s ?p ?o MINUS {{ SERVICE <{u}/sparql> {{ ?s ?p ?o }} }} }}", SERVICE),
    ("ASK {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{u}/sparql> {{ ?s ?p ?o }} }} }}", SERVICE),
    ("CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{u}/sparql> {{ ?s ?p ?o }} }}", SERVICE),
    ("SELECT * FROM <{u}/graph.ttl> WHERE {{ ?s ?p ?o }}", "FROM <{u}/graph.ttl> is not a"),
    ("SELECT * FROM NAMED <{u}/graph.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
     "FROM NAMED <{u}/graph.ttl> is not a"),
    ("LOAD <{u}/graph.ttl>", "SPARQL Update"),
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("template", "reason"), REMOTE)
def test_a_query_sends_no_request(template: str, reason: str, engine: str, graph: Path,
                                  server: tuple[str, list[str]],
                                  capsys: pytest.CaptureFixture[str]) -> None:
    url, seen = server
    before = graph.read_bytes()
    result = _query(template.format(u=url), graph, "--engine", engine, capsys=capsys)
    assert seen == []
    _refused(*result, reason.format(u=url))
    assert graph.read_bytes() == before


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("keyword", ["FROM", "FROM NAMED"])
def test_a_query_reads_no_other_local_file(keyword: str, engine: str, graph: Path,
                                           tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "secret.ttl"
    secret.write_text('<http://example.org/s> <http://example.org/p> "SECRET" .\n',
                      encoding="utf-8")
    text = (f"SELECT ?o {keyword} <{secret.as_uri()}> "
            "WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")
    code, out, err = _query(text, graph, "--engine", engine, capsys=capsys)
    assert "SECRET" not in out
    _refused(code, out, err, f"{keyword} <{secret.as_uri()}> is not a graph in")


@pytest.mark.parametrize("engine", ENGINES)
def test_from_the_files_own_graphs_is_answered_alike(engine: str, graph: Path,
                                                     capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    def rows(text: str) -> list[str]:
        code, out, err = _query(text, graph, "--engine", engine, "--format", "csv",
                                capsys=capsys)
        assert code == 0, err
        return out.splitlines()[1:]

    assert rows(f"SELECT ?o FROM <{G1}> WHERE {{ ?s ?p ?o }}") == ["one"]
    assert rows(f"SELECT ?o FROM NAMED <{G2}> WHERE {{ ?s ?p ?o }}") == []
    assert rows(f"SELECT ?g ?o FROM <{G1}> FROM NAMED <{G2}> "
                "WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } ORDER BY ?o") == [
        ",one", f"{G2},two"]
    assert sorted(rows("SELECT ?o WHERE { ?s ?p ?o }")) == ["one", "two"]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("update", [
    'INSERT DATA { <http://example.org/x> <http://example.org/p> "new" }',
    "DELETE WHERE { ?s ?p ?o }",
    "CLEAR ALL",
])
def test_an_update_is_never_run(update: str, engine: str, graph: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    before = graph.read_bytes()
    _refused(*_query(update, graph, "--engine", engine, capsys=capsys), "SPARQL Update")
    assert graph.read_bytes() == before


def test_ask_and_construct_answer_alike_on_both_engines(
        seed_exports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    graph = seed_exports / "graph.ttl"
    construct = ("PREFIX kg: <https://w3id.org/sendkg/ns#> CONSTRUCT { ?q a kg:Quotation } "
                 "WHERE { ?q a kg:Quotation }")
    answers = {}
    for engine in ENGINES:
        for fmt in ("table", "json"):
            code, out, _ = _query("ASK { ?s ?p ?o }", graph, "--engine", engine,
                                  "--format", fmt, capsys=capsys)
            assert (code, out) == (0, "true\n")
            code, out, _ = _query("ASK { ?s <http://example.org/none> ?o }", graph,
                                  "--engine", engine, "--format", fmt, capsys=capsys)
            assert (code, out) == (0, "false\n")
        code, answers[engine], _ = _query(construct, graph, "--engine", engine, capsys=capsys)
        assert code == 0
    lines = answers["rdflib"].splitlines()
    assert answers["rdflib"] == answers["oxigraph"] and len(lines) > 3
    assert all(line.endswith("<https://w3id.org/sendkg/ns#Quotation> .") for line in lines)


@pytest.mark.parametrize("engine", ENGINES)
def test_describe_is_refused_in_one_line(engine: str, graph: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    result = _query("DESCRIBE <http://example.org/a>", graph, "--engine", engine,
                    capsys=capsys)
    _refused(*result, "DESCRIBE is not supported")


BAD_FILES = {
    "truncated.ttl": b'<http://example.org/a> <http://example.org/p> "unfini',
    "binary.ttl": bytes(range(256)) * 8,
    "words.ttl": b"This is an article, not a graph.\n",
    "words.jsonld": b"This is not JSON.\n",
    "remote-context.jsonld": b'{"@context": "http://127.0.0.1:9/c", "@id": "http://x/y"}',
}


@pytest.mark.parametrize("command", [["query", "organisations"], ["validate"], ["html"]])
@pytest.mark.parametrize("name", [*BAD_FILES, "missing.ttl", "folder.ttl"])
def test_an_unreadable_graph_file_is_one_line(command: list[str], name: str, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / name
    if name in BAD_FILES:
        path.write_bytes(BAD_FILES[name])
    elif name == "folder.ttl":
        path.mkdir()
    extra = ["--out", str(tmp_path / "page.html")] if command == ["html"] else []
    code = main([*command, str(path), *extra])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("kg: error: ") and str(path) in err, err
    assert not (tmp_path / "page.html").exists()


@pytest.mark.parametrize("engine", ENGINES)
def test_the_command_prints_no_traceback(engine: str, tmp_path: Path) -> None:
    """The same, end to end: a subprocess's whole stderr is the one line."""
    path = tmp_path / "graph.ttl"
    path.write_bytes(BAD_FILES["binary.ttl"])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for query in ("organisations", "ASK { ?s ?p ?o }"):
        rq = tmp_path / "q.rq"
        rq.write_text(query, encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "kg.cli", "query",
                               query if query == "organisations" else str(rq), str(path),
                               "--engine", engine], capture_output=True, text=True, env=env)
        assert done.returncode == 2 and done.stdout == ""
        assert done.stderr.startswith("kg: error: cannot read") and done.stderr.count("\n") == 1
