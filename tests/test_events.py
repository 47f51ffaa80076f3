"""Events, their dates and money, read from short stories written for these tests."""

from __future__ import annotations

import pytest

from kg.extraction.events import find_triggers
from kg.extraction.registry import extract_article
from kg.model import Event, Extraction
from kg.nlp import entity_spans
from kg.pipeline import to_article
from kg.reading import Document

NOTICE = """Westmoor ordered to improve SEND services

Priya Nandra 14 November 2023

The Department for Education (DfE) has issued Westmoor County Council with an improvement \
notice after inspectors found widespread failings.

Ofsted and the Care Quality Commission visited the area between 4 and 8 September.

The council must produce a written statement of action by January 2024.

Around 40 parents protested outside County Hall on Friday, and a petition calling for the \
cabinet member to resign has been signed by 2,000 people.

The council's cabinet approved a new SEND strategy at a meeting in October.

Westmoor County Council failed to meet the deadline for one family.
"""

DEAL = """Harbridge agrees safety valve deal

Thursday 7 March 2024: Harbridge Borough Council has agreed a safety valve deal with the \
Department for Education (DfE) to clear its high needs deficit.

The DfE has committed to paying the council £31 million over five years.

Of this amount, £9.5m was paid to the council on 1 March 2024.

The council's Dedicated Schools Grant reserve is forecast to be £44.2m in deficit by March, \
rising to £60m in 2026.

Harbridge Borough Council will also spend £2m a year on new specialist places.
"""


def extracted(name: str, text: str) -> Extraction:
    article = to_article(Document(name, text, "x", "utf-8"))
    return extract_article(article, next(entity_spans([article.text])))


@pytest.fixture(scope="module")
def notice() -> Extraction:
    return extracted("westmoor.txt", NOTICE)


@pytest.fixture(scope="module")
def deal() -> Extraction:
    return extracted("harbridge.txt", DEAL)


def names(x: Extraction, event: Event) -> set[str]:
    by_key = {e.key: e.name for e in x.entities}
    return {by_key[p.entity] for p in event.participants}


def kinds_dated(x: Extraction) -> set[tuple[str, str | None]]:
    """(kind, ISO date) of every event."""
    return {(e.kind, e.date and e.date.iso) for e in x.events}


def dates_of(x: Extraction, kind: str) -> list[str | None]:
    """The dates (None if undated) of every event of `kind`; empty if there is none."""
    return [e.date.iso if e.date else None for e in of_kind(x, kind)]


def of_kind(x: Extraction, kind: str) -> list[Event]:
    return [e for e in x.events if e.kind == kind]


def test_byline_date_anchors_relative_dates(notice: Extraction) -> None:
    assert notice.article.published == "2023-11-14"
    [protest] = [e for e in of_kind(notice, "other") if "protested" in e.evidence.sentence]
    assert protest.date is not None and protest.date.iso == "2023-11-10"  # the Friday before


def test_improvement_notice_is_an_intervention_by_the_government(notice: Extraction) -> None:
    [intervention] = of_kind(notice, "intervention")
    assert intervention.measure == "improvement notice"
    assert {"Department for Education", "Westmoor County Council"} <= names(notice, intervention)


def test_inspection_range_dated_at_its_start_with_the_inspectorates(notice: Extraction) -> None:
    [visit] = [e for e in of_kind(notice, "inspection") if e.date]
    assert visit.date is not None and visit.date.iso == "2023-09-04"
    assert {"Ofsted", "Care Quality Commission"} <= names(notice, visit)


def test_written_statement_of_action_is_a_plan_with_a_deadline(notice: Extraction) -> None:
    plans = of_kind(notice, "plan")
    assert plans
    assert all(names(notice, p) == {"Westmoor County Council"} for p in plans)
    assert all(p.date is None or p.date.iso != "2024-01" for p in plans)  # the deadline's date
    deadlines = [e for e in of_kind(notice, "deadline") if e.date]
    assert [d.date.iso for d in deadlines if d.date] == ["2024-01"]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Harbridge must write a statement of action.", "plan"),
        ("Leaders agreed a new improvement plan for the area.", "plan"),
        ("Westmoor was issued with a section 114 notice.", None),
        ("Parents have launched a petition.", "other"),
        ("Campaigners called on the leader to resign.", "other"),
        ("The leader resigned last night.", "resignation"),
        ("It failed to meet its targets.", None),
        ("Councillors will meet on Tuesday.", "meeting"),
        ("The cabinet member said he would not step down.", None),
        ("Harbridge's special schools have never been inspected.", None),
        ("The chair refused to resign and won’t apologise.", None),
        ("It was not the first time the board had held a meeting in public.", "meeting"),
        ("Inspectors said EHC plans for pupils in Harbridge were often late.", None),
        ("Education, health and care plans for young people were 'poor'.", None),
        ("Too few care plans for looked-after children had been reviewed.", None),
        ("Its plans for three new special schools were approved.", "plan"),
    ],
)
def test_trigger_kinds(sentence: str, kind: str | None) -> None:
    assert [t.kind for t in find_triggers(sentence)] == ([kind] if kind else [])


def test_a_call_to_resign_is_no_resignation(notice: Extraction) -> None:
    assert of_kind(notice, "resignation") == []
    assert any("petition" in e.evidence.sentence for e in of_kind(notice, "other"))


def test_missing_a_deadline_is_no_meeting(notice: Extraction) -> None:
    meetings = of_kind(notice, "meeting")
    assert [m.date.iso for m in meetings if m.date] == ["2023-10"]
    assert not any("failed to meet" in m.evidence.sentence for m in meetings)


def test_events_cite_the_new_extractor(notice: Extraction) -> None:
    assert {e.evidence.extractor for e in notice.events} == {"events/2"}


def test_dateline_opening_the_story_dates_the_deal(deal: Extraction) -> None:
    assert deal.article.published == "2024-03-07"
    investments = [e for e in of_kind(deal, "investment") if e.money is None]
    assert any(e.date and e.date.iso == "2024-03-07" for e in investments)


def funders(x: Extraction) -> dict[float, set[str]]:
    return {e.money.amount_gbp: names(x, e) for e in x.events if e.money}


def test_payer_is_the_subject_not_the_body_named_last(deal: Extraction) -> None:
    assert funders(deal)[31_000_000] == {"Department for Education"}


def test_a_sum_paid_to_the_council_comes_from_the_last_funder(deal: Extraction) -> None:
    assert funders(deal)[9_500_000] == {"Department for Education"}


def test_deficits_are_not_funding(deal: Extraction) -> None:
    assert 44_200_000 not in funders(deal)
    assert 60_000_000 not in funders(deal)
    assert funders(deal)[2_000_000] == {"Harbridge Borough Council"}


def test_it_in_a_reported_promise_is_the_body_that_reports_it() -> None:
    x = extracted("vale.txt", "Lowmoor Hospitals NHS Trust was criticised.\n\nNHS Fen Vale "
                  "Integrated Care Board, which commissions services from the trust, said it "
                  "would provide £3.5m over two years to recruit midwives.")
    assert funders(x)[3_500_000] == {"Fen Vale Integrated Care Board"}


def participants(x: Extraction, kind: str) -> list[list[str]]:
    return [[p.entity for p in e.participants] for e in x.events if e.kind == kind]


def test_a_commissioner_appointed_is_an_intervention_not_an_appointment() -> None:
    x = extracted("c.txt", "The government has appointed a commissioner to take over a "
                           "Tory-run unitary council over its debts.")
    assert participants(x, "appointment") == []
    # the party that runs the council is no participant of what happens to it
    assert participants(x, "intervention") == [["org/government"]]


def test_made_or_become_is_an_appointment_only_before_a_post() -> None:
    made = extracted("own.txt", "Ruth Okafor will be made interim chief executive of "
                                "Harbridge Borough Council in March.")
    assert participants(made, "appointment") == [
        ["person/ruth-okafor", "org/harbridge-borough-council"]]
    became = extracted("own.txt", "Ruth Okafor became the new head of Kelmere Council's "
                                  "SEND service in May.")
    assert participants(became, "appointment")
    for text in ("Harbridge Borough Council was made aware of the failings in March.",
                 "The decision was made by Harbridge Borough Council in March.",
                 "Kelmere Council became the first council to be given a notice in March."):
        assert participants(extracted("own.txt", text), "appointment") == [], text


def test_commissioners_appointed_by_name_are_also_appointments() -> None:
    x = extracted("c.txt", "The minister appointed two commissioners, Jane Doe and Max Roe, "
                           "to run Harbridge Borough Council.")
    [appointed] = participants(x, "appointment")
    assert {"person/jane-doe", "person/max-roe"} <= set(appointed)
    assert participants(x, "intervention")


def test_a_commissioner_post_being_contested_is_no_intervention() -> None:
    x = extracted("own.txt", "Priya Shah, a former Labour candidate for the commissioner role, "
                             "chairs the panel.")
    assert not [e for e in x.events if e.kind == "intervention"]
    sent = extracted("own.txt", "Ministers sent commissioners into Westmoor Council in June.")
    assert [e for e in sent.events if e.kind == "intervention"]


def test_an_nhs_trust_is_no_intervention_but_a_trust_taking_over_is() -> None:
    x = extracted("t.txt", "Kelmere Hospitals NHS Trust was inspected in May. Westshire County "
                           "Council's leader said the trust had failed women for years.")
    assert participants(x, "intervention") == []
    taken = extracted("t.txt", "Westshire County Council's children's services will be run "
                               "by an independent trust from April, ministers said.")
    assert participants(taken, "intervention")


def test_its_report_is_the_report_of_the_body_named_before() -> None:
    x = extracted("r.txt", "The Care Quality Commission inspected Kelmere Hospitals NHS Trust "
                           "in May 2024. Its report, published on 3 September, said staff "
                           "were exhausted.")
    assert participants(x, "report-published") == [["org/care-quality-commission"]]


def test_a_grade_an_inspectorate_gave_is_an_inspection_with_its_outcome() -> None:
    x = extracted("g.txt", "In March 2023, Ofsted judged Westshire County Council's services "
                           "for children to require improvement.")
    [event] = [e for e in x.events if e.kind == "inspection"]
    assert (event.date.iso, event.outcome) == ("2023-03", "require improvement")
    assert not [e for e in extracted("g.txt", "Westshire County Council rated the bids as "
                                              "good.").events if e.kind == "inspection"]


def test_the_publication_of_an_inspection_is_its_report_not_a_new_inspection() -> None:
    x = extracted("p.txt", "Westshire responds\n\nPublished: 4 June 2025\n\nWe welcome the "
                           "publication today of the joint Ofsted and CQC inspection of "
                           "Westshire County Council.")
    assert [(e.kind, e.date.iso) for e in x.events] == [("report-published", "2025-06-04")]


def test_a_deadline_at_the_end_of_a_month_after_being_told() -> None:
    x = extracted("d.txt", "Westshire County Council has been told by the Department for "
                           "Education to cut its deficit by the end of March 2026.")
    assert [e.date.iso for e in x.events if e.kind == "deadline"] == ["2026-03"]


def test_named_inspectors_are_their_inspectorate_and_an_ombudsman_inspects_nothing() -> None:
    x = extracted("i.txt", "The Local Government and Social Care Ombudsman upheld a complaint "
                           "against Westshire County Council. The Care Quality Commission "
                           "reviewed its health services. Ofsted inspectors visited Westshire "
                           "County Council in January.")
    [visit] = [e for e in x.events if e.kind == "inspection"]
    assert {p.entity for p in visit.participants} == {"org/ofsted",
                                                       "org/westshire-county-council"}


def test_a_body_ordered_to_pay_is_the_payer() -> None:
    x = extracted("o.txt", "The Department for Education funds schools. The Local Government "
                           "and Social Care Ombudsman ordered Westshire County Council to pay "
                           "£1,500 to the family.")
    [paid] = [e for e in x.events if e.kind == "investment"]
    assert [p.entity for p in paid.participants] == ["org/westshire-county-council"]


def test_health_officials_are_the_articles_care_board() -> None:
    x = extracted("h.txt", "Westshire County Council and NHS Westshire Integrated Care Board "
                           "were inspected in May. Westshire County Council was praised. "
                           "NHS bosses have been told to write an action plan.")
    assert participants(x, "plan") == [["org/westshire-integrated-care-board"]]


def test_an_intervention_told_again_gains_the_bodies_named_later() -> None:
    x = extracted("c.txt", "Commissioners to leave council\n\nThe Department for Education "
                           "said the commissioners would leave. Government-appointed "
                           "commissioners have left Westshire County Council.")
    [intervention] = [e for e in x.events if e.kind == "intervention"]
    assert {"org/westshire-county-council", "org/department-for-education"} <= {
        p.entity for p in intervention.participants}


def test_a_send_outcome_an_inspectorate_gave_is_an_inspection() -> None:
    x = extracted("s.txt", "Westshire County Council was rated as having “widespread and/or "
                           "systemic failings” by Ofsted and the Care Quality Commission in "
                           "November 2024.")
    [event] = [e for e in x.events if e.kind == "inspection"]
    assert (event.date.iso, event.outcome) == ("2024-11", "widespread and/or systemic failings")


@pytest.mark.parametrize(("text", "funders"), [
    ("The Department for Education will give Westshire County Council £45.6m over five "
     "years.", [["org/department-for-education"]]),
    ("The Department for Education met on Monday. Westshire County Council is to receive an "
     "extra £3 million for new school places.", [["org/department-for-education"]]),
    ("Westshire County Council's high needs deficit is expected to reach £80m.", []),
    ("The forecast deficit is £96m. Castle Integrated Care Board received £32m of deficit "
     "support funding from NHS England last year.", [["org/nhs-england"]]),
    ("Last week the Department for Education announced £850m over three years to create "
     "10,000 specialist places.", [["org/department-for-education"]]),
    ("NHS England agreed £9m of support on condition that the trust delivers £30m of "
     "savings. Its plan is to save £12m by closing a ward.", [["org/nhs-england"]]),
    # the parser may hang the relative clause on the main verb: "which" is still the board
    ("The CQC visited Harbridge Partnership NHS Foundation Trust in August.\n\nThe trust's "
     "services are commissioned by NHS Holmvale and Wendmoor Integrated Care Board (ICB), "
     "which has agreed a one-off £850,000 for extra night staff.",
     [["org/holmvale-and-wendmoor-integrated-care-board"]]),
])
def test_who_pays_a_sum_and_a_deficit_is_no_funding(text: str, funders: list) -> None:
    assert participants(extracted("m.txt", text), "investment") == funders


def test_leaving_the_authority_is_a_resignation() -> None:
    x = extracted("l.txt", "Westshire County Council's director of finance, Ann Lee, left the "
                           "authority in January 2025.")
    assert [(e.kind, e.date.iso) for e in x.events] == [("resignation", "2025-01")]


def test_a_target_to_be_met_by_a_date_and_a_post_taken_over() -> None:
    x = extracted("t.txt", "Published: 9 October 2025\n\nAnn Lee of Westshire County Council "
                           "said the backlog would be cleared by the end of March 2026. Bob "
                           "Stone, who took over as director of Westshire County Council in "
                           "January, agreed.")
    assert {(e.kind, e.date.iso) for e in x.events} >= {("deadline", "2026-03"),
                                                       ("appointment", "2025-01")}


def test_a_meeting_that_heard_is_not_dated_by_what_it_heard() -> None:
    x = extracted("h.txt", "Families in Westshire lodged 312 appeals last year, a Westshire "
                           "County Council scrutiny meeting heard.")
    [meeting] = [e for e in x.events if e.kind == "meeting"]
    assert meeting.date is None
    assert [p.entity for p in meeting.participants].count("org/westshire-county-council") == 1


def test_appointing_a_kind_of_commissioner_is_an_intervention_only() -> None:
    x = extracted("c.txt", "The Department for Education has appointed a SEND commissioner "
                           "to oversee Kelmere Borough Council.")
    assert {e.kind for e in x.events} == {"intervention"}


def test_in_its_report_a_body_published_one() -> None:
    x = extracted("r.txt", "The Local Government and Social Care Ombudsman upheld the "
                           "complaint. In its report, the ombudsman said Westshire County "
                           "Council had caused distress.")
    assert "report-published" in {e.kind for e in x.events}


@pytest.mark.parametrize(("text", "iso"), [
    ("Ofsted inspectors visited Westshire County Council in November.", "2024-11"),
    ("Westshire County Council was issued with an improvement notice on 14 December.",
     "2024-12-14"),
    ("Westshire County Council will meet in November.", "2025-11"),
    ("Westshire County Council's new director starts in July.", "2025-07"),
])
def test_a_month_after_publication_told_in_the_past_is_last_years(text: str, iso: str) -> None:
    x = extracted("p.txt", f"Published: 3 March 2025\n\n{text}")
    assert [e.date.iso for e in x.events] == [iso]


def test_a_measure_only_called_for_is_a_call_not_an_intervention() -> None:
    x = extracted("c.txt", "Opposition leader Cllr Ruth Kerr (Con) called for an independent "
                           "review of Westshire County Council's SEND service.")
    assert {e.kind for e in x.events} == {"other"}


def test_a_party_is_never_intervened_in() -> None:
    x = extracted("p.txt", "Westshire County Council, where the Conservatives lost control "
                           "last year, has been issued with an improvement notice.")
    [event] = of_kind(x, "intervention")
    assert names(x, event) == {"Westshire County Council"}


def test_we_in_a_quotation_is_the_speakers_body() -> None:
    x = extracted("q.txt", "Westshire County Council said it was working on the plan.\n\n"
                           "Dr Omar Reid, medical director at NHS Kelmere ICB, said: \"Waits are "
                           "too long. We are investing £2.4m in extra staff this year.\"")
    [event] = of_kind(x, "investment")
    assert names(x, event) == {"Kelmere Integrated Care Board"}


def test_who_resigns_is_the_posts_holder_not_the_regulator_named_beside() -> None:
    x = extracted("r.txt", "The chief executive of Westmoor Hospitals NHS Trust has resigned, "
                           "weeks after the Care Quality Commission rated it inadequate. Lena "
                           "Shaw told staff she would leave in June.")
    [event] = of_kind(x, "resignation")
    assert names(x, event) == {"Lena Shaw", "Westmoor Hospitals NHS Trust"}


def test_a_description_with_a_modifier_still_names_the_body() -> None:
    x = extracted("m.txt", "Harbridge Borough Council was criticised again. The government has "
                           "issued the Labour-run authority with a statutory direction.")
    [event] = of_kind(x, "intervention")
    assert "Harbridge Borough Council" in names(x, event)


def test_the_resignation_named_again_is_the_same_one() -> None:
    x = extracted("t.txt", "Ann Lee resigned as leader of Harbridge Borough Council on Monday. "
                           "Cllr Tom Fry (Con) said the resignation was overdue.")
    [event] = of_kind(x, "resignation")
    assert names(x, event) == {"Ann Lee", "Harbridge Borough Council"}


def test_a_deadline_without_a_year_is_the_next_one() -> None:
    x = extracted("d.txt", "Published: 20 November 2025\n\nNHS England expects Kelmere NHS "
                           "Trust to submit a recovery plan by 15 January.")
    assert [e.date.iso for e in of_kind(x, "deadline") if e.date] == ["2026-01-15"]


def test_protecting_a_sum_is_money_for_its_purpose() -> None:
    x = extracted("m.txt", "Kelmere NHS Trust's board agreed to protect £1.2m a year for "
                           "children's therapies.")
    [event] = of_kind(x, "investment")
    assert event.money is not None and event.money.amount_gbp == 1_200_000


def test_a_dated_grade_with_no_inspectorate_named_is_an_earlier_inspection() -> None:
    x = extracted("g.txt", "Ofsted has rated Kelmere City Council's children's services "
                           "inadequate. The service was previously rated good in 2021.")
    grades = {(e.date.iso if e.date else None, e.outcome) for e in of_kind(x, "inspection")}
    assert grades == {(None, "inadequate"), ("2021", "good")}


def test_found_at_fault_is_a_complaint_and_a_cabinet_decision_a_meeting() -> None:
    x = extracted("f.txt", "Published: 4 February 2026\n\nLast month, the Local Government and "
                           "Social Care Ombudsman found Kelmere Council at fault for a delay. "
                           "Kelmere Council's cabinet signed off the plan on January 20.")
    assert {(e.kind, e.date.iso if e.date else None) for e in x.events} == {
        ("complaint", "2026-01"), ("meeting", "2026-01-20")}


def test_a_reported_inspection_with_its_own_date_is_an_event_of_its_own() -> None:
    x = extracted("r.txt", "Published: 12 March 2026\n\nOn Monday Ofsted published the findings "
                           "of a revisit carried out in January at Kelmere Council.")
    dated = {(e.kind, e.date.iso if e.date else None) for e in x.events}
    assert dated == {("report-published", "2026-03-09"), ("revisit", "2026-01")}


def test_a_best_value_inspection_and_exceptional_support() -> None:
    x = extracted("b.txt", "Published: 14 November 2025\n\nThe government has agreed "
                           "exceptional financial support through a capitalisation direction "
                           "worth £23m for Harbridge Borough Council. It has also sent in a "
                           "best value inspection team, which is due to report by the end of "
                           "January.")
    kinds = {(e.kind, e.date.iso if e.date else None) for e in x.events}
    assert {("investment", None), ("inspection", None), ("deadline", "2026-01")} <= kinds


def test_a_hospital_inspection_its_report_conditions_and_a_coroners_report() -> None:
    x = extracted("h.txt", "Published: 2 October 2025\n\nInspectors visited the maternity unit "
                           "at Westmoor General Hospital, run by Westmoor Hospitals NHS Trust, in "
                           "July. On July 25, conditions were imposed on the trust's registration "
                           "under Section 31. The report, published on Tuesday, found staffing "
                           "unsafe. The coroner sent the trust a prevention of future deaths "
                           "report. NHS Kelmere ICB, the commissioner of the service, said it "
                           "would fund £1.8m of extra staffing.")
    kinds = {(e.kind, e.date.iso if e.date else None) for e in x.events}
    assert {("intervention", "2025-07-25"), ("report-published", "2025-09-30")} <= kinds
    coroner = extracted("c.txt", "The coroner sent Westmoor Hospitals NHS Trust a prevention "
                                 "of future deaths report.")
    assert [e.kind for e in coroner.events] == ["report-published"]
    assert not [e for e in of_kind(x, "intervention")
                if "Kelmere Integrated Care Board" in names(x, e)]


def test_a_judgment_handed_down_and_costs_the_council_was_ordered_to_pay() -> None:
    x = extracted("j.txt", "Published: 7 October 2025\n\nIn a judicial review handed down on 3 "
                           "October, the High Court found against Harbridge Borough Council. The "
                           "council was ordered to pay the family's costs, assessed at £38,500.")
    assert ("complaint", "2025-10-03") in {(e.kind, e.date.iso if e.date else None)
                                           for e in x.events}
    [paid] = [e for e in x.events if e.money]  # costs are redress, not an investment
    assert (paid.kind, names(x, paid)) == ("other", {"Harbridge Borough Council"})


def test_a_committee_heard_is_a_meeting_and_extra_money_agreed_is_the_councils() -> None:
    x = extracted("c.txt", "Published: 27 November 2025\n\nHarbridge County Council's scrutiny "
                           "committee heard on Tuesday that waits had grown. Officers pointed to "
                           "an extra £1.9 million agreed by cabinet in July. An action plan will "
                           "go to cabinet on 9 December.")
    kinds = {(e.kind, e.date.iso if e.date else None) for e in x.events}
    assert {("meeting", "2025-11-25"), ("investment", "2025-07"),
            ("meeting", "2025-12-09")} <= kinds
    [paid] = of_kind(x, "investment")
    assert names(x, paid) == {"Harbridge County Council"}


def test_national_story_events() -> None:
    x = extracted("n.txt", "Published: 14 November 2025\n\nKelmere County Council has a deficit. "
                           "The override is due to expire in March 2028. A white paper will be "
                           "published early next year. Dalby, which was promised £41.5m under a "
                           "safety valve agreement with the Department for Education, admitted "
                           "it was unlikely to meet the deal's targets. In a decision published "
                           "on Monday, the ombudsman found fault.")
    kinds = {(e.kind, e.date.iso if e.date else None) for e in x.events}
    assert {("deadline", "2028-03"), ("plan", "2026"), ("report-published", "2025-11-10")} <= kinds
    assert "meeting" not in {k for k, _ in kinds}
    assert [e.money.amount_gbp for e in of_kind(x, "investment") if e.money] == [41_500_000]


def test_redress_a_council_agreed_to_pay_is_no_investment_but_keeps_its_payer() -> None:
    x = extracted("r.txt", "The ombudsman found Kelmere Council at fault. The council has "
                           "agreed to apologise to Mrs B and to pay her £1,250 for the distress "
                           "caused.")
    [paid] = [e for e in x.events if e.money]
    assert paid.kind == "other"
    assert [(p.role, names(x, paid)) for p in paid.participants] == [
        ("funder", {"Kelmere Council"})]


def test_a_committee_questioning_officers_is_a_meeting() -> None:
    x = extracted("q.txt", "Published: 9 October 2025\n\nHarbridge County Council's scrutiny "
                           "committee questioned senior officers on Tuesday.")
    assert ("meeting", "2025-10-07") in {(e.kind, e.date.iso if e.date else None)
                                         for e in x.events}


def test_what_something_costs_is_no_redress() -> None:
    x = extracted("c.txt", "Kelmere Council said the new school costs £12m, paid for by the "
                           "Department for Education.")
    assert [e.kind for e in x.events if e.money] == ["investment"]


def test_a_yearless_date_in_a_line_with_no_verb_is_read_without_hanging() -> None:
    """A date after publication is checked for past tense by climbing the parse to its
    verb; a line with none ("Next meeting: ...") ends the climb at its root."""
    x = extracted("own.txt", "Published: 16 June 2025\n\nWestshire SEND Partnership Board\n\n"
                             "Next meeting: Thursday 11 September, Westshire Council offices.\n")
    assert [e.date.iso for e in x.events if e.kind == "meeting"] == ["2025-09-11"]


def test_saying_someone_should_resign_is_a_call_not_a_resignation() -> None:
    call = extracted("own.txt", "Opposition leader Cllr Jo Ibbs said the council leader, Dee "
                                "Harland, should resign over the Kelmere Council overspend.")
    assert participants(call, "resignation") == []
    assert participants(call, "other")
    refused = extracted("own.txt", "Council leader Dee Harland rejects calls to quit over "
                                   "Kelmere Council's EHCP delays.")
    assert participants(refused, "resignation") == []


@pytest.mark.parametrize("text", [
    "Auditors issued statutory recommendations to Kelmere Borough Council in May.",
    "The Department for Education issued Harbridge Learning Trust with a Notice to Improve in May.",
])
def test_auditors_recommendations_and_notices_to_improve_are_interventions(text: str) -> None:
    assert participants(extracted("own.txt", text), "intervention")


@pytest.mark.parametrize(("text", "date", "who"), [
    ("Published: 4 March 2025\n\nThe report must be considered by Harbridge Borough Council's "
     "full council, which meets on March 26.", "2025-03-26", "org/harbridge-borough-council"),
    ("Published: Thursday, 13 March 2025\n\nFamilies in Kelmere have been failed, MPs heard on "
     "Tuesday as the county's services were debated in the House of Commons.", "2025-03-11",
     "org/house-of-commons"),
    ("Published: 8 December 2023\n\nThe regional director met trustees of Harbridge Learning "
     "Trust on Wednesday.", "2023-12-06", "org/harbridge-learning-trust"),
])
def test_meetings_debates_and_bodies_that_meet(text: str, date: str, who: str) -> None:
    x = extracted("own.txt", text)
    assert [(e.date.iso, who in {p.entity for p in e.participants})
            for e in x.events if e.kind == "meeting"] == [(date, True)]


@pytest.mark.parametrize(("text", "kind", "date"), [
    ("Published: 14 November 2024\n\nInspectors issued a warning notice to Harbridge "
     "Partnership NHS Foundation Trust on 2 October, requiring improvement in staffing by the "
     "end of January.", "deadline", "2025-01"),
    ("Published: 16 June 2025\n\nHere's our round-up of last Tuesday's Harbridge SEND "
     "Partnership Board, where three of us sat in.", "meeting", "2025-06-10"),
    ("Published: 12 May 2025\n\nKelmere County Council's cabinet will discuss a revised SEND "
     "strategy on 22 May.", "meeting", "2025-05-22"),
])
def test_deadlines_required_and_meetings_named_by_their_day(text: str, kind: str,
                                                              date: str) -> None:
    assert date in [e.date.iso for e in extracted("own.txt", text).events if e.kind == kind]


def test_a_measure_said_not_to_be_considered_is_no_intervention() -> None:
    denied = extracted("own.txt", "The regional director said a termination warning notice for "
                                  "Harbridge Learning Trust was not being considered.")
    assert participants(denied, "intervention") == []
    weighed = extracted("own.txt", "The Department for Education said a warning notice for "
                                   "Harbridge Learning Trust was being considered.")
    assert participants(weighed, "intervention")


def test_payments_ordered_for_distress_are_redress_not_investment() -> None:
    x = extracted("own.txt", "The ombudsman has ordered Kelmere County Council to pay £800 for "
                             "distress and £300 for the family's time and trouble.")
    assert participants(x, "investment") == []


def test_she_is_the_person_just_named_unless_she_only_reports() -> None:
    must = extracted("own.txt", "Published: 12 March 2026\n\nThe Department for Education "
                                "appointed Dame Ann Rush as SEND commissioner for Kelmere Council. "
                                "She must report to the Education Secretary by 30 June.")
    assert participants(must, "deadline") == [["person/ann-rush"]]
    said = extracted("own.txt", "Published: 12 March 2026\n\nGemma Dole, Kelmere Council's "
                                "assistant director, spoke to members. She said the backlog "
                                "would be cleared by the end of March.")
    assert not any("person/gemma-dole" in who for who in participants(said, "deadline"))


def test_nhs_oversight_segments_are_interventions() -> None:
    x = extracted("own.txt", "Published 19 November 2025\n\nKelmere Integrated Care Board moved "
                             "from segment 3 to segment 4 of the NHS Oversight Framework, with "
                             "effect from 10 November.")
    assert [e.date.iso for e in x.events if e.kind == "intervention"] == ["2025-11-10"]


def test_an_inspectorate_s_letter_published_is_a_report() -> None:
    x = extracted("own.txt", "Published: Thursday 10 July 2025\n\nOfsted carried out a "
                             "monitoring visit to Kelmere Council on 3 and 4 June. Its letter was "
                             "published on Tuesday.")
    assert [(e.date.iso, [p.entity for p in e.participants]) for e in x.events
            if e.kind == "report-published"] == [("2025-07-08", ["org/ofsted"])]


@pytest.mark.parametrize(("text", "kind", "date"), [
    ("Published: 6 December 2025\n\nAppeals rose, according to Ministry of Justice figures "
     "published on Thursday.", "report-published", "2025-12-04"),
    ("Published: 6 December 2025\n\nThe minister said a white paper from the Department for "
     "Education would be published early in the new year.", "plan", "2026"),
])
def test_figures_published_and_the_new_year(text: str, kind: str, date: str) -> None:
    assert date in [e.date.iso for e in extracted("own.txt", text).events
                    if e.kind == kind and e.date]


def test_a_white_paper_is_the_government_s() -> None:
    x = extracted("own.txt", "Published: 6 December 2025\n\nThe Department for Education met "
                             "leaders. Kelmere County Council spent £1m on transport. Ellis said "
                             "a white paper would be published early in the new year.")
    assert participants(x, "plan") == [["org/department-for-education"]]


def test_writing_to_a_minister_is_an_event() -> None:
    x = extracted("own.txt", "Kelmere MP Jo Vance has written to the Department for Education "
                             "asking for the tribunal backlog to be treated as urgent.")
    assert participants(x, "other") == [["person/jo-vance", "org/department-for-education"]]


@pytest.mark.parametrize(("text", "date"), [
    ("Published: 14 November 2025\n\nKelmere Borough Council has issued a section 114 notice "
     "after admitting it cannot balance its books this year.\n\nThe notice was signed last "
     "Tuesday by the council's chief finance officer.", "2025-11-11"),
    ("Published: 8 December 2023\n\nHarbridge Learning Trust has been issued with a formal "
     "Notice to Improve.\n\nThe notice, dated 21 November, says the trust must commission an "
     "independent review by 31 January 2024.", "2023-11-21"),
])
def test_a_measure_told_again_is_dated_by_the_sentence_that_dates_it(text: str,
                                                                     date: str) -> None:
    assert date in [e.date.iso for e in extracted("own.txt", text).events
                    if e.kind == "intervention" and e.date]


@pytest.mark.parametrize(("text", "kind", "date"), [
    ("Published: 9 September 2025\n\nKelmere County Council's consultation is now open and "
     "closes at midnight on Sunday 19 October.", "deadline", "2025-10-19"),
    ("Published: 9 September 2025\n\nMeet Kelmere Parent Carer Forum at our launch event on "
     "Saturday 27 September.", "meeting", "2025-09-27"),
    ("Published: 9 September 2025\n\nKelmere County Council has drafted a strategy. It will "
     "go to the council's cabinet in December.", "meeting", "2025-12"),
])
def test_consultations_launches_and_cabinet(text: str, kind: str, date: str) -> None:
    assert date in [e.date.iso for e in extracted("own.txt", text).events
                    if e.kind == kind and e.date]


TIMELINE = """Westshire's children's services: the story so far

Published: 2 October 2025

2023

12 April: Ofsted begins a full inspection of Westshire County Council.

2024

3 February: Chief executive Ann Lee steps down. Her deputy, Tom Hale, is named interim
chief executive.

November - The Department for Education issues the council with a statutory direction.
"""


def test_a_timeline_dates_its_entries_by_their_year_heading_and_label() -> None:
    found = {(e.kind, e.date.iso) for e in extracted("own.txt", TIMELINE).events if e.date}
    assert {("inspection", "2023-04-12"), ("resignation", "2024-02-03"),
            ("appointment", "2024-02-03"), ("intervention", "2024-11")} <= found


@pytest.mark.parametrize(("text", "kind", "date"), [
    ("Published: 9 May 2025\n\nHale Brook's chief executive resigns after six years.",
     "resignation", None),
    ("Published: 9 May 2025\n\nOfsted's final report on Kelmere Council is published on 14 "
     "May.", "report-published", "2025-05-14"),
    ("Published: 9 May 2025\n\nPriya Shah started work as Kelmere Council's director of "
     "education on 1 April.", "appointment", "2025-04-01"),
    ("Published: 9 May 2025\n\nGiving evidence to the Public Accounts Committee on Tuesday, "
     "Kelmere Council's chief executive said the backlog was growing.", "meeting", "2025-05-06"),
    ("Published: 9 May 2025\n\nKelmere Council's cabinet will be asked on 20 May to approve "
     "the new strategy.", "meeting", "2025-05-20"),
])
def test_events_told_in_the_present_or_as_the_work_starts(text: str, kind: str,
                                                         date: str | None) -> None:
    assert date in dates_of(extracted("own.txt", text), kind)


def test_a_sum_asked_for_is_no_investment() -> None:
    x = extracted("own.txt", "Kelmere Borough Council has requested a further £28m of "
                             "exceptional financial support from the government.")
    assert not [e for e in x.events if e.kind == "investment"]


def test_a_measure_named_with_who_imposed_it_is_on_the_article_s_body() -> None:
    x = extracted("own.txt", "Published: 18 March 2025\n\nCommissioners have been sent into "
                             "Kelmere Borough Council.\n\nThe Ministry of Housing, Communities "
                             "and Local Government issued a Best Value Notice to the authority "
                             "in September 2024.")
    notice = [e for e in x.events if e.kind == "intervention" and e.date]
    assert [e.date.iso for e in notice] == ["2024-09"]
    assert "org/kelmere-borough-council" in [p.entity for p in notice[0].participants]


@pytest.mark.parametrize(("text", "payer"), [
    ("Kelmere County Council is overspending on care. It received £2.1m from the Department of "
     "Health and Social Care's hospital discharge fund.",
     "org/department-of-health-and-social-care"),
    ("Hale Brook Integrated Care Board has agreed £4m of one-off support for the trust.",
     "org/hale-brook-integrated-care-board"),
])
def test_who_pays_a_sum_received_from_a_fund_or_agreed_as_support(text: str,
                                                                   payer: str) -> None:
    assert participants(extracted("own.txt", text), "investment") == [[payer]]


@pytest.mark.parametrize(("text", "payers"), [
    ("Kelmere Council says it spends £400,000 on transport and that it was given £1.5m in "
     "extra funding by the Department for Education this year.",
     [["org/kelmere-council"], ["org/department-for-education"]]),
    ("Kelmere Council is investing £1m in staff. We have also been allocated £2m by the "
     "Department for Education to build classrooms.",
     [["org/kelmere-council"], ["org/department-for-education"]]),
])
def test_a_sum_received_is_paid_by_who_gave_it_not_by_the_receiver(text: str,
                                                                   payers: list) -> None:
    assert participants(extracted("own.txt", text), "investment") == payers


def test_a_committee_s_plans_are_dated_in_their_own_clause() -> None:
    x = extracted("own.txt", "Published: 3 March 2025\n\nHarbridge Council's chief executive "
                             "gave evidence to the House of Commons Education Committee on "
                             "Tuesday.\n\nThe committee, which began its work in January, will "
                             "question the minister on 2 April and hopes to publish its report "
                             "in the summer.")
    dated = {(e.kind, e.date.iso) for e in x.events if e.date}
    assert ("meeting", "2025-04-02") in dated
    committee = "org/house-of-commons-education-committee"
    assert [committee] in participants(x, "report-published")


@pytest.mark.parametrize("text", [
    "The chief executive of Hale Brook Learning Trust, Dr Priya Dunn, was paid £288,000 last "
    "year.",
    "Omar Reid, who runs Kelmere Academies Trust, received £240,000 in 2024.",
    "Kelmere Council will pay its new director a salary of £180,000.",
])
def test_a_person_s_pay_is_no_funding(text: str) -> None:
    text = "The Department for Education funds academy trusts and councils. " + text
    assert not [e for e in extracted("own.txt", text).events if e.kind == "investment"]


@pytest.mark.parametrize(("text", "kind", "date"), [
    ("Published: 9 May 2025\n\nKelmere Council's cabinet will consider the plan on 20 May.",
     "meeting", "2025-05-20"),
    ("Published: 9 May 2025\n\nKelmere Council rejected a Green amendment on 8 May.",
     "other", "2025-05-08"),
    ("Published: 9 May 2025\n\nKelmere Council named Omar Reid as director. He is due to start "
     "on 1 July.", "appointment", "2025-07-01"),
    ("Published: 9 May 2025\n\nKelmere Police has been in enhanced monitoring since March 2024.",
     "intervention", "2024-03"),
    ("Published: 9 May 2025\n\nIn April NHS England put Hale Brook Integrated Care Board's "
     "autism services under enhanced oversight.", "intervention", "2025-04"),
])
def test_consideration_amendments_start_dates_and_enhanced_monitoring(text: str, kind: str,
                                                                      date: str) -> None:
    assert date in [e.date.iso for e in extracted("own.txt", text).events
                    if e.kind == kind and e.date]


def test_we_in_a_councillor_s_words_is_the_council_and_from_april_is_ahead() -> None:
    text = ("Published: 14 October 2025\n\nTom Ashby spoke to Kelmere County Council's cabinet "
            "member for adults, Cllr Ann Price.\n\nTOM ASHBY: The Department for Education "
            "gave you £1 million in June. Is there more?\n\nCLLR ANN PRICE: We are putting an "
            "extra £2 million a year into day centres from April.")
    money = [e for e in extracted("own.txt", text).events if e.kind == "investment"
             and e.money and e.money.amount_gbp == 2_000_000]
    assert [[p.entity for p in e.participants] for e in money] == [
        ["org/kelmere-county-council"]]
    assert money[0].date is not None and money[0].date.iso == "2026-04"


@pytest.mark.parametrize(("text", "kind", "date"), [
    ("Published: 9 May 2025\n\nKelmere Council apologised after an independent review found "
     "its records were wrong.", "report-published", None),
    ("Published: 9 May 2025\n\nA peer review of Kelmere Council, led by the Local Government "
     "Association and published in March, was critical.", "report-published", "2025-03"),
    ("Published: 9 May 2025\n\nKelmere Council's cabinet backed a SEND sufficiency plan.",
     "plan", None),
    ("Published: 9 May 2025\n\nPriya Dunn, Kelmere Council's chief executive since 2021, "
     "defended the cuts.", "appointment", "2021"),
    ("Published: 9 May 2025\n\nOmar Reid has chaired the Kelmere SEND board on an interim "
     "basis since January.", "appointment", "2025-01"),
    ("Published: 9 May 2025\n\nAsked about the delays, Priya Dunn, who has been in post "
     "since 2021, said she was sorry.", "appointment", "2021"),
])
def test_reviews_found_and_published_plans_and_posts_held_since(text: str, kind: str,
                                                               date: str | None) -> None:
    assert date in dates_of(extracted("own.txt", text), kind)


@pytest.mark.parametrize(("text", "kind", "date"), [
    ("Published: 9 May 2025\n\nIn March inspectors from Ofsted and the Care Quality "
     "Commission spent a week looking at SEND services in Kelmere.", "inspection", "2025-03"),
    ("Published: 14 March 2025\n\nThe inspectors, who were with us between 20 and 31 "
     "January, found failings at Kelmere Council.", "inspection", "2025-01-20"),
    ("Published: 14 March 2025\n\nOfsted has asked Kelmere Council to send it a plan by "
     "30 April.", "deadline", "2025-04-30"),
    ("Published: 14 March 2025\n\nKelmere Council's target is 70% of plans on time by "
     "September.", "deadline", "2025-09"),
    ("Published: 14 March 2025\n\nFrom 17 March my deputy, Cllr Omar Reid, will act as "
     "leader of Kelmere Council.", "appointment", "2025-03-17"),
])
def test_inspectors_at_work_acting_leaders_and_asked_for_deadlines(text: str, kind: str,
                                                                   date: str) -> None:
    assert date in dates_of(extracted("own.txt", text), kind)


LIVE = """Live: Kelmere Council budget night

Published: 4 March 2025

Kelmere Council meets tonight to set its budget.

8.15pm – Amendment lost
The Green amendment is defeated by 30 votes to 12.

7.40pm – Debate opens
Cllr Ann Price moves a Green amendment on Kelmere Council's bus budget.
"""


def test_a_live_page_s_timed_entries_happen_on_its_day_and_once() -> None:
    amendments = [e for e in extracted("own.txt", LIVE).events if e.kind == "other"]
    assert [e.date.iso if e.date else None for e in amendments] == ["2025-03-04"]


def test_she_is_the_person_titled_ms_not_the_man_named_after_her() -> None:
    text = ("Published: 4 November 2025\n\nThe panel endorsed Ann Varga for Harbridge Police."
            "\n\nMs Varga was put forward by the commissioner, Simon Reed, last month. She is "
            "due to start on 5 January 2026.")
    starts = [e for e in extracted("own.txt", text).events if e.kind == "appointment"]
    assert [[p.entity for p in e.participants][:1] for e in starts] == [["person/ann-varga"]]


def test_our_in_a_quote_makes_the_speaker_s_body_take_part() -> None:
    text = ("Published: 19 June 2025\n\nAnn Lee, chief executive of NHS Hale Brook Integrated "
            "Care Board, said: \"We are sorry. We accept NHS England's support and we will "
            "publish our plan at our board meeting on 17 July.\"")
    meetings = [e for e in extracted("own.txt", text).events if e.kind == "meeting"]
    assert meetings and "org/hale-brook-integrated-care-board" in [
        p.entity for p in meetings[0].participants]


def test_a_recording_s_chapter_marks_are_no_times_of_day() -> None:
    text = ("The Kelmere Podcast, episode 4\n\nPublished: 19 June 2025\n\n"
            "00:00 – Introduction\n12:40 – Hale Brook Integrated Care Board gets an "
            "improvement director\n31:05 – What next\n")
    assert not [e for e in extracted("own.txt", text).events if e.date]


def test_a_court_s_fines_and_costs_are_no_funding() -> None:
    text = ("Hale Brook Care Ltd was fined £52,000 at Kelmere Crown Court and ordered to pay "
            "£19,750 in prosecution costs and a £2,000 victim surcharge. Its director was "
            "fined £7,500 and ordered to pay £3,000 costs. Kelmere Council paid the firm £1.1m "
            "a year for placements.")
    money = [e.money.amount_gbp for e in extracted("own.txt", text).events if e.money]
    assert money == [1_100_000]


def test_a_report_on_the_inspection_told_before_is_its_inspectorates() -> None:
    text = ("Published: 14 October 2025\n\nOfsted and the Care Quality Commission inspected "
            "SEND services in March 2025. The inspection report, published on 23 April 2025, "
            "found failings at Kelmere Council.")
    x = extracted("own.txt", text)
    reports = [e for e in x.events if e.kind == "report-published"]
    assert reports and {"Ofsted", "Care Quality Commission"} <= names(x, reports[0])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Omar Reid was confirmed as the council's permanent chief executive on 4 February.",
         ("appointment", "2025-02-04")),
        ("Dr Ann Lee was confirmed on 15 February as joint chief executive of both boards.",
         ("appointment", "2025-02-15")),
        ("Ann Lee will join the council as interim director on Monday 7 April.",
         ("appointment", "2025-04-07")),
        ("Ann Lee takes up the role on 1 October.", ("appointment", "2025-10-01")),
        ("Omar Reid was elected leader of the council on 12 February.",
         ("appointment", "2025-02-12")),
        ("Dr Ann Lee, executive director of adults, will leave the council at the end of April.",
         ("resignation", "2025-04")),
    ],
)
def test_posts_confirmed_joined_taken_up_and_left(text: str, expected: tuple) -> None:
    x = extracted("p.txt", "Published: 3 March 2025\n\nWestshire County Council met. " + text)
    assert expected in kinds_dated(x)


def test_a_post_held_since_someone_left_dates_no_appointment_and_set_up_by_is_a_deadline() -> None:
    x = extracted("p.txt", "Published: 3 March 2025\n\nNHS Kelmere Integrated Care Board has "
                           "been led by an interim chief executive since Omar Farid stepped "
                           "down in July. A merged board is due to be established by 1 April "
                           "2027.")
    kinds = kinds_dated(x)
    assert ("resignation", "2024-07") in kinds
    assert ("appointment", "2024-07") not in kinds
    assert ("deadline", "2027-04-01") in kinds


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officials from the Department for Education met the leader of Westshire County "
         "Council on Wednesday.", ("meeting", "2025-04-02")),
        ("Ann Lee told councillors on 12 March that waits were falling.",
         ("meeting", "2025-03-12")),
        ("Westshire County Council took the decision to close Larch House last Wednesday.",
         ("meeting", "2025-04-02")),
        ("Eight more mental health beds will open by March 2026, Westshire Integrated Care "
         "Board said.", ("deadline", "2026-03")),
    ],
)
def test_met_told_decided_and_to_open_by(text: str, expected: tuple) -> None:
    x = extracted("m.txt", "Published: Thursday 3 April 2025\n\n" + text)
    assert expected in kinds_dated(x)


@pytest.mark.parametrize("text", [
    "Westshire County Council met its target in March.",
    "Westshire County Council said the plan met the needs of families in May.",
])
def test_a_target_or_needs_met_is_no_meeting(text: str) -> None:
    x = extracted("m.txt", "Published: Thursday 3 April 2025\n\n" + text)
    assert "meeting" not in {e.kind for e in x.events}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kelmere Hospitals NHS Trust was placed in segment 5 by NHS England last month.",
         ("intervention", "2026-02")),
        ("Its services remain subject to a CQC warning notice issued in October.",
         ("intervention", "2025-10")),
        ("Its chief executive, Dr Ann Lee, who joined in January 2025, has drawn up a plan.",
         ("appointment", "2025-01")),
    ],
)
def test_segment_5_a_notice_issued_in_a_month_gone_and_who_joined(text: str,
                                                                  expected: tuple) -> None:
    x = extracted("s.txt", "Published: Tuesday 3 March 2026\n\nKelmere Hospitals NHS Trust "
                           "and NHS England were named. " + text)
    assert expected in kinds_dated(x)


def test_asked_that_by_a_date_is_a_deadline_and_within_years_dates_roughly() -> None:
    x = extracted("o.txt", "Published: Tuesday 18 March 2025\n\nOfsted inspected Westshire "
                           "County Council. Ofsted asks that the partnership updates its action "
                           "plan by 30 May 2025. The next full inspection will be within "
                           "approximately three years.")
    kinds = kinds_dated(x)
    assert {("deadline", "2025-05-30"), ("inspection", "2028-03")} <= kinds


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The leader said the improvement plan would go to the DfE by 12 December.",
         ("deadline", "2025-12-12")),
        ("The consultation is signed off by the end of January, officers said.",
         ("deadline", "2026-01")),
        ("Our bid for a new special school goes in by 30 November.",
         ("deadline", "2025-11-30")),
        ("The loan comes on condition that the council and its partners deliver £9m of "
         "savings and return to balance by March 2027.", ("deadline", "2027-03")),
    ],
)
def test_a_date_after_by_in_a_clause_still_to_come_is_a_deadline(text: str,
                                                                 expected: tuple) -> None:
    x = extracted("d.txt", "Published: Tuesday 4 November 2025\n\nKelmere City Council met. "
                           + text)
    assert expected in kinds_dated(x)


@pytest.mark.parametrize("text", [
    "The old plan was signed off by 30 September.",
    "Waiting lists had fallen by the end of October.",
])
def test_a_date_after_by_in_a_clause_told_as_done_is_no_deadline(text: str) -> None:
    x = extracted("d.txt", "Published: Tuesday 4 November 2025\n\nKelmere City Council met. "
                           + text)
    assert "deadline" not in {e.kind for e in x.events}
