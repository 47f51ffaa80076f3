"""The build's Oxigraph store: what `kg query`, `kg serve` and `kg push` read.

A build writes it into its export set (`OUT/.builds/<set>/store`, shown as
`OUT/store`), so it is switched into place with the other exports or not at all.
It holds every article's named graph, the build's own graph, and their union,
each triple once, as the default graph: Oxigraph's own union of named graphs
(`use_default_graph_as_union`) repeats a triple once per graph that states it,
so a person named in three articles would be three rows.

A first build bulk-loads graph.trig (the named graphs) and graph.nt (their union,
already sorted and de-duplicated), with the `oxigraph` program where it is
installed, while the build draws the page. A rebuild starts from a copy of the last set's
store made of hard links (a RocksDB checkpoint: its files never change once
written) and replaces only the graphs of the stories that changed; the story keys
and graph names it holds are kept beside it, in `.store.json`.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError, OutputError

log = logging.getLogger(__name__)

STORE = "store"
MANIFEST = ".store.json"
_MANIFEST_VERSION = 1
_DEFAULT = ox.DefaultGraph()


@dataclass(frozen=True)
class Part:
    """One story's share of the store: its cache key, its named graphs and their TriG."""

    key: str
    graphs: tuple[str, ...]
    trig: bytes  # without @prefix lines: `header` is put before it


def oxigraph_program() -> str | None:
    """The `oxigraph` program (the `oxigraph` package): beside this Python, or on PATH.
    (Here, not with the exports, so `kg query` and `kg serve` need not import spaCy.)"""
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


def reusable(previous: Path | None, keys: list[str]) -> dict[str, list[str]] | None:
    """The story keys and graphs of the store in `previous` (the last set's folder), if it
    has one this builder wrote and few enough of `keys` (this build's stories) changed
    for replacing their graphs to beat a bulk load."""
    old = _manifest(previous) if previous is not None else None
    if old is None or _changed(keys, old) > max(50, len(keys) // 10):
        return None
    return old


class StoreWriting:
    """A store being written, the bulk load by the `oxigraph` program while the build goes
    on (it also keeps the loader's memory out of the build's process). The program's
    progress goes to a file (`log`), which no pipe buffer can fill while it is not read."""

    def __init__(self, how: str, proc: subprocess.Popen | None = None,
                 log: Path | None = None) -> None:
        self.how, self.proc, self.log = how, proc, log

    def finish(self) -> str:
        """Wait for the store; say how it was written ("new" or "updated: …")."""
        if self.proc is not None and self.log is not None:
            self.proc.wait()
            said = self.log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
            self.log.unlink()
            if self.proc.returncode:
                raise OutputError("writing the store failed: "
                                  + (said[-1] if said else f"exit {self.proc.returncode}"))
        return self.how

    def abort(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()


def write_store(folder: Path, header: bytes, parts: list[Part], previous: Path | None,
                old: dict[str, list[str]] | None) -> StoreWriting:
    """Start writing the store of the export set in `folder` (graph.trig and graph.nt
    written).

    `parts` are every story's, the build graph's included; `old` is what `reusable` said
    of `previous`, the last set's folder: its store is then copied and updated here,
    and the parts of stories not in `old` must carry their TriG. Otherwise the
    named graphs and their union are bulk-loaded from graph.trig and graph.nt, both
    at once.
    """
    target = folder / STORE
    manifest = {"version": _MANIFEST_VERSION, "stories": {p.key: list(p.graphs) for p in parts}}
    (folder / MANIFEST).write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
    if previous is not None and old is not None:
        try:
            ox.Store.read_only(str(previous / STORE)).backup(str(target))
            return StoreWriting(_update(ox.Store(str(target)), header, parts, old))
        except (OSError, RuntimeError) as exc:  # a damaged last store: write this one whole
            log.warning("rebuilding the store: cannot reuse %s (%s)", previous / STORE, exc)
            shutil.rmtree(target, ignore_errors=True)
    files = [str(folder / "graph.trig"), str(folder / "graph.nt")]
    if program := oxigraph_program():
        progress = folder / ".store-load.log"
        with progress.open("wb") as said:
            proc = subprocess.Popen(
                [program, "load", "--location", str(target), "--lenient", "--file", *files],
                stdin=subprocess.DEVNULL, stdout=said, stderr=subprocess.STDOUT)
        return StoreWriting("new", proc, progress)
    store = ox.Store(str(target))
    store.bulk_load(path=files[0], format=ox.RdfFormat.TRIG, lenient=True)
    store.bulk_load(path=files[1], format=ox.RdfFormat.N_TRIPLES, to_graph=_DEFAULT,
                    lenient=True)
    store.flush()
    return StoreWriting("new")


def _changed(keys: list[str], old: dict[str, list[str]]) -> int:
    """How many stories are new, changed or gone since the store `old` describes."""
    now = set(keys)
    return sum(key not in old for key in now) + sum(key not in now for key in old)


def _update(store: ox.Store, header: bytes, parts: list[Part], old: dict[str, list[str]]
            ) -> str:
    """Replace the graphs of stories that are new, changed or gone, and keep the default
    graph the union of what remains."""
    keys = {p.key for p in parts}
    fresh = [p for p in parts if p.key not in old]
    dropped = {g for key, graphs in old.items() if key not in keys for g in graphs}
    dropped |= {g for p in fresh for g in p.graphs}
    removed: set[ox.Triple] = set()
    for iri in sorted(dropped):
        graph = ox.NamedNode(iri)
        removed.update(q.triple for q in store.quads_for_pattern(None, None, None, graph))
        if store.contains_named_graph(graph):
            store.remove_graph(graph)
    added: set[ox.Triple] = set()
    for part in fresh:
        quads = list(ox.parse(header + part.trig, format=ox.RdfFormat.TRIG))
        store.extend(quads)
        added.update(q.triple for q in quads)
    store.extend(ox.Quad(t.subject, t.predicate, t.object, _DEFAULT) for t in added)
    for t in removed - added:
        if not any(q.graph_name != _DEFAULT
                   for q in store.quads_for_pattern(t.subject, t.predicate, t.object)):
            store.remove(ox.Quad(t.subject, t.predicate, t.object, _DEFAULT))
    store.flush()
    gone = sum(key not in keys for key in old)
    return (f"updated: the graphs of {len(fresh)} new or changed "
            f"{'story' if len(fresh) == 1 else 'stories'} replaced, {gone} removed")


def _manifest(folder: Path) -> dict[str, list[str]] | None:
    """The story keys and graphs of the store in `folder`, if a store this builder
    wrote is there."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not (isinstance(data, dict) and data.get("version") == _MANIFEST_VERSION
            and (folder / STORE).is_dir()):
        return None
    return data["stories"]


def is_store(path: Path) -> bool:
    """Whether `path` is an Oxigraph (RocksDB) store folder."""
    return path.is_dir() and (path / "CURRENT").is_file()


def open_store(path: Path) -> ox.Store:
    """A build's store, read-only (a running `kg serve` may be reading it too)."""
    if not path.exists():
        raise InputError(f"graph store not found: {path} (run `kg build` first)")
    if not is_store(path):
        raise InputError(f"{path} is a folder, not a graph file or a kg store")
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise InputError(f"cannot open the store {path}: {exc}") from None


def named_graphs(store: ox.Store) -> Iterable[ox.NamedNode]:
    return sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)),
                  key=lambda g: g.value)
