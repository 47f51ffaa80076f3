"""Spilling: every story's extraction kept on disk between the build's stages.

An extraction costs about 60 KB in memory, so a build that held them all would need
2 GB at 30,000 articles and grow without bound. The build writes each one to an
anonymous temporary file as it is made (nothing is left behind, even by a killed
build) and keeps in memory only its `Outline`: what the corpus-wide steps read
(resolution across articles, the stories' keys, the report). Each entity's mentions
go to a file of lines of their own, which `kg.explaining` sorts on disk.
`Spill` reads an extraction back, re-keyed to the corpus's merged actors, when a
story is modelled.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TypeVar, overload

from kg.cachecodec import decode, encode
from kg.model import Article, Entity, Extraction
from kg.resolving import rekey

T = TypeVar("T")


class Lazy(Sequence[T]):
    """A sequence whose items are made (`item`) only when asked for: a slice or a loop
    holds no more than it returns."""

    def item(self, i: int) -> T:
        raise NotImplementedError

    @overload
    def __getitem__(self, i: int) -> T: ...
    @overload
    def __getitem__(self, i: slice) -> list[T]: ...
    def __getitem__(self, i: int | slice) -> T | list[T]:
        if isinstance(i, slice):
            return [self.item(j) for j in range(*i.indices(len(self)))]
        return self.item(range(len(self))[i])  # negative indices; IndexError past the end


@dataclass
class Outline:
    """What the build holds of one extraction: its article, its actors without their
    mentions (`mentions` counts them), the actors its roles name, the kinds of its
    events and the number of facts of each kind (the report's)."""

    article: Article
    entities: list[Entity]
    mentions: dict[str, int]
    role_keys: frozenset[str]
    event_kinds: frozenset[str]
    facts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, x: Extraction) -> Outline:
        return cls(
            article=x.article,
            entities=[Entity(e.key, e.name, e.type, set(e.aliases), [], e.link)
                      for e in x.entities],
            mentions={e.key: len(e.mentions) for e in x.entities},
            role_keys=frozenset(k for r in x.roles for k in (r.person, r.organisation, r.party)
                                if k),
            event_kinds=frozenset(e.kind for e in x.events),
            facts={"roles": len(x.roles), "relations": len(x.relations),
                   "quotes": len(x.quotes), "events": len(x.events),
                   "funding": sum(1 for e in x.events if e.money),
                   "deficits": len(x.deficits)},
        )


def mention_line(entity_key: str, article: str, start: int, extractor: str,
                 sentence: str) -> str:
    """One mention as a line that sorts bytewise by (actor, article, start, extractor)."""
    return "\t".join([entity_key, article, f"{start:012d}", extractor,
                      json.dumps(sentence, ensure_ascii=False)]) + "\n"


class Spill(Lazy[Extraction]):
    """The extractions of a build, in order, on disk; read back re-keyed by `mapping`
    (an article's actor key to the corpus's, set once the corpus is resolved)."""

    def __init__(self, folder: Path | None = None) -> None:
        # anonymous files, open as long as the corpus that reads them
        self._data: IO[bytes] = tempfile.TemporaryFile(  # noqa: SIM115
            dir=folder, prefix=".kg-spill-")
        self._mentions: IO[str] = tempfile.TemporaryFile(  # noqa: SIM115
            "w+", encoding="utf-8", dir=folder, prefix=".kg-mentions-")
        self._at: list[tuple[int, int]] = []
        self.mapping: dict[str, str] = {}

    def add(self, x: Extraction) -> Outline:
        """Write `x` (and its actors' mentions) to disk; its outline."""
        data = encode(Extraction, x)
        self._data.seek(0, 2)
        self._at.append((self._data.tell(), len(data)))
        self._data.write(data)
        self._mentions.seek(0, 2)
        self._mentions.writelines(
            mention_line(e.key, m.article, m.start, m.extractor, m.sentence)
            for e in x.entities for m in e.mentions)
        return Outline.of(x)

    def mention_lines(self) -> Iterator[str]:
        """Every actor's mentions, one line each (`mention_line`), in the order added."""
        self._mentions.flush()
        self._mentions.seek(0)
        yield from self._mentions

    def __len__(self) -> int:
        return len(self._at)

    def item(self, i: int) -> Extraction:
        offset, size = self._at[i]
        self._data.seek(offset)
        x = decode(Extraction, self._data.read(size))
        rekey(x, self.mapping)
        return x

    def __deepcopy__(self, memo: dict) -> Spill:
        return self  # read-only once the corpus is resolved
