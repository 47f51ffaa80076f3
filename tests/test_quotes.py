"""Quotes read from invented articles: one test per way news copy attributes speech."""

from __future__ import annotations

import pytest

import kg.nlp
from kg.extraction.quotes import EXTRACTOR, quoted_spans
from kg.extraction.registry import extract_article
from kg.model import Article
from kg.pipeline import to_article
from kg.reading import Document


def said(text: str) -> set[tuple[str, str]]:
    """(speaker name, first five words) of every quote, checking each one's provenance."""
    x = extract_article(Article("test.txt", text, sha256="x"), next(kg.nlp.entity_spans([text])))
    names = {e.key: e.name for e in x.entities}
    out = set()
    for q in x.quotes:
        ev = q.evidence
        assert ev.extractor.startswith(EXTRACTOR + ":")
        assert text[ev.start : ev.end] == ev.sentence
        assert q.text in ev.sentence
        out.add((names[q.speaker], " ".join(q.text.split()[:5])))
    return out


def test_a_named_speaker_after_the_quote() -> None:
    text = ('"We will not close a single library this year," said Cllr Ada Marsh, leader of'
            " Westmoor Borough Council.")
    assert said(text) == {("Ada Marsh", "We will not close a")}


def test_said_colon_then_paragraphs_that_continue_the_quote() -> None:
    text = ("Councillor Ravi Bell, cabinet member for schools at Fenbury County Council, said:"
            " “Families have waited far too long.\n\n"
            "“We owe them a plan and we will publish it in spring.”\n\n"
            "‘Plans’\n\n"
            "The council also runs libraries.")
    assert said(text) == {("Ravi Bell", "Families have waited far too"),
                          ("Ravi Bell", "We owe them a plan")}


def test_statement_after_said_colon_without_quotation_marks() -> None:
    text = ("Dr Nora Quint, chief executive of Eastwick Hospitals NHS Trust, said: The wards"
            " will reopen once the roof is fixed.")
    assert said(text) == {("Nora Quint", "The wards will reopen once")}


def test_pronouns_follow_the_last_person_named() -> None:
    text = ("Mia Lowe, who chairs Harlow Vale Parent Carer Forum, spoke at the meeting.\n\n"
            "She said the service had “lost the trust of families”.\n\n"
            "Later, Tom Fenn, the council's finance chief, disagreed.\n\n"
            '"Money is not the problem here, we spend plenty," he said.')
    assert said(text) == {("Mia Lowe", "lost the trust of families"),
                          ("Tom Fenn", "Money is not the problem")}


def test_the_report_speaks_for_the_inspectors_who_wrote_it() -> None:
    text = ("Ofsted and the Care Quality Commission inspected services in Brindle in May.\n\n"
            "Inspectors said waits were “far too long” for many families.\n\n"
            "“Leaders do not know how well children are doing,” the report said.")
    assert said(text) == {
        ("Ofsted", "far too long"), ("Care Quality Commission", "far too long"),
        ("Ofsted", "Leaders do not know how"),
        ("Care Quality Commission", "Leaders do not know how"),
    }


def test_according_to_a_report_by_two_bodies() -> None:
    text = ("Support in Kelbrook is ‘patchy at best’, according to a report by Ofsted and the"
            " Care Quality Commission.")
    assert said(text) == {("Ofsted", "patchy at best"),
                          ("Care Quality Commission", "patchy at best")}


def test_a_letter_keeps_the_author_it_was_given() -> None:
    text = ('"Plans are out of date," states the Local Government and Social Care Ombudsman in a'
            " letter to Westmoor Council.\n\n"
            'The letter adds: "The council must apologise to the family within a month."')
    assert said(text) == {
        ("Local Government and Social Care Ombudsman", "Plans are out of date"),
        ("Local Government and Social Care Ombudsman", "The council must apologise to"),
    }


def test_an_unnamed_spokesperson_speaks_for_the_organisation() -> None:
    text = ("A spokeswoman for Westmoor Council said: “We are reviewing every case.”\n\n"
            "A spokesman from Department for Education confirmed a visit.\n\n"
            "The spokesman added: “Officials will meet leaders next week.”")
    assert said(text) == {("Westmoor Council", "We are reviewing every case."),
                          ("Department for Education", "Officials will meet leaders next")}


def test_a_joint_statement_has_each_signatory_as_speaker() -> None:
    text = ("In a joint statement, Cllr Ada Marsh, leader of Westmoor Borough Council, and"
            " Dr Leo Grant, chief executive of NHS Westmoor Integrated Care Board, said:\n\n"
            "“We are sorry and we accept every finding.”")
    assert said(text) == {("Ada Marsh", "We are sorry and we"),
                          ("Leo Grant", "We are sorry and we")}


def test_short_fragments_after_a_speech_verb_are_quotes_found_words_are_not() -> None:
    text = ("Cllr Ada Marsh called on the cabinet to ‘accept responsibility’ and described the"
            " delays as “shameful”.\n\n"
            "Inspectors found “widespread failings” in Westmoor.")
    assert said(text) == {("Ada Marsh", "accept responsibility"), ("Ada Marsh", "shameful")}


def test_the_council_said_goes_to_the_council() -> None:
    text = ("Ashcombe County Council runs the service.\n\n"
            "The council said it was “disappointed” with the verdict.")
    assert said(text) == {("Ashcombe County Council", "disappointed")}


def test_a_report_nobody_is_said_to_have_written_has_no_speaker() -> None:
    text = ("Parents in Dunmere are angry.\n\n"
            "The report said children faced ‘unacceptable delays’ in Dunmere.")
    assert said(text) == set()


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("He said: \"Straight and curly mixed”, twice.", ["Straight and curly mixed"]),
        ("“Our “good” rating matters,” she said.", ["Our “good” rating matters,"]),
        ("“An open quote runs on\n“and on.”", ["An open quote runs on", "and on."]),
        ("It's the children’s ‘own words’, she said.", ["own words"]),
        ('"One sentence." "And the next."', ["One sentence.", "And the next."]),
    ],
)
def test_quoted_spans(text: str, quoted: list[str]) -> None:
    assert [text[s.start : s.end] for s in quoted_spans(text)] == quoted


def test_a_page_speaks_as_its_actor_only_once_it_has_named_it() -> None:
    """The page's own "We" paragraphs belong to the body it opens with; one before that
    body is named is not yet its voice (and its evidence could not run backwards)."""
    text = ("We want to say sorry to every family.\n\n"
            "Westmoor Borough Council has published its plan for special needs services.\n\n"
            "We accept the findings of the inspection in full.\n\n"
            "We will report on our progress every month.")
    assert said(text) == {("Westmoor Borough Council", "We accept the findings of"),
                          ("Westmoor Borough Council", "We will report on our")}


def test_a_report_is_written_by_a_body_not_by_the_party_running_it() -> None:
    text = ("The Labour-run Westmoor Borough Council faces a £3m overspend, according to a "
            "report to its audit committee.\n\n"
            "The report said: “Without savings the gap will widen.”")
    assert said(text) == {("Westmoor Borough Council", "Without savings the gap will")}


def test_a_post_whose_holder_is_set_in_apposition_speaks_for_them() -> None:
    text = ("The Green councillor for Riverside, Tom Black, said families had been "
            "'failed at every step'.")
    assert said(text) == {("Tom Black", "failed at every step")}


def test_a_quoted_sentence_after_the_attribution_continues_the_quote() -> None:
    text = ("“The money has run out,” said Dev Patel, leader of Westmoor Borough Council. "
            "“We have no choice left.”\n\n"
            "Parents were angry. “Nobody told us,” one mother said.")
    assert ("Dev Patel", "We have no choice left.") in said(text)
    assert not any(q.startswith("Nobody") for speaker, q in said(text) if speaker == "Dev Patel")


@pytest.mark.parametrize(("text", "expected"), [
    ("Dr Ivo Grant, who chairs Westshire Care Trust, has recommended that the board be given "
     "“time to settle in and drive improvement”.",
     {("Ivo Grant", "time to settle in and")}),
    ("Cllr Rosa Lind pointed out that the service had been “starved of money for a decade”.",
     {("Rosa Lind", "starved of money for a")}),
    ("An independent panel said the force faced a “very difficult situation”. Members of the "
     "Westshire Police and Crime Panel met on Monday.",
     {("Westshire Police and Crime Panel", "very difficult situation")}),
])
def test_more_ways_to_report_speech(text: str, expected: set) -> None:
    assert said(text) == expected


def test_what_an_inspection_concluded_is_a_finding_not_speech() -> None:
    text = ("Ofsted inspected Westshire County Council in May. The inspectors conclude that "
            "“sufficient progress” has been made.\n\nWe do not think that is good enough for "
            "our children, and we will keep asking questions.")
    assert not {s for s, _ in said(text)} & {"Ofsted"}


@pytest.mark.parametrize(("text", "expected"), [
    ("Speaking to the Westshire Gazette, Ann Lee of Westshire County Council said the plan "
     "was “a start”.", {("Ann Lee", "a start")}),
    ("“It is a scandal,” according to Tom Hart of Kelmere City Council.",
     {("Tom Hart", "It is a scandal")}),
    ("Ann Lee (Con) of Westshire County Council tweeted: “Shameful.”", {("Ann Lee", "Shameful.")}),
])
def test_a_person_of_a_body_speaks_whatever_the_parse(text: str, expected: set) -> None:
    assert said(text) == expected


def test_the_report_is_the_last_report_not_the_last_statement() -> None:
    text = ("Ofsted has rated Kelmere Council's children's services inadequate.\n\n"
            "In a joint statement, Kelmere Parent Carer Forum and Westmoor Carers Forum said "
            "they had been \"ignored for years\".\n\n"
            "\"Leaders have not had a grip on the basics,\" the report said.")
    assert ("Ofsted", "Leaders have not had a") in said(text)


def test_a_line_echoing_a_quote_is_not_said_again() -> None:
    text = ("Tom Hart, MP for Kelmere, said: \"Children have been failed.\"\n\n"
            "'Something has to change now'\n\n"
            "In a joint statement, Kelmere Parent Carer Forum and Westmoor Carers Forum said "
            "they had raised concerns \"repeatedly\".\n\n"
            "\"Families have lost count. Something has to change now.\"")
    assert ("Tom Hart", "Something has to change now") not in said(text)
    assert ("Kelmere Parent Carer Forum", "Families have lost count. Something") in said(text)


def test_who_in_a_relative_clause_speaks_for_the_person_named_before() -> None:
    text = ("He succeeds Ann Webb, who has chaired the board since July and warned members "
            "that \"hard choices\" lay ahead.")
    assert said(text) == {("Ann Webb", "hard choices")}


def test_unquoted_we_paragraphs_are_a_bodys_statement_only_when_it_opens_the_page() -> None:
    opens = ("Kelmere Parent Carer Forum has responded to the inspection.\n\n"
             "We welcome the findings. We will keep working with our members and our partners.")
    named = ("The findings of the inspection of Kelmere Parent Carer Forum's area are out.\n\n"
             "We welcome the findings. We will keep working with our members and our partners.")
    assert {speaker for speaker, _ in said(opens)} == {"Kelmere Parent Carer Forum"}
    assert not said(named)


def test_the_judge_said_is_the_judge_named_before() -> None:
    text = ("Mrs Justice Penrose, sitting in the High Court, quashed Harbridge Borough "
            "Council's decision.\n\nRejecting the council's case, the judge said: \"A council "
            "cannot cap what the law requires.\"\n\n"
            "Oliver Grant KC, for the council, argued that the cap was \"only guidance\".")
    found = said(text)
    assert ("Mrs Justice Penrose", "A council cannot cap what") in found
    assert ("Oliver Grant", "only guidance") in found


def test_a_speaker_whose_aside_tangles_the_parse_still_speaks() -> None:
    text = ("Its founder, Tessa Marwick, whose nine-year-old son has been out of school since "
            "Easter, told Fenshire Tonight: “We are asking the council to follow the law.”")
    assert said(text) == {("Tessa Marwick", "We are asking the council")}


def test_a_headlines_quoted_words_are_nobodys_quote() -> None:
    page = ("Council deficits 'heading for £8bn' as minister promises overhaul\n\n"
            "Published: 14 November 2025\n\n"
            "Jo Marsh, a minister at the Department for Education, insisted the government "
            "was \"fixing the foundations\".")
    article = to_article(Document("h.txt", page, "x", "utf-8"))
    x = extract_article(article, next(kg.nlp.entity_spans([article.text])))
    assert [q.text for q in x.quotes] == ["fixing the foundations"]


def test_a_person_called_by_first_name_is_the_one_named_in_full() -> None:
    text = ("Who was there:\n- Ruth Okafor (Director of Children's Services, Kelmere Council)\n"
            "- Kate Dunn and Sam Ibe, our co-chairs\n\n"
            "We asked about overdue reviews. Ruth said the backlog was falling. She "
            "apologised and said: \"Parents should not have to chase us.\"")
    assert said(text) == {("Ruth Okafor", "Parents should not have to")}


def test_a_statement_set_out_in_paragraphs_after_said_colon() -> None:
    """GOV.UK's layout: "X said:" and paragraphs with no quotation marks, while they speak
    in the first person; the narration after them is not said."""
    text = ("From: Department for Education and The Rt Hon Jo Vance MP\n\n"
            "The Education Secretary, Jo Vance, has issued a direction to Kelmere Council.\n\n"
            "Education Secretary Jo Vance said:\n\n"
            "Every child in Kelmere deserves better services than these.\n\n"
            "I have not taken this decision lightly.\n\n"
            "The council has appointed an interim director, who started on Monday.")
    assert said(text) == {("Jo Vance", "Every child in Kelmere deserves"),
                          ("Jo Vance", "I have not taken this")}


def test_a_first_name_alone_the_model_misreads_is_still_the_person() -> None:
    text = ("Kirsty Morgan, from Brackford, first complained to Westshire County Council in "
            "January 2023.\n\n"
            "Kirsty said: \"Every term I was told the therapist was coming.\n\n"
            "\"Nobody came. He went backwards.\"\n\n"
            "A Westshire County Council spokesperson said: \"We apologise unreservedly.\"")
    assert said(text) == {("Kirsty Morgan", "Every term I was told"),
                          ("Kirsty Morgan", "Nobody came. He went backwards."),
                          ("Westshire County Council", "We apologise unreservedly.")}


def test_what_a_speaker_says_figures_show_is_their_quote_but_a_finding_is_not() -> None:
    assert said("Bethan Carr, chief executive of the charity Equal Path, said the figures "
                "showed \"a system that has lost the trust of the people\".") == {
        ("Bethan Carr", "a system that has lost")}
    assert said("The report said inspectors found \"serious weaknesses in leadership\".") == set()


def test_the_party_s_mp_said_is_the_mp_named_before() -> None:
    text = ("Lucy Kinn, the Liberal Democrat MP for Lunsdale, told the Clarion she had raised "
            "concerns.\n\n\"Families deserve answers,\" the Lib Dem MP said.")
    assert said(text) == {("Lucy Kinn", "Families deserve answers")}


INTERVIEW = """Five minutes with Hale Brook's new chief nurse

Dr Priya Anand took up her post at Hale Brook Hospitals NHS Trust in March. We asked Dr Anand
about the year ahead.

Question: What surprised you most?

How quickly staff raised problems once they were asked. Nobody had asked them before.

Question: Is the trust safe?

Safer than it was. Not yet as safe as it must be.

Question (Cllr Ben Ortiz): Will the maternity unit stay open?

Answer (Dr Anand): "Yes. I have no plan to close it."

More from this series
"""


def test_the_answers_of_an_interview_are_the_interviewee_s() -> None:
    assert said(INTERVIEW) == {
        ("Priya Anand", "How quickly staff raised problems"),
        ("Priya Anand", "Safer than it was. Not"),
        ("Ben Ortiz", "Will the maternity unit stay"),
        ("Priya Anand", "Yes. I have no plan"),
    }


def test_one_question_line_is_no_interview() -> None:
    text = ("Cllr Ada Marsh chaired the meeting at Kelmere Council.\n\nQ: Who pays?\n\n"
            "The council will, members were told.")
    assert not any(words.startswith("The council will") for _, words in said(text))


def test_a_board_s_papers_are_the_article_s_body_s_words() -> None:
    text = ("Kelmere Hospitals NHS Trust met in public on Friday. The Care Quality Commission "
            "visited in May. The board papers warned the trust was \"running out of cash\". "
            "Later the papers said savings were \"months behind\".")
    assert said(text) == {("Kelmere Hospitals NHS Trust", "running out of cash"),
                          ("Kelmere Hospitals NHS Trust", "months behind")}


TRANSCRIPT = """Kelmere FM | Drive

Breakfast interview: the council leader on the bus cuts

On the breakfast show, Tom Ashby spoke to the leader of Kelmere Council, Cllr Rita Okafor.

TOM ASHBY: Leader, are the cuts final?

CLLR RITA OKAFOR: Nothing is final until cabinet votes.

ASHBY: When is that?

OKAFOR: On the 12th. I will be there.

PRODUCER: We are out of time.
"""


def test_each_turn_of_a_transcript_is_its_speaker_s() -> None:
    assert said(TRANSCRIPT) == {
        ("Tom Ashby", "Leader, are the cuts final?"),
        ("Rita Okafor", "Nothing is final until cabinet"),
        ("Tom Ashby", "When is that?"),
        ("Rita Okafor", "On the 12th. I will"),
    }


SHOW_NOTES = """The Kelmere Pod, episode 12

Guests: Priya Shah, who chairs Kelmere SEND Voices, and Omar Reid of Kelmere Council.
Present: the usual team.

Priya Shah: We asked for the figures in March.
Omar Reid: They were sent in April, and I stand by them.
Shah: Then why are families still waiting?
Producer: That is all we have time for.
"""


def test_each_turn_of_a_transcript_in_mixed_case_is_its_speaker_s() -> None:
    assert said(SHOW_NOTES) == {
        ("Priya Shah", "We asked for the figures"),
        ("Omar Reid", "They were sent in April,"),
        ("Priya Shah", "Then why are families still"),
    }


def test_a_trust_named_by_the_words_before_its_kind_speaks() -> None:
    text = ("Hale Brook Council gets a new special school. It will be run by Hollins Learning "
            "Trust. A Hollins spokesman said it was \"delighted\".")
    assert said(text) == {("Hollins Learning Trust", "delighted")}


@pytest.mark.parametrize(("text", "speaker"), [
    ("Kelmere Council plans cuts. UNISON Westshire regional organiser Omar Farid "
     "added: \"There is still time to talk.\"", "Omar Farid"),
    ("Kelmere Council's panel met. Cllr Ann Lee (Conservative), the only member to vote "
     "against, said the plan was \"rushed through\".", "Ann Lee"),
])
def test_a_name_before_the_verb_speaks_not_the_body_before_its_post(text: str,
                                                                    speaker: str) -> None:
    assert {who for who, _ in said(text)} == {speaker}


def test_his_report_is_the_person_s_told_of_before() -> None:
    text = ("Ofsted inspected Kelmere Council in May. Progress is now reviewed by an adviser, "
            "Omar Reid. His latest report said the council had made \"fragile progress\".")
    assert said(text) == {("Omar Reid", "fragile progress")}


SCRIPT = """KELMERE TONIGHT - ITEM 3

REPORTER VO: Hale Brook Academy closed its unit in July. Omar Reid's son lost his place.

SOT: Ann Reid
Caption: Ann Reid, Parent
"Nobody from the council rang us once."

REPORTER VO: Kelmere Council says it is sorry.

SOT: Cllr Priya Shah
"We have set aside money for new places."
"""


def test_a_sound_bite_is_the_words_of_the_person_its_label_names() -> None:
    assert said(SCRIPT) == {("Ann Reid", "Nobody from the council rang"),
                            ("Priya Shah", "We have set aside money")}


def test_a_speech_verb_inside_a_quote_does_not_take_over_the_next_paragraph() -> None:
    text = ("The Care Quality Commission prosecuted Hale Brook Care Ltd.\n\n"
            "Ann Lee, CQC deputy director, said after the hearing: \"Providers must do what "
            "care plans tell them to do.\n\n"
            "\"We hope this prosecution sends a clear message.\"\n")
    assert said(text) == {("Ann Lee", "Providers must do what care"),
                          ("Ann Lee", "We hope this prosecution sends")}


def test_a_speaker_named_again_by_the_letters_of_her_post() -> None:
    text = ("Kelmere Council met.\n\nAnn Lee will join the council as interim director of "
            "children's services on Monday.\n\n\"Staff have worked hard,\" said the council's "
            "new interim DCS, \"and I want to help them.\"\n")
    assert said(text) == {("Ann Lee", "Staff have worked hard"),
                          ("Ann Lee", "and I want to help")}


def test_who_replies_is_whom_the_question_was_put_to() -> None:
    text = ("Cllr Omar Reid leads Kelmere Council. \"We found a hole,\" he said.\n\nAnn Lee put "
            "it to Cllr Reid that residents were paying more. Under his budget, council tax "
            "would rise.\n\n\"Nobody wants that,\" he replied. \"I pay it too.\"\n")
    assert ("Omar Reid", "Nobody wants that") in said(text)
    assert not {q for q in said(text) if q[0] == "Ann Lee"}


def test_it_after_a_sentence_about_a_document_is_the_document() -> None:
    text = ("Cllr Ann Lee (Lib Dem, Eastfield) resigned from the cabinet of Kelmere Council on "
            "Wednesday. But her resignation letter, which she shared with us, does not mince "
            "its words. It says the changes were \"designed around a spreadsheet\".\n")
    assert said(text) == {("Ann Lee", "designed around a spreadsheet")}


def test_he_or_she_is_never_someone_of_the_other_title_or_pronoun() -> None:
    text = ("Westshire Integrated Care Board has a new chief executive.\n\nMr Omar Reid ran "
            "Kelmere Council for six years. He was hired in May, after the chair, Ann Hollis, "
            "announced she would retire.\n\nHe told the Courier the board would \"start "
            "listening to families\".\n\nDame Priya Lee chairs the board. Asked about Mr "
            "Reid, she said he was \"the right choice\".\n")
    found = said(text)
    assert ("Omar Reid", "start listening to families") in found
    assert ("Priya Lee", "the right choice") in found


def test_a_person_set_in_apposition_who_reports_her_own_leaving_is_a_she() -> None:
    text = ("Kelmere Council has a new leader.\n\nMr Omar Reid, 58, led the Labour group for "
            "a decade. He was elected in May, after Kelmere's previous leader, Priya Hollins, "
            "announced she was standing down.\n\nHe told the Gazette that SEND would be \"the "
            "first thing on my desk\".\n")
    assert ("Omar Reid", "the first thing on my") in said(text)
