"""A cached rebuild reads, cleans and deduplicates to exactly what a fresh build does."""

from __future__ import annotations

import hashlib
import random
from dataclasses import replace
from pathlib import Path

import pytest

from kg import dedup, reading
from kg.caching import BuildCache, cache_key
from kg.dedup import story_clusters
from kg.model import Article, Skipped
from kg.pipeline import Timings, primaries, read_articles

WORDS = ("council", "inspectors", "families", "school", "budget", "plan", "staff", "report",
         "board", "funding", "children", "service", "needs", "transport", "places", "tribunal",
         "parents", "review", "officers", "cabinet", "member", "deficit", "hearing", "appeal",
         "provision", "assessment", "delay", "support")


def _story(seed: int) -> str:
    """A paragraph of its own words, so distinct seeds share no 5-word shingles."""
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(80)) + "."


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    for i in range(6):
        (folder / f"story{i}.txt").write_text(
            f"Headline number {i}\n\nPublished: 2024-02-0{i + 1}\n\n{_story(i)}\n",
            encoding="utf-8")
    # story0 again, undated and with one more sentence: a near-duplicate
    (folder / "copy0.txt").write_text(f"{_story(0)}\n\nThe council declined to comment.\n",
                                      encoding="utf-8")
    (folder / "furniture.txt").write_text("Home   News   Article\n\nSubscribe Now\n",
                                          encoding="utf-8")
    return folder


def _run(folder: Path, cache: BuildCache | None
         ) -> tuple[list[Article], list[Skipped], list[Article]]:
    timings = Timings()
    articles, skipped = read_articles(folder, timings, cache)
    return articles, skipped, primaries(articles, timings, cache)


def test_warm_cache_hits_every_article_and_changes_nothing(tmp_path: Path) -> None:
    folder = _corpus(tmp_path / "corpus")
    fresh = _run(folder, None)
    _run(folder, BuildCache(tmp_path / "cache"))
    cache = BuildCache(tmp_path / "cache")
    warm = _run(folder, cache)

    assert warm == fresh  # names, texts, metadata, duplicates and skips
    assert [s.reason for s in warm[1]] == ["no article text left after cleaning"]
    assert [a.duplicates for a in warm[2] if a.duplicates] == [["copy0.txt"]]
    assert cache.hits["article"] == 8  # the furniture-only file included
    assert cache.hits["minhash"] == 7


def test_cached_article_does_not_bring_old_duplicates(tmp_path: Path) -> None:
    folder = _corpus(tmp_path / "corpus")
    cache = BuildCache(tmp_path / "cache")
    copy = _run(folder, cache)[0][0]
    assert copy.name == "copy0.txt"  # not a primary, so `primaries` leaves its duplicates
    sha = hashlib.sha256((folder / copy.name).read_bytes()).hexdigest()
    cache.put("article", cache_key(copy.name, sha), replace(copy, duplicates=["gone.txt"]))

    articles, _, _ = _run(folder, BuildCache(tmp_path / "cache"))
    assert articles[0].name == "copy0.txt" and articles[0].duplicates == []


def test_changed_file_is_read_again(tmp_path: Path) -> None:
    folder = _corpus(tmp_path / "corpus")
    _run(folder, BuildCache(tmp_path / "cache"))
    (folder / "story3.txt").write_text(f"Headline number 3\n\n{_story(99)}\n", encoding="utf-8")
    cache = BuildCache(tmp_path / "cache")
    articles, _, _ = _run(folder, cache)

    changed = next(a for a in articles if a.name == "story3.txt")
    assert cache.hits["article"] == 7
    assert _story(99) in changed.text and changed.published is None
    assert articles == _run(folder, None)[0]


def test_cached_html_page_is_not_extracted_again(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "page.html").write_text(
        "<html><head><title>Council apologises</title></head><body>"
        f"<article><h1>Council apologises</h1><p>{_story(7)}</p></article></body></html>",
        encoding="utf-8")
    calls: list[str] = []
    real = reading.html_main_text

    def counted(html: str) -> str:
        calls.append(html)
        return real(html)

    monkeypatch.setattr(reading, "html_main_text", counted)
    first, _, _ = _run(folder, BuildCache(tmp_path / "cache"))
    second, _, _ = _run(folder, BuildCache(tmp_path / "cache"))

    assert len(calls) == 1
    assert second == first and _story(7)[:40] in second[0].text


def test_near_duplicates_cluster_the_same_with_a_cache(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    articles, _ = read_articles(_corpus(tmp_path / "corpus"), Timings())

    def names(clusters: list[list[Article]]) -> list[list[str]]:
        return [[a.name for a in c] for c in clusters]

    fresh = names(story_clusters(articles))
    assert ["story0.txt", "copy0.txt"] in fresh and len(fresh) == 6
    assert names(story_clusters(articles, BuildCache(tmp_path / "cache"))) == fresh

    shingled: list[str] = []
    real = dedup.shingles

    def counted(text: str) -> set[str]:
        shingled.append(text)
        return real(text)

    monkeypatch.setattr(dedup, "shingles", counted)
    cache = BuildCache(tmp_path / "cache")
    assert names(story_clusters(articles, cache)) == fresh
    assert cache.hits["minhash"] == 7
    assert len(shingled) == 2  # only the candidate pair, not the whole corpus
