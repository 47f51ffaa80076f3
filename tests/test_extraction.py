"""Extraction end to end on a short story written for this test (another area and style)."""

from __future__ import annotations

import pytest

from kg.extraction import context
from kg.extraction.registry import extract_article, needs_parse
from kg.metadata import read_metadata
from kg.model import Article, Extraction
from kg.nlp import analyse, entity_spans, parse
from kg.pipeline import to_article
from kg.reading import Document
from kg.recognising import may_name_actor
from kg.sentences import split_sentences

STORY = """Council apologises over special needs failings

3 October 2023

Kent County Council has said it is "deeply sorry" after a report found children with special \
educational needs had been failed for years.

An Ofsted and Care Quality Commission (CQC) revisit in September found the council and NHS Kent \
and Medway Integrated Care Board had not made enough progress on weaknesses identified in 2019.

Rory Love, the council's cabinet member for education, said: "We accept the findings in full \
and we will put things right."

The government has now issued an improvement notice, and the Department for Education has \
appointed an adviser, Christine Lewis, to oversee the work.

Liberal Democrat councillor Antony Hook said families had been let down. "Parents have told us \
again and again that the system is broken," he said.

The council said it would spend an extra £8.5m next year on home-to-school transport and £2m on \
specialist places.
"""


@pytest.fixture(scope="module")
def story() -> Extraction:
    article = to_article(Document("kent.txt", STORY, "x", "utf-8"))
    return extract_article(article, next(entity_spans([article.text])))


def names(x: Extraction, key: str | None) -> str | None:
    return next((e.name for e in x.entities if e.key == key), None)


def test_metadata_dates_the_story() -> None:
    assert read_metadata(STORY).published == "2023-10-03"


def test_actors_are_typed(story: Extraction) -> None:
    types = {e.name: e.type for e in story.entities}
    assert types["Kent County Council"] == "LocalAuthority"
    assert types["Kent and Medway Integrated Care Board"] == "IntegratedCareBoard"
    assert types["Care Quality Commission"] == "Regulator"
    assert types["Rory Love"] == types["Antony Hook"] == "Person"
    assert types["Liberal Democrats"] == "PoliticalParty"


def test_roles_and_parties(story: Extraction) -> None:
    held = {(names(story, r.person), r.role, names(story, r.organisation), names(story, r.party))
            for r in story.roles}
    assert ("Rory Love", "cabinet member for education", "Kent County Council", None) in held
    assert ("Antony Hook", "councillor", "Kent County Council", "Liberal Democrats") in held


def test_quotes_go_to_the_right_speaker(story: Extraction) -> None:
    said = {q.text[:20]: names(story, q.speaker) for q in story.quotes}
    assert said == {"We accept the findin": "Rory Love", "Parents have told us": "Antony Hook",
                    "deeply sorry": "Kent County Council"}  # a fragment after "has said"


def test_events_money_and_measures(story: Extraction) -> None:
    revisit = next(e for e in story.events if e.kind == "revisit")
    assert revisit.date is not None and revisit.date.iso == "2023-09"
    assert {p.role for p in revisit.participants} == {"inspector", "inspected"}
    money = sorted((e.money.amount_gbp, e.purpose) for e in story.events if e.money)
    assert money == [(2_000_000, "specialist places"), (8_500_000, "home-to-school transport")]
    notice = next(e for e in story.events if e.kind == "intervention")
    assert (notice.measure, notice.status) == ("improvement notice", "in-place")


def test_outlets_named_in_the_text_are_news_outlets() -> None:
    text = ("Daleford Borough Council told the Fenland Messenger it would appeal, and a "
            "spokesman told BBC News the Daleford Local Offer website would be updated.")
    article = to_article(Document("outlets.txt", text, "x", "utf-8"))
    x = extract_article(article, next(entity_spans([article.text])))
    outlets = {e.name for e in x.entities if e.type == "NewsOutlet"}
    assert outlets == {"Fenland Messenger", "BBC", "Daleford Local Offer"}


def test_the_builds_batched_parses_read_as_parses_made_on_demand(story: Extraction) -> None:
    """A build parses every sentence of a batch in one `nlp.pipe` pass; extraction must
    not depend on that (a test, a cluster worker or a rebuild may parse one at a time)."""
    other = "Westmoor Council met. Cllr Ada Marsh (Con) said: “We will do better.”"
    articles = [to_article(Document(n, t, "x", "utf-8"))
                for n, t in (("kent.txt", STORY), ("own.txt", other))]
    (spans, parses), _ = analyse(a.text for a in articles)
    assert set(parses) == {s.start for s in split_sentences(articles[0].text)}
    assert spans == next(entity_spans([articles[0].text]))
    assert extract_article(articles[0], spans, parses) == story


def test_a_sentence_with_no_full_stop_is_read_in_bounded_stretches() -> None:
    """NER still covers all of it; the parse covers its first stretch."""
    text = "word " * 2000 + "Westmoor Borough Council apologised"
    (spans, parses), = analyse([text])
    assert len(parses[0]) < 600
    assert any(text[a:b] == "Westmoor Borough Council" for a, b, _ in spans)


def test_parsing_only_the_sentences_extractors_read_changes_nothing() -> None:
    """The build parses only sentences an extractor reads (`needs_parse`); any other
    sentence an extractor asks about is parsed on demand, to the same result."""
    text = STORY + "\nthe waits had grown longer every year since then.\n"
    article = to_article(Document("kent.txt", text, "x", "utf-8"))
    (spans, parses), = analyse([article.text], needs_parse)
    assert 0 < len(parses) < len(split_sentences(article.text))
    (_, every), = analyse([article.text])
    assert extract_article(article, spans, parses) == extract_article(article, spans, every)


def test_a_build_parses_in_its_batch_every_sentence_an_extractor_reads(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Parsing one sentence at a time on demand costs more than in spaCy's batch: the
    sentences `needs_parse` accepts are all an article's extractors ask about."""
    text = ("Published: 3 March 2025\n\nWestshire Council names new leader\n\n"
            "The leader of Westshire Council thanked Ann Lee for her work on the plan. "
            "Ann Lee, the director of children's services, will leave in May. "
            "Families had waited too long, the report found.")
    article = to_article(Document("own.txt", text, "x", "utf-8"))
    (spans, parses), = analyse([article.text], needs_parse, may_name_actor)
    asked: list[str] = []
    monkeypatch.setattr(context, "parse", lambda s: asked.append(s) or parse(s))
    extract_article(article, spans, parses)
    assert asked == []


def test_skipping_ner_where_no_actor_can_be_named_changes_nothing(story: Extraction) -> None:
    """The build runs NER only on sentences with a capital beyond an opening function
    word (`may_name_actor`); the article reads the same."""
    article = to_article(Document("kent.txt", STORY, "x", "utf-8"))
    sentences = [s.text for s in split_sentences(article.text)]
    assert any(not may_name_actor(s) for s in sentences)
    (spans, parses), = analyse([article.text], needs_parse, may_name_actor)
    assert extract_article(article, spans, parses) == story


@pytest.mark.parametrize(("sentence", "may"), [
    ("She said the plan was late and families had waited too long.", False),
    ("“It is not good enough,” he added.", False),
    ("Inspectors found the waits were too long.", True),  # an opening word NER may name
    ("It was, said Mary Hollis, not good enough.", True),
    ("The plan went to the Élan Trust.", True),
])
def test_a_sentence_may_name_an_actor_only_with_a_capital_past_its_opening_word(
        sentence: str, may: bool) -> None:
    assert may_name_actor(sentence) is may


def test_a_body_keeps_its_acronym_and_drops_the_day_it_met() -> None:
    """"SEND" stays in capitals though "Send us ..." opens a sentence; "last Tuesday's
    X Board" names the board, not a Tuesday's board."""
    text = ("Here is our round-up of last Tuesday's Kelmere SEND Partnership Board, where "
            "three of us sat in. Send us your questions before the next one.")
    article = to_article(Document("board.txt", text, "x", "utf-8"))
    x = extract_article(article, next(entity_spans([article.text])))
    assert "Kelmere SEND Partnership Board" in {e.name for e in x.entities}


def test_the_article_s_own_outlet_is_named_where_the_text_names_it() -> None:
    """"told the Echo": the outlet its banner names, as papers name themselves."""
    text = ("The leader of Harbridge Borough Council, Ruth Okafor, told the Echo that a "
            "review of SEND transport would report in June.")
    article = Article("echo.txt", text, sha256="x", outlet="Harbridge Echo")
    x = extract_article(article, next(entity_spans([text])))
    [outlet] = [e for e in x.entities if e.type == "NewsOutlet"]
    assert (outlet.name, [m.sentence for m in outlet.mentions]) == ("Harbridge Echo", [text])
