"""Explaining: which mentions were merged into each entity, and from where.

The build writes `entities.json`; `kg explain NAME` prints one entity's
aliases and every mention that was resolved to it, with its sentence.
"""

from __future__ import annotations

import json
from itertools import groupby
from pathlib import Path
from typing import TextIO

from kg.errors import KGError
from kg.exporting import sort_lines
from kg.model import Corpus


def write_entities_json(corpus: Corpus, path: Path) -> None:
    """`entities.json`: each merged actor with its aliases and every mention resolved to
    it, sorted by article and offset, written actor by actor.

    The mentions come from the build's file of them (`kg.spilling`), re-keyed to the
    merged actors and sorted on disk, so the table is never held whole: at 30,000
    articles it is gigabytes of text.
    """
    rekeyed = path.with_name(f".{path.name}.mentions")
    ordered = rekeyed.with_suffix(".sorted")
    try:
        with rekeyed.open("w", encoding="utf-8") as out:
            for line in corpus.extractions.mention_lines():  # type: ignore[attr-defined]
                key, rest = line.split("\t", 1)
                out.write(f"{corpus.mapping.get(key, key)}\t{rest}")
        sort_lines(ordered, rekeyed)
        rekeyed.unlink()
        with ordered.open(encoding="utf-8") as lines, path.open("w", encoding="utf-8") as out:
            _write_table(corpus, lines, out)
    finally:
        rekeyed.unlink(missing_ok=True)
        ordered.unlink(missing_ok=True)


def _write_table(corpus: Corpus, lines: TextIO, out: TextIO) -> None:
    """What `json.dumps(table, indent=1, sort_keys=True)` would write, one actor at a time;
    `lines` are the mention lines sorted by actor key."""
    keys = sorted(corpus.entities)
    if not keys:
        out.write("{}\n")
        return
    groups = groupby((line.rstrip("\n").split("\t") for line in lines), key=lambda f: f[0])
    group = next(groups, None)
    out.write("{\n")
    for i, key in enumerate(keys):
        while group is not None and group[0] < key:  # mentions of no actor: none expected
            group = next(groups, None)
        mentions = []
        if group is not None and group[0] == key:
            mentions = [{"article": article, "start": int(start), "extractor": extractor,
                         "sentence": json.loads(sentence)}
                        for _, article, start, extractor, sentence in group[1]]
            group = next(groups, None)
        e = corpus.entities[key]
        value = json.dumps({"name": e.name, "type": e.type, "aliases": sorted(e.aliases),
                            "mentions": mentions}, indent=1, ensure_ascii=False, sort_keys=True)
        out.write(f" {json.dumps(key, ensure_ascii=False)}: {value.replace(chr(10), chr(10) + ' ')}"
                  f"{',' if i < len(keys) - 1 else ''}\n")
    out.write("}\n")


def explain(name: str, path: Path) -> str:
    """A readable account of the entity called `name` (or with that alias)."""
    if not path.is_file():
        raise KGError(f"{path} not found: run `kg build` first")
    table = json.loads(path.read_text(encoding="utf-8"))
    wanted = name.casefold()
    hits = [
        (key, e) for key, e in table.items()
        if wanted in {e["name"].casefold(), *(a.casefold() for a in e["aliases"])}
    ]
    if not hits:
        raise KGError(f"no entity named {name!r}; `kg query entities` lists them")
    lines = []
    for key, e in hits:
        lines.append(f"{e['name']} ({e['type']}, {key})")
        lines.append("  aliases: " + (", ".join(e["aliases"]) or "none"))
        for m in e["mentions"]:
            lines.append(f"  {m['article']} @{m['start']} [{m['extractor']}] {m['sentence']}")
    return "\n".join(lines)
