"""Near-duplicate detection: two copies of one story become one story with both sources.

Word 5-shingles are hashed into MinHash signatures and candidate pairs found with
LSH, so the cost grows with the corpus rather than with its square; candidates
are confirmed on the exact shingle Jaccard similarity.
"""

from __future__ import annotations

import re

from datasketch import MinHash, MinHashLSH

from kg import settings
from kg.model import Article

_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = settings.SHINGLE_SIZE) -> set[str]:
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _signature(items: set[str]) -> MinHash:
    sig = MinHash(num_perm=settings.MINHASH_PERMUTATIONS, seed=1)
    sig.update_batch([s.encode("utf-8") for s in sorted(items)])
    return sig


def story_clusters(articles: list[Article]) -> list[list[Article]]:
    """Group articles into stories; each cluster is sorted with its primary copy first.

    The primary is the copy that states a publication date, then the shorter
    text (fewer leftovers of page furniture), then the file name.
    """
    sets = {a.name: shingles(a.text) for a in articles}
    lsh = MinHashLSH(threshold=settings.DUPLICATE_THRESHOLD * 0.8,
                     num_perm=settings.MINHASH_PERMUTATIONS)
    parent = {a.name: a.name for a in articles}

    def find(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    for article in articles:
        sig = _signature(sets[article.name])
        for other in lsh.query(sig):
            if jaccard(sets[article.name], sets[other]) >= settings.DUPLICATE_THRESHOLD:
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
