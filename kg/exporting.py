"""Exporting: serialise the dataset; every file is written atomically.

All serialisations are made in memory first and only then written, each
through a temporary file and a rename, so a failed build leaves the previous
exports whole. N-Triples are sorted so rebuilds compare byte for byte.
"""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Dataset, Graph

from kg.atomic import write_bytes, write_text
from kg.modelling import PREFIXES, union


def sorted_ntriples(graph: Graph) -> str:
    """Canonical N-Triples: one triple a line, sorted (rdflib's own order varies by process)."""
    lines = {line for line in graph.serialize(format="nt").splitlines() if line.strip()}
    return "\n".join(sorted(lines)) + "\n"


def serialise(ds: Dataset) -> dict[str, bytes]:
    """File name -> content for every RDF export."""
    g = union(ds)
    context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    return {
        "graph.ttl": g.serialize(format="longturtle").encode("utf-8"),
        "graph.trig": ds.serialize(format="trig").encode("utf-8"),
        "graph.nt": sorted_ntriples(g).encode("utf-8"),
        "graph.jsonld": g.serialize(format="json-ld", context=context, indent=1,
                                    sort_keys=True).encode("utf-8"),
    }


def write_exports(out_dir: Path, files: dict[str, bytes], report: dict) -> list[Path]:
    """Write the prepared files and the build report; returns the paths written."""
    written = []
    for name, data in sorted(files.items()):
        path = out_dir / name
        write_bytes(path, data)
        written.append(path)
    report_path = out_dir / "build-report.json"
    write_text(report_path, json.dumps(report, indent=2, sort_keys=True) + "\n")
    return [*written, report_path]
