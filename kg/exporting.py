"""Exporting: serialise the graph into every export file.

The files are written into a new set's folder that `kg.publishing` switches into
place whole, so a failed build leaves the previous exports whole. N-Triples are
sorted so rebuilds compare byte for byte.

Every format is joined from `Chunks`: each story's statements, written once by
Oxigraph and cached, so a rebuild after one new article serialises only that
article; graph.nt is their sorted union. Up to `LARGE_GRAPH_TRIPLES` statements
rdflib writes the Turtle and JSON-LD instead, which read better; past that its
serialisers slow badly (about 45 s a million triples for Turtle). Both routes
parse back to the same triples and quads, in the same order on every build.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, Dataset

from kg import settings
from kg.errors import OutputError
from kg.modelling import PREFIXES, parsed, union
from kg.vocab import KG

#: Statements (quads over all named graphs) above which Oxigraph serialises.
LARGE_GRAPH_TRIPLES = 200_000


def readable(ds: Dataset) -> dict[str, bytes]:
    """rdflib's Turtle and JSON-LD of a small build, which read better than Oxigraph's.

    `longturtle` is canonical; rdflib's JSON-LD orders nodes and values
    differently in each process, so its arrays (sets here: no @list) are sorted.
    """
    g = union(ds)
    jsonld = _sorted_arrays(json.loads(g.serialize(format="json-ld", context=_context())))
    return {
        "graph.ttl": g.serialize(format="longturtle").encode("utf-8"),
        "graph.jsonld": (json.dumps(jsonld, indent=1, sort_keys=True, ensure_ascii=False)
                         + "\n").encode("utf-8"),
    }


def _sorted_arrays(value: object) -> object:
    if isinstance(value, dict):
        return {k: _sorted_arrays(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_arrays(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


@dataclass(frozen=True)
class Chunks:
    """One story's statements written once in each export's syntax, without prefixes.

    A large build's exports are these joined in story order, and graph.nt their
    sorted union. Turtle and JSON-LD may so state a triple that two stories share
    twice; every parser reads the same set of triples. `drawable` holds the
    story's triples the HTML page can draw (not its evidence nodes).
    """

    statements: int
    trig: bytes
    turtle: bytes
    jsonld: bytes
    ntriples: bytes
    drawable: tuple[str, ...]


def story_chunks(nquads: list[str]) -> Chunks:
    """Serialise one story's canonical N-Quads lines (made by modelling) for every export."""
    quads = ox.parse("\n".join(nquads).encode("utf-8"), format=ox.RdfFormat.N_QUADS,
                     lenient=True)
    triples = sorted({triple_text(line) for line in nquads})
    nt = "".join(f"{line} .\n" for line in triples).encode("utf-8")
    parsed = list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES, lenient=True))
    skip = tuple(f"<{settings.BASE_IRI}{kind}/" for kind in ("evidence", "article"))
    evidence = f" <{KG.evidence}> "
    return Chunks(
        statements=len(nquads),
        trig=_body(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=_prefixes())),
        turtle=_body(ox.serialize(parsed, format=ox.RdfFormat.TURTLE, prefixes=_prefixes())),
        jsonld=ox.serialize(parsed, format=ox.RdfFormat.JSON_LD)[1:-1],  # the array's items
        ntriples=nt,
        drawable=tuple(t for t in triples if not t.startswith(skip) and evidence not in t),
    )


@cache
def _context() -> dict[str, str]:
    """The project's prefixes: the JSON-LD @context."""
    return {prefix: str(ns) for prefix, ns in PREFIXES.items()}


@cache
def _prefixes() -> dict[str, str]:
    """The Turtle and TriG prefixes: the context's, and rdf."""
    return {**_context(), "rdf": str(RDF)}


def _body(text: bytes) -> bytes:
    """Oxigraph's output without its @prefix lines (the joined file has one header)."""
    end = 0
    while text.startswith(b"@prefix ", end):
        end = text.index(b"\n", end) + 1
    return text[end:]


class SortedLines(list):
    """Chunks of lines to be written sorted and de-duplicated (graph.nt)."""


def joined_exports(build: Chunks, stories: list[Chunks]) -> dict[str, list[bytes]]:
    """Every RDF export as the chunks to write one after another, in story order."""
    header = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(_prefixes().items()))
    nodes = [c.jsonld for c in (build, *stories) if c.jsonld]
    # Oxigraph writes no @context: the project's is put around its array of nodes,
    # whose IRIs stay absolute, so the document means the same.
    jsonld = [b'{"@context": ' + json.dumps(_context(), sort_keys=True).encode() + b', "@graph": [']
    for i, node in enumerate(nodes):
        jsonld += [b",\n", node] if i else [b"\n", node]
    return {
        "graph.trig": [header.encode(), build.trig, *(c.trig for c in stories)],
        "graph.ttl": [header.encode(), build.turtle, *(c.turtle for c in stories)],
        "graph.jsonld": [*jsonld, b"\n]}\n"],
        "graph.nt": SortedLines([build.ntriples, *(c.ntriples for c in stories)]),
    }


def trig_dataset(trig: list[bytes]) -> Dataset:
    """A TriG export's chunks read back into an rdflib dataset (for small builds)."""
    return parsed(Dataset(), b"".join(trig), "trig")


def triple_text(line: str) -> str:
    """A canonical N-Quads line's triple, without its graph name.

    Cut as text (six times faster than re-parsing): a graph name is the last
    term and holds no space or quote; a line with fewer than four terms has none.
    """
    body = line[:-2]  # the closing " ."
    head, _, last = body.rpartition(" ")
    return body if '"' in last or head.count(" ") < 2 else head


def write_exports(folder: Path, files: dict[str, bytes | list[bytes]]) -> list[Path]:
    """Write every file into `folder`: a new set's own folder, which `kg.publishing`
    switches into place whole once the set is complete."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / name for name in sorted(files)]
    for path in paths:
        data = files[path.name]
        if isinstance(data, SortedLines):
            sort_lines(path, data)
            continue
        with path.open("wb") as handle:
            for chunk in [data] if isinstance(data, bytes) else data:
                handle.write(chunk)
    return paths


def sort_lines(path: Path, chunks: list[bytes]) -> None:
    """Write the chunks' lines to `path` sorted bytewise (code point order), without repeats.

    GNU or BSD `sort` does this in seconds for ten million lines, where Python's
    set and sort take about 20 s; Python does it where there is no such `sort`
    (Windows' has no -u).
    """
    program = shutil.which("sort")
    if program is None or os.name == "nt":
        path.write_bytes(b"".join(sorted({line for chunk in chunks
                                          for line in chunk.splitlines(keepends=True)})))
        return
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.",
                                     suffix=".unsorted") as raw:
        for chunk in chunks:
            raw.write(chunk)
        raw.flush()
        run = subprocess.run([program, "-u", "-T", str(path.parent), "-o", str(path), raw.name],
                             env={**os.environ, "LC_ALL": "C"}, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True, errors="replace")
    if run.returncode:
        said = run.stderr.strip().splitlines()
        raise OutputError(f"sorting {path.name} failed: "
                          + (said[-1] if said else f"{program} exited with {run.returncode}"))


def line_count(path: Path) -> int:
    """Lines in a file, read in blocks (graph.nt of a large build is GBs)."""
    count = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 24):
            count += block.count(b"\n")
    return count


def write_report(folder: Path, report: dict) -> Path:
    path = folder / "build-report.json"
    path.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path
