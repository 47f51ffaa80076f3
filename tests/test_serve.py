"""`kg serve` and `kg push` against real Oxigraph servers on free local ports (issue 15):
the endpoint answers SPARQL over HTTP with the rows `kg query` prints, a build pushed
into a writable server answers the same, Ctrl-C stops both processes, and every failure
is one line."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.querying import load_query, run_query
from kg.serving import oxigraph_program
from tests.conftest import ROOT, SEEDS

QUERIES = ("people", "events", "quotes", "organisations", "relations")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def kg(*args: str | Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg.cli", *map(str, args)], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def kg_run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                          text=True, timeout=300)


def sparql(endpoint: str, query: str) -> list[dict[str, str]]:
    """A SELECT's rows over the SPARQL 1.1 Protocol, unbound values as ""."""
    request = urllib.request.Request(
        endpoint, data=urllib.parse.urlencode({"query": query}).encode(),
        headers={"Accept": "application/sparql-results+json",
                 "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=30) as response:
        results = json.load(response)
    columns = results["head"]["vars"]
    return [{c: b[c]["value"] if c in b else "" for c in columns}
            for b in results["results"]["bindings"]]


def canonical(rows: list[dict[str, str]]) -> list[tuple]:
    """Rows as compared between servers: the values of a joined cell in one order."""
    return sorted(tuple(" | ".join(sorted(v.split(" | "))) for v in r.values()) for r in rows)


@pytest.fixture
def served(seed_exports: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """`kg serve` over the seeds' build: its query URL, and the process."""
    port = free_port()
    proc = kg("serve", "--out", seed_exports, "--port", str(port))
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        assert line.startswith(f"serving {seed_exports / 'store'} at "), (
            line + (proc.stderr.read() if proc.stderr else ""))
        yield line.split(" at ")[1].split()[0], proc
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(30)


@pytest.fixture
def writable() -> Iterator[str]:
    """A writable, in-memory Oxigraph server: its base URL."""
    port = free_port()
    proc = subprocess.Popen([oxigraph_program(), "serve", "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline and proc.poll() is None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(30)


def test_serve_answers_sparql_over_http_as_kg_query_does(
        served: tuple[str, subprocess.Popen], seed_exports: Path) -> None:
    endpoint, _ = served
    assert endpoint.startswith("http://127.0.0.1:") and endpoint.endswith("/query")
    for name in QUERIES:
        local = run_query(load_query(name), seed_exports / "store")[1]
        assert canonical(sparql(endpoint, load_query(name))) == canonical(local) != [], name


def test_the_endpoint_is_read_only_and_a_refused_push_is_one_line(
        served: tuple[str, subprocess.Popen], seed_exports: Path) -> None:
    store = served[0].removesuffix("/query") + "/store"
    done = kg_run("push", store, "--out", seed_exports)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"kg: error: {store} refused the graph ") and "403" in done.stderr


def test_ctrl_c_stops_the_server(seed_exports: Path) -> None:
    port = free_port()
    proc = kg("serve", "--out", seed_exports, "--port", str(port))
    assert (proc.stdout.readline() if proc.stdout else "").startswith("serving ")
    proc.send_signal(signal.SIGINT)
    assert proc.wait(30) == 0
    assert proc.stdout and proc.stdout.read() == "stopped\n"
    with pytest.raises(OSError):  # nothing listens there any more: the server went too
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


def test_a_port_in_use_is_one_line(seed_exports: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        done = kg_run("serve", "--out", seed_exports, "--port", str(busy.getsockname()[1]))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith(
        "kg: error: the oxigraph server stopped: Address already in use"), done.stderr


def test_push_loads_the_build_with_the_same_rows(writable: str, seed_exports: Path) -> None:
    done = kg_run("push", f"{writable}/store", "--out", seed_exports)
    assert done.returncode == 0, done.stderr
    articles = len(list(SEEDS.glob("*.txt")))
    assert done.stdout == (f"pushed {articles + 1} named graphs and the default graph to "
                           f"{writable}/store\n")
    for name in QUERIES:
        local = run_query(load_query(name), seed_exports / "store")[1]
        assert canonical(sparql(f"{writable}/query", load_query(name))) == canonical(local), name
    graphs = sparql(f"{writable}/query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert sum("/article/" in r["g"] for r in graphs) == articles  # one graph per article


def test_push_to_nothing_is_one_line(seed_exports: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/store"
    done = kg_run("push", url, "--out", seed_exports)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == f"kg: error: cannot push to {url}: Connection refused\n"


def test_a_new_build_is_served_once_it_is_in_place(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    shutil.copytree(SEEDS, corpus)
    assert kg_run("build", corpus, "--out", out, "--workers", "1").returncode == 0
    port = free_port()
    proc = kg("serve", "--out", out, "--port", str(port))
    try:
        assert (proc.stdout.readline() if proc.stdout else "").startswith("serving ")
        ask = "ASK { ?a <https://w3id.org/sendkg/ns#fileName> \"extra.txt\" }"
        endpoint = f"http://127.0.0.1:{port}/query"
        (corpus / "extra.txt").write_text("Ofsted inspected Anyshire County Council in May "
                                          "2024.\n", encoding="utf-8")
        assert kg_run("build", corpus, "--out", out, "--workers", "1").returncode == 0
        deadline = time.monotonic() + 30
        while True:
            try:
                request = urllib.request.Request(
                    f"{endpoint}?{urllib.parse.urlencode({'query': ask})}",
                    headers={"Accept": "application/sparql-results+json"})
                with urllib.request.urlopen(request, timeout=5) as response:
                    if json.load(response)["boolean"]:
                        break
            except OSError:  # restarting
                pass
            assert time.monotonic() < deadline, "the new build was never served"
            time.sleep(0.2)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(30)
