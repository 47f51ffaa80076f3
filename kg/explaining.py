"""Explaining: which mentions were merged into each entity, and from where.

The build writes `entities.json`; `kg explain NAME` prints one entity's
aliases and every mention that was resolved to it, with its sentence.
"""

from __future__ import annotations

import json
from pathlib import Path

from kg.errors import KGError
from kg.model import Corpus


def entities_json(corpus: Corpus) -> bytes:
    table = {
        key: {
            "name": e.name,
            "type": e.type,
            "aliases": sorted(e.aliases),
            "mentions": [
                {"article": m.article, "start": m.start, "extractor": m.extractor,
                 "sentence": m.sentence}
                for m in sorted(e.mentions, key=lambda m: (m.article, m.start, m.extractor))
            ],
        }
        for key, e in sorted(corpus.entities.items())
    }
    return (json.dumps(table, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode()


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
