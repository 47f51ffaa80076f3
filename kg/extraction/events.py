"""Events: inspections, reports, meetings, appointments, interventions, money, deadlines.

Each sentence is scanned for trigger words (`kg/data/events.json`); each
trigger takes the nearest date of its sentence, the sentence's actors as
participants (with a role by kind and actor type), and where stated an outcome,
a measure and its status, or a sum of money with its purpose. A sentence with
no actor ("It followed a visit in ...") takes the actors of the article's
previous event of that family, or the organisation last named for "It"/"They".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING

from kg.data import alternation, load
from kg.dating import DateMention, shift_year
from kg.extraction.context import Context
from kg.extraction.interviews import without_label
from kg.extraction.voice import spoken_for, voice
from kg.model import Event, Evidence, Participant, Sentence
from kg.money import split_sums

if TYPE_CHECKING:
    from spacy.tokens import Token

EXTRACTOR = "events/2"
INSPECTION_FAMILY = ("inspection", "revisit", "monitoring-inspection")
#: Events whose actors an inspection sentence without actors may take over.
INHERIT_FROM = (*INSPECTION_FAMILY, "report-published")


@dataclass(frozen=True)
class _Trigger:
    kind: str
    start: int
    end: int
    text: str
    rank: int


@cache
def _data() -> dict:
    return load("events.json")


@cache
def _triggers() -> list[tuple[re.Pattern[str], str, int]]:
    """Each kind's triggers, its `before_post` ones, which count only when a post follows
    ("was made interim chief executive", not "was made aware"), its `after_post` ones,
    which count only right after a post ("chief executive since 2023"), its `before_since`
    ones, which count only before "since" in their clause ("has led it since May"), its
    `doers` when one of its `doer_verbs` follows ("inspectors from X spent a week"), and a
    day in the possessive before a body of one of its `day_of` kinds ("Tuesday's X Board"
    met)."""
    post = (r"(?:\s+on(?:\s+[\w-]+){1,3}?)?(?:\s+as)?"  # "was confirmed on 15 May as"
            rf"(?:\s+(?:an?|the|its|their))?(?:\s+(?!(?:by|of|to|for|in|on|at)\b)[\w'’-]+){{0,2}}?"
            rf"\s+(?:{alternation(load('roles.json')['heads'])})(?![\w-])")
    out = []
    for rank, k in enumerate(_data()["kinds"]):
        out.append((re.compile(rf"(?<![\w-])(?:{alternation(k['triggers'])})(?![\w-])",
                               re.IGNORECASE), k["kind"], rank))
        if k.get("before_post"):
            out.append((re.compile(rf"(?<![\w-])(?:{alternation(k['before_post'])})(?={post})",
                                   re.IGNORECASE), k["kind"], rank))
        if k.get("after_post"):  # "Ann Lee, chief executive since 2023,"
            heads = alternation(load("roles.json")["heads"])
            months = alternation([*load("time_words.json")["months"], "last", "early", "late",
                                  "mid", "the"])
            out.append((re.compile(rf"(?<![\w-])(?:{heads})\s+(?:{alternation(k['after_post'])})"
                                   rf"(?=\s+(?:\d|(?:{months})\b))",  # not "since Ann Lee left"
                                   re.IGNORECASE), k["kind"], rank))
        if k.get("before_since"):  # "has chaired the board on an interim basis since July"
            out.append((re.compile(rf"(?<![\w-])(?:{alternation(k['before_since'])})(?![\w-])"
                                   r"(?=(?:\s+(?!since\b)[\w'’-]+){0,8}\s+since\b)",
                                   re.IGNORECASE), k["kind"], rank))
        if k.get("doers"):  # "inspectors from Ofsted and the CQC spent a week examining"
            out.append((re.compile(
                rf"(?<![\w-])(?:{alternation(k['doers'])})(?=(?:,?\s+[\w'’-]+){{0,8}}?,?\s+"
                rf"(?:{alternation(k['doer_verbs'])})(?![\w-]))", re.IGNORECASE), k["kind"], rank))
        if k.get("day_of"):  # "last Tuesday's Westshire SEND Partnership Board"
            words = load("time_words.json")
            days = alternation([*words["weekdays"], *words["deictic_days"]])
            out.append((re.compile(
                rf"(?<![\w-])(?i:{days})['’]s(?=(?:\s+[A-Z][\w'’-]*){{0,6}}\s+"
                rf"(?:{alternation(k['day_of'])})\b)"), k["kind"], rank))
    return out


@cache
def _regex(*path: str) -> re.Pattern[str]:
    """The words at `path` in events.json as one whole-word, case-blind regex."""
    spec = _data()
    for key in path[:-1]:
        spec = spec[key]
    return _regex_in(spec, path[-1])


@cache
def _controls() -> re.Pattern[str]:
    """The '-run' of 'Labour-run', after a party's name."""
    return re.compile(rf"-(?:{'|'.join(load('actors.json')['party_suffixes'])})\b")


@cache
def _measures(key: str) -> re.Pattern[str]:
    """Measure words that may run on into a longer word ("commissioner", "commissioners")."""
    words = alternation(_data()["interventions"][key])
    return re.compile(rf"(?<![\w-])(?:{words})", re.IGNORECASE)


def _regex_in(spec: dict, key: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{alternation(spec[key])})(?![\w-])", re.IGNORECASE)


@cache
def _words_before(key: str, gap: int) -> re.Pattern[str]:
    """The words at `key` in events.json, then at most `gap` words, at the end of a text:
    what a sum right after them is ("has requested a further £28m", "a salary of £9,000")."""
    return re.compile(rf"{_regex(key, 'words').pattern}(?:\s+[\w-]+){{0,{gap}}}\s*$",
                      re.IGNORECASE)


@cache
def _appointed_measure() -> re.Pattern[str]:
    """What an appointment verb is followed by when it appoints a measure: "a
    commissioner", "two new commissioners", "a SEND commissioner"."""
    return re.compile(r"(?:\s+(?:an?|the|two|three|four|five|new|more))*\s+(?:[\w-]+\s+)?"
                      + _measures("measures").pattern, re.IGNORECASE)


@cache
def _hearsay() -> re.Pattern[str]:
    """Right after a meeting word: the meeting only reports ("a meeting heard")."""
    return re.compile(rf"\s+(?:{alternation(_data()['hearsay']['words'])})(?![\w-])",
                      re.IGNORECASE)


@cache
def _descriptions() -> tuple[re.Pattern[str], dict[str, list[str]]]:
    """`described_actors`: a regex of its descriptions, and the actor types of each."""
    kinds = {k.lower(): v for k, v in _data()["described_actors"].items() if k != "_comment"}
    return re.compile(rf"(?<![\w-])(?:{alternation(list(kinds))})(?![\w-])",
                      re.IGNORECASE), kinds


@cache
def _vetoes() -> dict[str, re.Pattern[str]]:
    return {k["kind"]: re.compile(rf"(?<![\w-])(?:{alternation(k['not_after'])})(?![\w-])",
                                  re.IGNORECASE)
            for k in _data()["kinds"] if k.get("not_after")}


@cache
def _blockers() -> dict[str, re.Pattern[str]]:
    return {k["kind"]: re.compile(
                rf"(?:\s+[\w'’-]+){{0,2}}?\s+(?:{alternation(k['not_before'])})\b", re.IGNORECASE)
            for k in _data()["kinds"] if k.get("not_before")}


@cache
def _negated() -> re.Pattern[str]:
    """A negation at most `window` words before the end of the text searched."""
    spec = _data()["negations"]
    words = rf"(?<![\w-])(?:{alternation(spec['words'])})|n['’]t"
    return re.compile(rf"(?:{words})(?:\s+[\w'’-]+){{0,{spec['window']}}}\s*$", re.IGNORECASE)


def find_triggers(text: str) -> list[_Trigger]:
    """Non-overlapping triggers, longest first, then by kind priority.

    A phrase that names a thing holding a trigger word ("education, health and care
    plans for pupils") is no trigger. A trigger after one of its kind's `not_after`
    phrases is dropped: "called on the leader to resign" reports a call (kind other),
    not a resignation; so is one a negation just before denies ("would not step
    down").
    """
    vetoes, blockers, denied = _vetoes(), _blockers(), _negated()
    text = _regex("not_events", "phrases").sub(lambda m: " " * len(m.group()), text)
    found = [(m.start(), m.end(), kind, rank) for regex, kind, rank in _triggers()
             for m in regex.finditer(text)
             if not (kind in vetoes and vetoes[kind].search(text, 0, m.start()))
             and not (kind in blockers and blockers[kind].match(text, m.end()))
             and not denied.search(text, max(0, m.start() - 80), m.start())]
    found.sort(key=lambda t: (-(t[1] - t[0]), t[3], t[0]))
    taken: list[_Trigger] = []
    for start, end, kind, rank in found:
        if all(end <= t.start or start >= t.end for t in taken):
            taken.append(_Trigger(kind, start, end, text[start:end], rank))
    return sorted(taken, key=lambda t: t.start)


def _nearest(dates: list[DateMention], start: int, end: int,
             text: str | None = None) -> DateMention | None:
    """The closest date that has a value; one before the span counts double ("visit in May").
    Given the sentence's `text`, a date before the span that a comma parts from it comes
    after the others ("which opened its inquiry in June, will meet on 10 December")."""
    if not dates:
        return None
    anchored = [d for d in dates if d.value.iso] or dates  # "today" with no dateline says less

    def parted(d: DateMention) -> bool:  # an aside before the span ("which ... in June,")
        return text is not None and d.end <= start and "," in text[d.end:start]
    return min(anchored, key=lambda d: (parted(d), d.start - end if d.start >= end
                                        else 2 * (start - d.end)))


#: Who imposes a measure, so is not the body it is imposed on.
_IMPOSING = frozenset({"GovernmentBody", "Regulator"})


class _Events:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.out: list[Event] = []
        self.revisit_article = bool(re.search(_data()["revisit_context"], ctx.article.text,
                                              re.IGNORECASE))
        self.voice = voice(ctx)
        self.council = ctx.most_named("LocalAuthority")
        default = _data()["subject_by_default"]["types"]
        #: Who a plan, protest or deadline with no actor in its sentence concerns.
        self.subject = self.council or next(iter(ctx.ranked(lambda t: t in default)), None)
        self.government = ctx.most_named("GovernmentBody")
        #: "inspectors" names no body: they are the article's inspectorates (an
        #: ombudsman or other regulator that does not inspect is none).
        not_inspecting = _regex("not_inspectors")
        self.regulators = list(dict.fromkeys(
            k for _, k in ctx.resolved.links if ctx.type(k) == "Regulator"
            and not not_inspecting.search(ctx.name(k))))

    def council_for_posts(self, kind: str, sentence: Sentence,
                          participants: list[Participant]) -> list[Participant]:
        """"Cabinet members resigning": a council post with no body named is the council's."""
        if (kind not in _data()["post_events"] or self.council is None
                or any(self.ctx.type(p.entity) == "LocalAuthority" for p in participants)
                or not _regex("council_posts").search(sentence.text)):
            return []
        evidence = self.ctx.resolved.entities[self.council].mentions[0]
        return [Participant(self.council, "concerns", evidence)]

    def measure_target(self, kind: str, participants: list[Participant]) -> list[Participant]:
        """"The ministry issued the Best Value Notice in September": a measure whose
        sentence names only who imposes it is on the article's own body."""
        if (kind != "intervention" or not participants or self.subject is None or not all(
                self.ctx.type(p.entity) in _IMPOSING for p in participants)):
            return []
        evidence = self.ctx.resolved.entities[self.subject].mentions[0]
        return [Participant(self.subject, "concerns", evidence)]

    def held_posts(self, sentence: Sentence) -> list[tuple[str, Evidence]]:
        """The holders of the posts read from `sentence` (alone or with the next: "The
        chief executive of X has resigned. Ann Lee said she would leave"), and their bodies."""
        out: list[tuple[str, Evidence]] = []
        for role in self.ctx.found.get("roles", []):
            ev = role.evidence
            if ev.start <= sentence.start < ev.end and role.organisation and role.links:
                out += [(role.person, ev), (role.organisation, role.organisation_evidence or ev)]
        return out

    def actors(self, sentence: Sentence) -> list[str]:
        """The actors the sentence names, but for a party named as the one that runs a
        body ("a Tory-run council"): the body takes part, not its ruling party."""
        keys = []
        text = self.ctx.article.text
        for mention, key in self.ctx.resolved.in_span(sentence.start, sentence.end):
            if key in keys or self.ctx.type(key) == "NewsOutlet":
                continue
            if self.ctx.type(key) == "PoliticalParty" and _controls().match(text, mention.end):
                continue
            keys.append(key)
        if _regex("inspector_words").search(sentence.text) and not any(
                k in self.regulators for k in keys):  # "Ofsted inspectors" are Ofsted's
            keys += self.regulators
        return keys

    def previous_person(self, sentence: Sentence) -> list[str]:
        """For a sentence opening with 'She'/'He': the person the sentence before names
        last ("... appointed Ann Lee as commissioner. She must report by June"), the last
        one titled for that pronoun first ("Ms Lee", `gendered_titles`), unless she only
        reports what others do ("She said the backlog would be cleared")."""
        first = sentence.text.split(" ", 1)[0].lower()
        last = self.ctx.before(sentence)
        if first not in _data()["person_pronoun_subjects"] or not last:
            return []
        root = next((t for t in self.ctx.parse(sentence) if t.dep_ == "ROOT"), None)
        if root is not None and root.lemma_.lower() in load("speech.json")["verbs"]:
            return []
        people = self.ctx.named_in(last, lambda kind: kind == "Person")
        # one whose title says this pronoun ("Ms Lee was put forward by Tom Hale. She ..."),
        # else one whose title says no other
        titled = {pronoun: {t.lower() for t in titles} for pronoun, titles
                  in _data()["gendered_titles"].items() if pronoun != "_comment"}

        def says(key: str, pronoun: str) -> bool:
            return any(a.split()[0].lower() in titled.get(pronoun, ())
                       for a in self.ctx.resolved.entities[key].aliases)
        fits = [k for k in people if says(k, first)] or [
            k for k in people if not any(says(k, p) for p in titled if p != first)]
        return (fits or people)[-1:]

    def previous_orgs(self, sentence: Sentence) -> list[str]:
        """For a sentence opening with 'It'/'Its'/'They': the organisation the sentence
        before opens with (its subject, as a rule), else the one last named before it."""
        first = sentence.text.split(" ", 1)[0].lower()
        if first not in _data()["pronoun_subjects"]:
            return []
        def body(kind: str) -> bool:
            return kind not in ("Person", "Place", "NewsOutlet")
        last = self.ctx.before(sentence)
        subject = self.ctx.named_in(last, body)[:1] if last else []
        return subject or [k for m, k in self.ctx.resolved.links
                           if m.end <= sentence.start and body(self.ctx.type(k))][-1:]

    def participants(self, kind: str, keys: list[tuple[str, Evidence]]) -> list[Participant]:
        """Participants with their roles; a place stands also for its own council.

        "Failings in Harbridge" concern Harbridge Council as much as the area, so the
        article's council joins when it is the council of a place named.
        """
        roles = _data()["roles"].get(kind, {"*": "concerns"})
        excluded = _data()["excluded_types"].get(kind, [])
        out: list[Participant] = []
        for key, evidence in keys:
            kind_of = self.ctx.type(key)
            if kind_of in excluded or any(p.entity == key for p in out):
                continue  # excluded, or already in as a place's council
            out.append(Participant(key, roles.get(kind_of, roles["*"]), evidence))
            council = self.council
            if (kind_of == "Place" and council and all(p.entity != council for p in out)
                    and self.ctx.name(council).lower().startswith(self.ctx.name(key).lower())):
                out.append(Participant(council, roles.get("LocalAuthority", roles["*"]),
                                       self.first_mention(council)))
        return out

    def first_mention(self, key: str) -> Evidence:
        """Evidence for an actor a sentence implies without naming ("inspectors")."""
        return self.ctx.resolved.entities[key].mentions[0]

    def by_default(self, kind: str, sentence: Sentence) -> list[tuple[str, Evidence]]:
        """The actor a sentence naming none implies: the government for a safety valve
        deal or high-needs money, the article's council for a plan, protest or deadline."""
        if kind == "investment" and self.government and _government_cue(sentence.text):
            return [(self.government, self.ctx.resolved.entities[self.government].mentions[0])]
        if kind in _data()["subject_by_default"]["kinds"] and self.subject:
            return [(self.subject, self.ctx.resolved.entities[self.subject].mentions[0])]
        return []

    def described(self, sentence: Sentence) -> list[tuple[str, Evidence]]:
        """The actor a description stands for in a sentence naming none ("health officials"
        are the article's care board or trust)."""
        regex, kinds = _descriptions()
        for m in regex.finditer(sentence.text):
            for kind in kinds[m.group().lower()]:
                if key := self.ctx.most_named(kind):
                    return [(key, self.first_mention(key))]
        return []

    def inherit(self, kind: str) -> list[tuple[str, Evidence]]:
        """Actors of the article's previous inspection or report, for "It followed a visit
        in ..." or "The report, published on Tuesday, found ..."."""
        if kind not in INHERIT_FROM:
            return []
        for event in reversed(self.out):
            if event.kind in INHERIT_FROM and event.participants:
                return [(p.entity, p.evidence or event.evidence) for p in event.participants]
        return []

    def told_past(self, sentence: Sentence, date: DateMention | None) -> DateMention | None:
        """A month or day written without a year is the publication's, unless it falls
        after publication in a clause told in the past tense ("inspectors visited in
        November", published in March): then it is the year before's."""
        published = self.ctx.article.published
        if date is None or not date.year_implied or not published or not date.value.iso or (
                date.value.iso <= published[: len(date.value.iso)]):
            return date
        return shift_year(date, -1) if self._past(sentence, date) else date

    def _past(self, sentence: Sentence, date: DateMention) -> bool:
        """Whether the clause a date is in is told in the past: "visited", "was published",
        "has visited"; not "is published" nor "will visit"."""
        token = self._clause_verb(sentence, date)
        if token is not None and token.tag_ == "VBN" and token.dep_ == "acl" and not any(
                c.dep_ in ("aux", "auxpass") for c in token.children):
            return True  # "a warning notice issued in October": done before (not "that it is")
        return token is not None and (token.tag_ == "VBD" or (token.tag_ == "VBN" and any(
            c.dep_ in ("aux", "auxpass") and (c.tag_ == "VBD" or c.lemma_ == "have") for c in
            token.children) and not any(c.lower_ in ("will", "shall") for c in token.children)))

    def _clause_verb(self, sentence: Sentence, date: DateMention) -> Token | None:
        """The verb of the clause a date is in (or the root it climbs to)."""
        doc = self.ctx.parse(sentence)
        token = next((t for t in doc if t.idx <= date.start < t.idx + len(t) + 1), None)
        while token is not None and token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
            token = token.head
        return token

    def _ahead(self, sentence: Sentence, date: DateMention) -> bool:
        """Whether the clause a date is in is told as still to come: "will be finished by",
        "would be sent by", "is to be signed off by"; or in the present of a date not yet
        past, or of a month with no year, the next one ("the bid goes in by 31 October")."""
        token = self._clause_verb(sentence, date)
        if token is None or token.pos_ not in ("VERB", "AUX"):
            return False
        while token.dep_ == "conj" and token.tag_ == "VB" and not any(
                c.dep_ in ("aux", "auxpass") for c in token.children):
            token = token.head  # "must deliver savings and return to balance by March"
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _FUTURE_AUX for c in token.children):
            return True
        published = self.ctx.article.published
        present = token.tag_ in ("VBZ", "VBP") or any(  # "goes in by", "is signed off by"
            c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBZ", "VBP") for c in token.children)
        return present and bool(published) and bool(date.value.iso) and (
            date.year_implied or date.value.iso > published[: len(date.value.iso)])

    def due_ahead(self, sentence: Sentence, kind: str,
                  date: DateMention | None) -> DateMention | None:
        """A deadline's month or day written without a year is the next one after
        publication ("by 15 January", published in November: next January), and so is
        one things start "from" in a clause not told in the past ("we are putting £2m in
        from April", said in October)."""
        published = self.ctx.article.published
        if date is None or not date.year_implied or not published or (
                not date.value.iso or date.value.iso >= published[: len(date.value.iso)]):
            return date
        starting = re.search(r"(?i:\bfrom)\s+$", sentence.text[:date.start]) is not None
        if kind == "deadline" or (starting and not self._past(sentence, date)):
            return shift_year(date, 1)
        return date

    def add(self, sentence: Sentence, kind: str, date: DateMention | None, keys: list[str],
            **extra: object) -> Event | None:
        date = self.due_ahead(sentence, kind, self.told_past(sentence, date))
        here = self.ctx.evidence(sentence, EXTRACTOR)
        named = {k for _, k in self.ctx.resolved.in_span(sentence.start, sentence.end)}
        found = [(k, here if k in named else self.first_mention(k)) for k in keys]
        pronoun = [(k, here) for k in
                   self.previous_orgs(sentence) or self.previous_person(sentence)]
        # "we" is the speaker's body in a quotation, else the article's voice; the sentence
        # that first names it is the evidence
        we = (spoken_for(self.ctx, sentence) or self.voice) if _regex("first_person").search(
            sentence.text) else None
        if we and not pronoun:
            pronoun = [(we, self.ctx.resolved.entities[we].mentions[0])]
        if we and found and we not in keys:  # "we will publish it at our board meeting"
            found.append((we, here if we in named else self.first_mention(we)))
        # an inspection naming no one is the last inspection's; a report naming no one is
        # too, unless "Its report" names its author
        inherited = self.inherit(kind)
        early = inherited if kind in INSPECTION_FAMILY else []
        keys_found = found or early or pronoun or self.described(sentence) or inherited
        if found and all(self.ctx.type(k) == "Regulator" for k, _ in found):
            # "inspectors visited in May": who was inspected is the article's last subject
            keys_found += [x for x in self.inherit(kind) if x[0] not in keys]
        elif kind in INHERIT_FROM and found and not any(
                self.ctx.type(k) == "Regulator" for k, _ in found):
            # "The report, published in April, found the partnership's ...": the report of
            # the inspection told before is its inspectorates' too
            keys_found += [x for x in inherited if self.ctx.type(x[0]) == "Regulator"
                           and x[0] not in keys]
        if kind in _data()["post_events"] and (held := self.held_posts(sentence)):
            # who resigns or is appointed is the post's holder, from its body: not a
            # regulator the sentence names ("... weeks after the CQC rated it inadequate")
            keys_found = held + [(k, e) for k, e in keys_found if self.ctx.type(k) != "Regulator"]
        participants = self.participants(kind, keys_found)
        participants += self.council_for_posts(kind, sentence, participants)
        participants += self.measure_target(kind, participants)
        if not participants:
            participants = self.participants(kind, self.by_default(kind, sentence))
        if not participants:
            return None
        value = date.value if date else None
        names = ", ".join(self.ctx.name(p.entity) for p in participants[:4])
        dated = value and not extra.get("identity")  # one label for every source's date
        label = f"{kind.replace('-', ' ')}: {names}" + (f" ({value.text})" if dated else "")
        event = Event(kind, label, here, value, participants, **extra)  # type: ignore[arg-type]
        self.out.append(event)
        return event

    def sentence(self, sentence: Sentence) -> None:
        text = sentence.text
        dates = (self.ctx.dates(sentence) or self.ctx.entry_dates(sentence)
                 or self.ctx.posted_on(sentence))
        keys = self.actors(sentence)
        seen: set[tuple[str, str | None]] = set()
        triggers = find_triggers(text)
        triggers += self.regulator_reports(sentence, triggers)
        initial = [t for t in triggers if t.kind == "inspection" and self._initial(text, t)]
        # "published the findings of a revisit carried out in January": the date is the
        # revisit's own, which is then an event too; the report is not dated by it
        owned = {t.start: [d for d in dates if 0 <= d.start - t.end <= _OWN_DATE_GAP]
                 for t in triggers if t.kind in INSPECTION_FAMILY and _reported(text, triggers, t)}
        for t in sorted(triggers, key=lambda t: t.rank):  # "monitoring inspection" before "visit"
            kind, identity = t.kind, None
            if kind in INSPECTION_FAMILY and t.start in owned and not owned[t.start]:
                continue
            if kind == "appointment" and self._appoints_measure(sentence, t):
                continue  # "appointed a commissioner to run the council": an intervention
            if kind in _data()["post_events"] and self._told_again(text, t):
                continue  # "insisted the resignation did not go far enough"
            candidates = owned.get(t.start) or [d for d in self._dates_for(kind, text, dates)
                                                if not any(d in own for own in owned.values())]
            date = None if kind == "meeting" and _hearsay().match(text, t.end) else _nearest(
                candidates, t.start, t.end, text)
            if kind == "inspection" and t in initial and self.revisit_article:
                identity = "initial"
            elif kind == "inspection" and initial and t not in initial and self.revisit_article:
                kind = "revisit"
            key = (kind if kind not in INSPECTION_FAMILY else "inspection-family",
                   date.value.text if date else None)
            if key in seen:
                continue
            seen.add(key)
            extra: dict[str, object] = {"identity": identity}
            if kind in ("inspection", "revisit", "report-published"):
                extra["outcome"] = self._outcome(text, t)
            actors = keys
            if self.government and _regex("government_documents").fullmatch(t.text) and not any(
                    self.ctx.type(k) == "GovernmentBody" for k in keys):
                actors = [self.government]  # "a white paper will be published": the government's
            self.add(sentence, kind, date, actors, **extra)
        self._intervention(sentence, dates, keys)
        self._rating(sentence, dates, keys)
        self._deadline(sentence, dates, keys)
        self._money(sentence, dates, keys)

    def regulator_reports(self, sentence: Sentence, taken: list[_Trigger]) -> list[_Trigger]:
        """"our Ofsted report", "the CQC's report": a report named by its inspectorate."""
        rank = next(i for i, k in enumerate(_data()["kinds"]) if k["kind"] == "report-published")
        out = []
        for mention, key in self.ctx.resolved.in_span(sentence.start, sentence.end):
            if self.ctx.type(key) != "Regulator":
                continue
            end = mention.end - sentence.start
            found = re.match(_data()["regulator_report"], sentence.text[end:], re.IGNORECASE)
            if found and all(t.end <= end or t.start >= end + found.end() for t in taken):
                start = mention.start - sentence.start
                out.append(_Trigger("report-published", start, end + found.end(),
                                    sentence.text[start : end + found.end()], rank))
        return out

    @staticmethod
    def _dates_for(kind: str, text: str, dates: list[DateMention]) -> list[DateMention]:
        """The dates an event of this kind may take: a plan is not dated by its deadline."""
        if kind not in _data()["undated_by_deadline"]["kinds"]:
            return dates
        return [d for d in dates if not _deadline_lead(text, d)
                and not re.search(r"\d\s*[-–—/]\s*\d", d.value.text)]

    def _appoints_measure(self, sentence: Sentence, t: _Trigger) -> bool:
        """Whether what is appointed is an intervention's measure ("has appointed a
        commissioner", "appointed an improvement board") and no person is named for it."""
        if not _appointed_measure().match(sentence.text, t.end):
            return False
        return not any(self.ctx.type(key) == "Person" and mention.start >= sentence.start + t.end
                       for mention, key in self.ctx.resolved.in_span(sentence.start, sentence.end))

    def _told_again(self, text: str, t: _Trigger) -> bool:
        """Whether `t` names again a post event of its kind already told ("the
        resignation", "his appointment")."""
        before = text[: t.start].split()
        return bool(before) and before[-1].lower() in _data()["told_again"]["determiners"] \
            and any(e.kind == t.kind for e in self.out)

    @staticmethod
    def _initial(text: str, t: _Trigger) -> bool:
        lead = text[max(0, t.start - 30) : t.start].lower()
        return any(cue in lead for cue in _data()["initial_cues"])

    @staticmethod
    def _outcome(text: str, t: _Trigger) -> str | None:
        quoted = re.search(_data()["outcome_cue"], text[t.start :], re.IGNORECASE)
        if quoted:
            return " ".join(quoted.group(1).split())
        for kind in _data()["kinds"]:
            for cue, outcome in kind.get("outcome", {}).items():
                if kind["kind"] == t.kind and t.text.lower().startswith(cue):
                    return outcome
        return None

    def _intervention(self, sentence: Sentence, dates: list[DateMention],
                      keys: list[str]) -> None:
        """A measure (improvement notice, trust, outsourcing...) with how firm it is."""
        spec = _data()["interventions"]
        text = re.sub(r"[‘’'\"“”]", " ", sentence.text)  # 'trust' models -> trust models
        text = _regex("interventions", "not_measures").sub(lambda m: " " * len(m.group()), text)
        measures = [m for m in _measures("measures").finditer(text)
                    if not self._inside_name(sentence, m)]
        measures = measures or list(_measures("generic").finditer(text))
        self._measure_told_again(sentence, dates, keys)
        if not measures:
            return
        names: list[str] = []
        for m in measures:
            name = m.group().lower()
            if not any(name in n for n in names):
                names.append(name)
        lead = text[: measures[0].start()].lower()
        cues = [(lead.rfind(cue), value) for value, words in spec["status"].items()
                for cue in words if lead.rfind(cue) >= 0]
        status = max(cues)[1] if cues else "considered"
        if status == "called-for":  # "called for an independent review": a call, not a measure
            return
        after = text[measures[-1].end() : measures[-1].end() + _DENIAL_GAP]
        if _regex("interventions", "denied_after").search(after):
            return  # "a termination warning notice was not being considered"
        measure = " or ".join(names)
        same = next((e for e in self.out if e.kind == "intervention" and e.measure == measure),
                    None)
        if same is not None:  # told again: bodies this sentence names join it
            here = self.ctx.evidence(sentence, EXTRACTOR)
            have = {p.entity for p in same.participants}
            same.participants += [p for p in self.participants("intervention", [
                (k, here) for k in keys]) if p.entity not in have]
            return
        date = _nearest(dates, measures[0].start(), measures[-1].end())
        self.add(sentence, "intervention", date, keys, measure=measure, status=status)

    def _measure_told_again(self, sentence: Sentence, dates: list[DateMention],
                            keys: list[str]) -> None:
        """"The notice was signed last Tuesday": a measure already told, named again by
        its head word with "the" (`interventions.heads`) to open a sentence, is dated by
        that sentence."""
        if not dates:
            return
        for event in reversed(self.out):
            if event.kind != "intervention" or not event.measure:
                continue
            heads = [w for w in event.measure.split() if w in _data()["interventions"]["heads"]]
            again = heads and re.match(rf"[Tt]he {re.escape(heads[0])}\b", sentence.text)
            date = again and _nearest(dates, again.start(), again.end())
            if date and date.value.iso and not (event.date and event.date.iso == date.value.iso):
                self.add(sentence, "intervention", date, keys, measure=event.measure,
                         status=event.status)
            return

    def _rating(self, sentence: Sentence, dates: list[DateMention], keys: list[str]) -> None:
        """"Ofsted judged the services inadequate in 2023": a grade an inspectorate gave is an
        inspection, the grade its outcome, when the sentence names no inspection itself."""
        spec = _data()["ratings"]
        if not any(self.ctx.type(k) == "Regulator" for k in keys):
            if not (dates and self.regulators):
                return
            # "The service was previously rated requires improvement in 2022": a dated
            # grade with no inspectorate named is the article's inspectorates'
            keys = [*keys, *self.regulators]
        if any(e.evidence.start == sentence.start and e.kind in INHERIT_FROM for e in self.out):
            return
        for verb in _regex("ratings", "verbs").finditer(sentence.text):
            grade = _regex("ratings", "grades").search(sentence.text, verb.end())
            if grade and grade.start() - verb.end() <= spec["max_gap"]:
                date = _nearest(dates, verb.start(), grade.end())
                self.add(sentence, "inspection", date, keys, outcome=grade.group().lower(),
                         identity=None)
                return

    def _inside_name(self, sentence: Sentence, found: re.Match[str]) -> bool:
        """"Harbridge Children's Trust" names a body; "an improvement board" is a measure."""
        start, end = sentence.start + found.start(), sentence.start + found.end()
        for mention, _ in self.ctx.resolved.in_span(sentence.start, sentence.end):
            if mention.start <= start and end <= mention.end:
                head = re.sub(r"^(?:the|an?)\s+", "", mention.text, flags=re.IGNORECASE)
                if not head.lower().startswith(found.group().lower()):
                    return True
        return False

    def _deadline(self, sentence: Sentence, dates: list[DateMention], keys: list[str]) -> None:
        """"must improve by March": a date after "by" or "until" with a cue of obligation."""
        if any(e.kind == "deadline" and e.evidence.start == sentence.start for e in self.out):
            return  # the sentence said "deadline" and is dated already
        for date in dates:
            if _deadline_lead(sentence.text, date) and (_regex("deadline_cues").search(
                    sentence.text) or self._ahead(sentence, date)):
                self.add(sentence, "deadline", date, keys)

    def _money(self, sentence: Sentence, dates: list[DateMention], keys: list[str]) -> None:
        sums = split_sums(sentence.text)[0]
        if not sums or not _regex("investment_cues").search(sentence.text):
            return
        orgs = [(m.start - sentence.start, m.end - sentence.start, k) for m, k in
                self.ctx.resolved.in_span(sentence.start, sentence.end)
                if self.ctx.type(k) not in ("Person", "Place", "NewsOutlet")]
        funder_keys = None
        asked, pay = _words_before("requested_before", 3), _words_before("pay_before", 2)
        fined = _words_before("penalty_before", 2)
        saved = _words_before("saving_before", 2)
        for money in sums:
            if asked.search(sentence.text, 0, money.start):
                continue  # "has requested a further £28m": asked for, not (yet) given
            if pay.search(sentence.text, 0, money.start) or self._earner(sentence, money.start):
                continue  # "a salary of £182,000", "Ann Lee was paid £291,000": pay, not funding
            costs = _regex("penalty_after", "words").match(sentence.text, money.end + 1)
            if costs or fined.search(sentence.text, 0, money.start):
                continue  # "fined £52,000", "£3,000 costs": a court's penalty, not funding
            if _regex("saving_after", "words").match(sentence.text, money.end + 1) or (
                    saved.search(sentence.text, 0, money.start)):
                continue  # "deliver £52m of savings", "a plan to save £4m": not funding
            subject = self._payer(sentence, money.start, orgs)
            before = [k for start, _, k in orgs if start < money.start]
            received = subject == []  # "the council is to receive £3m": not its own money
            # a sum with no verb of its own is paid by whoever paid the one before ("£2m
            # this year and £3m next"); one received is not ("it spends £1m and received £2m")
            funder_keys = (subject or None) if subject is not None else (
                before[-1:] or funder_keys)
            if received and not funder_keys:  # "It received £32m from NHS England", "We were
                # allocated £2m by the DfE": not "it" nor "we"
                funder_keys = [k for start, _, k in orgs if 0 <= start - money.end <= 60
                               and _FROM.search(sentence.text, money.end, start)][:1] or None
            if not funder_keys and re.match(r"(?i:we|our)\b", without_label(sentence.text)):
                # "We are putting £7.5m into care": the speaker's body, or the page's
                funder_keys = [k for k in [spoken_for(self.ctx, sentence) or self.voice] if k]
            if not funder_keys:
                funder_keys = self.previous_orgs(sentence) or self.previous_funder()
            if not funder_keys and self.government and (
                    received or _government_cue(sentence.text)):
                funder_keys = [self.government]
            clause = re.split(r"£|;", sentence.text[money.end :])[0]
            purpose = re.search(_data()["purpose"], clause)
            date = _nearest(dates, money.start, money.end)
            payers = list(funder_keys or ([] if received else keys[:1]))
            # redress ordered or agreed ("apologise and pay £500") is no investment: an
            # event of its own, whose payer is still the money's funder
            kind = "other" if _regex("remedy_cues").search(sentence.text) else "investment"
            event = self.add(sentence, kind, date, payers, money=money.value,
                             purpose=_purpose(purpose))
            if event is not None and kind != "investment":
                event.participants = [replace(p, role="funder") if p.entity in payers else p
                                      for p in event.participants]

    def _earner(self, sentence: Sentence, at: int) -> bool:
        """Whether the verb that governs a sum is one of being paid and has a person for
        subject ("Ann Lee, who leads the trust, was paid £236,000", "the chief executive
        received £250,000"; not "the minister announced £5m")."""
        doc = self.ctx.parse(sentence)
        token = next((t for t in doc if t.idx <= at < t.idx + len(t) + 1), None)
        while token is not None and not _verb(token) and token.head.i != token.i:
            token = token.head
        if token is None or not _verb(token):
            return False
        paid = token.lemma_.lower() in (*_data()["recipient_verbs"]["lemmas"], "earn")
        subject = next((c for c in token.children if c.dep_ == "nsubjpass" or (
            paid and c.dep_ == "nsubj")), None)
        if subject is not None and subject.tag_ == "WP" and token.dep_ == "relcl":
            subject = token.head  # "Ann Lee, who ...": Ann Lee
        if subject is None:
            return False
        start = sentence.start + subject.left_edge.idx
        end = sentence.start + subject.right_edge.idx + len(subject.right_edge)
        named = self.ctx.resolved.in_span(start, end)
        head = sentence.start + subject.idx
        # the subject's own name is the payee's; else a person in apposition to a post
        # ("The chief executive of X, Dr Y, was paid"), not a body led by one
        own = [k for m, k in named if m.start <= head < m.end]
        return (self.ctx.type(own[0]) == "Person" if own
                else any(self.ctx.type(k) == "Person" for _, k in named))

    def _payer(self, sentence: Sentence, at: int,
               orgs: list[tuple[int, int, str]]) -> list[str] | None:
        """The grammatical subject of the verb that governs a sum, when it is a named body.

        "The DfE has committed to paying the council £25m": the payer is the DfE, not
        the council named last. [] when the verb's subject receives the money ("the
        council got £20m") or the sum is passive ("was paid to the council"), so that
        the funder is looked for elsewhere, but for one told to pay ("the council was
        ordered to pay £500"); None when the parse says nothing.
        """
        doc = self.ctx.parse(sentence)
        token = next((t for t in doc if t.idx <= at < t.idx + len(t) + 1), None)
        while token is not None and not _verb(token) and token.head.i != token.i:
            token = token.head
        receivers = _data()["recipient_verbs"]["lemmas"]
        climb = ("xcomp", "advcl", "conj", "pcomp", "prep")
        while token is not None:
            if token.lemma_.lower() in receivers:
                return []
            pronoun = False
            for child in token.children:
                if child.dep_ == "nsubjpass" and any(
                        c.dep_ == "xcomp" and c.lemma_.lower() in _data()["payment_verbs"]
                        for c in token.children):
                    return _named_in(child, orgs)  # "the council was ordered to pay"
                if child.dep_ == "nsubjpass":
                    return []
                if child.dep_ == "nsubj" and child.tag_ in ("WDT", "WP"):
                    # "X, which has agreed £850,000": the body the relative clause is on
                    return [k for _, end, k in orgs
                            if 0 <= child.idx - end <= 3][-1:] or None
                if child.dep_ == "nsubj" and child.pos_ == "PRON":
                    pronoun = True  # "X said it would pay": "it" is X, the reporting subject
                elif child.dep_ == "nsubj":
                    return _named_in(child, orgs)
            if token.head.i == token.i or not (
                    token.dep_ in climb or (pronoun and token.dep_ == "ccomp")):
                return None
            if token.dep_ == "xcomp":  # "ordered the council to pay": its object pays
                told = next((c for c in token.head.children if c.dep_ == "dobj"), None)
                if told is not None and (named := _named_in(told, orgs)):
                    return named
            token = token.head
        return None

    def previous_funder(self) -> list[str]:
        """"Of this amount, £2m was paid...": the funder of the article's last sum."""
        for event in reversed(self.out):
            if event.money is not None:
                return [p.entity for p in event.participants if p.role == "funder"][:1]
        return []


@cache
def _lead() -> re.Pattern[str]:
    """A deadline's lead right before its date: "by", "until", "by the end of"."""
    leads, spans = _data()["deadline_leads"], _data()["deadline_spans"]["words"]
    return re.compile(rf"(?<![\w-])(?:{alternation(leads)})\s+(?:(?:{alternation(spans)})"
                      r"[\s-]+)?$", re.IGNORECASE)


def _deadline_lead(text: str, date: DateMention) -> bool:
    return _lead().search(text, max(0, date.start - 40), date.start) is not None


_OF_WHAT = re.compile(r"(?:\s+today)?\s+of(?:\s+[\w'’&-]+){0,8}\s+", re.IGNORECASE)
_WHAT = re.compile(r"(?:\s+[\w'’&-]+){0,8}\s+")


#: Auxiliaries that put a clause ahead: "will be done by", "is to be agreed by".
_FUTURE_AUX = frozenset({"will", "shall", "must", "would", "should", "to", "'ll"})

_FROM = re.compile(r"\b(?:from|by)\s+(?:the\s+)?$")

#: How far after a measure a denial of it may come ("... was 'not being considered'").
_DENIAL_GAP = 60

#: How far after an inspection word its own date may start ("a revisit carried out in").
_OWN_DATE_GAP = 20


def _reported(text: str, triggers: list[_Trigger], t: _Trigger) -> bool:
    """Is inspection trigger `t` what a report trigger before it is of ("the publication
    today of the joint inspection")? Then the report is the event, dated as published."""
    return any(r.kind == "report-published" and r.end <= t.start
               and (_WHAT if r.text.lower().endswith(" of") else _OF_WHAT).fullmatch(
                   text, r.end, t.start) is not None
               for r in triggers)


def _government_cue(text: str) -> bool:
    return bool(_regex("government_funding", "cues").search(text))


def _purpose(found: re.Match[str] | None) -> str | None:
    """What the money is for, without a dangling 'and' before the next sum."""
    if found is None:
        return None
    return re.sub(r"(?:\s+(?:and|or))+$", "", found.group(1).strip()) or None


def _same(a: Event, b: Event) -> bool:
    """An undated mention of an article's inspection, report or meeting is that event
    (but a grade other than its own is another inspection); so is one of the same kind on
    the same day with someone in common."""
    both = a.date is not None and b.date is not None
    if a.kind != b.kind or a.money or b.money or (both and (
            a.date.iso is None or a.date.iso != b.date.iso)) or (
            a.outcome and b.outcome and a.outcome != b.outcome):  # graded twice: two visits
        return False
    if both:  # told twice on one day ("9.02pm – Amendment defeated. The amendment falls")
        return bool({p.entity for p in a.participants} & {p.entity for p in b.participants})
    if a.kind in INHERIT_FROM:
        return True
    return bool({p.entity for p in a.participants} & {p.entity for p in b.participants})


def _merge(events: list[Event]) -> list[Event]:
    """One event for an article's repeated mentions of it."""
    out: list[Event] = []
    for event in events:
        twin = next((e for e in out if _same(e, event)), None)
        if twin is None:
            out.append(event)
            continue
        if twin.date is None and event.date is not None:
            twin.date, twin.label, twin.evidence = event.date, event.label, event.evidence
        known = {p.entity for p in twin.participants}
        twin.participants += [p for p in event.participants if p.entity not in known]
        twin.outcome = twin.outcome or event.outcome
    return out


def _verb(token: Token) -> bool:
    """A verb, but not a sum's unit the tagger took for one ("£4.5m": "m" as a verb)."""
    return token.pos_ in ("VERB", "AUX") and token.dep_ not in _NOUN_ROLES


_NOUN_ROLES = ("dobj", "pobj", "nummod", "nmod", "compound", "appos", "npadvmod")


def _named_in(subject: Token, orgs: list[tuple[int, int, str]]) -> list[str] | None:
    """The body a subject phrase names: the one its head word is in, else the last one
    outside its relative clauses ("X, which commissions the trust, said" is X)."""
    inner = [(t.left_edge.idx, t.right_edge.idx + len(t.right_edge))
             for t in subject.subtree if t.dep_ in ("relcl", "acl")]
    start = subject.left_edge.idx
    end = subject.right_edge.idx + len(subject.right_edge)
    named = [(s, e, k) for s, e, k in orgs if start <= s and e <= end
             and not any(a <= s < b for a, b in inner)]
    head = [k for s, e, k in named if s <= subject.idx < e]
    return head or [k for *_, k in named][-1:] or None


def needs_parse(text: str) -> bool:
    """The sentences this extractor reads parses of: those stating a sum (its payer)."""
    return "£" in text


def extract(ctx: Context) -> list[Event]:
    events = _Events(ctx)
    for sentence in ctx.sentences:
        events.sentence(sentence)
    return _merge(events.out)

