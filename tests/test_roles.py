"""Roles read from invented sentences, and recall of the seeds' gold people."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import kg.nlp
from kg.data import load
from kg.evaluating import norm
from kg.extraction.registry import extract_article
from kg.model import Article, Extraction

ROOT = Path(__file__).resolve().parent.parent
COUNCIL = " Westshire County Council met on Monday."
TITLE = re.compile(r"\b(?:Cllr|Councillor|Coun|Justice|Judge)\b")  # the title says the post


VERB_ROLES: dict[str, str] = load("roles.json")["verb_roles"]


def extract(text: str) -> Extraction:
    return extract_article(Article("test.txt", text, sha256="x"), next(kg.nlp.entity_spans([text])))


def roles(text: str) -> set[tuple[str, str | None, str | None, str | None]]:
    """(person, role, organisation, party) by name, checking each role's evidence."""
    x = extract(text)
    names = {e.key: e.name for e in x.entities}
    out = set()
    for r in x.roles:
        assert r.evidence.extractor == "roles/2"
        assert text[r.evidence.start : r.evidence.end] == r.evidence.sentence
        assert names[r.person].split()[-1] in r.evidence.sentence
        if r.role and not TITLE.search(r.evidence.sentence):
            # a post is read from the words, or from a verb of holding it ("who leads ...")
            assert r.role in r.evidence.sentence or any(
                verb in r.evidence.sentence and r.role.endswith(post)
                for verb, post in VERB_ROLES.items())
        out.add((names[r.person], r.role, r.organisation and names[r.organisation],
                 r.party and names[r.party]))
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Cllr Amy Price, cabinet member for adult care, health and wellbeing, said the plan"
            " was sound." + COUNCIL,
            ("Amy Price", "cabinet member for adult care, health and wellbeing",
             "Westshire County Council", None),
        ),
        (
            'Councillor Sam Lee, education spokesman from the Labour group, said: "We need'
            ' answers."',
            ("Sam Lee", "education spokesman", None, "Labour Party"),
        ),
        (
            "Amir Khan, chief executive of Eastshire Borough Council, said the budget was tight.",
            ("Amir Khan", "chief executive", "Eastshire Borough Council", None),
        ),
        (
            "Bob Stone, headteacher at Eastfield Primary School, met the inspectors.",
            ("Bob Stone", "headteacher", "Eastfield Primary School", None),
        ),
        (
            "Dr Priya Nair, the chief medical officer of NHS Westshire Integrated Care Board,"
            " said waits were long.",
            ("Priya Nair", "chief medical officer", "Westshire Integrated Care Board", None),
        ),
        (
            "Jane Moss, Conservative leader of Westshire County Council, said sorry.",
            ("Jane Moss", "leader", "Westshire County Council", "Conservative Party"),
        ),
        (
            "Tom Hart, Reform UK councillor for Eastfield, said the plan had failed." + COUNCIL,
            ("Tom Hart", "councillor for Eastfield", "Westshire County Council", "Reform UK"),
        ),
    ],
)
def test_apposition_after_the_name(text: str, expected: tuple) -> None:
    assert roles(text) == {expected}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "During the meeting, Conservative cabinet member for education John Smith said the"
            " board had met." + COUNCIL,
            ("John Smith", "cabinet member for education", "Westshire County Council",
             "Conservative Party"),
        ),
        (
            "Labour education spokesman Ann Lee described the plan as weak." + COUNCIL,
            ("Ann Lee", "education spokesman", "Westshire County Council", "Labour Party"),
        ),
        (
            "Westshire's director of children's services, Ann Lee, said the service would"
            " improve." + COUNCIL,
            ("Ann Lee", "director of children's services", "Westshire County Council", None),
        ),
        (
            "Ofsted inspector Ann Lee visited the school.",
            ("Ann Lee", "inspector", "Ofsted", None),
        ),
        (
            "Labour's Ann Lee said the council had failed.",
            ("Ann Lee", None, None, "Labour Party"),
        ),
        (
            "Labour group leader Dev Shah called it a damning verdict." + COUNCIL,
            ("Dev Shah", "group leader", "Westshire County Council", "Labour Party"),
        ),
        (
            "Westshire MP Neil Brook said he had written to ministers." + COUNCIL,
            ("Neil Brook", "Westshire MP", None, None),
        ),
    ],
)
def test_pre_modifier_before_the_name(text: str, expected: tuple) -> None:
    assert roles(text) == {expected}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Westshire County Council has appointed a new executive director for children and"
            " young people, who oversees schools - Ann Lee will start in her new position in July.",
            ("Ann Lee", "executive director for children and young people",
             "Westshire County Council", None),
        ),
        (
            "Westshire County Council has appointed Ann Lee as its new director of children's"
            " services.",
            ("Ann Lee", "director of children's services", "Westshire County Council", None),
        ),
        (
            "Ann Lee has been appointed as the new chief executive of Eastshire Borough Council.",
            ("Ann Lee", "chief executive", "Eastshire Borough Council", None),
        ),
        (
            "Ann Lee, who chairs the Westshire Parent Carer Forum, said families were angry.",
            ("Ann Lee", "chair", "Westshire Parent Carer Forum", None),
        ),

        (
            "The Department for Education has issued a notice and appointed a children's services"
            " commissioner, Ann Lee, who will report in June.",
            ("Ann Lee", "children's services commissioner", "Department for Education", None),
        ),
        (
            "Eastshire Borough Council cut its budget and then appointed Ann Lee as interim"
            " director of finance.",
            ("Ann Lee", "interim director of finance", "Eastshire Borough Council", None),
        ),
    ],
)
def test_appointments_and_relative_clauses(text: str, expected: tuple) -> None:
    assert roles(text) == {expected}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ruth Okafor will be made interim chief executive of Harbridge Borough Council until "
         "a permanent appointment is made.",
         ("Ruth Okafor", "interim chief executive", "Harbridge Borough Council", None)),
        ("Ruth Okafor has become acting director of children's services at Kelmere Council.",
         ("Ruth Okafor", "acting director of children's services", "Kelmere Council", None)),
        ("Finance boss Ruth Okafor will be made an interim PCC from Monday.",
         ("Ruth Okafor", "interim PCC", None, None)),
    ],
)
def test_made_or_become_gives_the_post_taken(text: str, expected: tuple) -> None:
    assert expected in roles(text)


def test_a_holder_named_in_apposition_is_appointed_too() -> None:
    assert ("Ruth Okafor", "acting leader", None, None) in roles(
        "The authority's deputy leader, Ruth Okafor, was made acting leader on Friday.")


def test_post_named_before_its_holder() -> None:
    text = ("Eastshire Borough Council's director of children's services has resigned after the"
            " report.\nMark Hale stepped down on Friday, the council confirmed.")
    assert roles(text) == {("Mark Hale", "director of children's services",
                            "Eastshire Borough Council", None)}
    assert roles("Eastshire Borough Council's director of children's services has resigned."
                 "\nMark Hale said the report was fair.") == set()


def test_party_applies_to_all_roles_and_duplicates_merge() -> None:
    text = (
        "Cllr Amy Price, cabinet member for schools, opened the meeting.\n"
        "Cllr Amy Price, cabinet member for schools, said sorry.\n"
        "Liberal Democrat cabinet member for transport Amy Price said buses were late." + COUNCIL
    )
    council, party = "Westshire County Council", "Liberal Democrats"
    assert roles(text) == {
        ("Amy Price", "cabinet member for schools", council, party),
        ("Amy Price", "cabinet member for transport", council, party),
    }


@pytest.mark.parametrize(
    "text",
    [
        "Ann Lee, whose son has autism, said the council had failed.",
        "Ann Lee, 42, from Eastfield, said the council had failed.",
        "A spokesman for Westshire County Council said Ann Lee was not available.",
        "In a letter to the council's director, Ann Lee said the service had failed." + COUNCIL,
        "The report, written by Ann Lee and Bob Stone, was published by Westshire County Council.",
    ],
)
def test_no_role_without_evidence(text: str) -> None:
    assert roles(text) == set()


def test_roles_of_two_people_in_one_sentence_stay_apart() -> None:
    assert roles(
        "Ann Lee, director of public health, and chief executive Bob Stone met the minister."
    ) == {("Ann Lee", "director of public health", None, None),
          ("Bob Stone", "chief executive", None, None)}
    assert roles(
        "Ann Lee told Bob Stone, the council's chief executive, that the plan had failed."
        + COUNCIL
    ) == {("Bob Stone", "chief executive", "Westshire County Council", None)}


def _forms(x: Extraction, key: str) -> set[str]:
    entity = next(e for e in x.entities if e.key == key)
    return {norm(entity.name), *map(norm, entity.aliases)}


def _gold_forms(gold: dict, name: str) -> set[str]:
    for e in gold["entities"]:
        if norm(e["name"]) == norm(name):
            return {norm(e["name"]), *map(norm, e.get("aliases", []))}
    return {norm(name)}


def _role_match(predicted: str | None, gold: str) -> bool:
    p, g = set(norm(predicted or "").split()), set(norm(gold).split())
    return not g or len(p & g) / len(g) >= 0.5


def _golds(key: str) -> list[tuple[Path, Path]]:
    """(article, gold) pairs whose gold lists `key`: the seeds and the own test corpus."""
    pairs = [(ROOT / "seeds" / f"{g.stem}.txt", g) for g in (ROOT / "tests" / "gold").glob("*")]
    corpus = ROOT / "tests" / "corpus"
    pairs += [(corpus / "articles" / f"{g.stem}.txt", g) for g in (corpus / "gold").glob("*")]
    return sorted((a, g) for a, g in pairs
                  if json.loads(g.read_text(encoding="utf-8"))[key] and a.exists())


@pytest.mark.parametrize(("article", "gold_file"), _golds("people"), ids=lambda p: p.stem)
def test_gold_people_recall(article: Path, gold_file: Path) -> None:
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    x = extract(article.read_text(encoding="utf-8"))

    def same(key: str | None, name: str) -> bool:
        return not name or bool(key and _forms(x, key) & _gold_forms(gold, name))

    missing = [
        g for g in gold["people"]
        if not any(same(r.person, g["person"]) and _role_match(r.role, g["role"])
                   and same(r.organisation, g["organisation"]) and same(r.party, g["party"])
                   for r in x.roles)
    ]
    extra = [r for r in x.roles if not any(same(r.person, g["person"]) for g in gold["people"])]
    print(f"{gold_file.stem}: {len(gold['people']) - len(missing)}/{len(gold['people'])} people;"
          f" missing {missing}; people not in gold {extra}")
    assert not missing
    assert not extra


def _linked(text: str) -> set[tuple[str, str | None, tuple[str, ...]]]:
    """(person, role, links) of every role with an organisation."""
    x = extract(text)
    names = {e.key: e.name for e in x.entities}
    return {(names[r.person], r.role, r.links) for r in x.roles if r.organisation}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ada Marsh, Council Leader, said the budget was set. Westmoor Council met on Monday.",
         ("Ada Marsh", "Council Leader", "Westmoor Council", None)),
        ("Director of Children's Services Ada Marsh said the plan was late. Westmoor Council"
         " met on Monday.",
         ("Ada Marsh", "Director of Children's Services", "Westmoor Council", None)),
        ("Fenwick Hospitals NHS Foundation Trust published its accounts. Trust chair Ann Lee"
         " said the board would meet.",
         ("Ann Lee", "Trust chair", "Fenwick Hospitals NHS Foundation Trust", None)),
        ("Ann Lee, leader of Westmoor Council in Fenshire, resigned.",
         ("Ann Lee", "leader", "Westmoor Council", None)),
        ("Ann Lee, chair of the Westmoor Children's Services Scrutiny Committee, said sorry.",
         ("Ann Lee", "chair", "Westmoor Children's Services Scrutiny Committee", None)),
        ("Westmoor Council's adult care scrutiny committee met. Committee chair Ann Lee said"
         " it would meet again.",
         ("Ann Lee", "Committee chair", "adult care scrutiny committee", None)),
        ("We welcome the support the Department for Education is giving us and the appointment"
         " of Ann Lee as their Improvement Adviser.",
         ("Ann Lee", "Improvement Adviser", "Department for Education", None)),
    ],
)
def test_title_case_posts_and_posts_on_the_article_body(text: str, expected: tuple) -> None:
    assert roles(text) == {expected}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cllr Ada Marsh (Con, Northfield) said the cuts were wrong. Westmoor Council met.",
         ("Ada Marsh", "councillor", "Westmoor Council", "Conservative Party")),
        ("Councillor Raj Patel (Lab) asked for a vote.",
         ("Raj Patel", "councillor", None, "Labour Party")),
        ("Cllr Ann Lee (Reform UK, Eastcliff and Harbour) said no.",
         ("Ann Lee", "councillor", None, "Reform UK")),
        ("County Cllr Ann Lee said the road was closed. Westmoor County Council met.",
         ("Ann Lee", "county councillor", "Westmoor County Council", None)),
        ("Cllr Ben Hale, of the opposition Conservatives, asked a question. Westmoor Council met.",
         ("Ben Hale", "councillor", "Westmoor Council", "Conservative Party")),
        ("He had hoped to take over from departing Conservative colleague Ann Lee, the party"
         " said.",
         ("Ann Lee", None, None, "Conservative Party")),
    ],
)
def test_party_tags_titles_and_party_words(text: str, expected: tuple) -> None:
    assert roles(text) == {expected}


def test_a_stated_post_wins_over_the_title() -> None:
    assert roles("Cllr Ann Lee, cabinet member for roads, said the road was closed."
                 " Westmoor Council met.") == {
        ("Ann Lee", "cabinet member for roads", "Westmoor Council", None)}


def test_a_bracket_that_is_no_tag_gives_nothing() -> None:
    assert roles("Ann Lee (42) said the council had failed. Westmoor Council met.") == set()
    assert roles("Ann Lee (pictured, left) said the council had failed.") == set()


def test_a_chief_executive_leads_a_trust_but_works_for_a_council() -> None:
    trust = ("Eve Holt, chief executive of Harbridge Hospitals NHS Foundation Trust, said "
             "the wards would reopen.")
    council = "Westmoor Council's chief executive, Tom Reed, said the budget was set."
    assert _linked(trust) == {("Eve Holt", "chief executive", ("leads",))}
    assert _linked(council) == {("Tom Reed", "chief executive", ("worksFor",))}


def test_posts_lead_work_for_or_hold_a_seat() -> None:
    text = ("Westmoor Council met. Council leader Ada Marsh, chief executive Bob Stone and"
            " director of public health Cara Dunn spoke, and Cllr Dev Shah, cabinet member for"
            " roads, listened.")
    assert _linked(text) == {
        ("Ada Marsh", "Council leader", ("leads",)),
        ("Bob Stone", "chief executive", ("worksFor",)),  # a council's: its leader leads
        ("Cara Dunn", "director of public health", ("worksFor",)),
        ("Dev Shah", "cabinet member for roads", ()),
    }


@pytest.mark.parametrize(("text", "expected"), [
    ("Green Party candidate Tom Reed won 12% of the vote.",
     ("Tom Reed", "Green Party candidate", None, "Green Party")),
    ("The Labour candidate, Priya Shah, said the count was close.",
     ("Priya Shah", "Labour candidate", None, "Labour Party")),
])
def test_a_party_candidate_is_named_with_the_party(text: str, expected: tuple) -> None:
    assert expected in roles(text)


def test_a_bare_chair_chairs_the_panel_named_just_before() -> None:
    text = ("Officers were questioned on Tuesday by Westmoor Council's health scrutiny "
            "committee. Chairwoman Ruth Ames said the delays were not acceptable.")
    assert ("Ruth Ames", "Chairwoman", "health scrutiny committee", None) in roles(text)
    far = ("Westmoor Council's health scrutiny committee met on Tuesday. Waiting lists grew "
           "again. Chairwoman Ruth Ames said the delays were not acceptable.")
    assert not any(org == "health scrutiny committee" for _, _, org, _ in roles(far))


def test_a_portfolio_that_names_a_known_body_stays_in_the_post() -> None:
    assert ("Ann Lee", "Local Government Secretary", None, None) in roles(
        "Local Government Secretary Ann Lee said the move was necessary.")


def test_a_post_stops_before_a_date() -> None:
    text = "Max Roe, who was appointed interim director of education in March, will report."
    assert ("Max Roe", "interim director of education", None, None) in roles(text)


@pytest.mark.parametrize(("text", "org"), [
    ("Westshire County Council runs the service. Westshire County Council met on Monday. "
     "Kelmere Hospitals NHS Trust said it accepted the findings. Its medical director, Ann "
     "Lee, said staff would be retrained.", "Kelmere Hospitals NHS Trust"),
    ("Westshire County Council signed a deal with the Department for Education on Monday. "
     "Its leader, Ann Lee, welcomed it.", "Westshire County Council"),
    ("Westshire County Council thanked Ann Lee, its interim director of finance.",
     "Westshire County Council"),
])
def test_its_post_is_on_the_body_its_stands_for(text: str, org: str) -> None:
    assert [o for person, _, o, _ in roles(text) if person == "Ann Lee"] == [org]


def test_a_party_in_apposition_and_after_a_copula_is_the_persons() -> None:
    assert ("Ann Lee", None, None, "Green Party") in roles(
        "Ann Lee, a Green Party member, said the cuts went too far.")
    assert ("Bob Stone", "councillor", None, "Liberal Democrats") in roles(
        "Bob Stone, who chairs the forum, is a Liberal Democrat councillor.")


def test_a_post_named_before_its_holder_announces_leaving() -> None:
    text = ("The director of Westshire Care Trust has stepped down. Jo Bell announced her "
            "resignation in a letter to staff on Monday.")
    assert ("Jo Bell", "director", "Westshire Care Trust", None) in roles(text)
    unrelated = ("The director of Westshire Care Trust has stepped down. Jo Bell said the "
                 "trust would recover.")
    assert not any(person == "Jo Bell" for person, *_ in roles(unrelated))


def test_a_post_in_apposition_closed_by_the_sentence_end() -> None:
    assert ("Sam Cole", "director of education", None, None) in roles(
        "The head teachers have written to the director of education, Sam Cole.")


def test_a_former_post_is_no_role_held_and_links_its_holder_to_nothing() -> None:
    """The people question lists roles held: a former post is not one. Its holder stays."""
    text = "Jo Bell, former chief executive of Westshire County Council, said it had failed."
    assert (_linked(text), roles(text)) == (set(), {("Jo Bell", None, None, None)})


def test_our_post_is_on_the_body_the_page_speaks_for() -> None:
    text = ("Westmoor Parent Carer Forum has responded to the inspection.\n\n"
            "We are pleased that our concerns were heard. We will keep working with the "
            "council, says our chair, Ann Lee.")
    assert ("Ann Lee", "chair", "Westmoor Parent Carer Forum", None) in roles(text)


def test_a_post_before_a_named_holder_is_no_person() -> None:
    text = ("Westshire County Council's Director of Adult Social Care, Jo Bell, says the "
            "council accepts the findings.")
    x = extract(text)
    assert {e.name for e in x.entities if e.type == "Person"} == {"Jo Bell"}
    assert ("Jo Bell", "Director of Adult Social Care", "Westshire County Council",
            None) in roles(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("The leader of Kelmere District Council has resigned. Cllr Ivo Grant (Con) stepped down "
     "as leader on Monday.", ("Ivo Grant", "leader", "Kelmere District Council",
                              "Conservative Party")),
    ("Her deputy, Cllr Rosa Lind, will act as leader of Kelmere District Council for now.",
     ("Rosa Lind", "leader", "Kelmere District Council", None)),
])
def test_a_post_left_or_held_as(text: str, expected: tuple) -> None:
    assert expected in roles(text)


def test_a_post_held_before_links_to_nothing() -> None:
    text = ("Dr Ivo Grant, previously medical director at Kelmere Hospitals NHS Trust, "
            "said the plan was sound.")
    assert (_linked(text), roles(text)) == (set(), {("Ivo Grant", None, None, None)})


@pytest.mark.parametrize(("text", "expected"), [
    ("The MP for Westshire North, Alan Cole, said he had written to ministers.",
     ("Alan Cole", "MP for Westshire North", None, None)),
    ("Schools boss Rosa Lind admitted there was a long way to go.",
     ("Rosa Lind", "Schools boss", None, None)),
    ("Rosa Lind spoke first. Ms Lind, who became director of education at Westshire County "
     "Council in 2022, said it was hard.",
     ("Rosa Lind", "director of education", "Westshire County Council", None)),
])
def test_a_seat_a_boss_and_a_post_become(text: str, expected: tuple) -> None:
    assert expected in roles(text)


def test_a_holder_named_after_a_long_post_is_a_person() -> None:
    assert ("Nadia Okoro", "director of children's services", "Westshire County Council",
            None) in roles("Westshire County Council's director of children's services, "
                           "Nadia Okoro, left the authority last month.")


@pytest.mark.parametrize(("text", "expected"), [
    ("Westshire County Council met. The Labour-run authority's deputy leader, Mark Bain, "
     "defended the plan.", ("Mark Bain", "deputy leader", "Westshire County Council", None)),
    ("The trust's director of nursing, Ann Lee, said staff were tired.",
     ("Ann Lee", "director of nursing", None, None)),
    ("Green Party co-leader Ann Frost said councils were broke.",
     ("Ann Frost", "co-leader", None, "Green Party")),
])
def test_a_post_on_a_body_named_by_its_kind(text: str, expected: tuple) -> None:
    assert expected in roles(text)


def test_an_appointment_goes_to_who_takes_it_up_not_to_who_leaves() -> None:
    text = ("The Department for Education (DfE) has appointed a SEND commissioner to oversee "
            "Kelmere Borough Council. John Farrow, a former director at Westshire County "
            "Council, will lead the work.")
    assert ("John Farrow", "SEND commissioner", "Department for Education", None) in roles(text)
    left = ("The government has appointed a commissioner to take over Kelmere Borough "
            "Council. Rob Hale, leader of Kelmere Borough Council, has resigned.")
    assert {role for person, role, *_ in roles(left) if person == "Rob Hale"} == {"leader"}


def test_an_ombudsman_is_the_ombudsmans() -> None:
    text = ("The Local Government and Social Care Ombudsman found the council at fault. "
            "Ombudsman Rosa Lind said councils could not simply wait.")
    assert ("Rosa Lind", "Ombudsman", "Local Government and Social Care Ombudsman",
            None) in roles(text)


def test_a_local_mp_is_an_mp_but_a_local_government_minister_keeps_the_word() -> None:
    assert ("Rachel Stone", "MP", None, "Labour Party") in roles(
        "Local MP Rachel Stone, a Labour member, described the findings as troubling.")
    assert ("Ann Frost", "Local government minister", None, None) in roles(
        "Local government minister Ann Frost said councils were broke.")


def test_she_or_he_opening_a_sentence_is_the_person_named_before() -> None:
    assert ("Bob Stone", "chair", "Westshire Schools Forum", None) in roles(
        "Bob Stone spoke on Monday. He chairs the Westshire Schools Forum.")
    x = extract("Dr Fiona Grey announced her resignation on Friday. She had led Kelmere "
                "Hospitals NHS Trust since 2019.")
    [role] = x.roles
    assert (role.role, role.links) == ("leader", ("leads",))
    assert role.evidence.sentence.startswith("Dr Fiona Grey announced")


@pytest.mark.parametrize(("text", "expected"), [
    ("The chief executive of a troubled hospital trust has resigned. Ian Moss, who has run "
     "Kelmere Hospitals NHS Trust since 2020, told colleagues he would leave in the autumn.",
     ("Ian Moss", "chief executive", "Kelmere Hospitals NHS Trust", None)),
    ("The leader of a cash-strapped council has quit. Tom Hart said he would step down at "
     "the next meeting of Westmoor Borough Council.",
     ("Tom Hart", "leader", "Westmoor Borough Council", None)),
])
def test_an_unnamed_post_of_a_described_body_goes_to_who_reports_leaving(
        text: str, expected: tuple) -> None:
    assert expected in roles(text)


def test_a_person_who_only_comments_after_an_unnamed_post_does_not_hold_it() -> None:
    text = ("The leader of Westmoor Borough Council has quit. Tom Hart, the opposition "
            "spokesman, said the council needed a fresh start.")
    assert not {r for r in roles(text) if r[1] == "leader"}


def test_an_aside_between_holder_and_post_keeps_the_post() -> None:
    text = ("Deputy leader Cllr Nia Rowe, who is also cabinet member for housing, will serve "
            "as acting leader of Harbridge Borough Council until May.")
    assert ("Nia Rowe", "acting leader", "Harbridge Borough Council", None) in roles(text)


def test_who_appoints_is_the_subject_not_the_body_just_named() -> None:
    text = ("Harbridge Borough Council was criticised. The Department for Education said it "
            "had issued the Tory-run authority with a direction and appointed Sir Alan Ferris, "
            "a former chief executive, as children's commissioner.")
    found = roles(text)
    assert ("Alan Ferris", "children's commissioner", "Department for Education", None) in found
    # a post no longer held is no role held, nor filed under the article's council
    assert not any(role and "former" in role for _, role, _, _ in found)


def test_standing_down_after_an_unnamed_post_names_its_holder() -> None:
    text = ("The leader of Harbridge Borough Council has resigned. Cllr Omar Fenn (Lab, "
            "Eastgate) announced on Monday that he would stand down at once.")
    assert ("Omar Fenn", "leader", "Harbridge Borough Council", "Labour Party") in roles(text)


def test_the_voice_is_not_the_body_that_acts_on_us_nor_one_that_is_ours() -> None:
    text = ("The Department for Education has told NHS Kelmere ICB and us to act.\n\n"
            "Westmoor Hospitals NHS Trust, our main provider, has also been warned. The "
            "Department for Education expects us to publish a plan. We will. Our chief "
            "executive, Ian Holt, said we had listened. We are sorry.")
    assert ("Ian Holt", "chief executive", "Kelmere Integrated Care Board", None) in roles(text)


def test_has_chaired_and_academic_posts() -> None:
    text = ("Kelmere NHS Trust named its new chair. He succeeds Ann Webb, who has chaired the "
            "trust since May, and Dr Raj Patel, pro-vice-chancellor for health at the "
            "University of Harbridge.")
    found = roles(text)
    assert ("Ann Webb", "chair", "Kelmere NHS Trust", None) in found
    assert ("Raj Patel", "pro-vice-chancellor for health", "University of Harbridge",
            None) in found


def test_a_post_in_apposition_before_a_party_and_title_is_the_holders_post() -> None:
    text = ("Harbridge City Council was criticised. The council's cabinet member for adult "
            "care, Labour councillor Rhys Penn, says the authority accepts every finding.")
    assert ("Rhys Penn", "cabinet member for adult care", "Harbridge City Council",
            "Labour Party") in roles(text)


def test_who_chairs_the_councils_committee_chairs_the_committee() -> None:
    text = ("Harbridge Borough Council met. Cllr Eva Holt, who chairs the council's audit and "
            "governance committee, said the books did not balance.")
    assert ("Eva Holt", "chair", "audit and governance committee", None) in roles(text)


def test_the_trusts_post_is_on_the_trust_not_a_hospital_named_since() -> None:
    text = ("Westmoor Hospitals NHS Trust was rated inadequate. Inspectors visited Westmoor "
            "General Hospital in July. Ann Cole, the trust's chief nurse, said it was sorry. The "
            "assistant coroner for Westmoor, Tom Reed, wrote to the trust.")
    found = roles(text)
    assert ("Ann Cole", "chief nurse", "Westmoor Hospitals NHS Trust", None) in found
    assert ("Tom Reed", "assistant coroner for Westmoor", None, None) in found


def test_a_judge_is_named_with_her_title_and_judges_for_the_court() -> None:
    text = ("Harbridge Borough Council acted unlawfully, the High Court has ruled. Mr Justice "
            "Penrose found that the authority had fettered its discretion.")
    assert ("Mr Justice Penrose", "judge", "High Court", None) in roles(text)


def test_an_independents_tag_gives_a_ward_and_no_party_and_a_head_of_service_its_body() -> None:
    text = ("A report to Harbridge County Council's scrutiny committee by Sam Lowe, head of "
            "SEND, was discussed. Cllr Ruth Dene (Ind, Millbrook) warned it was not enough.")
    found = roles(text)
    assert ("Sam Lowe", "head of SEND", "Harbridge County Council", None) in found
    assert ("Ruth Dene", "represents", "Millbrook") in relations_of(text)


def relations_of(text: str) -> set[tuple[str, str, str]]:
    x = extract(text)
    names = {e.key: e.name for e in x.entities}
    return {(names[r.subject], r.relation, names[r.object]) for r in x.relations}


def test_the_networks_spokesman_and_a_unions_general_secretary() -> None:
    text = ("Figures were published by the Shire Councils Network. Cllr Ian Rook, the "
            "network's spokesman for children's services, said so. Mary Oak, general "
            "secretary of the teachers' union NEUW, warned of cuts.")
    found = {(p, o) for p, _, o, _ in roles(text)}
    assert {("Ian Rook", "Shire Councils Network"), ("Mary Oak", "NEUW")} <= found


def test_a_body_described_before_its_name_is_not_part_of_the_post() -> None:
    assert ("Mary Oak", "general secretary", "NEUW", None) in roles(
        "Mary Oak, general secretary of the teachers' union NEUW, warned of cuts.")
    assert ("Ann Lee", "cabinet member for children", "Kelmere Council", None) in roles(
        "Ann Lee, cabinet member for children at Kelmere Council, said so.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- Ruth Okafor (Director of Children's Services, Kelmere Council), who chaired",
         {("Ruth Okafor", "Director of Children's Services", "Kelmere Council", None)}),
        ("Dr Sam Ibe, Designated Clinical Officer for SEND, NHS Harbridge ICB, said waits "
         "had fallen.",
         {("Sam Ibe", "Designated Clinical Officer for SEND", "Harbridge Integrated Care Board",
           None)}),
        ("Sam Ibe and Ruth Okafor, Westshire Council's deputy leaders, answered questions.",
         {("Sam Ibe", "deputy leader", "Westshire Council", None),
          ("Ruth Okafor", "deputy leader", "Westshire Council", None)}),
    ],
)
def test_posts_in_brackets_lists_and_the_plural(text: str, expected: set) -> None:
    """A post in brackets after a name, a body as the next item of the apposition, and
    one post in the plural held by each of two people named together."""
    assert roles(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Secretary of State for Education, Jo Vance, said the Department for Education "
         "would act.",
         ("Jo Vance", "Secretary of State for Education", "Department for Education", None)),
        ("The minister, Jo Vance, said the Department for Education would act.",
         ("Jo Vance", "minister", "Department for Education", None)),
        ("Health Secretary Jo Vance said the Department for Education would act.",
         ("Jo Vance", "Health Secretary", None, None)),
    ],
)
def test_a_ministers_post_is_in_the_department_it_names(text: str, expected: tuple) -> None:
    assert roles(text) == {expected}


def test_a_party_in_brackets_after_the_post_s_body() -> None:
    assert roles("Councillor Ruth Okafor, Leader of Kelmere Borough Council (Labour), said: "
                 "we accept the findings.") == {
        ("Ruth Okafor", "Leader", "Kelmere Borough Council", "Labour Party")}


def test_a_constituency_joining_two_places_is_one_seat() -> None:
    assert roles("Conservative Sir Peter Hale, MP for Rowley and Ashton Vale and a former "
                 "county councillor, defended the authority.") >= {
        ("Peter Hale", "MP for Rowley and Ashton Vale", None, "Conservative Party")}


def test_the_trust_is_an_academy_trust_too() -> None:
    assert ("Nigel Tenby", "chief executive", "Harbridge Learning Trust", None) in roles(
        "The funding agency said Harbridge Learning Trust had broken the rules. The trust's "
        "chief executive, Nigel Tenby, resigned last Friday.")


def test_a_place_s_post_in_a_story_of_several_councils_is_on_that_place_s_council() -> None:
    assert roles("Aldmoor Council managed 33 per cent and Eastholme Borough Council 62 per "
                 "cent. Eastholme’s cabinet member for education, Cllr Peter Vane (Lib Dem), "
                 "said it was good.") == {
        ("Peter Vane", "cabinet member for education", "Eastholme Borough Council",
         "Liberal Democrats")}


def test_who_founded_a_group_named_with_its_kind() -> None:
    assert roles("Dawn Ferris, who founded the campaign group Kelmere SEND Justice after a long "
                 "fight over her son's plan, said it was bad.") == {
        ("Dawn Ferris", "founder", "Kelmere SEND Justice", None)}


def test_a_name_after_its_kind_of_body_is_the_body_s() -> None:
    assert roles("Bethan Carr, chief executive of the charity Equal Path, said it was bad.") == {
        ("Bethan Carr", "chief executive", "Equal Path", None)}


def test_who_leads_a_party_s_group_leads_it_on_the_council() -> None:
    assert roles("Cllr Rosa Penn (LD, Fairmead), who leads the Liberal Democrat opposition "
                 "group, asked whether families at Kelmere Council would be compensated.") == {
        ("Rosa Penn", "opposition group leader", "Kelmere Council", "Liberal Democrats")}


def test_the_council_of_a_round_up_item_is_the_one_its_paragraph_names() -> None:
    text = ("Weekly briefing\n\nKelmere County Council has been told to pay £900 after the "
            "council lost a boy's plan. The council accepted the finding.\n\nHarbridge Borough "
            "Council is to close a unit. The council's chief executive, Priya Dunn, said "
            "the building was unsafe.")
    assert roles(text) == {("Priya Dunn", "chief executive", "Harbridge Borough Council", None)}


@pytest.mark.parametrize(("text", "expected"), [
    ("Priya Dunn began work as Harbridge Borough Council's director of adult social care in "
     "May.", ("Priya Dunn", "director of adult social care", "Harbridge Borough Council", None)),
    ("The panel is led by Omar Reid, the expert adviser the minister sent in last spring.",
     ("Omar Reid", "expert adviser", None, None)),
])
def test_a_post_taken_up_by_starting_work_and_a_clause_on_a_post(
        text: str, expected: tuple[str, str, str | None, str | None]) -> None:
    assert expected in roles(text)


def test_a_trust_officer_named_without_the_trust_is_on_the_article_s_body() -> None:
    text = ("Hale Brook Hospitals NHS Trust has missed its savings target. Chief financial "
            "officer Omar Reid told governors the gap would grow. Hale Brook Hospitals NHS Trust "
            "will publish a plan.")
    assert ("Omar Reid", "Chief financial officer", "Hale Brook Hospitals NHS Trust",
            None) in roles(text)


@pytest.mark.parametrize(("text", "body"), [
    ("Families lost most appeals against Kelmere Council, according to a survey run by the "
     "charity Hale Brook Families. Its director, Omar Reid, said the figures were shocking.",
     "Hale Brook Families"),
    ("The march was led by Hale Brook SEND Action, a campaign group, which says Kelmere "
     "Council ignores them. "
     "Its chair, Omar Reid, spoke first.", "Hale Brook SEND Action"),
    ("Kelmere Council was criticised by the Care Quality Commission. Its leader, Omar Reid, "
     "said sorry.", "Kelmere Council"),
])
def test_its_post_is_the_body_the_sentence_before_is_about(text: str, body: str) -> None:
    assert {org for _, _, org, _ in roles(text)} == {body}


def test_a_council_post_is_on_the_council_its_own_paragraph_names() -> None:
    text = ("Round-up\n\nKelmere County Council was told to pay £500. Kelmere County Council "
            "apologised.\n\nHarbridge Borough Council will vote on a new plan. Lead member for "
            "schools Cllr Omar Reid (Lab) backed it.")
    assert ("Omar Reid", "Lead member for schools", "Harbridge Borough Council",
            "Labour Party") in roles(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("Today the Department for Education appoints Omar Reid as SEND commissioner.",
     ("Omar Reid", "SEND commissioner", "Department for Education", None)),
    ("The Ministry of Housing, Communities and Local Government has lost patience with Kelmere "
     "Borough Council. Priya Dunn will be lead commissioner.",
     ("Priya Dunn", "lead commissioner", "Ministry of Housing, Communities and Local Government",
      None)),
])
def test_commissioners_are_posts_of_the_government_that_sends_them(
        text: str, expected: tuple[str, str, str, None]) -> None:
    assert expected in roles(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("Acting Chief Constable Jo Farrell said Kelmere Constabulary had cut call waits.",
     ("Jo Farrell", "Acting Chief Constable", "Kelmere Constabulary", None)),
    ("Hale Brook Police has a new leader. Chief Superintendent Omar Reid takes charge today.",
     ("Omar Reid", "Chief Superintendent", "Hale Brook Police", None)),
])
def test_a_police_rank_before_a_name_is_a_post_in_the_force(
        text: str, expected: tuple[str, str, str, None]) -> None:
    assert expected in roles(text)


def test_a_police_and_crime_commissioner_is_not_sent_in_by_the_government() -> None:
    text = ("The Ministry of Justice has set new targets. Police and crime commissioner Omar "
            "Reid said he would meet them.")
    assert not any(org == "Ministry of Justice" for _, _, org, _ in roles(text))


def test_a_guest_list_sets_each_post_and_body_after_the_name() -> None:
    text = ("On this week's show\n\n"
            "- Ann Lee, co-founder, Hale Brook Autism Parents Network\n"
            "- Dr Omar Reid, consultant paediatrician, Westshire Community NHS Trust "
            "(in a personal capacity)\n"
            "- Priya Shah, education correspondent, Kelmere Gazette\n")
    found = {(p, r, o) for p, r, o, _ in roles(text)}
    assert {("Ann Lee", "co-founder", "Hale Brook Autism Parents Network"),
            ("Omar Reid", "consultant paediatrician", "Westshire Community NHS Trust"),
            ("Priya Shah", "education correspondent", "Kelmere Gazette")} <= found


def test_a_school_named_later_by_its_first_words_is_the_school_not_a_person() -> None:
    text = ("Omar started at Hale Brook Primary School in 2019.\n\n"
            "\"We knew he needed more,\" says Ann Lee, Hale Brook's headteacher.")
    assert roles(text) == {("Ann Lee", "headteacher", "Hale Brook Primary School", None)}


def test_a_heading_in_capitals_names_the_council_its_councillors_sit_on() -> None:
    text = ("HALE BROOK DISTRICT COUNCIL\n\nLICENSING COMMITTEE\n\n"
            "Minutes of the meeting held on 3 June 2025\n\n"
            "Apologies were received from Councillor Ann Lee.\n")
    assert roles(text) == {("Ann Lee", "councillor", "Hale Brook District Council", None)}



def test_a_post_written_in_capitals_before_a_verb_is_no_person() -> None:
    text = ("Kelmere Council's scrutiny committee met on Monday. Officers present: Ann Lee "
            "(Director of Children's Services) and Omar Reid (Assistant Director, SEND).\n\n"
            "Asked by a councillor, the Assistant Director confirmed that 90 children were "
            "waiting.")
    x = extract(text)
    assert "Assistant Director" not in {e.name for e in x.entities}
    assert ("Ann Lee", "Director of Children's Services", "Kelmere Council", None) in roles(text)


def test_a_remit_listed_in_title_case_is_part_of_the_post_not_a_name() -> None:
    text = ("Hale Brook Council\n\nAlso in attendance: Councillor Ann Lee, Cabinet Member "
            "for Children, Young People and Families")
    assert "Young People" not in {e.name for e in extract(text).entities}
    assert roles(text) == {("Ann Lee", "Cabinet Member for Children, Young People and "
                            "Families", "Hale Brook Council", None)}


def test_a_name_after_a_post_for_a_place_is_still_a_name() -> None:
    text = ("Hale Brook Community NHS Trust was warned by the CQC. The Liberal Democrat MP "
            "for Kelmere South, Clare Hollins, said parents had been ignored.")
    assert "Clare Hollins" in {e.name for e in extract(text).entities}


def test_a_minutes_attendance_list_gives_posts_parties_and_councillors() -> None:
    text = ("HALE BROOK COUNCIL\n\nPresent: Councillor Ann Lee (Chair) (Lab), Councillors "
            "Priya Shah (Con), Tom Hale (Lab) and Sam Ibe (LD)\n")
    assert roles(text) == {
        ("Ann Lee", "Chair", "Hale Brook Council", "Labour Party"),
        ("Priya Shah", "councillor", "Hale Brook Council", "Conservative Party"),
        ("Tom Hale", "councillor", "Hale Brook Council", "Labour Party"),
        ("Sam Ibe", "councillor", "Hale Brook Council", "Liberal Democrats")}


@pytest.mark.parametrize("text", [
    "Written questions\n\nAsked by Ann Lee (Kelmere North and Fenby) [Liberal Democrat]\n\n"
    "To ask the Secretary of State for Education what support she will give.",
    "Westminster Hall debate\n\nOmar Reid (Hale Brook East) (Lab): Families in my "
    "constituency have waited too long.",
])
def test_a_member_named_with_seat_and_party_in_brackets_is_an_mp(text: str) -> None:
    person, seat = ("Ann Lee", "Kelmere North and Fenby") if "Ann" in text else (
        "Omar Reid", "Hale Brook East")
    x = extract(text)
    names = {e.key: e.name for e in x.entities}
    assert [(names[r.person], r.role, r.organisation) for r in x.roles] == [(person, "MP", None)]
    assert (person, "represents", seat) in {
        (names[r.subject], r.relation, names[r.object]) for r in x.relations}


def test_seat_and_party_brackets_make_no_mp_outside_parliament() -> None:
    assert not any(r.role == "MP" for r in extract(
        "Kelmere Council met on Monday. Omar Reid (Hale Brook East) (Lab) said the plan "
        "was late.").roles)


def test_a_headteacher_named_after_the_post_heads_the_article_s_school() -> None:
    text = ("Larch Lane Primary School will become an academy in June. Headteacher Priya Shah "
            "said governors had voted for the change.")
    assert {e.name for e in extract(text).entities if e.type == "Person"} == {"Priya Shah"}
    assert roles(text) == {("Priya Shah", "Headteacher", "Larch Lane Primary School", None)}


def test_who_chairs_our_board_chairs_it() -> None:
    assert ("Omar Reid", "chair", "Kelmere SEND Assurance Board", None) in roles(
        "Kelmere Council has an adviser, Omar Reid, who chairs our Kelmere SEND Assurance "
        "Board.")


def test_a_sentence_set_at_a_body_puts_its_posts_there() -> None:
    text = ("Kelmere Council leads the plan with NHS Kelmere Integrated Care Board. Kelmere "
            "Council will report in May. At the ICB, the executive lead for SEND is Dr Ann "
            "Lee, Chief Nursing Officer.")
    assert ("Ann Lee", "Chief Nursing Officer", "Kelmere Integrated Care Board", None) in roles(
        text)


def test_a_name_ending_an_opening_phrase_is_not_apposed_to_the_subject() -> None:
    text = ("Kelmere Council's committee met. In response to a question from Councillor Omar "
            "Reid, the assistant director confirmed that 212 children were waiting.")
    assert roles(text) == {("Omar Reid", "councillor", "Kelmere Council", None)}
    closed = ("Kelmere Council's committee met. After Omar Reid, the assistant director, "
              "resigned, the council advertised.")
    assert ("Omar Reid", "assistant director", "Kelmere Council", None) in roles(closed)


def test_the_chair_in_a_committee_s_minutes_chairs_the_committee() -> None:
    text = ("HALE BROOK COUNCIL\n\nADULTS AND HEALTH SCRUTINY COMMITTEE\n\nMinutes of the "
            "meeting "
            "held on 3 June 2025.\n\nPresent: Councillor Ann Lee (Chair) (Lab)\n\nThe "
            "Committee noted the report. The Committee asked for a further report. The "
            "Committee agreed.\n")
    assert ("Ann Lee", "Chair", "Adults and Health Scrutiny Committee", "Labour Party") in roles(
        text)


def test_a_name_set_between_commas_after_a_post_is_its_holder() -> None:
    text = ("Omar Reid MP has written to the Minister of State for Health, Ann Lee-Hart, "
            "after the Department of Health and Social Care declined to act.")
    assert ("Ann Lee-Hart", "Minister of State for Health",
            "Department of Health and Social Care", None) in roles(text)


def test_a_judge_named_in_full_is_filed_under_her_name_at_the_court() -> None:
    text = ("Hale Brook Care Ltd was fined at Kelmere Crown Court. Judge Ann Hollis said "
            "the failures were \"predictable\".")
    assert roles(text) == {("Ann Hollis", "judge", "Kelmere Crown Court", None)}


def test_a_verb_with_a_tense_is_no_part_of_a_post() -> None:
    text = ("Kelmere Council cut its budget. The leader thanked Dr Ann Hollis for her work, "
            "particularly during the floods.")
    assert roles(text) == set()


def test_a_remit_listed_with_commas_before_the_holder_is_one_post() -> None:
    text = ("Only a tenth of plans issued by Kelmere City Council were on time.\n\nKelmere's "
            "cabinet member for adults, health and housing, Cllr Omar Reid (Lab, Eastfield), "
            "said requests had doubled.")
    assert ("Omar Reid", "cabinet member for adults, health and housing", "Kelmere City Council",
            "Labour Party") in roles(text)


def test_who_leads_the_opposition_group_leads_it_on_the_council() -> None:
    text = ("Kelmere City Council met. Conservative councillor Ann Lee, who leads the "
            "opposition group on the city council, called for a review.")
    assert ("Ann Lee", "opposition group leader", "Kelmere City Council",
            "Conservative Party") in roles(text)


def test_a_body_named_by_its_kind_after_a_post_is_not_part_of_the_post() -> None:
    text = ("NHS Hale Brook and Kelmere Integrated Care Board (ICB) is to merge. Dr Priya Hollins, "
            "currently chief executive of the Hale Brook and Kelmere board, will lead both.")
    assert ("Priya Hollins", "chief executive", "Hale Brook and Kelmere Integrated Care Board",
            None) in roles(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ann Lee will join the council as interim director of children's services in May.",
         ("Ann Lee", "interim director of children's services", "Westshire County Council",
          None)),
        ("Omar Reid was confirmed on 15 May as permanent chief executive.",
         ("Omar Reid", "permanent chief executive", "Westshire County Council", None)),
    ],
)
def test_a_post_taken_with_its_body_or_date_before_as(text: str, expected: tuple) -> None:
    assert expected in roles(COUNCIL.strip() + " " + text)


def test_a_name_over_its_post_in_an_address_block_or_signature() -> None:
    letter = ("Area SEND inspection of Kelmere\n\n11 March 2025\n\nAnn Hollis\nDirector of "
              "Children's Services, Kelmere City Council\nTown Hall, High Street\n\nDear Ms "
              "Hollis\n\nOfsted inspected Kelmere in February.\n\nYours sincerely\n\nOfsted\n"
              "Omar Farid\nRegional Director\n")
    assert roles(letter) == {
        ("Ann Hollis", "Director of Children's Services", "Kelmere City Council", None),
        ("Omar Farid", "Regional Director", "Ofsted", None)}
    blog = ("I am stepping down as leader of Hale Brook Borough Council.\n\nCllr Ann Lee-Hart\n"
            "Leader of Hale Brook Borough Council (Labour, Eastfield ward)\n")
    assert roles(blog) == {("Ann Lee-Hart", "Leader", "Hale Brook Borough Council",
                            "Labour Party")}


def test_a_holder_named_after_her_post_in_a_list_closed_by_a_semicolon() -> None:
    text = ("Ofsted visited. The team included a lead inspector from Ofsted, Priya Hale; and a "
            "children's services inspector, Omar Farid.")
    assert ("Priya Hale", "lead inspector", "Ofsted", None) in roles(text)


def test_who_has_been_a_post_known_by_its_letters() -> None:
    text = "Westshire County Council met. She replaces Tom Hale, who has been acting DCS since May."
    assert roles(text) == {("Tom Hale", "acting DCS", "Westshire County Council", None)}


def test_a_post_returned_to_is_held() -> None:
    text = "Tom Hale will return to his substantive post as assistant director for education."
    assert ("Tom Hale", "assistant director for education", "Westshire County Council",
            None) in roles(COUNCIL.strip() + " " + text)


def test_posts_in_a_story_about_several_trusts_are_on_the_one_their_paragraph_is_about() -> None:
    text = ("Kelmere Hospitals NHS Foundation Trust, Harbridge and Eastfield NHS Trust and "
            "Westshire Teaching Hospitals NHS Trust were placed in segment 5 by NHS England.\n\n"
            "Kelmere is the biggest test. Its chief executive, Ann Lee, joined in 2024.\n\n"
            "Her chair, Omar Farid, was blunter.\n\n"
            "Westshire, the only one of the three in the south, is there for its waits. The "
            "interim chief executive, Priya Hollins, took over in May. Patients in Westshire "
            "wait longest.\n")
    found = roles(text)
    assert ("Ann Lee", "chief executive", "Kelmere Hospitals NHS Foundation Trust", None) in found
    assert ("Omar Farid", "chair", "Kelmere Hospitals NHS Foundation Trust", None) in found
    assert ("Priya Hollins", "interim chief executive", "Westshire Teaching Hospitals NHS Trust",
            None) in found
    # a place named after "in" stays the place
    [trust] = [e for e in extract(text).entities if e.name.startswith("Westshire Teaching")]
    assert "Patients in Westshire wait longest." not in {m.sentence for m in trust.mentions}


def test_a_lede_s_unnamed_post_is_held_by_whom_the_next_sentence_opens_with() -> None:
    text = ("The Reform UK leader of Westshire County Council has defended his budget. Cllr "
            "Omar Reid was speaking on the radio this morning.")
    assert ("Omar Reid", "leader", "Westshire County Council", "Reform UK") in roles(text)
    # one given a post of her own in the next sentence is not the one described
    other = ("The chief executive of Westshire County Council has resigned. Ann Lee, the "
             "leader, said she was sorry.")
    assert roles(other) == {("Ann Lee", "leader", "Westshire County Council", None)}


def test_a_statute_s_section_in_a_post_and_a_post_named_before_is() -> None:
    text = ("Westshire County Council met. The council's section 151 officer, Ann Lee, issued a "
            "section 114 notice on 14 October.")
    assert ("Ann Lee", "section 151 officer", "Westshire County Council", None) in roles(text)
    sent = ("The Department for Education sent commissioners into Westshire County Council. "
            "The lead commissioner is Omar Farid, a former council chief executive.")
    assert ("Omar Farid", "lead commissioner", "Department for Education", None) in roles(sent)
    assert roles("Westshire County Council met. The reason is Ann Lee.") == set()


def test_a_post_s_letters_in_brackets_and_a_shared_post_signed_under_two_names() -> None:
    text = ("On Tuesday we met Dr Ann Hollis, the designated clinical officer (DCO) for NHS "
            "Westshire Integrated Care Board.\n\nThank you.\n\nPriya Hale and Tom Reid\n"
            "Co-chairs, Kelmere Parent Carer Forum\n")
    assert roles(text) == {
        ("Ann Hollis", "designated clinical officer", "Westshire Integrated Care Board", None),
        ("Priya Hale", "Co-chair", "Kelmere Parent Carer Forum", None),
        ("Tom Reid", "Co-chair", "Kelmere Parent Carer Forum", None)}


def test_a_green_councillor_and_a_post_held_already_after_a_party_tag() -> None:
    text = ("Kelmere Council met. The request was signed by Green councillor Ann Lee. Her "
            "portfolio passes to Cllr Tom Reid (Lib Dem, Eastfield), who is already cabinet "
            "member for finance. Green spaces matter.")
    found = roles(text)
    assert ("Ann Lee", "councillor", "Kelmere Council", "Green Party") in found
    assert ("Tom Reid", "cabinet member for finance", "Kelmere Council",
            "Liberal Democrats") in found
    assert "Green Party" not in {e.name for e in extract("Green spaces matter.").entities}


@pytest.mark.parametrize(("text", "expected"), [
    ("It is time the leader of the council, Cllr Ann Lee, owned up.",
     ("Ann Lee", "leader", "Westshire County Council", None)),
    ("The leader of the Green group, Cllr Omar Reid, said so.",
     ("Omar Reid", "leader of the Green group", "Westshire County Council", "Green Party")),
    ("The leader of the opposition Labour group, Cllr Bo Karr (Lab, Eastfield), told me so.",
     ("Bo Karr", "leader of the opposition Labour group", "Westshire County Council",
      "Labour Party")),
    ("Cllr Priya Hollins, 61, a retired nurse who represents Eastfield for the Liberal "
     "Democrats, was elected leader at the authority's annual meeting in May.",
     ("Priya Hollins", "leader", "Westshire County Council", "Liberal Democrats")),
    ("Ann Hollis, a chartered accountant, chairs the Westshire Audit Committee.",
     ("Ann Hollis", "chair", "Westshire Audit Committee", None)),
    ("Council leader Tom Farid, whose Conservative group runs the authority, said so.",
     ("Tom Farid", "Council leader", "Westshire County Council", "Conservative Party")),
])
def test_posts_stated_around_asides_and_group_posts(text: str, expected: tuple) -> None:
    assert expected in roles(COUNCIL.strip() + " " + text)


def test_a_party_group_s_leader_does_not_lead_the_council() -> None:
    x = extract(COUNCIL.strip() + " The leader of the Labour group, Omar Reid, objected.")
    assert [(r.role, r.links) for r in x.roles] == [("leader of the Labour group", ())]


def test_a_post_with_no_body_stated_is_not_on_the_body_its_holder_comes_from() -> None:
    text = ("Kelmere City Council is in trouble.\n\n\"We have appointed a new director of "
            "children's services, Dr Ann Lee, from Hale Brook Council,\" the leader said. "
            "Omar Reid, who joins from Westshire County Council, will be chief executive.")
    found = roles(text)
    assert ("Ann Lee", "director of children's services", "Kelmere City Council", None) in found
    assert ("Omar Reid", "chief executive", "Kelmere City Council", None) in found


def test_a_signature_with_a_party_tag_and_a_party_group_s_post() -> None:
    letters = ("Letters\n\nThe cabinet should resign.\n\nCllr Omar Reid (Con, Eastfield)\n"
               "Opposition spokesperson for adult care, Kelmere City Council\n\nWe are "
               "acting.\n\nCllr Ann Lee\nLeader, Liberal Democrat group, Kelmere City Council\n")
    assert roles(letters) == {
        ("Omar Reid", "Opposition spokesperson for adult care", "Kelmere City Council",
         "Conservative Party"),
        ("Ann Lee", "Leader of the Liberal Democrat group", "Kelmere City Council",
         "Liberal Democrats")}


def test_a_seat_in_the_possessive_before_its_member_s_post() -> None:
    text = ("NHS Westshire Integrated Care Board is in trouble. Kelmere North’s Labour MP, "
            "Omar Reid, said he had written to the minister.")
    assert ("Omar Reid", "MP", None, "Labour Party") in roles(text)
    assert ("Omar Reid", "represents", "Kelmere North") in relations_of(text)
