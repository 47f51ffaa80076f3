"""Incremental builds: each stage's per-article results cached by their inputs.

A key covers everything the cached stage reads and a fingerprint of the
builder itself (its code and data files), so a changed extractor or lexicon
invalidates the cache by itself. Stages cached: the cleaned article (by file
name and bytes), its MinHash signature, its extraction, and its story's
pre-serialised RDF; adding one article to a built corpus redoes only its work.
"""

from __future__ import annotations

import hashlib
import pickle
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

from kg import settings
from kg.atomic import write_bytes
from kg.model import Article

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


class BuildCache:
    """One pickle per stage result under `folder/<stage>/<key>.pickle`.

    `prune` after a successful build drops the entries that build did not use,
    so the cache holds one corpus's worth and does not grow with every edit.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hits: Counter[str] = Counter()
        self._used: set[Path] = set()

    def _path(self, stage: str, key: str) -> Path:
        path = self.folder / stage / f"{key}.pickle"
        self._used.add(path)
        return path

    def get(self, stage: str, key: str) -> Any | None:
        path = self._path(stage, key)
        try:
            value = pickle.loads(path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None
        self.hits[stage] += 1
        return value

    def put(self, stage: str, key: str, value: object) -> None:
        write_bytes(self._path(stage, key), pickle.dumps(value, pickle.HIGHEST_PROTOCOL),
                    sync=False)

    def prune(self) -> None:
        """Delete every cached file this build did not read or write."""
        for path in self.folder.rglob("*.pickle"):
            if path not in self._used:
                path.unlink(missing_ok=True)
