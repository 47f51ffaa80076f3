"""Long text has bounded cost: a line with no full stop, an article past spaCy's limit,
an article far longer than any news story (issue 12, cases 1 and 2)."""

from __future__ import annotations

import json
import random
import re
from dataclasses import fields, is_dataclass
from pathlib import Path

import pytest
from rdflib import Graph

from kg import settings
from kg.model import Article, Evidence
from kg.pipeline import Timings, build, extract_all
from kg.sentences import bound_lines, split_sentences
from kg.vocab import KG, OA
from tests.conftest import SEEDS

MB = 1 << 20


def seeds_text() -> str:
    return "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))


def page_data(page: Path) -> dict:
    html = page.read_text(encoding="utf-8")
    return json.loads(re.search(r'id="kg-data">(.*?)</script>', html, re.S).group(1))


def test_a_long_line_without_full_stops_builds_small_exports(tmp_path: Path) -> None:
    """150 KB of news with no full stop and no line break: the old build wrote a page of
    hundreds of MB (each edge copying its whole "sentence") and, from 200 KB, ran out of
    memory."""
    line = re.sub(r"[.!?]", ",", seeds_text()).replace("\n", " ")
    text = (line * (150_000 // len(line) + 1))[:150_000]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "long.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = build(corpus, out, use_cache=False)

    assert result.report["articles_read"] == 1 and result.report["facts"]["events"] > 0
    assert (out / "graph.html").stat().st_size < 5 * MB
    for name in ("graph.ttl", "graph.nt", "graph.trig", "graph.jsonld", "entities.json"):
        assert (out / name).stat().st_size < 60 * len(text), name  # linear in the input
    # Every sentence is bounded; a quote's evidence is its passage, a few of them.
    sentences = [str(row.text) for row in Graph().parse(out / "graph.ttl").query(
        """SELECT DISTINCT ?text WHERE { ?e kg:sentence/oa:exact ?text ; kg:extractor ?x
                                        FILTER (!STRSTARTS(?x, "quotes/")) }""",
        initNs={"kg": KG, "oa": OA})]
    assert sentences and max(map(len, sentences)) <= settings.SENTENCE_MAX_CHARS
    data = page_data(out / "graph.html")
    assert len(data["evidence"]) == len(set(data["evidence"]))  # each line stored once
    shown = json.dumps([data["nodeDetails"], data["edgeDetails"]], ensure_ascii=False)
    assert not any(line in shown for line in data["evidence"])  # referred to, not copied
    assert max(len(e["title"]) for e in data["edges"]) < 1_000


def test_an_article_over_a_million_characters_is_built(tmp_path: Path) -> None:
    """spaCy refuses a text over `nlp.max_length` (1,000,000) with E088, which used to
    abort the whole build; the build reads one bounded sentence at a time."""
    rng = random.Random(12)
    words = ("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(100))
             for _ in range(10_500))
    sentences = (" ".join(next(words) for _ in range(7)).capitalize() + "."
                 for _ in range(1_500))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "huge.txt").write_text(" ".join(sentences), encoding="utf-8")
    (corpus / "seed.txt").write_text(next(SEEDS.glob("*.txt")).read_text(encoding="utf-8"),
                                     encoding="utf-8")
    assert (corpus / "huge.txt").stat().st_size > 1_000_000
    result = build(corpus, tmp_path / "out", use_cache=False)
    assert result.report["articles_read"] == 2 and result.report["skipped"] == []
    assert "/article/huge-txt>" in (tmp_path / "out" / "graph.nt").read_text(encoding="utf-8")


def test_lines_and_sentences_are_cut_where_a_space_was() -> None:
    limit = settings.SENTENCE_MAX_CHARS
    sentence = "The council said the plan was late and the board agreed with it. "
    text = "Short line.\n" + sentence * (3 * limit // len(sentence)) + "\n" + "x" * (3 * limit)
    bounded = bound_lines(text)
    assert len(bounded) == len(text)
    assert all(a == b or (a == " " and b == "\n") for a, b in zip(text, bounded, strict=True))
    long_lines = bounded.split("\n")[1:-1]
    assert len(long_lines) > 1 and all(len(line) <= limit for line in long_lines)
    assert all(line.endswith("it.") for line in long_lines[:-1])  # cut at a sentence end
    pieces = split_sentences(bounded)
    assert all(len(s.text) <= limit and bounded[s.start:s.end] == s.text for s in pieces)
    assert "".join(s.text for s in pieces if s.text.startswith("x")) == "x" * (3 * limit)


def _evidence(value: object) -> list[Evidence]:
    """Every Evidence reachable from an extraction's fields, however they nest."""
    if isinstance(value, Evidence):
        return [value]
    if isinstance(value, list | tuple):
        return [e for v in value for e in _evidence(v)]
    if is_dataclass(value) and not isinstance(value, Article):
        return [e for f in fields(value) for e in _evidence(getattr(value, f.name))]
    return []


def test_a_long_article_is_read_in_windows_with_its_own_offsets(
        monkeypatch: pytest.MonkeyPatch) -> None:
    text = seeds_text()
    article = Article("all.txt", text, "0" * 64)
    monkeypatch.setattr(settings, "EXTRACT_WINDOW_CHARS", 4_000)
    [x] = extract_all([article], Timings())
    found = _evidence(x)
    assert x.article is article and x.events and x.quotes and x.roles
    assert found and all(text[e.start:e.end] == e.sentence for e in found)
    # facts come from every window, not only the first
    assert max(e.start for e in found) > len(text) - 4_000
    keys = [e.key for e in x.entities]
    assert len(keys) == len(set(keys))
