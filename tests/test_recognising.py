"""Recognising and resolving actors in phrasings real copy uses, on sentences of our own."""

from __future__ import annotations

import pytest

from kg.cleaning import clean_text
from kg.extraction.registry import extract_article
from kg.metadata import read_metadata
from kg.model import Article
from kg.nlp import entity_spans
from kg.recognising import recognise, unshout_lines


def actors(text: str) -> dict[str, str]:
    """Name -> type of every actor one article's text resolves to."""
    article = Article("own.txt", text, "0" * 64)
    spans = next(entity_spans([text]))
    return {e.name: e.type for e in extract_article(article, spans).entities}


@pytest.mark.parametrize(("text", "names"), [
    ("Inspectors criticised Harbridge County Council and the clinical commissioning groups "
     "for Fen Vale and North Brill.",
     {"Fen Vale Clinical Commissioning Group", "North Brill Clinical Commissioning Group"}),
    ("Northgate and Eastfield Hospitals NHS Foundation Trusts were told to improve.",
     {"Northgate Hospitals NHS Foundation Trust", "Eastfield Hospitals NHS Foundation Trust"}),
    ("Lowmoor, Upper Dale and Kestrel councils signed the deal.",
     {"Lowmoor Council", "Upper Dale Council", "Kestrel Council"}),
])
def test_names_sharing_a_plural_head_are_separate_bodies(text: str, names: set[str]) -> None:
    found = actors(text)
    assert names <= set(found)
    assert not any(n.lower().endswith(("groups", "trusts", "councils")) for n in found)


def test_one_name_with_and_stays_one_body() -> None:
    found = actors("Fen Vale and North Brill Integrated Care Board apologised.")
    assert found.get("Fen Vale and North Brill Integrated Care Board") == "IntegratedCareBoard"


def test_committees_in_lower_case_are_actors_but_not_any_committee() -> None:
    found = actors("The plan went to Westmoor Borough Council's adult social care scrutiny "
                   "committee and then to the health and wellbeing board. The new committee "
                   "and the cabinet committee met later.")
    assert found["adult social care scrutiny committee"] == "Organisation"
    assert found["health and wellbeing board"] == "Organisation"
    assert not {"new committee", "cabinet committee"} & set(found)


@pytest.mark.parametrize(("text", "name", "kind"), [
    ("Officers from Kestrel Vale Police attended.", "Kestrel Vale Police", "Organisation"),
    ("The Westmoor Police and Crime Panel met.", "Westmoor Police and Crime Panel",
     "Organisation"),
    ("Patients at Harbridge General Hospital waited.", "Harbridge General Hospital", "NHSBody"),
    ("The Lowmoor Parent-Carer Forum wrote to parents.", "Lowmoor Parent-Carer Forum",
     "ParentCarerGroup"),
    ("Harbridge Children's Trust runs the service.", "Harbridge Children's Trust",
     "Organisation"),
    ("The government has ordered Westmoor Council to improve.", "Government",
     "GovernmentBody"),
])
def test_kinds_of_public_body(text: str, name: str, kind: str) -> None:
    assert actors(text).get(name) == kind


def test_party_before_run_is_the_party() -> None:
    found = recognise("The Lib Dem-run council said no.", [])
    assert [(m.text, m.type) for m in found] == [("Lib Dem", "PoliticalParty")]


def test_titles_and_post_nominals_are_not_part_of_a_name() -> None:
    found = actors("The Rt Hon Ada Marsh MP announced the step. Ada Marsh OBE said more.")
    assert "Ada Marsh" in found
    assert not [n for n in found if "Hon" in n or n.endswith(("MP", "OBE"))]


def test_a_post_run_into_a_body_name_is_not_part_of_it() -> None:
    found = actors("Ann Lee, Chief Executive of NHS Fen Vale Integrated Care Board, spoke.")
    assert "Fen Vale Integrated Care Board" in found
    assert not [n for n in found if n.startswith("Chief")]


def test_a_word_in_capitals_for_emphasis_is_named_as_written_elsewhere() -> None:
    found = actors("KESTREL Council has apologised. Families in Kestrel waited years.")
    assert "Kestrel Council" in found


def test_generic_bodies_from_the_statistical_model_are_dropped() -> None:
    assert "Improvement Board" not in actors("We have already set up an Improvement Board.")


def test_the_local_area_in_send_copy_is_the_partnership() -> None:
    found = actors("Westmoor Council's SEND services were inspected. The Local Area has made "
                   "changes and the partnership's leaders welcomed it.")
    assert found.get("Westmoor local area partnership") == "Organisation"
    assert "Westmoor local area partnership" not in actors(
        "Westmoor Council signed the partnership deal. The partnership will build homes.")


def test_bylines_and_glued_credits_are_not_article_text() -> None:
    raw = ("Council ordered to improve\n\nAda Marsh\nMonday, June 2, 2025\n\n"
           "Ben Lowe 03 June 2025\n\nThe council must improve, the minister said.\n\n"
           "Cllr Jo KayImage source, Tom Bell/Westshire News\nImage caption,\n\n"
           "The council base. Photo from Tom Bell/Westshire News\n\n"
           "Cllr Jo Kay said the council would improve.\n")
    text = clean_text(raw).text
    assert "Ada Marsh" not in text and "Ben Lowe" not in text and "Tom Bell" not in text
    assert "Cllr Jo Kay said" in text and text.count("Jo Kay") == 2
    assert read_metadata(raw).published == "2025-06-02"


def test_a_section_label_made_of_outlet_words_is_no_outlet() -> None:
    raw = "News Post\n\nStatement from the Westmoor Parent Carer Forum\n\nWe are sad.\n"
    assert read_metadata(raw).outlet is None
    assert read_metadata("Westshire Post\n\nCouncil apologises\n\nIt said sorry.\n"
                         ).outlet == "Westshire Post"


@pytest.mark.parametrize("text", [
    "Campaigner Jane Doe said the council should apologise to parents.",
    "Headteacher Jane Doe said pupils at her school had waited too long.",
])
def test_a_post_before_a_name_is_not_part_of_it(text: str) -> None:
    assert actors(text) == {"Jane Doe": "Person"}


def test_a_surname_that_is_also_a_post_stays() -> None:
    assert "Mark Leader" in actors("Mark Leader said the plan was late.")


def test_the_county_council_of_a_story_about_one_county_is_its_council() -> None:
    found = actors("Parents in Devon held a protest outside County Hall. The county council "
                   "said it was dealing with high demand, and the council apologised.")
    assert found.get("Devon County Council") == "LocalAuthority"


def test_no_council_is_made_up_that_the_register_does_not_have() -> None:
    found = actors("Parents in Devon held a protest. The city council said demand was high.")
    assert not any(t == "LocalAuthority" for t in found.values())


def test_a_ward_in_a_party_tag_is_a_place_even_when_it_reads_as_a_name() -> None:
    text = ("Westmoor Council met. County councillor Ann Lee (Lib Dem, Stanley Green) said: "
            "“The issue is the wait.”")
    x = extract_article(Article("own.txt", text, "0" * 64), next(entity_spans([text])))
    keys = {e.key for e in x.entities}
    assert "place/stanley-green" in keys and "person/stanley-green" not in keys
    assert {q.speaker for q in x.quotes} == {"person/ann-lee"}


def test_the_mentions_within_a_span_are_those_a_scan_finds() -> None:
    """`Resolved.in_span` searches the links by offset; it must find what a scan does,
    at every sentence boundary of an article with surnames, acronyms and descriptions."""
    from kg.resolving import resolve_article
    from kg.sentences import split_sentences

    text = ("Harbridge Borough Council (HBC) met on Monday. Council leader Sam Patel said the "
            "council was sorry. Patel added that HBC and the Westshire Integrated Care Board "
            "would act. The care board said Ofsted would return. ") * 3
    sentences = split_sentences(text)
    mentions = recognise(text, next(entity_spans([text])))
    resolved = resolve_article("a.txt", text, sentences, mentions, [])
    assert len(resolved.links) > 10
    bounds = sorted({0, len(text), *(s.start for s in sentences), *(s.end for s in sentences),
                     *(m.start + 1 for m, _ in resolved.links)})
    for lo in bounds:
        for hi in bounds:
            assert resolved.in_span(lo, hi) == [(m, k) for m, k in resolved.links
                                                if m.start >= lo and m.end <= hi]


def test_a_police_body_in_lower_case_is_named_after_the_force() -> None:
    text = ("Harbridge Constabulary has had no commissioner since May. The police and crime "
            "panel met the chief executive of the office of the police and crime commissioner, "
            "who said the force would cope.")
    found = actors(text)
    assert found.get("Harbridge Police and Crime Panel") == "Organisation"
    assert found.get("Office of the Police and Crime Commissioner for Harbridge") == "Organisation"
    assert "police and crime panel" not in found  # no actor named by its kind alone
    assert found.get("Harbridge Constabulary") == "Organisation"  # "the force"


def test_a_police_body_with_no_force_named_is_no_force_body() -> None:
    found = actors("The police and crime panel met on Monday to question the commissioner.")
    assert not any(name.startswith(("Office of", " Police")) for name in found)


def test_a_firm_named_after_its_kind_is_a_body_whatever_its_words() -> None:
    found = actors("The council hired consultancy firm Newbold Analytics to review it. "
                   "A spokeswoman confirmed financial consultant KPMG, already advising the "
                   "board, would help.")
    assert found.get("Newbold Analytics") == "Organisation" and found.get("KPMG") == "Organisation"


def test_a_ministers_portfolio_is_no_body() -> None:
    found = actors("Local Government Secretary Ann Lee said the Government would step in, "
                   "and the Local Government Association agreed.")
    assert found.get("Government") == "GovernmentBody"  # the second sentence's
    assert found.get("Local Government Association") == "Organisation"


def test_a_partnership_is_named_after_the_councils_place_not_a_ward() -> None:
    found = actors("Families in Riverside have waited years, Westmoor Borough Council said. "
                   "Westmoor Borough Council said the local area partnership had improved.")
    assert found.get("Westmoor local area partnership") == "Organisation"


def test_a_name_set_after_a_post_is_a_person_whatever_the_model_thought() -> None:
    found = actors("The children's minister, Helen Park, said councils must act.")
    assert found.get("Helen Park") == "Person"


def test_a_council_name_does_not_start_with_the_word_before_it() -> None:
    found = actors("Members of Westmoor Borough Council's scrutiny committee met on Tuesday.")
    assert found.get("Westmoor Borough Council") == "LocalAuthority"
    assert not [name for name in found if name.startswith("Members")]


def test_a_person_of_a_council_is_not_part_of_its_name() -> None:
    found = actors("Tom Hart of Kelmere City Council said the Isle of Wight Council agreed.")
    assert found.get("Tom Hart") == "Person"
    assert found.get("Kelmere City Council") == "LocalAuthority"
    assert found.get("Isle of Wight Council") == "LocalAuthority"


@pytest.mark.parametrize(("text", "name", "kind"), [
    ("A spokeswoman for NHS Kelmere and Dale ICB said it was working with the trust.",
     "Kelmere and Dale Integrated Care Board", "IntegratedCareBoard"),
    ("NHS Westmoor CCG said it had no comment.",
     "Westmoor Clinical Commissioning Group", "ClinicalCommissioningGroup"),
    ("Westmoor and Kelmere Partnership NHS Foundation Trust apologised.",
     "Westmoor and Kelmere Partnership NHS Foundation Trust", "NHSBody"),
])
def test_kinds_written_short_or_with_partnership_keep_the_whole_name(
        text: str, name: str, kind: str) -> None:
    assert actors(text) == {name: kind}


TWO_NAMES = ("NHS England has moved NHS Harbridge and Dale Integrated Care Board (HD ICB) "
             "into segment four. HD ICB's chair said the board would recover.")


def test_a_body_defined_short_with_its_kind_is_one_actor() -> None:
    x = extract_article(Article("a.txt", TWO_NAMES, sha256="x"),
                        next(entity_spans([TWO_NAMES])))
    bodies = {e.name: e.aliases for e in x.entities if e.type == "IntegratedCareBoard"}
    assert list(bodies) == ["Harbridge and Dale Integrated Care Board"]
    assert "HD ICB" in bodies["Harbridge and Dale Integrated Care Board"]



def test_a_post_in_title_case_after_a_name_is_no_person() -> None:
    found = actors("Cllr Amir Shah, Portfolio Holder for Adult Social Care, said he was sorry.")
    assert found == {"Amir Shah": "Person"}


@pytest.mark.parametrize(("text", "name", "kind"), [
    ("The Kelmere Foster Carers' Association said it had been ignored.",
     "Kelmere Foster Carers' Association", "Organisation"),
    ("Ann Lee told BBC Radio Kelmere the report was grim.", "BBC Radio Kelmere", "NewsOutlet"),
    ("Ann Lee told Schools Bulletin the deal was fair.", "Schools Bulletin", "NewsOutlet"),
])
def test_associations_and_outlets_by_their_kind(text: str, name: str, kind: str) -> None:
    assert actors(text).get(name) == kind


def test_a_name_with_its_post_in_apposition_is_a_person() -> None:
    found = actors("The notice was signed by Nkechi Odum, the council's chief finance "
                   "officer, on Friday.")
    assert found.get("Nkechi Odum") == "Person"


@pytest.mark.parametrize(("text", "expected"), [
    ("The march was organised by Harbridge SEND Matters, a parent-led campaign group, "
     "which says waits are too long.", {"Harbridge SEND Matters": "Organisation"}),
    ("Ann Lee, a charity worker, said the waits were too long.", {"Ann Lee": "Person"}),
])
def test_a_name_with_its_kind_of_body_in_apposition_is_a_body(text: str,
                                                              expected: dict) -> None:
    assert actors(text) == expected


def test_names_set_apart_from_their_shared_kind_are_separate_councils() -> None:
    assert actors("Kelmere and Dalby, both unitary authorities, owe more than £90m.") == {
        "Kelmere Council": "LocalAuthority", "Dalby Council": "LocalAuthority"}


def test_a_council_s_place_name_is_not_the_first_word_of_a_longer_name() -> None:
    """"Kelmere" alone is the council's place; in "Kelmere North" (a ward) it is not."""
    from kg.model import Mention
    from kg.resolving import resolve_article
    from kg.sentences import split_sentences

    text = "Kelmere County Council met. Parents in Kelmere and Kelmere North were angry."
    council = Mention("Kelmere County Council", 0, 22, "LocalAuthority", "rule")
    resolved = resolve_article("a.txt", text, split_sentences(text), [council], [])
    places = [m.start for m, _ in resolved.links if m.type == "Place"]
    assert places == [text.index("Kelmere and")]


def test_a_titled_name_ends_at_its_line() -> None:
    from kg.recognising import title_mentions

    text = "From: Department for Education and The Rt Hon Jo Vance MP\n\nThe Secretary of State"
    assert [m.text for m in title_mentions(text)] == ["Rt Hon Jo Vance MP"]


def test_a_firm_is_named_by_its_legal_form_and_then_without_it() -> None:
    from kg.pipeline import to_article
    from kg.reading import Document

    text = ("Marlow Brayfield LLP, the council's auditor, issued the report. Ann Lee, key "
            "audit partner at Marlow Brayfield, said the council must act. The contract is "
            "held by Oakhurst Passenger Services Ltd, which has run routes since 2019.")
    article = to_article(Document("firm.txt", text, "x", "utf-8"))
    x = extract_article(article, next(entity_spans([article.text])))
    kinds = {e.name: e.type for e in x.entities}
    assert kinds == {"Marlow Brayfield LLP": "Organisation", "Ann Lee": "Person",
                     "Oakhurst Passenger Services Ltd": "Organisation"}
    [role] = x.roles
    assert (role.role, kinds.get(next(e.name for e in x.entities if e.key == role.organisation))
            ) == ("key audit partner", "Organisation")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Harbridge Learning Trust runs Kelmere Academy and Lindwick Primary Academy.",
         {"Harbridge Learning Trust": "Organisation", "Kelmere Academy": "School",
          "Lindwick Primary Academy": "School"}),
    ],
)
def test_academy_trusts_run_schools(text: str, expected: dict) -> None:
    """A school is a school with or without a word of its kind before 'Academy'; the
    trust that runs schools is an organisation, not a school or an NHS trust."""
    article = Article("t.txt", text, sha256="x")
    x = extract_article(article, next(entity_spans([text])))
    assert {e.name: e.type for e in x.entities} == expected


def test_a_body_named_right_after_its_kind() -> None:
    found = actors("Priya Gill, who chairs the charity Families First for SEND (FFS), met the "
                   "campaign group Hale Brook Parents Together on Friday.")
    assert found.get("Families First for SEND") == "Organisation"
    assert found.get("Hale Brook Parents Together") == "Organisation"
    assert not any("Friday" in name for name in found)


def test_a_person_named_before_a_post_they_currently_hold() -> None:
    found = actors("Kelmere Police will have its first permanent chief constable in years after "
                   "the panel endorsed Helena Varga, currently assistant chief constable of "
                   "Harbridge Police.")
    assert found.get("Helena Varga") == "Person"


def test_a_trust_named_later_by_the_words_before_its_kind() -> None:
    text = ("Hale Brook Council gets a new special school. It will be run by Hollins Learning "
            "Trust, which Kelmere Academies Trust also bid for. Hollins said it was delighted. "
            "Priya Okafor's daughter will go there.")
    found = actors(text)
    assert "Hollins" not in found and "Kelmere" not in found  # one body each, no new ones
    assert found.get("Hollins Learning Trust") == "Organisation"
    assert found.get("Priya Okafor") == "Person"


def test_a_heading_in_capitals_that_names_a_body_is_read_in_title_case() -> None:
    text = "THE KELMERE COURIER\nKELMERE COUNTY COUNCIL AND NHS HALE ICB\nA plain line"
    assert unshout_lines(text) == (
        "THE KELMERE COURIER\nKelmere County Council and NHS Hale ICB\nA plain line")


def test_national_unions_are_known_bodies() -> None:
    text = "Kelmere Council staff will be balloted, UNISON said. The NEU backed them."
    found = {(m.text, m.type) for m in recognise(text, entity_spans([text]).__next__())}
    assert {("UNISON", "Organisation"), ("NEU", "Organisation")} <= found


def test_the_devolved_nations_inspectorates_governments_and_health_boards_are_known() -> None:
    text = ("Estyn and Care Inspectorate Wales inspected Kelmere County Borough Council. "
            "The Scottish Government and Hale Brook University Health Board were told.")
    found = {(m.text, m.type) for m in recognise(text, entity_spans([text]).__next__())}
    assert {("Estyn", "Regulator"), ("Care Inspectorate Wales", "Regulator"),
            ("Scottish Government", "GovernmentBody"),
            ("Hale Brook University Health Board", "NHSBody")} <= found


def test_a_local_healthwatch_is_a_body() -> None:
    text = "A report by Healthwatch Kelmere described the wait as \"a queue with no front\"."
    found = {(m.text, m.type) for m in recognise(text, entity_spans([text]).__next__())}
    assert ("Healthwatch Kelmere", "Organisation") in found


def test_a_committee_named_for_its_remit_is_a_body() -> None:
    text = "Westshire Council's Children and Young People Scrutiny Committee met on Monday."
    found = {(m.text, m.type) for m in recognise(text, entity_spans([text]).__next__())}
    assert ("Children and Young People Scrutiny Committee", "Organisation") in found


def test_an_nhs_england_region_is_a_body_of_its_own() -> None:
    text = "Dr Ann Lee, Regional Director for NHS England – South West, said it was fair."
    found = {(m.text, m.type) for m in recognise(text, entity_spans([text]).__next__())}
    assert ("NHS England – South West", "NHSBody") in found


def test_a_home_in_apposition_is_a_body_even_when_the_model_saw_a_person() -> None:
    text = ("Kelmere County Council is to close Larch House, its four-bed children's home in "
            "Stannock, after Ofsted rated it inadequate.")
    found = {(m.text, m.type) for m in recognise(text, entity_spans([text]).__next__())}
    assert ("Larch House", "Organisation") in found


def test_two_names_over_a_shared_post_are_both_people() -> None:
    text = ("We ask for a seat on the board.\n\nTomasz Wilk and Ifeoma Duru\nCo-chairs, "
            "Westshire Parent Carer Forum\n")
    found = {(m.text, m.type) for m in recognise(text, entity_spans([text]).__next__())}
    assert {("Tomasz Wilk", "Person"), ("Ifeoma Duru", "Person")} <= found
