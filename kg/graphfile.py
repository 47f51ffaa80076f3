"""Reading a graph file a user names (`kg query`, `kg validate`, `kg html`).

One reader for every command and both query engines: Oxigraph parses the file
(its format from the suffix, Turtle when unknown), so both engines see the same
statements, nothing is fetched (rdflib's JSON-LD parser would load a remote
@context), and a missing, truncated, binary or non-RDF file is one clear line.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from kg.errors import InputError


def one_line(text: str) -> str:
    """`text` on one line of printable characters, for a `kg: error:` message."""
    flat = " ".join(text.split())
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in flat)


def rdf_format(path: Path) -> ox.RdfFormat:
    return ox.RdfFormat.from_extension(path.suffix.lstrip(".")) or ox.RdfFormat.TURTLE


def read_store(path: Path) -> ox.Store:
    """The file's statements in an in-memory Oxigraph store (named graphs kept)."""
    if path.is_dir():
        raise InputError(f"{path} is a folder, not a graph file")
    if not path.is_file():
        raise InputError(f"graph file not found: {path} (run `kg build` first)")
    fmt = rdf_format(path)
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=fmt)
    except (SyntaxError, OSError, ValueError) as exc:
        raise InputError(f"cannot read {path} as {fmt.name}: {one_line(str(exc))}") from None
    return store


def to_dataset(store: ox.Store) -> Dataset:
    """The store's statements as an rdflib Dataset (statements of the default graph in its
    default graph)."""
    ds = Dataset(default_union=True)
    ds.parse(data=store.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
    return ds


def read_dataset(path: Path) -> Dataset:
    return to_dataset(read_store(path))
