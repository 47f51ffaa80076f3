"""Furniture is removed by kind; real sentences, even ones mentioning furniture words, stay."""

from __future__ import annotations

import time

import pytest

from kg.cleaning import clean_text

BODY = [
    "Westshire County Council has been told to improve its SEND services after inspectors "
    "found widespread failings.",
    "Inspectors from Ofsted and the Care Quality Commission visited the area in October.",
    "“We accept the findings in full,” said Cllr Amira Patel, cabinet member for education.",
    "The council said an improvement plan would be published next month.",
]


def page(*furniture: str, after: tuple[str, ...] = ()) -> str:
    """An article with furniture lines first, the body, then `after` lines."""
    return "\n\n".join([*furniture, *BODY, *after])


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


@pytest.mark.parametrize(
    "line",
    [
        "Home \u00a0 Daleford \u00a0 News \u00a0 Article",
        "Home > News > Education",
        "Subscribe Now",
        "More news, no ads",
        "Sign up to our newsletter",
        "Sign up to the Daleford Gazette newsletter for the latest local news",
        "Already a subscriber? Log in",
        "Children at a Westshire school. Picture: JOHN SMITH/ARCHIVE",
        "Parents outside County Hall. Photo: Daleford Gazette",
        "Image: Westshire County Council",
        "A classroom at a special school. Credit: STOCK PHOTO",
        "A classroom at a special school (Getty Images)",
        "The council offices in Daleford. PA Wire",
        "This content is subject to copyright.",
        "© 2024 Daleford Gazette Ltd",
        "Copyright © Westshire Echo",
        "Share this article",
        "Follow us on Twitter",
        "Facebook Twitter WhatsApp Email",
        "READ MORE: Westshire school transport costs soar",
        "Advertisement",
        "PUBLISHED: 10:15 12 May 2021 | UPDATED: 11:02 12 May 2021",
        "Published: 12 May 2021",
        "Last updated 12:01, 3 June 2023",
        "By Tom Hale | 14 February 2022",
        "By Tom Hale, Local Democracy Reporter",
        "Exclusive by Tom Hale, Data Reporter",
        "Tom Hale, senior reporter @tomhale",
        "Edited by Tom Hale",
        "Tuesday 30 January 2024",
        "2024-01-30",
    ],
)
def test_furniture_line_is_removed(line: str) -> None:
    cleaned = clean_text(page(line))
    assert paragraphs(cleaned.text) == BODY
    assert len(cleaned.removed) == 1


@pytest.mark.parametrize(
    "sentence",
    [
        "The council said the picture was bleak.",
        "Parents painted a grim picture: waiting lists had doubled in a year.",
        "Families can subscribe to the council's SEND newsletter for updates on the plan.",
        "The report is subject to copyright rules, the council said, so it cannot be reprinted.",
        "A photo of the new school was shown to councillors at the meeting.",
        "Share of pupils with an education, health and care plan rose to 5%.",
        "By March 2025, the council expects every plan to be issued on time.",
        "Published in January, the report criticised leaders across the partnership.",
        "Thank you for listening to us, one mother told the committee.",
        "Most read the report on Tuesday, but few had seen the appendix.",
    ],
)
def test_sentences_mentioning_furniture_words_are_kept(sentence: str) -> None:
    cleaned = clean_text(page(after=(sentence,)))
    assert paragraphs(cleaned.text) == [*BODY, sentence]
    assert cleaned.removed == []


def test_supporter_appeal_block_is_removed_through_thank_you() -> None:
    appeal = (
        "If you value what this story gives you, please consider supporting the Daleford "
        "Gazette. Click the link below for details.",
        "Become a supporter",
        "This newspaper has been part of community life for years. Every contribution helps us "
        "keep going.",
        "Thank you.",
    )
    cleaned = clean_text(page(after=appeal))
    assert paragraphs(cleaned.text) == BODY
    assert cleaned.removed == list(appeal)


def test_comment_rules_and_everything_after_are_cut() -> None:
    rules = (
        "Comments: Our rules",
        "We want our comments to be a lively and valuable part of our community.",
        "Please report any comments that break our rules.",
        "Read the rules here",
    )
    cleaned = clean_text(page(after=rules))
    assert paragraphs(cleaned.text) == BODY
    assert cleaned.removed == list(rules)


@pytest.mark.parametrize("marker", ["Most Read", "Trending", "Latest from the Daleford Gazette"])
def test_trailing_rails_are_cut(marker: str) -> None:
    rail = (marker, "School bus contract cancelled", "New head for Daleford academy")
    cleaned = clean_text(page(after=rail))
    assert paragraphs(cleaned.text) == BODY
    assert cleaned.removed == list(rail)


def test_rail_marker_before_the_story_removes_only_itself() -> None:
    cleaned = clean_text(page("Most Read"))
    assert paragraphs(cleaned.text) == BODY
    assert cleaned.removed == ["Most Read"]


def test_repeated_caption_is_kept_once() -> None:
    caption = "Cllr Amira Patel, cabinet member for education and skills."
    raw = "\n".join([BODY[0], caption, caption, *BODY[1:]])
    cleaned = clean_text(raw)
    assert paragraphs(cleaned.text) == [BODY[0], caption, *BODY[1:]]
    assert cleaned.removed == [caption]


def test_credited_caption_printed_twice_leaves_no_copy() -> None:
    caption = "Pupils at a Westshire school. Picture: JANE ROE/WESTSHIRE NEWS"
    cleaned = clean_text(page(caption, caption))
    assert paragraphs(cleaned.text) == BODY
    assert cleaned.removed == [caption, caption]


def test_short_label_repeated_later_is_dropped() -> None:
    raw = "\n\n".join(["What happens next", *BODY[:2], "What happens next", *BODY[2:]])
    cleaned = clean_text(raw)
    assert paragraphs(cleaned.text) == ["What happens next", *BODY]
    assert cleaned.removed == ["What happens next"]


def test_masthead_line_is_removed() -> None:
    raw = "\n\n".join(["Westshire Local Offer", "Inspection report published", *BODY])
    cleaned = clean_text(raw)
    assert paragraphs(cleaned.text) == ["Inspection report published", *BODY]
    assert cleaned.removed == ["Westshire Local Offer"]


def test_whitespace_is_normalised_and_typography_kept() -> None:
    raw = (
        "\ufeffFirst line of the story – with a dash.  \r\n\r\n\r\n\r\n"
        "“Quoted words,”\u00a0she said.\t\n\n\n"
    )
    assert (
        clean_text(raw).text
        == "First line of the story – with a dash.\n\n“Quoted words,” she said."
    )


def test_hard_wrapped_sentence_is_rejoined() -> None:
    raw = "The council said its plan would be\nready by the end of the year.\nIt gave no date."
    assert paragraphs(clean_text(raw).text) == [
        "The council said its plan would be ready by the end of the year.",
        "It gave no date.",
    ]


def test_text_of_only_furniture_is_empty() -> None:
    cleaned = clean_text("Subscribe Now\n\nShare this article\n")
    assert cleaned.text == ""
    assert cleaned.removed == ["Subscribe Now", "Share this article"]


def test_many_short_lines_cost_linear_time() -> None:
    """Repeated labels were looked up in a list: 200,000 distinct short lines (3.5 MB,
    under the file limit) took five minutes. Four times the lines must cost about four
    times as long, not sixteen."""
    def seconds(lines: int) -> float:
        text = "\n".join(f"Label {i} here" for i in range(lines))
        start = time.perf_counter()
        cleaned = clean_text(text)
        assert len(paragraphs(cleaned.text)) == lines
        return time.perf_counter() - start

    assert seconds(40_000) < 9 * seconds(10_000)


def test_a_byline_over_two_lines_with_the_outlet_after_the_post() -> None:
    raw = ("Council told to pay family\n\nJo Brindle\nReporter, Westshire Sound\n"
           "Published: 21 May 2025, 06:12\n\nWestshire Council has been told to pay a family.\n")
    cleaned = clean_text(raw)
    assert cleaned.text == ("Council told to pay family\n\n"
                            "Westshire Council has been told to pay a family.")


def test_a_letter_s_addressee_under_its_date_is_no_byline() -> None:
    raw = ("Area SEND inspection of Kelmere\n\n11 March 2025\n\nAnn Hollis\nDirector of "
           "Children's Services, Kelmere City Council\n\nDear Ms Hollis\n\nOfsted visited.\n")
    assert "Ann Hollis" in clean_text(raw).text
    byline = ("Kelmere council cuts\n\n11 March 2025\n\nAnn Hollis\nLocal Democracy Reporter\n\n"
              "Kelmere City Council cut its budget on Monday.\n")
    assert "Ann Hollis" not in clean_text(byline).text
