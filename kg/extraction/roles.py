"""Roles: who holds which post, for which organisation and party, in one article.

News copy states posts in a few fixed shapes: an apposition after the name
("Jane Doe, chief executive of X Council, said"), a pre-modifier before it
("Labour education spokesman Jane Doe"), an appointment ("X has appointed a new
director ... - Jane Doe will start") and a relative clause ("who chairs X").
A bracket after a councillor's name tags their party and ward ("(Con,
Eastfield)"), and a "Cllr" title with no post stated makes a councillor. Each
post says how its holder relates to its organisation (`Role.links`: a leader
leads it, an elected member holds a seat, not a job).
The rules read each sentence with its actor mentions masked (`Masked`), so a
comma inside a name never splits a phrase and every offset stays the text's.
The words themselves (role heads, council posts, stop words) live in
`kg/data/roles.json`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache

from spacy.lang.en.stop_words import STOP_WORDS

from kg.data import load
from kg.extraction.context import Context
from kg.extraction.voice import voice
from kg.model import Mention, Role, Sentence
from kg.recognising import known_actors, may_name_actor

EXTRACTOR = "roles/2"
PERSON, PARTY, PLACE, COUNCIL = "Person", "PoliticalParty", "Place", "LocalAuthority"
SCHOOL = "School"
MARK, FILL = "\x01", "\x02"
_UNMARK = str.maketrans({MARK: " ", FILL: " "})  # stray marker characters in the input
M = r"\x01\x02*"
_TOKEN = re.compile(rf"{M}|[\w'’&-]+|[^\w\s]")
_GROUP = re.compile(r"(?<=\s)group$", re.IGNORECASE)
_COMMA = re.compile(r"\s*,\s*")
_COMMA_END = re.compile(r",\s*$")
_POST_IS = re.compile(r"\s*(?:The|Its|Their)\s+([\w'’ -]{3,60}?)\s+(?:is|was|will\s+be)\s+(\x01)")
_ACRONYM = re.compile(r"\s*\(([A-Z]{2,6})s?\)")  # a post's letters, defined in brackets
_JOINT_LINE = re.compile(r"(\x01\x02*)\s+(?:and|&)\s+(\x01\x02*)")
_PLURAL_POST = re.compile(r"\s*((?:[\w'’-]+\s+){0,3}?[\w'’-]+?)s\s*,\s*(\x01)")
_SECTION = re.compile(r"(?i:\bsection)\s+$")
_BRACKET_END = re.compile(r"\(([^()\n]{1,80})\)\s*$")
_LIST_END = re.compile(r"[\w'’ -]+\s(?:and|&)\s[\w'’-]+")
#: An opening adverbial phrase up to a name in it, with no comma yet: "In response to a
#: question from Cllr ", "Asked by ", "Speaking to ".
_OPENING = re.compile(r"\s*(?:In|After|Following|Before|Responding|Replying|Answering|Asked|"
                      r"Questioned|Pressed|Challenged|Speaking|Writing)\b[^,;:]*$")
#: A party's tag in round or square brackets after a member's seat: "[Labour]", "(Con)".
_PARTY_TAG = re.compile(r"\s*[\[(]([^\])\n]{1,40})[\])]")
_AT = re.compile(r"(\s*(?:At|Within|Over at)\s+)(?:the\s+)?")
_APPOSITION_END = re.compile(r"\s*(?:[,;.()]|$)")
_WHOSE_PARTY = re.compile(rf"({M})(?:\s*\([^()\n]{{1,60}}\))?\s*,\s*whose\s+({M})(\s+"
                          r"(?:group|party|administration|colleagues|councillors)\b)?")
_CAME_FROM = re.compile(r"\b(?:from|joins|joined|leaves|left|formerly\s+(?:of|at))\s+$",
                        re.IGNORECASE)
_LISTED = re.compile(rf"\s*,\s*({M})(\s+group\b)?")  # a list's next item: "Leader, X group"
_OF_THE = re.compile(r"\bof\s+(?:the\s+)?(?:[a-z][\w'’-]*\s+){0,2}$")  # "of the opposition"
_OCCASION = re.compile(  # "at the council's annual meeting", "during the hearing"
    rf"(?:at|during)\s+(?:(?:the|a|an|its|their|this|last|next)\s+)?(?:{M}['’]s\s+)?"
    r"(?:[\w'’-]+\s+){0,3}?(?:meeting|hearing|session|conference|debate|inquest|event)s?\b",
    re.IGNORECASE)
_CLOSED = re.compile(r"\s*(?:[,;]|[.!?]?\s*$)")  # "X, Ann Lee; and"
_WORD = re.compile(r"\S+")
_POSSESSIVE = re.compile(r"(?<![\w-])(its|their|our)\s+(?:\w+\s+)?$", re.IGNORECASE)
_NOT_BODIES = (PERSON, PARTY, PLACE, "NewsOutlet")
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "this", "that"})
_WARD = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:and|&|upon|on|[A-Z][\w'’.-]*)){0,4}")


@dataclass(frozen=True)
class Masked:
    """A sentence whose actor mentions are replaced by marker runs of the same length.

    `text` is the masked sentence (stray marker characters in the input become
    spaces); `at` maps a mention's sentence-relative start to its mention and key;
    `dates` holds where its date expressions start (a post never runs into one:
    "appointed interim director in March").
    """

    sentence: Sentence
    text: str
    at: dict[int, tuple[Mention, str]]
    dates: frozenset[int]

    @classmethod
    def of(cls, ctx: Context, sentence: Sentence) -> Masked:
        text = sentence.text.translate(_UNMARK)
        at: dict[int, tuple[Mention, str]] = {}
        taken: list[tuple[int, int]] = []
        for mention, key in ctx.resolved.in_span(sentence.start, sentence.end):
            start, end = mention.start - sentence.start, mention.end - sentence.start
            if any(start < e and s < end for s, e in taken):  # the first mention keeps it
                continue
            taken.append((start, end))
            at[start] = (mention, key)
        pieces, pos = [], 0
        for start, end in sorted(taken):
            pieces += [text[pos:start], MARK, FILL * (end - start - 1)]
            pos = end
        dates = frozenset(d.start for d in ctx.dates(sentence))
        return cls(sentence, "".join([*pieces, text[pos:]]), at, dates)

    def key(self, pos: int) -> str:
        return self.at[pos][1]

    def covering(self, offset: int) -> tuple[int, Mention, str] | None:
        """The mention over a sentence-relative offset: its start, the mention, its key."""
        return next(((p, m, key) for p, (m, key) in self.at.items()
                     if p <= offset < p + m.end - m.start), None)

    def original(self, start: int, end: int) -> str:
        return " ".join(self.sentence.text[start:end].split())


@dataclass(frozen=True)
class _Found:
    """What one phrase states: role words, organisation key, party key (any may be None)."""

    role: str | None
    organisation: str | None
    party: str | None


_Tag = tuple[dict[str, str], str | None]  # {"party"/"org": key} and the ward's key


@cache
def _data() -> dict:
    return load("roles.json")


def _words(items: list[str]) -> str:
    """A regex alternation of `items`, longest first, any whitespace between words."""
    ordered = sorted(items, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@cache
def _regexes() -> dict[str, re.Pattern[str]]:
    d = _data()
    links = _words(d["org_links"])
    appoint = _words(d["appointment_verbs"])
    connectors = _words(d["connectors"])
    news = d["holder_announcements"]
    titles = rf"(?:(?:{_words(load('actors.json')['person_titles'])})\.?\s+)?"
    tag = r"(?:\s*\([^()\n]{1,60}\))?"  # "Ann Lee (Lab, Eastfield) stepped down"
    aside = r"(?:\s*,[^,\n]{1,100},)?"  # "Ann Lee, a former director, will lead"
    return {
        "head": re.compile(rf"(?<![\w-])(?:{_words(d['heads'])})(?![\w-])", re.IGNORECASE),
        "council": re.compile(rf"(?<![\w-])(?:{_words(d['council_heads'])})(?![\w-])",
                              re.IGNORECASE),
        "party_council": re.compile(
            rf"(?<![\w-])(?:{_words(d['party_council_heads'])})(?![\w-])", re.IGNORECASE),
        "title": re.compile(rf"(?:{_words(d['council_titles'])})\.?\s", re.IGNORECASE),
        # "Councillors Ann Lee (Lab), Bo Karr and": each name of the list has the title
        "titled_list": re.compile(
            rf"(?<![\w-])(?:{_words(d['plural_council_titles'])})\s+(?:[A-Z][\w'’.-]*"
            r"(?:\s+[A-Z][\w'’.-]*){0,3}(?:\s*\([^()\n]{1,40}\))?\s*(?:,|and|&)\s*)*$"),
        "lead_in": re.compile(d["lead_in"], re.IGNORECASE),
        "leading": re.compile(rf"({M})(['’]s)?\s*"),
        "trailing": re.compile(  # "general secretary of the teachers' union X": X's
            rf"(?:^|\s*,\s*|\s+)(?:(?:{links})\s+)?(?:the\s+(?:[a-z][\w'’-]*\s+){{0,3}}?)?"
            rf"({M})\s*$", re.IGNORECASE),
        "bracket": re.compile(r"\s*\(([^()\n]{1,80})\)"),
        "post_nominal": re.compile(rf"\s+(?:{_words(d['post_nominals'])})(?![\w-])"),
        "party_of": re.compile(
            rf"(?:{links})\s+(?:the\s+)?(?:(?:{_words(d['party_adjectives'])})\s+)?({M})"
            r"\s*(?:[,.;:!?]|$)", re.IGNORECASE),
        "tier": re.compile(rf"(?<![\w-])({_words(d['title_tiers'])})\s+$", re.IGNORECASE),
        "located": re.compile(rf"({M})\s+in\s+({M})\s*$"),
        "appoint_org": re.compile(
            rf"({M}){tag}\s+(?:(?:has|have|had)\s+)?(?:just\s+|now\s+)?(?:{appoint})\s+",
            re.IGNORECASE),
        "appoint_person": re.compile(
            rf"({M}){tag}(?:(?:\s*,[^,\n]{{1,100}}){{1,2}},)?,?\s+"  # "X, 58, a builder, was"
            r"(?:has\s+been|have\s+been|had\s+been|was|were|is|will\s+be)\s+"
            rf"(?:{appoint})\s+(?:(?:on|in|last|this)\s+[\w ]{{1,25}}?\s+as\s+|as\s+)?",
            re.IGNORECASE),  # "Ann Lee, was named"; "was confirmed on 15 May as"
        "appoint_also": re.compile(
            rf"(?<![\w-])(?:and|then)\s+(?:(?:has|have|had)\s+)?(?:also\s+)?(?:{appoint})\s+",
            re.IGNORECASE),
        "named_as": re.compile(rf"{titles}({M}){aside}\s*,?\s+as\s+", re.IGNORECASE),
        "appointment": re.compile(
            rf"(?<![\w-])(?:{_words(d['appointment_nouns'])})\s+of\s+({M})\s*,?\s+as\s+",
            re.IGNORECASE),
        "introduced": re.compile(rf"\s*(?:,|[-–—:])\s*({M})"),
        "holder": re.compile(
            rf"{titles}({M}){tag}{aside}\s+"
            rf"(?:(?:{_words(d['reporting_verbs'])})\b[^.;\x01]{{0,60}}?\b(?:he|she|they)\s+)?"
            rf"(?:(?:has|have|had|will|would|is|was|is\s+(?:set|due|expected)\s+to)\s+)?"
            rf"(?:(?P<takes>{_words(d['holder_verbs'])})|{_words(d['leaver_verbs'])}|"
            rf"(?:{_words(news['verbs'])})\s+(?:his|her|their)\s+(?:{_words(news['nouns'])}))"
            r"(?![\w-])", re.IGNORECASE),
        "unnamed": re.compile(rf"(?:the\s+)?({M})['’]s\s+", re.IGNORECASE),
        "described_body": re.compile(
            rf"\s*(?:(?:of|at)\s+)?(?:an?|the)\s+(?:[a-z-]+\s+){{0,3}}?"
            rf"({_words([*d['post_bodies'], 'council'])})(?![\w-])"),
        "body_possessive": re.compile(
            rf"({_words(list(d['body_possessives']))})['’]s\s+", re.IGNORECASE),
        "held_as": re.compile(
            rf"({M}){tag}{aside},?\s+(?:(?:has|have|had|will|would|is|was|is\s+(?:set|due|expected)\s+to)\s+)?"
            rf"(?:{_words(d['holder_verbs'] + d['leaver_verbs'] + d['as_verbs'])})\s+"
            rf"(?:(?:the\s+)?(?:{M}|{_words([*d['post_bodies'], 'council', 'authority'])})\s+|"
            r"to\s+(?:his|her|their)\s+(?:[\w-]+\s+)?(?:post|role|job)\s+)?"
            r"as\s+",  # "will join the council as", "will return to his substantive post as"
            re.IGNORECASE),
        "joint_post": re.compile(  # a post in the plural, held by each of two people
            rf"({M})\s+(?:and|&)\s+({M}),\s+(?:both\s+)?"
            rf"((?:(?:{M}['’]s|[\w'’-]+)\s+){{0,3}}?(?:{_words(d['heads'])}))s"
            r"(?=\s*(?:[,.;:)]|$))",
            re.IGNORECASE),
        "copula": re.compile(rf"({M}){tag}\s*(?:,[^,]{{1,100}},\s*|,\s*who\s+)?"
                             rf"(?:{_words(d['copulas'])})\s+",
                             re.IGNORECASE),
        "auxiliary": re.compile(r"\s+(?:has|have|had|was|is|will|would)\b", re.IGNORECASE),
        "verb_role": re.compile(
            rf"({M}){aside}\s*,?\s*(?:who\s+)?(?:now\s+|also\s+|currently\s+|has\s+|had\s+)*"
            rf"({_words(list(d['verb_roles']))})\s+(?:(?:the|our|its|their|his|her)\s+)?"
            rf"(?:{M}['’]s\s+)?"
            rf"(?:(?:{_words(load('actors.json')['firm_kinds'])})\s+)?({M})(?!['’]s)",
            re.IGNORECASE),  # "who chairs the council's audit committee": the committee;
        # "who founded the campaign group X": X; an aside before the verb is skipped
        # ("Ann Lee, a former dean at X, chairs the audit committee": Ann Lee chairs)
        "party_group": re.compile(  # "who leads the Liberal Democrat opposition group"
            rf"({M})(?:\s*\([^()\n]{{1,60}}\))?\s*,?\s*(?:who\s+)?"
            rf"(?:now\s+|also\s+|currently\s+|has\s+)*"
            rf"(?:leads|led|heads|headed)\s+(?:the\s+)?(?:({M})\s+((?:opposition\s+)?group)|"
            rf"(opposition\s+group))\b",
            re.IGNORECASE),
        "pronoun_role": re.compile(
            rf"(?:She|He)\s+(?:(?:has|had|also|now|currently)\s+)*"
            rf"({_words(list(d['verb_roles']))})\s+(?:the\s+)?({M})(?!['’]s)"),
        "tail": re.compile(rf"(?:[\s,]|\s(?:{connectors})(?![\w-]))+$", re.IGNORECASE),
        "connector": re.compile(rf"(?:{connectors})\s+", re.IGNORECASE),
    }


@cache
def _party_posts() -> frozenset[str]:
    return frozenset(_norm(w) for w in _data()["party_posts"])


@cache
def _connectors() -> frozenset[str]:
    return frozenset(w.lower() for w in _data()["connectors"])


@cache
def _joiners() -> frozenset[str]:
    """Connectors that never sit before a post's head ("to", "the"; not "and")."""
    return _connectors() - {"and", "&"}


_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})


@cache
def _of_kind() -> re.Pattern[str]:
    """A post's closing "of the Westshire and Kelmere board": a body named by its kind."""
    kinds = "|".join(map(re.escape, _data()["post_bodies"]))
    return re.compile(rf"\s+of\s+the\s+(?:[A-Z][\w'’-]*\s+(?:and\s+)?)+(?:{kinds})$")


@cache
def _stop_words() -> frozenset[str]:
    """Words a role phrase never runs through: function words (bar connectors) and verbs."""
    keep = _connectors() | {"'s", "’s"} | {w.lower() for w in _data()["not_stop_words"]}
    return frozenset((STOP_WORDS - keep) | {w.lower() for w in _data()["stop_words"]})


class _Reader:
    """Reads role phrases in one article; knows its council and its actors' types."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.councils = ctx.ranked(lambda t: t == COUNCIL)
        bodies = set(_data()["house_bodies"])
        self.bodies = ctx.ranked(lambda t: t in bodies)
        self.voice = voice(ctx)
        self._finite: dict[int, frozenset[int]] = {}

    def council_for(self, sentence: Sentence) -> str:
        """The council a council post with none named is on: the one its paragraph last
        names up to the post (a round-up's items are about different councils), but not one
        its holder comes "from", else the article's most named."""
        text = self.ctx.article.text
        paragraph = text.rfind("\n", 0, sentence.start) + 1
        named = [k for m, k in self.ctx.resolved.in_span(paragraph, sentence.end)
                 if self.ctx.type(k) == COUNCIL and not _CAME_FROM.search(text, 0, m.start)]
        return named[-1] if named else self.councils[0]

    def house_for(self, sentence: Sentence) -> str | None:
        """The local body a post with none named is on, in a story about several: the one
        its paragraph names first up to the post, else the paragraph before's, and so on
        ("Hale Brook is in segment 5 ... The chair, Ann Lee, told staff"); a national body
        ("NHS England") never is, nor a part of one whose posts are the whole's (a hospital:
        its trust's chief executive), nor one its holder comes "from"."""
        text = self.ctx.article.text
        end = sentence.end
        known = known_actors()
        parts = tuple(w.lower() for w in _data()["house_parts"])
        while end > 0:
            start = text.rfind("\n\n", 0, max(end - 1, 0)) + 1
            named = [k for m, k in self.ctx.resolved.in_span(start, end)
                     if k in self.bodies and self.ctx.name(k) not in known
                     and not self.ctx.name(k).lower().endswith(parts)
                     and not _CAME_FROM.search(text, 0, m.start)]
            if named:
                return named[0]
            end = start - 1
        return None

    def body_in_post(self, role: str) -> str | None:
        """The body a post names by its kind ("committee chair", "trust chair"): the
        article's most mentioned actor whose name has that word."""
        words = set(_norm(role).split()) & set(_data()["post_bodies"])
        counts = Counter(k for _, k in self.ctx.resolved.links
                         if words & set(self.ctx.name(k).lower().split())
                         and self.ctx.type(k) not in (PERSON, "Place"))
        return counts.most_common(1)[0][0] if counts else None

    def set_at(self, sentence: Sentence) -> str | None:
        """The body a sentence opens by placing itself at ("At the ICB, the lead is Dr Ann
        Lee, chief nurse"): the posts it states with no body are that body's."""
        lead = _AT.match(sentence.text)
        if not lead:
            return None
        return next((k for m, k in self.ctx.resolved.in_span(sentence.start, sentence.end)
                     if m.start - sentence.start in (lead.end(1), lead.end())
                     and self.ctx.type(k) not in (PERSON, PLACE, PARTY)
                     and sentence.text[m.end - sentence.start:].lstrip().startswith(",")),
                    None)

    def government(self) -> str | None:
        """The government body the article names most, a named department before "the
        government" itself."""
        bodies = self.ctx.ranked(lambda t: t == "GovernmentBody")
        return next((k for k in bodies if len(self.ctx.name(k).split()) > 1),
                    bodies[0] if bodies else None)

    def force(self) -> str | None:
        """The police force the article names most."""
        force = re.compile(load("actors.json")["police_force"])
        return next((k for k in self.ctx.ranked(lambda t: t not in (PERSON, PLACE))
                     if force.match(self.ctx.name(k))), None)

    def department(self, role: str) -> str | None:
        """The government department a minister's post is in (see `minister_heads`)."""
        generic = set(_data()["minister_generic_words"])
        subject = set(_norm(role).split()) - generic
        departments = [k for k in self.ctx.ranked(lambda t: t == "GovernmentBody")
                       if len(self.ctx.name(k).split()) > 1]
        sharing = [k for k in departments
                   if subject & set(re.findall(r"[\w'’]+", self.ctx.name(k).lower()))]
        if sharing:
            return sharing[0]
        return departments[0] if not subject and len(departments) == 1 else None

    def chaired(self, sentence: Sentence) -> str | None:
        """The body a bare "Chairman" chairs: a panel, committee or board the sentence
        before names last ("... questioned by the scrutiny panel. Chairman Ann Lee
        said"), else the committee or panel the article names most, when it names no
        body more (its minutes)."""
        start = (self.ctx.before(sentence) or sentence).start
        kinds = set(_data()["post_bodies"])
        named = [k for m, k in self.ctx.resolved.in_span(start, sentence.start)
                 if kinds & set(self.ctx.name(k).lower().split())
                 and self.ctx.type(k) not in (PERSON, "Place")]
        if named:
            return named[-1]
        # else a committee's own minutes or report: the committee the article is about
        main = next(iter(self.ctx.ranked(lambda t: t not in (PERSON, PLACE, PARTY))), None)
        return main if main and self.ctx.name(main).lower().endswith(
            tuple(_data()["meeting_bodies"])) else None

    def antecedent(self, mk: Masked, pos: int) -> str | None:
        """The body "its" or "their" before a post at `pos` stands for: the first body
        named earlier in the sentence, else the sentence before's subject ("X said it
        accepted the findings. Its chief executive, Ann Lee, added..."), or, when that is
        no body ("Parents won appeals against X, according to Y. Its spokesperson"), the
        last body its main clause names (not one in a clause on another: "Y, which says X
        refuses")."""
        def body(kind: str) -> bool:
            return kind not in _NOT_BODIES
        here = [k for p, (_, k) in sorted(mk.at.items()) if p < pos and body(self.ctx.type(k))]
        if here:
            return here[0]
        before = self.ctx.before(mk.sentence)
        named = self.ctx.named_in(before, body) if before else []
        if not named or before is None:
            return None
        doc = self.ctx.parse(before)
        root = next((t for t in doc if t.dep_ == "ROOT"), None)
        subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")),
                       None) if root is not None else None
        if subject is None or subject.pos_ == "PRON":
            return named[0]
        start = before.start + subject.left_edge.idx
        end = before.start + subject.right_edge.idx + len(subject.right_edge)
        doer = [k for _, k in self.ctx.resolved.in_span(start, end) if k in named]
        if doer:
            return doer[0]
        inner = [(before.start + t.left_edge.idx, before.start + t.right_edge.idx)
                 for t in doc if t.dep_ in ("relcl", "advcl")]
        main = [k for m, k in self.ctx.resolved.in_span(before.start, before.end)
                if k in named and not any(a <= m.start <= b for a, b in inner)]
        return (main or named)[-1]

    def owned(self, mk: Masked, start: int, f: _Found | None) -> _Found | None:
        """`f` with the body a possessive pronoun just before `start` stands for, when
        `f` names no organisation itself: "its" a body named before, "our" the body the
        article speaks for."""
        pronoun = _POSSESSIVE.search(mk.text, 0, start)
        if f is None or f.organisation or not pronoun:
            return f
        if pronoun.group(1).lower() == "our":
            return _Found(f.role, self.voice, f.party) if self.voice else f
        return _Found(f.role, self.antecedent(mk, start), f.party)

    def with_body(self, mk: Masked, end: int, f: _Found | None) -> _Found | None:
        """`f` with the body set after its post as one more item of the apposition:
        "Ann Lee, Designated Clinical Officer, Westshire ICB, said" (the post names none)."""
        comma = _COMMA.match(mk.text, end)
        if f is None or f.role is None or f.organisation or not comma or not mk.text.startswith(
                MARK, comma.end()):
            return f
        body = _regexes()["leading"].match(mk.text, comma.end())
        kind = self.ctx.type(mk.key(comma.end()))
        if body.group(2) or kind in (PERSON, PLACE, PARTY) or not _APPOSITION_END.match(
                mk.text, body.end(1)):
            return f
        return _Found(f.role, mk.key(comma.end()), f.party)

    def is_person(self, mk: Masked, pos: int) -> bool:
        return self.ctx.type(mk.key(pos)) == PERSON

    def stacked(self, name: Masked, post: Masked, above: Masked | None) -> _Found | None:
        """The post of a name set alone on its line over it, as a letter's address block or
        a signature sets them: "Ann Lee / Director of Children's Services, Westshire
        Council"; the body may be the line above the name instead ("Ofsted / Ann Lee /
        Regional Director"), and a party tag may close the post's line ("Leader of
        Westshire Council (Labour, Eastfield)")."""
        line = post.text.strip()
        if (len(line.split()) > _data()["max_role_words"] + 6 or line[-1:] in '.!?"”'
                or any(self.is_person(post, p) for p in post.at)):
            return None
        start = _regexes()["lead_in"].match(post.text).end()
        end = self.forward(post, start)
        f = self.with_body(post, end, self.phrase(post, start, end, trim=False))
        if f is None or f.role is None:
            return None
        if f.organisation is None and above and (body := _alone(above)) and self.ctx.type(
                body) not in (PERSON, PLACE, PARTY):
            f = _Found(f.role, body, f.party)
        group = _LISTED.match(post.text, end)
        if group and self.ctx.type(post.key(group.start(1))) == PARTY and (
                group.group(2) or self.party_group(post, group.start(1))):
            party = post.key(group.start(1))  # "Leader, Green Party group, X Council"
            role = f"{f.role} of the {post.original(group.start(1), group.end())}"
            f = _Found(role, f.organisation or self.council_for(post.sentence), party)
        tag = _BRACKET_END.search(post.text)
        tagged = tag and self.tag(post, tag.start(1), tag.end(1))
        if tagged and tagged[0].get("party") and not f.party:
            f = _Found(f.role, f.organisation, tagged[0]["party"])
        return f

    def stops(self, mk: Masked, token: re.Match[str]) -> bool:
        """True where a role phrase cannot run on: punctuation, a verb, another person."""
        word = token.group()
        if word[0] == MARK:
            return self.is_person(mk, token.start())
        if token.start() in mk.dates:
            return True
        if word[0].isdigit() and not _SECTION.search(mk.text, 0, token.start()):
            return True  # a number ends a post, bar a statute's section ("section 151 officer")
        if not (word[0].isalnum() or word[0] in "'’&"):
            return True
        return word.lower() in _stop_words() or token.start() in self.finite_verbs(mk)

    def finite_verbs(self, mk: Masked) -> frozenset[int]:
        """Where the parse puts a verb with a tense ("The leader thanked Ann Lee"): a post
        never runs through one, whatever verb it is."""
        if mk.sentence.start not in self._finite:
            self._finite[mk.sentence.start] = frozenset(
                t.idx for t in self.ctx.parse(mk.sentence) if t.tag_ in _FINITE_TAGS)
        return self._finite[mk.sentence.start]

    def forward(self, mk: Masked, pos: int) -> int:
        """End of the role phrase that starts at `pos`.

        A comma runs on only into the rest of a list closed by "and" ("children's
        services, education and skills"); any other comma ends the phrase.
        """
        tokens = list(_TOKEN.finditer(mk.text, pos))
        end, first_comma, closed = pos, None, True
        skip_to = -1
        for i, tok in enumerate(tokens):
            word = tok.group()
            if tok.start() < skip_to:
                continue
            if (short := _ACRONYM.match(mk.text, tok.start())) and short.group(1) not in (
                    _data()["party_tags"]):  # "officer (DCO) for X", not "(LD)"
                skip_to = short.end()
                continue
            if word == ",":
                nxt = tokens[i + 1] if i + 1 < len(tokens) else None
                if nxt is None or self.stops(mk, nxt) or nxt.group().lower() in _connectors():
                    break
                first_comma = end if first_comma is None else first_comma
                closed = False
                continue
            if self.stops(mk, tok) or _infinitive(word, tokens[i + 1: i + 2]) or (
                    _OCCASION.match(mk.text, tok.start())):
                break  # "elected leader at the annual meeting": not the meeting's post
            if word.lower() == "the" and i and tokens[i - 1].group().lower() not in _connectors():
                break  # "the adviser the DfE appointed": a clause on the post, not the post
            closed = closed or word.lower() in ("and", "&")
            end = tok.end()
        return end if closed or first_comma is None else first_comma

    def backward(self, mk: Masked, pos: int) -> int:
        """Start of the role phrase that ends at `pos`."""
        start = pos
        for tok in reversed(list(_TOKEN.finditer(mk.text, 0, pos))):
            if tok.group() == "," and _LIST_END.fullmatch(mk.text, start, pos):
                continue  # "for children, young people and families": one remit
            if self.stops(mk, tok) or (
                    mk.text[start:start + 4].lower() == "the " and tok.group()[0].isalnum()
                    and tok.group().lower() not in _connectors()):
                break  # "It is time the leader of the council, Ann Lee, took": not "time"
            start = tok.start()
        while m := _regexes()["connector"].match(mk.text, start, pos):
            start = m.end()
        return start

    def phrase(self, mk: Masked, start: int, end: int, trim: bool) -> _Found | None:
        """Role words, organisation and party of `mk.text[start:end]`, or None.

        Leading and trailing actor mentions ("Labour", "X Council's", "of X
        Council", "from the Y group") give the party and organisation and are
        not part of the role. With `trim`, words before the last mention ahead
        of the head and surplus modifiers are dropped (a pre-modifier's start
        is unknown); without it they reject the phrase.
        """
        rx = _regexes()
        found: dict[str, str] = {}
        text = mk.text
        party_at = None  # where a leading party was written
        while True:
            start = rx["lead_in"].match(text, start, end).end()
            if not text.startswith(MARK, start) or (after := self.absorb(mk, start, found)) is None:
                break
            if party_at is None and "party" in found:
                party_at = start
            start = after
        kind = rx["body_possessive"].match(text, start, end)
        if kind:  # "the authority's deputy leader": the post is on the article's council
            body = self.ctx.most_named(_data()["body_possessives"][kind.group(1).lower()])
            if body:
                found.setdefault("org", body)
            start = kind.end()
        while True:
            end = start + len(rx["tail"].sub("", text[start:end]))
            located = rx["located"].search(text, start, end)
            if located and self.ctx.type(mk.key(located.start(2))) == PLACE and self.ctx.type(
                    mk.key(located.start(1))) not in (PERSON, PLACE):
                end = located.end(1)  # "leader of X Council in Westshire": the place locates X
            tail = rx["trailing"].search(text[start:end])
            if not tail or not self.classify(mk, start + tail.start(1), found, cut=True):
                break
            if self.party_group(mk, start + tail.start(1)) and _OF_THE.search(
                    text, start, start + tail.start(1)):
                break  # "leader of the Labour group": the group's post, not the council's
                # (but "spokesman from the Labour group": the council's, for the party)
            end = start + tail.start()
        head = rx["head"].search(text, start, end)
        if head is None and trim and not (start == end and found):
            return self.party_word(mk, start, end)
        if head is None:
            return _Found(None, found.get("org"), found.get("party")) if (
                start == end and found) else None
        before = [p for p in mk.at if start <= p < head.start()]
        if trim and before and (after := self.absorb(mk, max(before), found)) is not None:
            start = after
        modifiers = list(_WORD.finditer(text, start, head.start()))
        joins = [i for i, w in enumerate(modifiers) if w.group().lower() in _joiners()]
        if trim and joins:  # "write to the Secretary of State": a post starts after "to the"
            modifiers = modifiers[joins[-1] + 1:]
            start = modifiers[0].start() if modifiers else head.start()
        limit = _data()["max_modifiers"]
        if len(modifiers) > limit:
            if not trim:
                return None
            start = modifiers[-limit].start()
        for pos, _ in sorted(mk.at.items()):
            if start <= pos < end and not self.classify(mk, pos, found):
                return None
        if party_at is not None and _norm(head.group()) in _party_posts():
            start = party_at  # a party's candidate: "Green Party candidate"
        role = _ACRONYM.sub("", mk.original(start, end))
        if len(role.split()) > _data()["max_role_words"]:
            return None
        return _Found(role, found.get("org"), found.get("party"))

    def party_group(self, mk: Masked, pos: int) -> bool:
        """Whether the mention at `pos` is a party's group on a council ("the Labour
        group")."""
        lead = _regexes()["leading"].match(mk.text, pos)
        return self.ctx.type(mk.key(pos)) == PARTY and bool(
            _GROUP.search(mk.sentence.text[pos: lead.end(1)]))

    def party_word(self, mk: Masked, start: int, end: int) -> _Found | None:
        """The party in a pre-modifier with no post: `Conservative colleague Jane Doe`."""
        parties = [p for p in mk.at if start <= p < end and self.ctx.type(mk.key(p)) == PARTY]
        if not parties:
            return None
        after = _regexes()["leading"].match(mk.text, parties[-1]).end()
        words = mk.text[after:end].split()
        if len(words) > _data()["max_party_modifiers"] or not all(w.islower() for w in words):
            return None
        return _Found(None, None, mk.key(parties[-1]))

    def absorb(self, mk: Masked, pos: int, found: dict[str, str]) -> int | None:
        """Where the role words start after the actor mention at `pos` that precedes them.

        None when the mention stays in the role words: a person (the phrase is
        someone else's) or a place not in the possessive ("Kelmere MP").
        """
        lead = _regexes()["leading"].match(mk.text, pos)
        possessive = bool(lead.group(2))
        if (self.ctx.type(mk.key(pos)) == PLACE and not possessive) or not self.classify(
            mk, pos, found, possessive=possessive
        ):
            return None
        group = _GROUP.search(mk.sentence.text[pos : lead.end(1)])
        # "Labour group leader": the word "group" belongs to the post
        return lead.end(1) - len(group.group()) if group and not possessive else lead.end()

    def classify(self, mk: Masked, pos: int, found: dict[str, str], cut: bool = False,
                 possessive: bool = False) -> bool:
        """Record the mention at `pos` as party or organisation; False for a person.

        A place stays in the role ("councillor for Eastfield"), so with `cut` it
        is refused; a place's possessive ("Westshire's director") names its council.
        """
        key = mk.key(pos)
        kind = self.ctx.type(key)
        if kind == PERSON or (cut and kind == PLACE):
            return False
        if kind == PARTY:
            found.setdefault("party", key)
        elif kind == PLACE:
            name = self.ctx.name(key)
            council = next((k for k in self.councils if self.ctx.name(k).startswith(name)), None)
            if possessive and council:
                found.setdefault("org", council)
        else:
            found.setdefault("org", key)
        return True

    def sentence(self, mk: Masked) -> list[tuple[str, _Found]]:
        """(person key, what was found) for every role stated with its holder in one sentence."""
        rx = _regexes()
        out: list[tuple[str, _Found]] = []
        for pos, (mention, key) in sorted(mk.at.items()):
            if self.ctx.type(key) != PERSON:
                continue
            after, tag = self.tagged(mk, pos + mention.end - mention.start)
            if tag:
                out.append((key, _Found(None, tag[0].get("org"), tag[0].get("party"))))
            bracket = None if tag else rx["bracket"].match(mk.text, after)
            if bracket:  # "Ann Lee (Director of Children's Services, Westshire Council)"
                start = rx["lead_in"].match(mk.text, bracket.start(1)).end()
                end = min(self.forward(mk, start), bracket.end(1))
                if f := self.with_body(mk, end, self.phrase(mk, start, end, trim=False)):
                    second = rx["bracket"].match(mk.text, bracket.end())
                    tag = second and self.tag(mk, second.start(1), second.end(1))
                    if not f.party and tag and tag[0].get("party"):
                        f = _Found(f.role, f.organisation, tag[0]["party"])  # "(Chair) (Lab)"
                    out.append((key, f))
            comma = _COMMA.match(mk.text, after)
            if comma:
                start = rx["lead_in"].match(mk.text, comma.end()).end()
                end = self.forward(mk, start)
                if _OPENING.match(mk.text[:pos]) and not _COMMA.match(mk.text, end):
                    # "Asked by Cllr Lee, the director said": the name ends an opening
                    # phrase; the post is the main clause's subject, not her apposition
                    comma = None
            if comma:
                f = self.with_body(mk, end, self.owned(
                    mk, start, self.phrase(mk, start, end, trim=False)))
                party_tag = rx["bracket"].match(mk.text, end)
                tag = party_tag and self.tag(mk, party_tag.start(1), party_tag.end(1))
                if f and not f.party and tag and tag[0].get("party"):
                    # "Ann Lee, leader of Westshire Council (Labour), said"
                    f = _Found(f.role, f.organisation, tag[0]["party"])
                party = rx["party_of"].match(mk.text, comma.end())
                if f and not self.names_next(mk, end):  # not "Ann Lee, chair Bob Stone"
                    out.append((key, f))
                elif party and self.ctx.type(mk.key(party.start(1))) == PARTY:
                    out.append((key, _Found(None, None, mk.key(party.start(1)))))
                elif member := self.party_word(mk, start, end):  # "Ann Lee, a Labour member,"
                    out.append((key, member))
            out.extend((key, f) for f in [self.before(mk, pos, after)] if f)
        out.extend(self.seat_party(mk))
        for m in _WHOSE_PARTY.finditer(mk.text):  # "Ann Lee, whose Labour group runs"
            if self.is_person(mk, m.start(1)) and self.ctx.type(mk.key(m.start(2))) == PARTY and (
                    m.group(3) or self.party_group(mk, m.start(2))):
                out.append((mk.key(m.start(1)), _Found(None, None, mk.key(m.start(2)))))
        if (named := _POST_IS.match(mk.text)) and self.is_person(mk, named.start(2)):
            # "The lead commissioner is Ann Lee": the post, then its holder
            start = _regexes()["lead_in"].match(mk.text).end()
            if f := self.phrase(mk, start, named.end(1), trim=False):
                out.append((mk.key(named.start(2)), f))
        for m in rx["joint_post"].finditer(mk.text):  # "Ann Lee and Bo Karr, our co-chairs"
            start = rx["lead_in"].match(mk.text, m.start(3)).end()
            f = self.owned(mk, start, self.phrase(mk, start, m.end(3), trim=False))
            if f and self.is_person(mk, m.start(1)) and self.is_person(mk, m.start(2)):
                out += [(mk.key(m.start(1)), f), (mk.key(m.start(2)), f)]
        for m in [*rx["copula"].finditer(mk.text), *rx["held_as"].finditer(mk.text)]:
            # "Ann Lee, who ..., was a Labour candidate"; "Ann Lee stepped down as leader"
            if self.is_person(mk, m.start(1)):
                start = rx["lead_in"].match(mk.text, m.end()).end()
                f = self.phrase(mk, start, self.forward(mk, start), trim=False)
                if f:
                    out.append((mk.key(m.start(1)), f))
        for m in rx["party_group"].finditer(mk.text):
            if not self.is_person(mk, m.start(1)):
                continue
            if m.group(4):  # "who leads the opposition group": no party named
                out.append((mk.key(m.start(1)), _Found("opposition group leader", None, None)))
            elif self.ctx.type(mk.key(m.start(2))) == PARTY:
                out.append((mk.key(m.start(1)), _Found(f"{m.group(3).lower()} leader",
                                                       None, mk.key(m.start(2)))))
        for m in rx["verb_role"].finditer(mk.text):
            found = {}
            if self.is_person(mk, m.start(1)) and self.classify(mk, m.start(3), found, cut=True):
                role = _data()["verb_roles"][m.group(2).lower()]
                out.append((mk.key(m.start(1)), _Found(role, found.get("org"),
                                                       found.get("party"))))
        return out

    def seat_party(self, mk: Masked) -> list[tuple[str, _Found]]:
        """"Ann Lee, who represents Eastfield for Labour": the party a member sits for,
        read from the parse (a "for" phrase on the verb or its seat), given to the
        verb's subject."""
        if " for " not in mk.text:
            return []
        out = []
        for token in self.ctx.parse(mk.sentence):
            if token.lemma_ not in _data()["seat_verbs"] or token.pos_ != "VERB":
                continue
            heads = [token, *(c for c in token.children if c.dep_ == "dobj")]
            for prep in (c for h in heads for c in h.children if c.lower_ == "for"):
                for obj in (c for c in prep.children if c.dep_ == "pobj"):
                    party = (mk.covering(obj.idx) or (None, None, None))[2]
                    person = self.ctx.doer(mk.sentence, mk.sentence.start + token.idx)
                    if party and self.ctx.type(party) == PARTY and person and (
                            self.ctx.type(person) == PERSON):
                        out.append((person, _Found(None, None, party)))
        return out

    def pronoun_role(self, mk: Masked) -> tuple[str, _Found, Sentence] | None:
        """"She has led the trust since 2019": the post of the first person the sentence
        before names (its subject, as a rule), with that sentence, for the evidence."""
        m = _regexes()["pronoun_role"].match(mk.text)
        before = self.ctx.before(mk.sentence)
        found: dict[str, str] = {}
        if not m or not before or not self.classify(mk, m.start(2), found, cut=True):
            return None
        people = self.ctx.named_in(before, lambda t: t == PERSON)
        role = _data()["verb_roles"][m.group(1).lower()]
        return (people[0], _Found(role, found.get("org"), found.get("party")), before) if (
            people) else None

    def names_next(self, mk: Masked, pos: int) -> bool:
        """True when a person's name follows `pos`, so the words before are their post."""
        rest = mk.text[pos:]
        at = pos + len(rest) - len(rest.lstrip())
        return mk.text.startswith(MARK, at) and self.is_person(mk, at)

    def tagged(self, mk: Masked, after: int) -> tuple[int, _Tag | None]:
        """Where a name's apposition may start, past post-nominals and a bracket tag; the tag."""
        rx = _regexes()
        honours = rx["post_nominal"].match(mk.text, after)
        after = honours.end() if honours else after
        bracket = rx["bracket"].match(mk.text, after)
        tag = self.tag(mk, bracket.start(1), bracket.end(1)) if bracket else None
        return (bracket.end() if tag else after), tag

    def tag(self, mk: Masked, start: int, end: int) -> _Tag | None:
        """Party (or organisation) and ward of a bracket after a name, or None.

        `(Con)`, `(Lab, Eastfield)`, `(Westshire Council)`: a ward after the comma
        makes the first part a party tag, so a local group the recogniser typed
        as an organisation is the holder's party; a tag the recogniser missed
        ("Con") is read through `party_tags` (an independent's, "Ind", names no party),
        and the ward is filed as a place.
        """
        first, comma, rest = mk.text[start:end].partition(",")
        head, ward = first.strip(), rest.strip()
        found: dict[str, str] = {}
        if head.startswith(MARK) and head.count(MARK) == 1 and not head.strip(MARK + FILL):
            pos = start + first.index(MARK)
            if self.ctx.type(mk.key(pos)) == PLACE or not self.classify(mk, pos, found):
                return None
            if comma and "party" not in found:
                found["party"] = found.pop("org")
        elif head in _data()["party_tags"]:
            found["party"] = self.ctx.actor(_data()["party_tags"][head], PARTY, mk.sentence,
                                            EXTRACTOR)
        elif head not in _data()["partyless_tags"]:  # "(Ind, Eastfield)": a ward, no party
            return None
        return found, self.ward(mk, end - len(rest.lstrip()), end) if ward else None

    def ward(self, mk: Masked, start: int, end: int) -> str | None:
        """The place a bracketed ward names: a mention (a ward is a place, whatever
        the recogniser typed it as) or words in title case."""
        text = mk.original(start, end)
        if mk.text.startswith(MARK, start) and self.ctx.type(mk.key(start)) == PLACE:
            return mk.key(start)
        if not _WARD.fullmatch(text):
            return None
        return self.ctx.actor(text, PLACE, mk.sentence, EXTRACTOR)

    def before(self, mk: Masked, pos: int, after: int) -> _Found | None:
        """The pre-modifier: `Labour education spokesman Jane Doe`, `X's director, Jane Doe,`.

        A bare surname linked to a full name may follow the given name the
        recogniser missed; that name is not part of the role.
        """
        mention, key = mk.at[pos]
        name = self.ctx.name(key)
        given = name[: -len(mention.text)].strip() if name.endswith(f" {mention.text}") else ""
        prefix = mk.text[:pos].rstrip()
        missed = given and prefix.endswith(given) and not prefix[: -len(given)][-1:].isalnum()
        end = len(prefix) - len(given) if missed else pos
        comma = _COMMA_END.search(mk.text, 0, end)
        if comma:
            if not _CLOSED.match(mk.text, after):  # "X's director, Jane Doe, said"
                return None
            end = comma.start()
        start = self.backward(mk, end)
        if start >= end:
            return None
        found = self.owned(mk, start, self.phrase(mk, start, end, trim=True))
        lead = _COMMA_END.search(mk.text, 0, start)
        if found and lead and not comma and _CLOSED.match(mk.text, after):
            # "the council's cabinet member for children, Conservative councillor Jane
            # Doe, said": the post is the apposition's; the pre-modifier adds her party
            first = self.backward(mk, lead.start())
            outer = self.owned(mk, first, self.phrase(mk, first, lead.start(), trim=True)) if (
                first < lead.start()) else None
            if outer and outer.role:
                return _Found(outer.role, outer.organisation, found.party or outer.party)
        return found

    def appointments(self, mk: Masked) -> list[tuple[str | None, _Found]]:
        """`X has appointed (Jane Doe as) a new director ...`; `Jane Doe has been appointed ...`.

        A post whose holder is not named in the sentence comes back with person None.
        """
        rx = _regexes()
        out: list[tuple[str | None, _Found]] = []
        for m in rx["appoint_org"].finditer(mk.text):
            found: dict[str, str] = {}
            if self.ctx.type(mk.key(m.start(1))) == PLACE or not self.classify(
                mk, m.start(1), found
            ):
                continue
            out += self.appointed(mk, m.end(), found)
        for m in rx["appoint_also"].finditer(mk.text):  # "X has issued a notice and appointed"
            verb = mk.sentence.start + m.start() + m.group().rstrip().rfind(" ") + 1
            body = self.ctx.doer(mk.sentence, verb) or self.appointer(mk, m.start())
            out += self.appointed(mk, m.end(), {"org": body}) if body else []
        for m in rx["appoint_person"].finditer(mk.text):
            if self.is_person(mk, m.start(1)):
                start = rx["lead_in"].match(mk.text, m.end()).end()
                f = self.phrase(mk, start, self.forward(mk, start), trim=False)
                if f and f.role:
                    out.append((mk.key(m.start(1)), f))
        for m in rx["appointment"].finditer(mk.text):
            if self.is_person(mk, m.start(1)):
                start = rx["lead_in"].match(mk.text, m.end()).end()
                f = self.phrase(mk, start, self.forward(mk, start), trim=False)
                if f and f.role:
                    out.append((mk.key(m.start(1)), f if f.organisation else _Found(
                        f.role, self.appointer(mk, m.start()), f.party)))
        return out

    def appointed(self, mk: Masked, start: int, found: dict[str, str]
                  ) -> list[tuple[str | None, _Found]]:
        """The post (and holder) after `found`'s body appoints, from `start`: "(Jane Doe as)
        a new director", "a new director, Jane Doe,"."""
        rx = _regexes()
        person = None
        named = rx["named_as"].match(mk.text, start)
        if named and self.is_person(mk, named.start(1)):
            person, start = mk.key(named.start(1)), named.end()
        start = rx["lead_in"].match(mk.text, start).end()
        end = self.forward(mk, start)
        f = self.phrase(mk, start, end, trim=False)
        if f is None or f.role is None:
            return []
        if person is None:
            intro = rx["introduced"].match(mk.text, end)
            if intro and self.is_person(mk, intro.start(1)):
                person = mk.key(intro.start(1))
            else:
                person = next((mk.key(h.start(1)) for h in rx["holder"].finditer(mk.text, end)
                               if self.is_person(mk, h.start(1)) and h.group("takes")), None)
        return [(person, _Found(f.role, f.organisation or found.get("org"),
                                f.party or found.get("party")))]

    def appointer(self, mk: Masked, pos: int) -> str | None:
        """The body named last before `the appointment of X as its adviser`: who appoints."""
        bodies = [k for p, (_, k) in mk.at.items() if p < pos
                  and self.ctx.type(k) not in (PERSON, PLACE, PARTY)]
        return bodies[-1] if bodies else None

    def unnamed(self, mk: Masked) -> _Found | None:
        """A post as subject of a sentence naming no one: `X Council's director ... has
        quit`, `The chief executive of X has resigned`."""
        rx = _regexes()
        if any(self.ctx.type(k) == PERSON for _, k in mk.at.values()):
            return None
        m = rx["unnamed"].match(mk.text)
        start = m.start(1) if m else rx["lead_in"].match(mk.text).end()
        end = self.forward(mk, rx["lead_in"].match(mk.text, m.end()).end() if m else start)
        f = self.phrase(mk, start, end, trim=False)
        if f is not None and f.role and not f.organisation and not m and (
                kind := rx["described_body"].match(mk.text, end)):
            # "The chief executive of an embattled mental health trust has resigned"
            body = self.body_in_post(kind.group(1)) or (
                self.councils[0] if self.councils and kind.group(1).lower() == "council" else None)
            f, end = _Found(f.role, body, f.party), kind.end()
        stated = f is not None and f.role is not None and (m is not None or f.organisation)
        return f if stated and rx["auxiliary"].match(mk.text, end) else None

    def opener(self, mk: Masked) -> str | None:
        """The person a sentence opens with, when the sentence gives them no post of their
        own: after "The Labour leader of X Council has defended ...", "Cllr Ann Lee was
        speaking to ..." names that leader."""
        line = mk.text.lstrip()
        at = len(mk.text) - len(line)
        if not line.startswith(MARK) or not self.is_person(mk, at):
            return None
        key = mk.key(at)
        return None if any(k == key and f.role for k, f in self.sentence(mk)) else key

    def holder(self, mk: Masked, taking: bool = False) -> str | None:
        """The person a sentence opens with, when they take up (or, unless `taking`,
        leave) a post."""
        m = _regexes()["holder"].match(mk.text)
        if not m or not self.is_person(mk, m.start(1)) or (taking and not m.group("takes")):
            return None
        return mk.key(m.start(1))


def ward_tags(ctx: Context) -> list[tuple[str, str, Sentence]]:
    """(person, ward, sentence) for every ward in a bracket tag: `Ann Lee (Lab, Eastfield)`."""
    reader = _Reader(ctx)
    out = []
    for sentence in ctx.sentences:
        mk = Masked.of(ctx, sentence)
        for pos, (mention, key) in sorted(mk.at.items()):
            if ctx.type(key) != PERSON:
                continue
            tag = reader.tagged(mk, pos + mention.end - mention.start)[1]
            if tag and tag[1]:
                out.append((key, tag[1], sentence))
    return out


def member_seats(ctx: Context) -> list[tuple[str, str, str, Sentence]]:
    """(person, seat, party, sentence) for each member named with their seat and party in
    brackets, as Parliament's record does ("Ann Lee (Kelmere North) [Labour]"), in an
    article about Parliament (`member_seats` cues): an MP for that seat."""
    spec = _data()["member_seats"]
    if not re.search(rf"(?<![\w-])(?:{_words(spec['cues'])})(?![\w-])", ctx.article.text,
                     re.IGNORECASE):
        return []
    reader = _Reader(ctx)
    out = []
    for sentence in ctx.sentences:
        mk = Masked.of(ctx, sentence)
        for pos, (mention, key) in sorted(mk.at.items()):
            seat = _regexes()["bracket"].match(mk.text, pos + mention.end - mention.start)
            if ctx.type(key) != PERSON or not seat or not mk.text.startswith(
                    MARK, seat.start(1)) or ctx.type(mk.key(seat.start(1))) != PLACE:
                continue
            party = _PARTY_TAG.match(mk.text, seat.end())
            tag = party and reader.tag(mk, party.start(1), party.end(1))
            if tag and tag[0].get("party"):
                out.append((key, mk.key(seat.start(1)), tag[0]["party"], sentence))
    return out


def _infinitive(word: str, after: list[re.Match[str]]) -> bool:
    """"to" before a verb ends a post ("a commissioner to oversee"); "adviser to the
    board" runs on."""
    nxt = after[0].group() if after else ""
    return word.lower() == "to" and nxt.isalpha() and nxt.islower() and nxt not in _DETERMINERS


def _norm(role: str | None) -> str:
    return " ".join((role or "").casefold().replace("’", "'").split())


def _read(ctx: Context, reader: _Reader) -> list[tuple[str, _Found, Sentence]]:
    """(person, what was found, evidence sentence) in text order.

    A post named without its holder is given to the person the next sentence
    opens with when they take it up (an appointment's) or take it up or leave it
    (a post said to be vacated); the evidence spans both sentences.
    """
    found: list[tuple[str, _Found, Sentence]] = []
    pending: tuple[_Found, Sentence, bool] | None = None  # and whether it is to be taken
    for sentence in ctx.sentences:
        mk = Masked.of(ctx, sentence)
        holder = reader.holder(mk, taking=pending[2]) if pending else None
        if pending and not pending[2] and holder is None and not _leaving(pending[1].text):
            holder = reader.opener(mk)  # "the leader has defended ... Ann Lee was speaking"
        if pending and holder:
            start = pending[1].start
            both = Sentence(ctx.article.text[start : sentence.end], start, sentence.end)
            found.append((holder, pending[0], both))
        found.extend((person, f, sentence) for person, f in reader.sentence(mk))
        if said := reader.pronoun_role(mk):
            person, f, before = said
            both = Sentence(ctx.article.text[before.start : sentence.end], before.start,
                            sentence.end)
            found.append((person, f, both))
        pending = None
        for person, f in reader.appointments(mk):
            if person:
                found.append((person, f, sentence))
            else:
                pending = (f, sentence, True)
        unnamed = reader.unnamed(mk)
        pending = (unnamed, sentence, False) if unnamed else pending
    return found + _stacked(ctx, reader)


def _joint_stacked(ctx: Context, name: Masked, post: Masked, first: Sentence,
                   last: Sentence) -> list[tuple[str, _Found, Sentence]]:
    """Two names on one line over their shared post in the plural and its body, as a
    signature sets them: each holds the post in the singular."""
    people = _JOINT_LINE.fullmatch(name.text.strip())
    shared = _PLURAL_POST.match(post.text)
    if not people or not shared:
        return []
    at = name.text.index(name.text.strip())
    keys = [name.key(at + people.start(i)) for i in (1, 2)]
    body = post.key(shared.start(2))
    if any(ctx.type(k) != PERSON for k in keys) or ctx.type(body) in (PERSON, PLACE, PARTY):
        return []
    both = Sentence(ctx.article.text[first.start:last.end], first.start, last.end)
    role = post.original(shared.start(1), shared.end(1))
    if not _regexes()["head"].search(role):
        return []
    return [(k, _Found(role, body, None), both) for k in keys]


def _leaving(text: str) -> bool:
    """Whether a sentence says a post is left ("has resigned"): who speaks next is then
    not taken for its holder unless they say they leave it."""
    verbs = "|".join(map(re.escape, _data()["leaver_verbs"]))
    return re.search(rf"(?<![\w-])(?:{verbs})(?![\w-])", text, re.IGNORECASE) is not None


def _alone(mk: Masked) -> str | None:
    """The actor a line names and nothing else but a party tag (an address block's or
    signature's line: "Ann Lee", "Cllr Ann Lee (Lab, Eastfield)")."""
    line = _BRACKET_END.sub("", mk.text).strip()
    return mk.key(mk.text.index(line)) if line.startswith(MARK) and not line.strip(
        MARK + FILL) and line.count(MARK) == 1 else None


def _stacked(ctx: Context, reader: _Reader) -> list[tuple[str, _Found, Sentence]]:
    """Posts set on the line under their holder's name (see `_Reader.stacked`)."""
    out = []
    lines = [s for s in ctx.sentences if "\n" in ctx.article.text[s.end:s.end + 3] or (
        s.end == len(ctx.article.text))]
    for above, name, post in zip([None, *lines], lines, lines[1:], strict=False):
        between = ctx.article.text[name.end:post.start]
        if between.strip() or between.count("\n") > 2:
            continue
        name_mk = Masked.of(ctx, name)
        person = _alone(name_mk)
        if person is None:  # "Ann Lee and Bo Karr / Co-chairs, Westshire Parent Carer Forum"
            out.extend(_joint_stacked(ctx, name_mk, Masked.of(ctx, post), name, post))
        if person is None or ctx.type(person) != PERSON:
            continue
        above_mk = Masked.of(ctx, above) if above and not ctx.article.text[
            above.end:name.start].strip() else None
        if f := reader.stacked(name_mk, Masked.of(ctx, post), above_mk):
            both = Sentence(ctx.article.text[name.start:post.end], name.start, post.end)
            tag = _BRACKET_END.search(name_mk.text)
            tagged = tag and reader.tag(name_mk, tag.start(1), tag.end(1))
            if tagged and tagged[0].get("party") and not f.party:  # "Cllr Ann Lee (Lab)"
                f = _Found(f.role, f.organisation, tagged[0]["party"])
            out.append((person, f, both))
    return out


def _no_longer_held(role: str | None) -> bool:
    """A post no longer held ("former chief executive"): no role held, linking nothing."""
    return re.split(r"[\s-]+", _norm(role), maxsplit=1)[0] in _data()["past_markers"]


def _head(role: str | None) -> str:
    """The post word of a role phrase ("chief executive" in "interim chief executive of X")."""
    head = role and _regexes()["head"].search(role)
    if not head:
        return ""
    if _GROUP.search(role) and _norm(f"group {head.group()}") in _group_heads():
        return _norm(f"group {head.group()}")  # "leader of the Labour group": group leader
    return _norm(head.group())


@cache
def _group_heads() -> frozenset[str]:
    return frozenset(_norm(h) for h in _data()["heads"] if h.lower().startswith("group "))


def _sent_in(role: str, heads: tuple[str, ...]) -> bool:
    """Whether a post is one a government sends in ("lead commissioner", "SEND commissioner
    for X"), not a longer post ending the same way ("police and crime commissioner")."""
    head = _head(role)
    return re.split(r" (?:for|of) ", _norm(role))[0].endswith(heads) and (
        head in heads or not head.endswith(heads))


def _links(role: str | None, kind: str | None = None) -> tuple[str, ...]:
    """The relations a post implies between its holder and its organisation, of type
    `kind` (a council's chief executive works for it; its leader leads it)."""
    links, head = _data()["links"], _head(role)
    by_head = links["by_type"].get(kind or "", {})
    return tuple(by_head.get(head, links["by_head"].get(head, links["default"])))


def _titled(ctx: Context, reader: _Reader, roles: dict[tuple[str, str], Role]) -> list[Role]:
    """`Cllr Ann Lee` (or a name listed after "Councillors") with no post stated: a
    councillor of the article's council.

    A word before the title ("County Cllr") says which tier; the role is the
    title's meaning, so it is not a substring of the evidence sentence.
    """
    rx, d = _regexes(), _data()
    named = {person for person, role in roles if role}
    out: dict[str, Role] = {}
    for mention, key in ctx.resolved.links:
        if key in named or key in out or not (rx["title"].match(mention.text) or rx[
                "titled_list"].search(ctx.article.text, max(0, mention.start - 300),
                                      mention.start)):
            continue
        sentence = next(s for s in ctx.sentences if s.start <= mention.start < s.end)
        here = ctx.evidence(sentence, EXTRACTOR)
        tier = rx["tier"].search(ctx.article.text, max(0, mention.start - 20), mention.start)
        role = f"{tier.group(1).lower()} {d['title_role']}" if tier else d["title_role"]
        party = next((r for (p, _), r in roles.items() if p == key and r.party), None)
        council = reader.councils[0] if reader.councils else None
        out[key] = Role(key, role, council, party.party if party else None, here,
                        ctx.resolved.entities[council].mentions[0] if council else None,
                        party.party_evidence if party else None,
                        _links(role, ctx.type(council) if council else None))
    return [*out.values(), *_judges(ctx, named | set(out))]


def _judges(ctx: Context, named: set[str]) -> list[Role]:
    """`Mrs Justice Hartwell`, `District Judge Ann Lee` with no post stated: a judge of the
    article's court or tribunal (its most named body whose name ends like one)."""
    d = _data()
    titles = re.compile(rf"^(?:{_words(d['judicial_titles'])})\s")
    courts = ctx.ranked(lambda t: t != PERSON)
    court = next((k for k in courts if ctx.name(k).endswith(tuple(d["judicial_bodies"]))),
                 None)
    out: dict[str, Role] = {}
    for mention, key in ctx.resolved.links:
        if key in named or key in out or ctx.type(key) != PERSON or not titles.match(
                mention.text):
            continue
        sentence = next(s for s in ctx.sentences if s.start <= mention.start < s.end)
        role = d["judicial_role"]
        out[key] = Role(key, role, court, None, ctx.evidence(sentence, EXTRACTOR),
                        ctx.resolved.entities[court].mentions[0] if court else None, None,
                        _links(role, ctx.type(court) if court else None))
    return list(out.values())


def needs_parse(text: str) -> bool:
    """The sentences this extractor reads parses of: those that may name a person, whose
    verbs with a tense end a post (`_Reader.finite_verbs`). Parsed in the build's batch,
    they cost a tenth less than one at a time on demand."""
    return may_name_actor(text)


def extract(ctx: Context) -> list[Role]:
    """Every role stated in the article, merged per person and role words.

    A post that names a kind of body ("committee chair") belongs to the article's body
    of that kind; a bare chair's to the panel or committee the sentence before names; a
    council post with no organisation stated to the article's council
    (its most mentioned local authority), a house post (chief executive, chair)
    to its most mentioned public body, and a person's party, once stated,
    applies to all their roles in the article.
    """
    reader = _Reader(ctx)
    found = _read(ctx, reader)
    rx = _regexes()
    titled = {k for m, k in ctx.resolved.links if rx["title"].match(m.text)}
    house = {_norm(h) for h in _data()["house_heads"]}
    ministers = {_norm(h) for h in _data()["minister_heads"]}
    chairs = {_norm(h) for h in _data()["chair_heads"]}
    sent_in = tuple(_norm(h) for h in _data()["sent_in_heads"])
    forces = tuple(_norm(h) for h in _data()["force_heads"])
    schools = {_norm(h) for h in _data()["school_heads"]}
    party_of: dict[str, tuple[str, Sentence]] = {}
    for person, f, s in found:
        if f.party:
            party_of.setdefault(person, (f.party, s))
    roles: dict[tuple[str, str], Role] = {}
    for person, f, s in found:
        here = ctx.evidence(s, EXTRACTOR)
        party, party_ev = (f.party, here) if f.party else (None, None)
        if party is None and person in party_of:
            party, stated = party_of[person]
            party_ev = ctx.evidence(stated, EXTRACTOR)
        org, org_ev = (f.organisation, here) if f.organisation else (None, None)
        if org is None and f.role and not _no_longer_held(f.role):
            # a post no longer held ("a former director") was held anywhere: no default
            org = reader.body_in_post(f.role) or reader.set_at(s)
            if org and (of_kind := _of_kind().search(f.role)):
                # "chief executive of the Westshire board": the body, found, is no post word
                f = _Found(f.role[: of_kind.start()], f.organisation, f.party)
            if org is None and _head(f.role) in chairs:
                org = reader.chaired(s)
            if org is None and reader.councils and (
                rx["council"].search(f.role) or person in titled
                or (party and rx["party_council"].search(f.role))
            ):
                org = reader.council_for(s)
            elif org is None and not party and reader.bodies and _head(f.role) in house:
                org = reader.house_for(s) or reader.bodies[0]
            elif org is None and _head(f.role) in ministers:
                org = reader.department(f.role)
            elif org is None and _sent_in(f.role, sent_in):
                org = reader.government()  # "lead commissioner": who sent them in
            elif org is None and _norm(f.role).endswith(forces):
                org = reader.force()
            elif org is None and _head(f.role) in schools:  # "Headteacher Ann Lee said"
                org = next(iter(ctx.named_in(s, lambda t: t == SCHOOL)),
                           ctx.most_named(SCHOOL))
        if org and not org_ev:
            org_ev = ctx.resolved.entities[org].mentions[0]
        role = roles.get((person, _norm(f.role)))
        if role:
            if not role.organisation:
                role.organisation, role.organisation_evidence = org, org_ev
            if not role.party:
                role.party, role.party_evidence = party, party_ev
        else:
            roles[(person, _norm(f.role))] = Role(person, f.role, org, party, here, org_ev,
                                                  party_ev)
    for role in roles.values():  # its organisation is known now, from any sentence
        role.links = _links(role.role, ctx.type(role.organisation) if role.organisation else None)
    for person, _, party, s in member_seats(ctx):
        here = ctx.evidence(s, EXTRACTOR)
        roles.setdefault((person, _norm(_data()["member_seats"]["role"])), Role(
            person, _data()["member_seats"]["role"], None, party, here, None, here, ()))
    titles = _titled(ctx, reader, roles)
    # a post no longer held ("a former director") is no role held: its holder stays, with
    # any party, when nothing else is said of them
    held = {key: r for key, r in roles.items() if key[1] and not _no_longer_held(r.role)}
    named = {person for person, _ in held} | {r.person for r in titles}
    rest: dict[str, Role] = {}
    for (person, _), r in roles.items():
        if person not in named and (person not in rest or (r.party and not rest[person].party)):
            rest[person] = replace(r, role=None, organisation=None, organisation_evidence=None,
                                   links=())
    return [*held.values(), *rest.values(), *titles]
