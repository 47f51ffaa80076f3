"""Metadata is read only where the text states it; anything unstated is None."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.cleaning import clean_text
from kg.metadata import read_metadata
from kg.pipeline import build
from kg.querying import load_query, run_query

ROOT = Path(__file__).parent.parent
HEADLINE = "Westshire families wait two years for SEND plans"
BODY = (
    "Families in Westshire are waiting up to two years for education, health and care plans, "
    "new figures show.\n\n"
    "Westshire County Council said it had recruited more educational psychologists."
)


def article(*header: str, tail: str = "") -> str:
    return "\n\n".join([*header, BODY, tail])


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("PUBLISHED: 07:30 06 March 2019 | UPDATED: 09:39 06 March 2019", "2019-03-06T07:30"),
        ("UPDATED: 09:39 07 March 2019 | PUBLISHED: 07:30 06 March 2019", "2019-03-06T07:30"),
        ("Published: 6 March 2019", "2019-03-06"),
        ("Published: 2024-01-30", "2024-01-30"),
        ("Last updated 12:01, 3 June 2023", "2023-06-03T12:01"),
        ("Updated: 5.30pm, Tuesday 30 January 2024", "2024-01-30T17:30"),
        ("Posted on 1st Sept 2021 at 9am", "2021-09-01T09:00"),
        ("By Jane Doe | 14 February 2022", "2022-02-14"),
        ("Posted on 9 June 2023 by Westshire SEND Families Network", "2023-06-09"),
        ("Posted on 2 July 2024 by admin", "2024-07-02"),
        ("Posted on 2 July 2024 by Westshire Families Group · 4 min read", "2024-07-02"),
        ("Published 2 July 2024 | 3 mins read", "2024-07-02"),
        ("30 Jan 2024", "2024-01-30"),
        ("Tuesday 30 January 2024", "2024-01-30"),
        ("January 30, 2024", "2024-01-30"),
        ("2024-01-30", "2024-01-30"),
        ("30/01/2024", "2024-01-30"),
    ],
)
def test_publication_date_formats(line: str, expected: str) -> None:
    assert read_metadata(article(HEADLINE, line)).published == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (("Priya Nandra 01 March 2022", HEADLINE), "2022-03-01"),
        (("date 2024-09-04 Watch more of our videos on WestTV",), "2024-09-04"),
        ((HEADLINE, "Thursday 24 March 2022: Westmoor Council has agreed a deal."), "2022-03-24"),
        ((HEADLINE, "12 May 2021 - Harbridge parents have protested."), "2021-05-12"),
    ],
)
def test_date_at_the_head_of_a_header_line(lines: tuple[str, ...], expected: str) -> None:
    """A byline name, a labelled stamp with page text, or a dateline opening the story."""
    assert read_metadata(article(*lines)).published == expected


def test_stated_stamp_beats_a_dateline_in_the_text() -> None:
    text = article(HEADLINE, "Published: 6 March 2019", "2 March 2019: Westmoor Council met.")
    assert read_metadata(text).published == "2019-03-06"


@pytest.mark.parametrize(
    "line",
    [
        "On 24 March 2022: the council met.",
        "Priya Nandra said on 01 March 2022 that it was late.",
        "March 2019",
        "Published: March 2019",
        "Published: 12:30",
        "31/02/2024",
        "The report was published on 6 March 2019, the council said.",
    ],
)
def test_no_full_date_stated_gives_none(line: str) -> None:
    assert read_metadata(article(HEADLINE, line)).published is None


def test_article_without_any_date_has_none() -> None:
    assert read_metadata(article(HEADLINE)).published is None


def test_published_line_counts_anywhere_but_a_bare_date_only_near_the_top() -> None:
    filler = "\n".join(f"Paragraph {n} of the story." for n in range(12))
    assert read_metadata(article(HEADLINE, filler, tail="Published: 9 May 2022")).published == (
        "2022-05-09"
    )
    assert read_metadata(article(HEADLINE, filler, tail="9 May 2022")).published is None


def test_published_stamp_wins_over_an_earlier_updated_one() -> None:
    raw = article(HEADLINE, "Updated: 10 May 2022", "Published: 9 May 2022")
    assert read_metadata(raw).published == "2022-05-09"


def test_headline_first_line_is_the_title() -> None:
    assert read_metadata(article(HEADLINE)).title == HEADLINE


def test_title_skips_navigation_and_subscription_furniture() -> None:
    raw = article(
        "Home   Daleford   News   Article", "Subscribe Now", HEADLINE, "More news, no ads"
    )
    assert read_metadata(raw).title == HEADLINE


def test_body_sentence_first_line_means_no_title() -> None:
    meta = read_metadata(BODY)
    assert meta.title is None
    assert meta.outlet is None


def test_masthead_gives_the_outlet_and_the_next_line_the_title() -> None:
    meta = read_metadata(article("Westshire Local Offer", HEADLINE, "30 Jan 2024"))
    assert (meta.outlet, meta.title, meta.published) == (
        "Westshire Local Offer",
        HEADLINE,
        "2024-01-30",
    )


def test_headline_alone_is_not_taken_for_an_outlet() -> None:
    assert read_metadata(article(HEADLINE)).outlet is None


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        (
            "If you value this story, please consider supporting the Daleford Gazette.",
            "Daleford Gazette",
        ),
        ("Latest from the Westshire Bugle", "Westshire Bugle"),
        ("© 2023 Daleford Evening Chronicle. All rights reserved.", "Daleford Evening Chronicle"),
        ("Copyright Westshire Echo 2024", "Westshire Echo"),
        ("Follow the Daleford Advertiser on Facebook", "Daleford Advertiser"),
    ],
)
def test_outlet_from_revealing_phrasings(line: str, outlet: str) -> None:
    assert read_metadata(article(HEADLINE, tail=line)).outlet == outlet


def test_supporting_a_local_group_is_not_an_outlet() -> None:
    raw = article(HEADLINE, tail="Volunteers are supporting the Westshire Parent Carer Forum.")
    assert read_metadata(raw).outlet is None


def test_outlet_suffix_of_a_web_page_title() -> None:
    meta = read_metadata(article(f"{HEADLINE} | Daleford Gazette", "Published: 2021-11-02"))
    assert (meta.title, meta.outlet, meta.published) == (HEADLINE, "Daleford Gazette", "2021-11-02")


def test_single_word_outlet_keeps_its_article() -> None:
    assert read_metadata(article("The Times", HEADLINE)).outlet == "The Times"


@pytest.mark.parametrize(
    "gold", sorted((ROOT / "tests" / "gold").glob("*.json")), ids=lambda p: p.stem
)
def test_seed_articles_match_gold(gold: Path) -> None:
    expected = json.loads(gold.read_text(encoding="utf-8"))
    meta = read_metadata((ROOT / "seeds" / expected["article"]).read_text(encoding="utf-8"))
    assert meta.title == expected.get("title")
    assert meta.outlet == expected.get("outlet")
    assert (meta.published or "")[:10] == (expected["published"] or "")


def test_a_site_banner_over_its_menu_names_the_outlet_and_is_not_the_article() -> None:
    page = ("THE HARBRIDGE LANTERN\nCommunity news for Harbridge and the Levels\n"
            "News | Council | Schools | What's on\n\nCOUNCIL\n\n"
            "Council declares it cannot balance its books\n\n"
            "Posted by Amy Stone on 14/11/2025\n\n"
            "Harbridge Borough Council has issued a section 114 notice.")
    meta = read_metadata(page)
    assert (meta.title, meta.outlet, meta.published) == (
        "Council declares it cannot balance its books", "Harbridge Lantern", "2025-11-14")
    text = clean_text(page).text
    assert text.startswith("COUNCIL") and "Community news" not in text and "Amy Stone" not in text


def test_a_bodys_own_banner_stays_in_its_text_and_is_no_outlet() -> None:
    page = ("Harbridge Borough Council\nHome > News > Children and families\n\n"
            "Ofsted rates our services good\n\nPublished: 19 November 2025\n\n"
            "Our children's services have been judged good.\n\nENDS\n\nNotes to editors\n\n"
            "Media enquiries: Amy Stone, press office\n\nLine four of the notes.")
    assert read_metadata(page).outlet is None
    text = clean_text(page).text
    assert text.startswith("Harbridge Borough Council") and "Amy Stone" not in text


def test_a_byline_over_the_reporters_post_over_the_date_is_furniture() -> None:
    page = ("Councillors told of delays\n\nAmy Stone\nLocal Democracy Reporter\n"
            "Thursday, November 27, 2025\n\nThe committee heard on Tuesday that waits grew.")
    assert "Amy Stone" not in clean_text(page).text


def test_a_newsletter_issue_line_dates_it_and_its_email_links_are_furniture() -> None:
    raw = ("View this newsletter in your browser\n\nKELMERE SEND WEEKLY\n"
           "Your Monday briefing | No. 48 | Monday 2 June 2025\n\n" + BODY +
           "\n\nManage your subscription | Unsubscribe")
    assert read_metadata(raw).published == "2025-06-02"
    text = clean_text(raw).text
    assert "browser" not in text and "Unsubscribe" not in text and BODY.split(",")[0] in text


def test_a_posted_stamp_with_its_author_s_post_is_furniture_and_dates_the_page() -> None:
    raw = f"{HEADLINE}\n\nPosted on 9 May 2025 by Tom Ashby, Crime and Courts Reporter\n\n{BODY}"
    assert read_metadata(raw).published == "2025-05-09"
    assert "Ashby" not in clean_text(raw).text


def test_a_programme_slug_in_capitals_dates_a_broadcast_script() -> None:
    raw = ("KELMERE TONIGHT - 18:30 PROGRAMME - WEDNESDAY 8 OCTOBER 2025\nITEM 04\n\n"
           "PRESENTER: Parents say their children were abandoned.\n")
    assert read_metadata(raw).published == "2025-10-08"


def test_a_banner_the_story_names_as_its_own_outlet() -> None:
    page = ("HealthPulse\n\nTrust to cut 40 beds\n\nBy Ann Lee\n\nThe trust told HealthPulse "
            "it would cut 40 beds.\n")
    assert read_metadata(page).outlet == "HealthPulse"
    assert read_metadata(page).title == "Trust to cut 40 beds"
    # a body's own page that names the body so is no outlet
    council = ("Kelmere Council\n\nNews\n\nBudget set\n\nThe leader told Kelmere Council staff "
               "the budget was set.\n")
    assert read_metadata(council).outlet is None


def test_a_newsletter_dated_by_its_month_dates_its_diary(tmp_path: Path) -> None:
    page = ("Kelmere Parent Carer Forum\nSpring Newsletter – April 2026\n\nHello everyone,\n\n"
            "On Tuesday 10 March we met Kelmere Council's assistant director for SEND.\n\n"
            "The council's consultation closes at 5pm on Friday 15 May.\n")
    assert read_metadata(page).published == "2026-04"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "kelmere.txt").write_text(page, encoding="utf-8")
    build(tmp_path / "in", tmp_path / "out")  # the build's SHACL check takes the month alone
    rows = run_query(load_query("events"), tmp_path / "out" / "graph.ttl", "oxigraph")[1]
    assert {r["date"] for r in rows} >= {"2026-03-10", "2026-05-15"}


def test_a_date_under_a_long_menu_before_the_first_paragraph_dates_the_page() -> None:
    menu = ["Kelmere Courier", "Home", "News", "Sport", "Weather", "Local", "Opinion",
            "Business", "LIVE", "Kelmere council leader quits over care home sale",
            "Summary", "The leader resigns after a vote", "Edited by Ann Lee"]
    raw = "\n".join([*menu, "Wednesday 4 June 2025", "Share",
                     "The leader of Kelmere Council, Omar Reid, has resigned after losing a "
                     "vote on the sale of two care homes."])
    assert read_metadata(raw).published == "2025-06-04"
    late = "\n".join(["Kelmere Courier", "Council news",
                      "The leader of Kelmere Council has resigned after losing a vote on the "
                      "sale of two care homes, the council said.", *(["More text here."] * 9),
                      "14 May 2019"])
    assert read_metadata(late).published is None


def test_a_published_stamp_glued_to_its_updated_stamp_dates_the_page() -> None:
    raw = article(HEADLINE, "07:00, 19 Sep 2024Updated 09:41, 19 Sep 2024")
    assert read_metadata(raw).published == "2024-09-19T07:00"
