"""Relations read from invented sentences, and recall of the seeds' gold relations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_roles import _forms, _gold_forms, _golds, extract

ICB = "NHS Westshire Integrated Care Board"


def relations(text: str, extractor: str = "relations/2") -> set[tuple[str, str, str]]:
    """(subject, relation, object) by name from one extractor, checking each one's evidence."""
    x = extract(text)
    names = {e.key: e.name for e in x.entities}
    out = set()
    for r in x.relations:
        if r.evidence.extractor != extractor:
            continue
        assert text[r.evidence.start : r.evidence.end] == r.evidence.sentence
        out.add((names[r.subject], r.relation, names[r.object]))
    return out


def test_led_by_gives_leads_and_part_of_for_each_leader() -> None:
    text = ("Inspectors found failings across the local area partnership led by Westshire County"
            f" Council, {ICB} and Eastshire Integrated Care Board.")
    partnership = "Westshire local area partnership"
    assert relations(text) == {
        (member, rel, partnership)
        for member in ("Westshire County Council", "Westshire Integrated Care Board",
                       "Eastshire Integrated Care Board")
        for rel in ("leads", "partOf")
    }


def test_run_by_needs_an_actor_as_head() -> None:
    assert relations("Inspectors said the service, run by Westshire County Council and the"
                     " Westshire Parent Carer Forum, had failed.") == set()
    assert relations(f"Inspectors said the local area partnership, run by Westshire County Council"
                     f" and {ICB}, had failed.") == {
        ("Westshire County Council", "partOf", "Westshire local area partnership"),
        ("Westshire Integrated Care Board", "partOf", "Westshire local area partnership"),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Westshire Integrated Care Board is accountable to NHS England.",
            {("Westshire Integrated Care Board", "accountableTo", "NHS England")},
        ),
        (
            "The Westshire Parent Carer Forum, which represents Eastfield Academy, was not"
            " invited.",
            {("Westshire Parent Carer Forum", "represents", "Eastfield Academy")},
        ),
        (
            "The review of Eastfield Academy Trust was commissioned by Westshire County Council.",
            {("Westshire County Council", "commissions", "Eastfield Academy Trust")},
        ),
        (
            f"Westshire County Council and {ICB} are also a part of the local area partnership.",
            {("Westshire County Council", "partOf", "Westshire local area partnership"),
             ("Westshire Integrated Care Board", "partOf", "Westshire local area partnership")},
        ),
        (
            "Eastfield Academy Trust is a member of the Local Government Association.",
            {("Eastfield Academy Trust", "memberOf", "Local Government Association")},
        ),
        (
            "Eastfield Primary School was inspected by Ofsted and the Care Quality Commission.",
            {("Ofsted", "inspects", "Eastfield Primary School"),
             ("Care Quality Commission", "inspects", "Eastfield Primary School")},
        ),
        (
            "Ann Lee, a spokeswoman for Westshire County Council, said sorry.",
            {("Ann Lee", "spokespersonFor", "Westshire County Council")},
        ),
        (
            "Westshire County Council met. Parents said the local area partnership, led by Ann Lee,"
            " has a new plan.",
            {("Ann Lee", "leads", "Westshire local area partnership")},
        ),
        (
            f"{ICB}, which buys most of its care from Kelmere Hospitals NHS Trust, is in debt.",
            {("Westshire Integrated Care Board", "commissions", "Kelmere Hospitals NHS Trust")},
        ),
        (
            f"Westshire County Council and {ICB} jointly run the Westshire SEND Partnership.",
            {("Westshire County Council", "partOf", "Westshire SEND Partnership"),
             ("Westshire Integrated Care Board", "partOf", "Westshire SEND Partnership")},
        ),
        (
            "The Kelmere Safeguarding Children Partnership, which brings together Westshire "
            "County Council and Kelmere Police, met on Monday.",
            {("Westshire County Council", "partOf", "Kelmere Safeguarding Children Partnership"),
             ("Kelmere Police", "partOf", "Kelmere Safeguarding Children Partnership")},
        ),
    ],
)
def test_trigger_phrases(text: str, expected: set) -> None:
    assert relations(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The Westshire Parent Carer Forum, which represents families, was not invited.",
        "Ofsted said the service was run by Westshire County Council.",
        "Ofsted visited Westshire County Council, which was part of a national review.",
        'A spokesman from the Department for Education said: "We work with NHS England."',
        "Westshire County Council, including Eastfield Primary School, said it was sorry.",
    ],
)
def test_no_relation_without_two_adjacent_actors(text: str) -> None:
    assert relations(text) == set()


def test_no_body_leads_a_person() -> None:
    text = "Riverside Parent Carer Forum chair Ann Lee said families were scared."
    assert relations(text) == set()


# Gold links out of reach, as "the service" and "local NHS services" / "SEND" are not
# recognised as actors; articles not listed must be found in full.
FLOOR = {"002_b87e7eb918b3626c": 1, "003_4b7bc9d324daa154": 1}


@pytest.mark.parametrize(("article", "gold_file"), _golds("relations"), ids=lambda p: p.stem)
def test_gold_relations_recall(article: Path, gold_file: Path) -> None:
    """Relations plus the links (worksFor, leads) and memberOf the RDF mapper derives from roles."""
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    x = extract(article.read_text(encoding="utf-8"))
    predicted = {(r.subject, r.relation, r.object) for r in x.relations}
    for role in x.roles:
        if role.organisation:
            predicted |= {(role.person, link, role.organisation) for link in role.links}
        if role.party:
            predicted.add((role.person, "memberOf", role.party))

    def same(key: str, name: str) -> bool:
        return bool(_forms(x, key) & _gold_forms(gold, name))

    found = [g for g in gold["relations"]
             if any(rel == g["relation"] and same(s, g["subject"]) and same(o, g["object"])
                    for s, rel, o in predicted)]
    missing = [g for g in gold["relations"] if g not in found]
    print(f"{gold_file.stem}: {len(found)}/{len(gold['relations'])} relations; missing "
          + "; ".join(f"{g['subject']} {g['relation']} {g['object']}" for g in missing))
    assert len(found) >= FLOOR.get(gold_file.stem, len(gold["relations"]))


def test_partnership_members_by_definition_cite_both_sentences() -> None:
    text = ("Westshire County Council and NHS Westshire Integrated Care Board met parents. "
            "Ofsted found failings in the local area partnership.")
    x = extract(text)
    names = {e.key: e.name for e in x.entities}
    found = {(names[r.subject], r.relation, names[r.object]): r for r in x.relations}
    partnership = "Westshire local area partnership"
    for member in ("Westshire County Council", "Westshire Integrated Care Board"):
        r = found[(member, "partOf", partnership)]
        assert r.evidence.extractor == r.support.extractor == "relations/2:definition"
        assert "local area partnership" in r.evidence.sentence
        assert member.split()[0] in r.support.sentence
    assert relations(text, "relations/2:definition") == {
        ("Westshire County Council", "partOf", partnership),
        ("Westshire Integrated Care Board", "partOf", partnership),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Westmoor Council met. Parents protested against the Labour-run council on Monday.",
         {("Labour Party", "leads", "Westmoor Council")}),
        ("Westmoor Council met. The Labour and Lib Dem-run authority lost the vote.",
         {("Labour Party", "leads", "Westmoor Council"),
          ("Liberal Democrats", "leads", "Westmoor Council")}),
        ("Westmoor Council met. A Tory-run unitary council in the north lost the vote.",
         {("Conservative Party", "leads", "Westmoor Council")}),
        ("Cllr Ada Marsh (Con, Northfield) said the cuts were wrong.",
         {("Ada Marsh", "represents", "Northfield")}),
        ("Cllr Ada Marsh, who represents Northfield, said the cuts were wrong.",
         {("Ada Marsh", "represents", "Northfield")}),
        ("Westmoor Council's Children's Services Scrutiny Committee met on Monday.",
         {("Children's Services Scrutiny Committee", "partOf", "Westmoor Council")}),
        ("At the polls Reform UK took control of Westmoor Council from the Conservatives.",
         {("Reform UK", "leads", "Westmoor Council")}),
        ("Westmoor Council met. The Greens have retained overall control of the authority.",
         {("Green Party", "leads", "Westmoor Council")}),
        ("Westmoor Council met. Its Labour group runs the council in coalition with Plaid "
         "Cymru.", {("Labour Party", "leads", "Westmoor Council"),
                    ("Plaid Cymru", "leads", "Westmoor Council")}),
    ],
)
def test_party_control_wards_and_committees(text: str, expected: set) -> None:
    assert relations(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Westmoor Council met. The Labour-run campaign ended on Monday.",
        "Cllr Ada Marsh, who represents families in the north, said the cuts were wrong.",
        "Westmoor Council's Children's Services Department met on Monday.",
        "Westmoor Council met. The deficit grew under the previous Labour administration.",
        "Westmoor Council met. The Labour administration that ran it until 2021 borrowed.",
        "Westmoor Council met. Labour took control of the budget debate.",
    ],
)
def test_no_control_ward_or_committee_without_its_words(text: str) -> None:
    assert relations(text) == set()


@pytest.mark.parametrize(("text", "expected"), [
    ("Westmoor Borough Council was rated inadequate. "
     "The Department for Education has issued an improvement notice.",
     {("Westmoor Borough Council", "accountableTo", "Department for Education")}),
    ("NHS England has placed NHS Fenland Integrated Care Board into its recovery support "
     "programme.", {("Fenland Integrated Care Board", "accountableTo", "NHS England")}),
    ("Harbridge Hospitals NHS Foundation Trust remains under close scrutiny within "
     "Monitor's regulatory regime.",
     {("Harbridge Hospitals NHS Foundation Trust", "accountableTo", "Monitor")}),
    ("Fenland Integrated Care Board will be subject to a greater level of scrutiny over "
     "spending by regional NHSE teams.",
     {("Fenland Integrated Care Board", "accountableTo", "NHS England")}),
])
def test_a_body_answers_to_one_that_oversees_it_or_took_a_measure_against_it(
        text: str, expected: set) -> None:
    assert relations(text) == expected


@pytest.mark.parametrize("text", [
    "Westmoor Council said the Department for Education could issue an improvement notice.",
    "The Department for Education said it had given Westmoor Council £5m.",
    "Ofsted has issued a warning notice to Westmoor Council.",  # regulators inspect
])
def test_no_oversight_without_a_firm_measure_by_a_government_body(text: str) -> None:
    assert not {r for r in relations(text) if r[1] == "accountableTo"}


def test_a_body_placed_under_a_measure_is_not_its_overseer() -> None:
    found = relations("Westmoor Hospitals NHS Foundation Trust was inspected. A spokesperson for "
                      "NHS England said the trust had been placed in special measures.")
    assert not {r for r in found if r[1] == "accountableTo" and r[0] == "NHS England"}


def test_a_body_issued_with_a_notice_by_another_answers_to_it() -> None:
    assert ("Westshire County Council", "accountableTo", "Department for Education") in relations(
        "Westshire County Council was issued with an improvement notice by the Department for "
        "Education in June.", extractor="relations/2")


def test_an_overseer_named_with_its_acronym_still_acts() -> None:
    assert ("Kelmere Borough Council", "accountableTo", "Department for Education") in relations(
        "The Department for Education (DfE) has appointed a SEND commissioner to oversee "
        "Kelmere Borough Council.", extractor="relations/2")


def test_a_body_moved_into_a_recovery_programme_answers_to_who_moved_it() -> None:
    assert ("Kelmere Integrated Care Board", "accountableTo", "NHS England") in relations(
        "NHS England has moved NHS Kelmere ICB into segment 4 and its recovery support "
        "programme.")


def test_an_mp_for_a_seat_represents_it_unless_no_longer() -> None:
    assert ("Tom Hart", "represents", "Kelmere North") in relations(
        "The Green MP for Kelmere North, Tom Hart, says the report is damning.")
    assert not relations("Former MP for Kelmere North Tom Hart said so.")
    assert not relations("Cabinet member for Education Jo Bell said so.")


def test_a_body_whose_progress_is_monitored_answers_to_the_monitor() -> None:
    assert ("Kelmere Council", "accountableTo", "Department for Education") in relations(
        "Kelmere Council agreed the deal. Its progress will be monitored quarterly by the "
        "Department for Education.")


def test_a_measure_reported_by_its_issuer_makes_the_body_answer_to_it() -> None:
    assert ("Kelmere Council", "accountableTo", "Department for Education") in relations(
        "Kelmere Council was criticised. The Department for Education said it had issued the "
        "authority with a statutory direction.")


def test_a_councils_scrutiny_committee_is_part_of_it_by_definition() -> None:
    text = ("Harbridge City Council was criticised. The adult social care scrutiny committee "
            "will meet on Monday.")
    assert relations(text, extractor="relations/2:definition") == {
        ("adult social care scrutiny committee", "partOf", "Harbridge City Council")}


def test_who_leads_a_group_and_represents_a_ward_is_the_wards_representative() -> None:
    assert ("Ravi Shah", "represents", "Lower Dene") in relations(
        "Reform UK's Ravi Shah, who leads the opposition group and represents Lower Dene, "
        "called on the leader to resign.")


def test_a_trust_in_an_overseers_support_programme_answers_to_it() -> None:
    text = ("Westmoor Hospitals NHS Trust was rated inadequate. The trust has been in NHS "
            "England's maternity safety support programme since 2023.")
    assert ("Westmoor Hospitals NHS Trust", "accountableTo", "NHS England") in relations(text)
    assert not relations("Westmoor Hospitals NHS Trust has been in its own improvement "
                         "programme since 2023.")


def test_a_seat_joining_two_places_is_one_place() -> None:
    assert ("Peter Hale", "represents", "Rowley and Ashton Vale") in relations(
        "Sir Peter Hale, MP for Rowley and Ashton Vale, defended the authority.",
        extractor="relations/2")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The ESFA, an executive agency of the Department for Education, wrote to Harbridge "
         "Learning Trust.",
         ("Education and Skills Funding Agency", "partOf", "Department for Education")),
        ("Harbridge Learning Trust, which also runs Kelmere Academy, forecasts a deficit.",
         ("Kelmere Academy", "partOf", "Harbridge Learning Trust")),
        ("Harbridge Partnership NHS Foundation Trust's mental health services are commissioned "
         "by Kelmere Integrated Care Board.",
         ("Kelmere Integrated Care Board", "commissions",
          "Harbridge Partnership NHS Foundation Trust")),
    ],
)
def test_agencies_schools_run_and_services_commissioned(text: str, expected: tuple) -> None:
    assert expected in relations(text, extractor="relations/2")


def test_a_body_that_runs_something_other_than_a_school_is_not_its_whole() -> None:
    assert relations("Kelmere Council, which also runs Westshire Leisure Centre, said no.",
                     extractor="relations/2") == set()


def test_a_body_named_with_its_acronym_before_which() -> None:
    assert ("Vale and Dene Integrated Care Board", "commissions",
            "Marsh Hospitals NHS Foundation Trust") in relations(
        "The CQC issued a warning notice to Marsh Hospitals NHS Foundation Trust. NHS Vale and "
        "Dene Integrated Care Board (ICB), which commissions services from the trust, said it "
        "would pay.", extractor="relations/2")


@pytest.mark.parametrize("text", [
    "Harbridge Borough Council has been under a Department for Education statutory direction "
    "since the spring.",
    "Harbridge Borough Council missed its targets. In March the Department for Education "
    "issues the council with an improvement notice.",
])
def test_a_body_under_a_measure_answers_to_who_imposed_it(text: str) -> None:
    assert ("Harbridge Borough Council", "accountableTo", "Department for Education") in \
        relations(text, extractor="relations/2")


@pytest.mark.parametrize(("text", "expected"), [
    ("Kelmere County Council has cut bus passes. The Liberal Democrat administration says the "
     "savings are needed.", ("Liberal Democrats", "leads", "Kelmere County Council")),
    ("Omar Reid, the councillor for Hale Brook North, raised the cuts at Kelmere County Council.",
     ("Omar Reid", "represents", "Hale Brook North")),
])
def test_a_ruling_administration_and_a_councillor_s_ward(
        text: str, expected: tuple[str, str, str]) -> None:
    assert expected in relations(text, extractor="relations/2")


def test_a_party_s_cabinet_member_is_no_ruling_party() -> None:
    text = "Kelmere County Council met. Labour cabinet member Omar Reid said no."
    assert not {r for r in relations(text, extractor="relations/2") if r[1] == "leads"}


@pytest.mark.parametrize("text", [
    "Inspectors rated Hale Brook Community NHS Trust's wards unsafe. NHS Westshire Integrated "
    "Care Board, which commissions the service, said it would add £2m.",
    "Families waited two years for Hale Brook Community NHS Trust to assess their children. "
    "Kelmere Council, the main funder of the services, called the wait unacceptable.",
])
def test_who_commissions_the_service_commissions_the_articles_provider(text: str) -> None:
    commissions = {r for r in relations(text) if r[1] == "commissions"}
    assert len(commissions) == 1
    assert next(iter(commissions))[2] == "Hale Brook Community NHS Trust"


def test_commissioning_a_service_needs_a_provider_named_in_the_article() -> None:
    assert not {r for r in relations(
        "NHS Westshire Integrated Care Board, which commissions the service, said it would "
        "add £2m to cut waits at the Kelmere Children's Centre.") if r[1] == "commissions"}


def test_a_hospital_in_a_story_about_one_trust_is_part_of_it() -> None:
    text = ("Westshire Hospitals NHS Trust was rated inadequate. Inspectors found the "
            "emergency department at Fenbrook General Hospital short of nurses.")
    assert ("Fenbrook General Hospital", "partOf", "Westshire Hospitals NHS Trust") in (
        relations(text, extractor="relations/2:definition"))
    two_trusts = text + " Patients were moved to Kelmere Community NHS Trust."
    assert not relations(two_trusts, extractor="relations/2:definition")


def test_a_body_put_into_a_national_regime_answers_to_who_runs_it() -> None:
    text = ("NHS England announced changes today. Hale Brook Integrated Care Board will move "
            "to segment 4 and enter the Recovery Support Programme from 1 September.")
    assert ("Hale Brook Integrated Care Board", "accountableTo", "NHS England") in relations(text)
    assert not relations("Hale Brook Integrated Care Board will enter the Recovery Support "
                         "Programme from 1 September.")


def test_whose_services_are_commissioned_by() -> None:
    assert ("Kelmere Integrated Care Board", "commissions", "Hale Brook Community NHS Trust") in (
        relations("Hale Brook Community NHS Trust, whose services are commissioned mainly by "
                  "NHS Kelmere ICB, will stay in segment 3."))


def test_a_council_run_by_a_party_in_apposition() -> None:
    text = ("We compared Kelmere Council, Harbridge Borough Council and Westshire County "
            "Council. Kelmere Council leads the table, and Kelmere Council is growing.\n\n"
            "Harbridge, the only Liberal Democrat-run authority in the table, came second. "
            "Westshire County Council, run by Reform UK since May, came third.")
    found = relations(text)
    assert ("Liberal Democrats", "leads", "Harbridge Borough Council") in found
    assert ("Reform UK", "leads", "Westshire County Council") in found
    assert not {r for r in found if r[0] in ("Reform UK", "Liberal Democrats")
                and r[2] == "Kelmere Council"}
    assert ("Reform UK", "partOf", "Westshire County Council") not in found


def test_who_does_what_a_verb_after_an_aside_says_is_the_subject_not_the_aside() -> None:
    text = ("Dr Ada Marsh, a former dean at the University of Westmoor, chairs the Westmoor "
            "Safeguarding Partnership.")
    assert relations(text) == {("Ada Marsh", "leads", "Westmoor Safeguarding Partnership")}
