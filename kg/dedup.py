"""Near-duplicate detection: two copies of one story become one story with both sources.

Word 5-shingles are hashed into MinHash signatures and candidate pairs found with
LSH, so the cost grows with the corpus rather than with its square; candidates
not clearly below the threshold on their signatures are confirmed on the exact
shingle Jaccard similarity.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Set

import numpy as np
from datasketch import MinHash, MinHashLSH

from kg import settings
from kg.caching import BuildCache, cache_key
from kg.executors import HERE, Farm
from kg.model import Article

_WORD = re.compile(r"\w+")
#: Pinned so cached hash values and fresh signatures always share one scheme.
_SCHEME = "affine32"
#: LSH candidates whose estimated similarity is this far below the threshold are
#: dropped unconfirmed: with 128 permutations the estimate's standard error is at
#: most 0.045, so a true duplicate falls this low with odds under one in 10^5.
_ESTIMATE_MARGIN = 0.2


def shingles(text: str, size: int = settings.SHINGLE_SIZE) -> set[str]:
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def jaccard(a: Set[str], b: Set[str]) -> float:
    """Exact Jaccard similarity; the union is counted, not built, as candidates are many."""
    if not (a and b):
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


@functools.cache
def _permutations(num_perm: int) -> np.ndarray:
    """The seed-1 hash permutations, made once: MinHash would redo them per signature."""
    return MinHash(num_perm=num_perm, seed=1, scheme=_SCHEME).permutations


def _minhash(hashvalues: np.ndarray | None = None) -> MinHash:
    return MinHash(seed=1, scheme=_SCHEME, hashvalues=hashvalues,
                   num_perm=settings.MINHASH_PERMUTATIONS,
                   permutations=_permutations(settings.MINHASH_PERMUTATIONS))


def _hashvalues(text: str) -> np.ndarray:
    """A text's MinHash signature (a worker's task)."""
    sig = _minhash()
    sig.update_batch([s.encode("utf-8") for s in sorted(shingles(text))])
    return sig.hashvalues


def _signatures(articles: list[Article], cache: BuildCache | None, workers: Farm
                ) -> dict[str, MinHash]:
    """Every article's signature, from the cache (by text) or made on `workers`."""
    keys = {a.name: cache_key(a.text) for a in articles} if cache else {}
    found = {a.name: cache.get("minhash", keys[a.name]) if cache else None for a in articles}
    todo = [a for a in articles if found[a.name] is None]
    made = list(workers.map(_hashvalues, [a.text for a in todo],
                            chunksize=settings.BATCH_SIZE, least=2 * settings.BATCH_SIZE + 1))
    for article, values in zip(todo, made, strict=True):
        found[article.name] = values
        if cache is not None:
            cache.put("minhash", keys[article.name], values)
    return {name: _minhash(values) for name, values in found.items()}


def story_clusters(articles: list[Article], cache: BuildCache | None = None,
                   workers: Farm = HERE) -> list[list[Article]]:
    """Group articles into stories; each cluster is sorted with its primary copy first.

    The primary is the copy that states a publication date, then the shorter
    text (fewer leftovers of page furniture), then the file name. With a
    `cache`, signatures are reused by text and only LSH candidates are
    shingled, so a rebuild does not re-shingle the corpus; new signatures are
    made on `workers`.
    """
    texts = {a.name: a.text for a in articles}

    @functools.lru_cache(maxsize=settings.SHINGLE_CACHE)
    def shingled(name: str) -> frozenset[str]:
        # recent candidates only: a corpus of near copies would otherwise hold every set
        return frozenset(shingles(texts[name]))

    lsh = MinHashLSH(threshold=settings.DUPLICATE_THRESHOLD * 0.8,
                     num_perm=settings.MINHASH_PERMUTATIONS)
    parent = {a.name: a.name for a in articles}

    def find(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    signatures = _signatures(articles, cache, workers)
    floor = settings.DUPLICATE_THRESHOLD - _ESTIMATE_MARGIN
    for article in articles:
        sig = signatures[article.name]
        for other in lsh.query(sig):
            if sig.jaccard(signatures[other]) < floor:
                continue  # clearly different: not worth shingling both texts
            if jaccard(shingled(article.name), shingled(other)) >= settings.DUPLICATE_THRESHOLD:
                parent[find(article.name)] = find(other)
        lsh.insert(article.name, sig)
    groups: dict[str, list[Article]] = {}
    for article in articles:
        groups.setdefault(find(article.name), []).append(article)
    clusters = [
        sorted(group, key=lambda a: (a.published is None, len(a.text), a.name))
        for group in groups.values()
    ]
    return sorted(clusters, key=lambda c: c[0].name)
