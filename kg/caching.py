"""Incremental builds: extractions cached by article content and builder version.

The key covers everything extraction reads (the article's name, cleaned text
and metadata) and a fingerprint of the builder itself (its code and data
files), so a changed extractor or lexicon invalidates the cache by itself.
"""

from __future__ import annotations

import hashlib
import pickle
from functools import cache
from pathlib import Path

from kg.atomic import write_bytes
from kg.model import Article, Extraction

_PACKAGE = Path(__file__).parent


@cache
def builder_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted([*_PACKAGE.rglob("*.py"), *_PACKAGE.glob("data/*.json")]):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def article_key(article: Article) -> str:
    parts = [builder_fingerprint(), article.name, article.text, article.title or "",
             article.outlet or "", article.published or ""]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


class ExtractionCache:
    """One pickle per extracted article under `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hits = 0

    def _path(self, article: Article) -> Path:
        return self.folder / f"{article_key(article)}.pickle"

    def get(self, article: Article) -> Extraction | None:
        path = self._path(article)
        if not path.is_file():
            return None
        try:
            extraction = pickle.loads(path.read_bytes())
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None
        self.hits += 1
        extraction.article.duplicates = article.duplicates
        return extraction

    def put(self, article: Article, extraction: Extraction) -> None:
        write_bytes(self._path(article), pickle.dumps(extraction, pickle.HIGHEST_PROTOCOL))
