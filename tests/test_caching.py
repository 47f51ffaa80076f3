"""A cached rebuild reads, cleans and deduplicates to exactly what a fresh build does;
its entries are data that read back exactly, or not at all."""

from __future__ import annotations

import hashlib
import pickle
import random
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from kg import dedup, reading, settings
from kg.cachecodec import CodecError
from kg.caching import SUFFIX, BuildCache, cache_key, pack, seal, unpack
from kg.dedup import story_clusters
from kg.model import (
    Article,
    DateValue,
    Deficit,
    Entity,
    Event,
    Evidence,
    Extraction,
    Money,
    Participant,
    Quote,
    Relation,
    Role,
    Skipped,
)
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


def _extraction() -> Extraction:
    """One of every kind of fact, so every field type the cache stores is in it."""
    ev = Evidence("a.txt", "The council’s deficit is £2m.", 0, 29, "deficits", 0.9)
    art = Article("a.txt", "The council’s deficit is £2m.\n", "ab" * 32, title="T",
                  duplicates=["b.txt"], removed_lines=3)
    money = Money("£2m", 2_000_000, "year", "more than")  # an int amount stays an int
    return Extraction(
        article=art,
        entities=[Entity("org/council", "The Council", "Organisation", {"council", "Council"},
                         [ev])],
        roles=[Role("Ann Lee", None, "org/council", None, ev, organisation_evidence=ev,
                    links=("worksFor", "leads"))],
        quotes=[Quote("Ann Lee", "We will act", ev, reported=True)],
        events=[Event("inspection", "Inspection", ev, DateValue("in May", "2024-05", True),
                      [Participant("org/council", "inspected", None)], money=money)],
        relations=[Relation("org/a", "partOf", "org/b", ev, support=ev)],
        deficits=[Deficit(None, Money("£1.5m", 1.5e6), "deficit", ev)],
    )


def test_every_stage_round_trips_exactly() -> None:
    from kg.exporting import Chunks

    extraction = _extraction()
    chunks = Chunks(3, b"\x00\xff trig\n", b"<a> <b> <c> .\n", ("<a> <b> <c>",))
    hashvalues = np.arange(settings.MINHASH_PERMUTATIONS, dtype=np.uint64) * (2**40 + 7)
    for stage, value in (("extraction", extraction), ("article", extraction.article),
                         ("story", chunks)):
        assert unpack(stage, "k", pack(stage, "k", value)) == value
    back = unpack("extraction", "k", pack("extraction", "k", extraction))
    assert type(back.events[0].money.amount_gbp) is int
    assert back.roles[0].links == ("worksFor", "leads") and back.entities[0].aliases == {
        "council", "Council"}
    minhash = unpack("minhash", "k", pack("minhash", "k", hashvalues))
    assert minhash.dtype == np.uint64 and (minhash == hashvalues).all()


def test_any_flipped_byte_or_other_key_is_caught() -> None:
    entry = pack("article", "k", _extraction().article)
    for i in range(len(entry)):
        flipped = bytearray(entry)
        flipped[i] ^= 0x01
        with pytest.raises(CodecError):
            unpack("article", "k", bytes(flipped))
    with pytest.raises(CodecError):
        unpack("article", "other", entry)
    with pytest.raises(CodecError):
        unpack("extraction", "k", entry)


@pytest.mark.parametrize("payload", [
    pickle.dumps(Article("a", "b", "c")),  # the old format
    b'[["os.system", "touch /tmp/x"], []]\n',  # a name is only ever a string
    b'{"__class__": "Article"}\n',
    b'[["a", "b", "c", null, null, null, []], []]\n',  # one field short
    b'[["a", 7, "c", null, null, null, [], 0], []]\n',  # a number for the text
    b'[["a", "b", "c", null, null, null, {}, 0], []]\n',  # a map for a list
    b'[["a", "b", "c", null, null, null, [], true], []]\n',  # a bool for an int
    b'[["a", "\\ud800", "c", null, null, null, [], 0], []]\n',  # a lone surrogate
    b'[["a", "b", "c", null, null, null, [], 0], [5]]\nabc',  # blob table too long
    b'[["a", "b", "c", null, null, null, [], 0], []]\nabc',  # bytes left over
    b'[["a", "b", "c", null, null, null, [], 0], []]',  # no blob section
    b"[" * 100_000 + b"\n",  # deeper than the parser goes
])
def test_a_well_sealed_entry_of_the_wrong_shape_is_refused(payload: bytes) -> None:
    """The hash only finds damage: whoever writes the file can reseal it, so decoding
    itself accepts nothing but the stage's own dataclasses, field by field."""
    with pytest.raises(CodecError):
        unpack("article", "k", seal("article", "k", payload))
    good = b'[["a", "b", "c", null, null, null, [], 0], []]\n'
    assert unpack("article", "k", seal("article", "k", good)) == Article("a", "b", "c")


def test_bad_entries_are_counted_and_old_pickles_pruned(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)
    cache.put("article", "good", Article("a", "b", "c"))
    cache.put("article", "bad", Article("a", "b", "c"))
    (tmp_path / "article" / f"bad{SUFFIX}").write_bytes(b"\x80garbage")
    (tmp_path / "article" / "good.pickle").write_bytes(pickle.dumps(Article("x", "y", "z")))

    cache = BuildCache(tmp_path)
    assert cache.get("article", "good") == Article("a", "b", "c")
    assert cache.get("article", "bad") is None and cache.get("article", "none") is None
    assert cache.discarded == 1 and cache.hits["article"] == 1
    cache.prune()
    assert sorted(p.name for p in (tmp_path / "article").iterdir()) == [
        f"bad{SUFFIX}", f"good{SUFFIX}"]
