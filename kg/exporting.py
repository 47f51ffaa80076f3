"""Exporting: serialise the graph into every export file, with Oxigraph only.

The files are written into a new set's folder that `kg.publishing` switches into
place whole, so a failed build leaves the previous exports whole.

Each story's statements are serialised once, as TriG and as sorted N-Triples
(`Chunks`, cached), so a rebuild after one new article serialises only that
article: graph.trig is the chunks joined, graph.nt their union sorted without
repeats. graph.ttl and graph.jsonld are written from graph.nt, each triple once,
grouped by subject (the lines are sorted): Oxigraph streams them at about a
million triples a second, where rdflib's serialisers took 45 s a million and
rewrote literals ("1000000"^^xsd:decimal became 1000000.0). Every file keeps each
literal's lexical form, so all four state the same terms.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF

from kg import settings
from kg.errors import OutputError
from kg.modelling import PREFIXES
from kg.store import oxigraph_program
from kg.vocab import KG

#: Statements above which the page draws a selection of the graph (`kg.pipeline`).
LARGE_GRAPH_TRIPLES = 200_000


@dataclass(frozen=True)
class Chunks:
    """One story's statements written once as TriG (without prefixes) and as sorted
    N-Triples: what the exports and the store are joined from.

    `drawable` holds the story's triples the HTML page can draw (not its evidence
    nodes).
    """

    statements: int
    trig: bytes
    ntriples: bytes
    drawable: tuple[str, ...]


def story_chunks(nquads: list[str]) -> Chunks:
    """Serialise one story's canonical N-Quads lines (made by modelling)."""
    quads = ox.parse("\n".join(nquads).encode("utf-8"), format=ox.RdfFormat.N_QUADS,
                     lenient=True)
    triples = sorted({triple_text(line) for line in nquads})
    skip = tuple(f"<{settings.BASE_IRI}{kind}/" for kind in ("evidence", "article"))
    evidence = f" <{KG.evidence}> "
    return Chunks(
        statements=len(nquads),
        trig=_body(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes())),
        ntriples="".join(f"{line} .\n" for line in triples).encode("utf-8"),
        drawable=tuple(t for t in triples if not t.startswith(skip) and evidence not in t),
    )


@cache
def _context() -> dict[str, str]:
    """The project's prefixes: the JSON-LD @context."""
    return {prefix: str(ns) for prefix, ns in PREFIXES.items()}


@cache
def prefixes() -> dict[str, str]:
    """The Turtle and TriG prefixes: the context's, and rdf."""
    return {**_context(), "rdf": str(RDF)}


def prefix_header() -> bytes:
    """The @prefix lines a joined TriG file starts with."""
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(prefixes().items())).encode()


def _body(text: bytes) -> bytes:
    """Oxigraph's output without its @prefix lines (the joined file has one header)."""
    end = 0
    while text.startswith(b"@prefix ", end):
        end = text.index(b"\n", end) + 1
    return text[end:]


class ExportWriter:
    """graph.trig and graph.nt written story by story as the stories are modelled, so a
    build holds no story's statements once they are on disk, whatever its size.

    graph.trig is the chunks joined, in story order; graph.nt their N-Triples lines,
    gathered unsorted and sorted without repeats by `finish`. The lines of triples the
    page may draw (`Chunks.drawable`) go to a file of their own, `drawable`.
    """

    def __init__(self, folder: Path, build: Chunks) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.statements = 0
        self.trig = (folder / "graph.trig").open("wb")
        self.unsorted = (folder / ".graph.nt.unsorted").open("wb")
        self.drawable = folder / ".drawable.nt"
        self.drawn = self.drawable.open("w", encoding="utf-8")
        self.trig.write(prefix_header())
        self.add(build)

    def add(self, chunks: Chunks) -> None:
        self.statements += chunks.statements
        self.trig.write(chunks.trig)
        self.unsorted.write(chunks.ntriples)
        self.drawn.writelines(f"{line}\n" for line in chunks.drawable)

    def finish(self) -> None:
        """Close the files and sort graph.nt."""
        self.close()
        sort_lines(self.folder / "graph.nt", Path(self.unsorted.name))
        Path(self.unsorted.name).unlink()

    def close(self) -> None:
        for handle in (self.trig, self.unsorted, self.drawn):
            handle.close()


class Conversion:
    """graph.ttl and graph.jsonld being written from a folder's graph.nt.

    Two `oxigraph convert` processes stream them, on the other core while this
    process writes the store and the page; without the program, `finish` writes
    them here. Oxigraph writes JSON-LD without a @context: the project's is put
    around its array of nodes, whose IRIs stay absolute, so the document means
    the same.
    """

    def __init__(self, folder: Path) -> None:
        self.folder, self.procs = folder, []
        program = oxigraph_program()
        if program is None:
            return
        nt = folder / "graph.nt"
        self.files = [(folder / "graph.ttl").open("wb"), (folder / "graph.jsonld").open("wb")]
        self.files[1].write(_jsonld_head())
        self.files[1].flush()  # the program writes on after it
        self.procs = [
            subprocess.Popen([program, "convert", "--from-format", "ttl", "--to-format", "ttl"],
                             stdin=subprocess.PIPE, stdout=self.files[0],
                             stderr=subprocess.PIPE),
            subprocess.Popen([program, "convert", "--from-file", str(nt), "--to-format",
                              "jsonld"], stdin=subprocess.DEVNULL, stdout=self.files[1],
                             stderr=subprocess.PIPE)]
        # the N-Triples, after the prefixes the Turtle is to use
        self.feeder = threading.Thread(target=_feed, args=(self.procs[0], nt), daemon=True)
        self.feeder.start()

    def finish(self) -> None:
        """Wait for both files; a failure is one OutputError line."""
        if not self.procs:
            write_from_ntriples(self.folder)
            return
        self.feeder.join()
        said = [proc.stderr.read() if proc.stderr else b"" for proc in self.procs]
        for proc in self.procs:
            proc.wait()
        try:
            for name, proc, err in zip(("graph.ttl", "graph.jsonld"), self.procs, said,
                                       strict=True):
                if proc.returncode:
                    reason = next((line.removeprefix(b"Error:").strip()
                                   for line in err.splitlines() if line.startswith(b"Error:")),
                                  err.strip()[:200])
                    raise OutputError(f"writing {name} failed: "
                                      + reason.decode("utf-8", "replace"))
            self.files[1].write(b"}\n")
        finally:
            for handle in self.files:
                handle.close()

    def abort(self) -> None:
        for proc in self.procs:
            proc.kill()
            proc.wait()
        for handle in getattr(self, "files", []):
            handle.close()


def _feed(proc: subprocess.Popen, nt: Path) -> None:
    assert proc.stdin is not None
    try:
        with nt.open("rb") as source:
            proc.stdin.write(prefix_header())
            shutil.copyfileobj(source, proc.stdin, 1 << 20)
        proc.stdin.close()
    except OSError:  # the program stopped: its exit code says why
        proc.kill()


def write_from_ntriples(folder: Path) -> None:
    """graph.ttl and graph.jsonld from the folder's graph.nt, streamed by Oxigraph here."""
    source = str(folder / "graph.nt")
    ox.serialize(ox.parse(path=source, format=ox.RdfFormat.N_TRIPLES),
                 str(folder / "graph.ttl"), format=ox.RdfFormat.TURTLE, prefixes=prefixes())
    with (folder / "graph.jsonld").open("wb") as handle:
        handle.write(_jsonld_head())
        ox.serialize(ox.parse(path=source, format=ox.RdfFormat.N_TRIPLES), handle,
                     format=ox.RdfFormat.JSON_LD)
        handle.write(b"}\n")


def _jsonld_head() -> bytes:
    return b'{"@context": ' + json.dumps(_context(), sort_keys=True).encode() + b',\n"@graph": '


def triple_text(line: str) -> str:
    """A canonical N-Quads line's triple, without its graph name.

    Cut as text (six times faster than re-parsing): a graph name is the last
    term and holds no space or quote; a line with fewer than four terms has none.
    """
    body = line[:-2]  # the closing " ."
    head, _, last = body.rpartition(" ")
    return body if '"' in last or head.count(" ") < 2 else head


def sort_lines(path: Path, unsorted: Path) -> None:
    """Write the lines of `unsorted` to `path` sorted bytewise (code point order), without
    repeats.

    GNU or BSD `sort` does this in seconds for ten million lines, within a bounded
    memory, where Python's set and sort take about 20 s and hold them all; Python
    does it where there is no such `sort` (Windows' has no -u).
    """
    program = shutil.which("sort")
    if program is None or os.name == "nt":
        with unsorted.open("rb") as lines:
            path.write_bytes(b"".join(sorted(set(lines))))
        return
    run = subprocess.run([program, "-u", "-T", str(path.parent), "-o", str(path), str(unsorted)],
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
