"""Incremental builds: each stage's per-article results cached by their inputs.

A key covers everything the cached stage reads and a fingerprint of the
builder itself (its code and data files), so a changed extractor or lexicon
invalidates the cache by itself. Stages cached: the cleaned article (by file
name and bytes), its MinHash signature, its extraction, and its story's
pre-serialised RDF; adding one article to a built corpus redoes only its work.

Entries are data, never code (`kg.cachecodec`), and each carries the sha256 of
its stage, key and payload: a damaged, truncated, moved or foreign file is a
miss, counted in `BuildCache.discarded`, and its work is done again. The hash
finds damage; what a crafted entry can do is bounded by the decoder, which
builds only the stage's own dataclasses.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from kg import settings
from kg.atomic import write_bytes
from kg.cachecodec import CodecError, decode, encode
from kg.model import Article, Extraction

_PACKAGE = Path(__file__).parent


@cache
def builder_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted([*_PACKAGE.rglob("*.py"), *_PACKAGE.glob("data/*.json")]):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_key(*parts: str) -> str:
    """A key for `parts` under this builder and IRI base."""
    text = "\x1f".join([builder_fingerprint(), settings.BASE_IRI, *parts])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_key(article: Article) -> str:
    """Everything extraction reads: the article's name, cleaned text and metadata."""
    return cache_key(article.name, article.text, article.title or "", article.outlet or "",
                     article.published or "")


#: First line of every entry; anything else (an old pickle, a stray file) is not read.
MAGIC = b"kg-cache-entry 1\n"
SUFFIX = ".entry"
#: Where held entries wait for `BuildCache.confirm` (`prune` removes those never confirmed).
_UNCHECKED = ".unchecked"


@cache
def stage_types() -> dict[str, Any]:
    """The type each stage stores (imported late: exporting imports this module)."""
    from kg.exporting import Chunks

    return {"article": Article, "extraction": Extraction, "story": Chunks, "minhash": bytes}


def _to_data(stage: str, value: Any) -> Any:
    return value.astype("<u8").tobytes() if stage == "minhash" else value


def _from_data(stage: str, value: Any) -> Any:
    """A MinHash signature is `MINHASH_PERMUTATIONS` unsigned 64-bit hash values."""
    if stage != "minhash":
        return value
    if len(value) != 8 * settings.MINHASH_PERMUTATIONS:
        raise CodecError("a MinHash signature of the wrong length")
    return np.frombuffer(value, dtype="<u8").astype(np.uint64)


def _digest(stage: str, key: str, payload: bytes) -> bytes:
    """Binds the payload to its stage and key, so an entry copied elsewhere is caught too."""
    digest = hashlib.sha256(f"{stage}\x1f{key}\x1f".encode())
    digest.update(payload)
    return digest.hexdigest().encode("ascii")


def seal(stage: str, key: str, payload: bytes) -> bytes:
    """One cache entry: the magic line, the payload's hash, the payload."""
    return b"".join([MAGIC, _digest(stage, key, payload), b"\n", payload])


def pack(stage: str, key: str, value: Any) -> bytes:
    return seal(stage, key, encode(stage_types()[stage], _to_data(stage, value)))


def unpack(stage: str, key: str, data: bytes) -> Any:
    """The value `pack` wrote, or `CodecError` if the entry is not exactly that."""
    if not data.startswith(MAGIC):
        raise CodecError("not a cache entry")
    digest, newline, payload = data[len(MAGIC):].partition(b"\n")
    if not newline or digest != _digest(stage, key, payload):
        raise CodecError("content hash does not match")
    return _from_data(stage, decode(stage_types()[stage], payload))


class BuildCache:
    """One entry per stage result under `folder/<stage>/<key>.entry`.

    `prune` after a successful build drops every file that build did not use
    (older builds' entries, old pickles), so the cache holds one corpus's worth
    and does not grow with every edit.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hits: Counter[str] = Counter()
        self.discarded = 0
        self._used: set[Path] = set()
        self._held: list[tuple[Path, Path]] = []

    def _path(self, stage: str, key: str) -> Path:
        path = self.folder / stage / f"{key}{SUFFIX}"
        self._used.add(path)
        return path

    def get(self, stage: str, key: str) -> Any | None:
        """The stored value, or None: not stored, or discarded as unreadable or damaged."""
        path = self._path(stage, key)
        try:
            value = unpack(stage, key, path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, CodecError):
            self.discarded += 1
            return None
        self.hits[stage] += 1
        return value

    def has(self, stage: str, key: str) -> bool:
        """Whether an entry is stored (`get` may still find it damaged)."""
        return self._path(stage, key).is_file()

    def put(self, stage: str, key: str, value: object) -> None:
        write_bytes(self._path(stage, key), pack(stage, key, value), sync=False)

    def hold(self, stage: str, key: str, value: object) -> None:
        """Write an entry that `get` does not see until `confirm`: a story's statements
        before the build has checked them against the shapes, so that they need not
        stay in memory meanwhile."""
        path = self.folder / _UNCHECKED / stage / f"{key}{SUFFIX}"
        write_bytes(path, pack(stage, key, value), sync=False)
        self._held.append((path, self._path(stage, key)))

    def release(self) -> None:
        """Delete every held entry: what they hold failed its check."""
        for held, _ in self._held:
            held.unlink(missing_ok=True)
        self._held.clear()

    def confirm(self) -> None:
        """Make every held entry readable."""
        for held, path in self._held:
            path.parent.mkdir(parents=True, exist_ok=True)
            os.replace(held, path)
        self._held.clear()

    def prune(self) -> None:
        """Delete every cached file this build did not read or write."""
        for path in self.folder.rglob("*"):
            if path not in self._used and not path.is_dir():
                path.unlink(missing_ok=True)
