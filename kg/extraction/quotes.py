"""Quotes: what people and bodies said, with the speaker(s) resolved.

Two passes over the article. First, every sentence holding a speech verb is
parsed and its *speech events* read: who speaks (the verb's subject, the object
of "according to", a spokesperson's organisation, a pronoun's antecedent, a
document's author or the inspectors' bodies), in text order, so that "he said"
and a paragraph that only continues a quote go to the last speaker. Second,
every quoted stretch (straight or curly, double or single marks, a paragraph
left open continuing into the next) is given to the speech event of its own
sentence, or to the last speaker when it is a whole paragraph of speech; words
quoted after "found" or "identified" with no speech verb are left out. Words
after "said:" with no quotation marks are speech too, and so are the answers of a
question-and-answer piece (`kg.extraction.interviews`). Joint speakers give one
quote per speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from spacy.lang.en.stop_words import STOP_WORDS

from kg.data import alternation, load
from kg.extraction import interviews
from kg.extraction.context import Context
from kg.extraction.voice import voice
from kg.model import Mention, Quote, Sentence

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.tokens import Doc, Token

EXTRACTOR = "quotes/2"
_QUOTE_MARKS = re.compile("[“”\"‘]")
PERSON = "Person"
_CHAIN = {"conj", "appos", "compound", "flat", "poss", "amod", "nmod", "npadvmod"}
_OPEN_AFTER = " \t\n([|–—-/"


@cache
def _data() -> dict:
    return load("speech.json")


@cache
def _trigger() -> re.Pattern[str]:
    return re.compile(_data()["verb_forms"], re.IGNORECASE)


@cache
def _spokes() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{'|'.join(_data()['spokesperson_nouns'])})s?\b", re.IGNORECASE)


@cache
def _documents() -> re.Pattern[str]:
    nouns = "|".join(_data()["document_nouns"])
    return re.compile(rf"\b(?:{nouns})s?\b", re.IGNORECASE)


@cache
def _house_bodies() -> frozenset[str]:
    """Types of body that have a board and a chief executive of their own."""
    return frozenset(load("roles.json")["house_bodies"])


#: How far into a sentence the person it opens with may be named ("Its chief executive, ").
_OPENING_CHARS = 40


@cache
def _post_words() -> frozenset[str]:
    """The last words of posts (`heads` in roles.json): "councillor", "executive"."""
    return frozenset(h.split()[-1].lower() for h in load("roles.json")["heads"])


def _initials(role: str) -> str:
    """A post's letters ("dcs" for "interim director of children's services"), by which
    a story may name it again ("said the council's new interim DCS")."""
    return "".join(w[0] for w in re.findall(r"[\w'’-]+", role.lower()) if w not in STOP_WORDS)


def _extent(sentence: Sentence, head: Token) -> tuple[int, int]:
    """Where `head`'s phrase starts and ends in the article."""
    return (sentence.start + min(t.idx for t in head.subtree),
            sentence.start + max(t.idx + len(t) for t in head.subtree))


def _word(token: Token) -> str:
    """The lemma, lower case; a capitalised plural ("Inspectors") tagged as a proper noun
    keeps its plural as lemma, so it loses its "s" here (not a post's letters: "DCS")."""
    lemma = token.lemma_.lower()
    if token.pos_ == "PROPN" and lemma.endswith("s") and token.text[:1].isupper() and not (
            token.text.isupper()):
        return lemma[:-1]
    return lemma


@dataclass(frozen=True)
class _Span:
    """A quoted stretch of one paragraph: the words' span, and how it sits there."""

    start: int
    end: int
    paragraph: int  # where its paragraph starts
    continued: bool  # the previous paragraph left a quote open


@dataclass(frozen=True)
class _Event:
    """A speech verb and who speaks through it."""

    verb: int  # article offset of the verb
    colon: bool  # "said:" - the verb introduces what follows
    speakers: tuple[str, ...]
    how: str
    sentence: Sentence


_MARKS = re.compile("[“”\"‘’']")


def _is_double_open(text: str, i: int) -> bool:
    return text[i] == "“" or (text[i] == '"' and (i == 0 or text[i - 1] in _OPEN_AFTER))


def _is_single_open(text: str, i: int) -> bool:
    after = text[i + 1 : i + 2]
    before = text[i - 1] if i else " "
    return text[i] in "‘'" and (before in _OPEN_AFTER or before in "“\"") and after.isalnum()


def _is_single_close(text: str, i: int) -> bool:
    after = text[i + 1 : i + 2]
    return text[i] in "’'" and i > 0 and not text[i - 1].isspace() and not after.isalpha()


def quoted_spans(text: str) -> list[_Span]:
    """Quoted stretches, paragraph by paragraph.

    Curly marks nest; a straight double mark opens after a space and closes
    elsewhere, so marks of both kinds may pair; a straight mark that opens while
    a quote is open means the earlier one was never closed. A quote still open
    at a paragraph's end stops there, and the next paragraph, if it opens with a
    mark, continues it.
    """
    out: list[_Span] = []
    continued = False
    for para in re.finditer(r"[^\n]+", text):
        p0, kind, at, depth, was_open = para.start(), None, 0, 0, continued
        continued = False
        for mark in _MARKS.finditer(text, p0, para.end()):  # nothing else changes state
            i, c = mark.start(), mark.group()
            if kind is None:
                if _is_double_open(text, i):
                    kind, at, depth = "d", i + 1, 0
                elif _is_single_open(text, i):
                    kind, at = "s", i + 1
            elif kind == "d":
                if c == "“":
                    depth += 1
                elif c == '"' and _is_double_open(text, i) and not depth:
                    out.append(_Span(at, i, p0, was_open and at == p0 + 1))
                    at = i + 1
                elif c in "”\"":
                    if depth:
                        depth -= 1
                    else:
                        out.append(_Span(at, i, p0, was_open and at == p0 + 1))
                        kind = None
            elif _is_single_close(text, i):
                out.append(_Span(at, i, p0, was_open and at == p0 + 1))
                kind = None
        if kind is not None:
            out.append(_Span(at, para.end(), p0, was_open and at == p0 + 1))
            continued = True
    return out


class _Reader:
    """Reads speech events in text order, remembering who spoke and who wrote what."""

    def __init__(self, ctx: Context, spans: list[_Span]) -> None:
        self.ctx = ctx
        self.quoted = [(s.start, s.end) for s in spans]
        self.text = ctx.article.text
        self.spokes: tuple[str, ...] = ()  # the organisation the last spokesperson spoke for
        #: documents (where, which noun) and who wrote them
        self.authors: list[tuple[int, str, tuple[str, ...]]] = []
        self.recipients: set[str] = set()  # those a document went to ("a report to X")
        self.events: list[_Event] = []
        self._genders: dict[str, str | None] = {}

    # --- actors -----------------------------------------------------------------
    def _type(self, key: str) -> str:
        return self.ctx.type(key)

    def _before(self, pos: int, keep: Callable[[str], bool]) -> tuple[str, ...]:
        for m, k in reversed(self.ctx.resolved.links):  # the last that fits
            if (m.end <= pos and keep(self._type(k)) and k not in self.recipients
                    and not any(a <= m.start < b for a, b in self.quoted)):
                return (k,)
        return ()

    def _regulators(self, pos: int) -> tuple[str, ...]:
        """The inspecting bodies the article names, those named before `pos` first."""
        kinds = set(_data()["inspecting_types"])
        found = [(m.start, k) for m, k in self.ctx.resolved.links if self._type(k) in kinds]
        early = [k for s, k in found if s < pos] or [k for _, k in found]
        return tuple(dict.fromkeys(early))

    def _mentions(self, doc: Doc, sentence: Sentence, head: Token) -> tuple[list, list]:
        """Actors inside `head`'s phrase: (those the phrase names, those it attaches)."""
        lo, hi = _extent(sentence, head)
        direct, attached = [], []
        for m, key in self.ctx.resolved.in_span(lo, hi):
            if self._type(key) == "Place":
                continue
            span = doc.char_span(m.start - sentence.start, m.end - sentence.start,
                                 alignment_mode="expand")
            if span is None:
                continue
            node = span.root
            while node.i != head.i and node.dep_ in _CHAIN and node.head.i != node.i:
                node = node.head
            heads = node.i == head.i or span.start <= head.i < span.end
            (direct if heads else attached).append(key)
        return list(dict.fromkeys(direct)), list(dict.fromkeys(attached))

    def _holders(self, doc: Doc, sentence: Sentence, head: Token) -> list[str]:
        """People set in apposition inside a post's phrase, wherever the parser hung them:
        "The Labour councillor for Eastgate, Ann Lee, said"."""
        lo, hi = _extent(sentence, head)
        out = []
        for m, key in self.ctx.resolved.in_span(lo, hi):
            span = doc.char_span(m.start - sentence.start, m.end - sentence.start,
                                 alignment_mode="expand")
            if self._type(key) == PERSON and span is not None and span.root.dep_ == "appos":
                out.append(key)
        return list(dict.fromkeys(out))

    def _sole_holder(self, head: Token) -> list[str]:
        """The one person the article gives a post with `head` in it ("the judge said": the
        judge named before; "the Lib Dem MP said": the Liberal Democrat MP for X)."""
        word = head.lower_
        held = {r.person for r in self.ctx.found.get("roles", [])
                if r.role and (word in r.role.lower().split() or (_initials(r.role).endswith(
                    word) and len(word) > 1))}
        return list(held) if len(held) == 1 else []

    def _written_by(self, doc: Doc, sentence: Sentence, noun: Token) -> tuple[str, ...]:
        """Who wrote a document: "X's report", "a report by X", "the X report"; "the board
        papers" are those of the article's most named public body."""
        authors: list[str] = []
        links = set(_data()["author_links"])
        for child in noun.subtree:
            if child.i == noun.i:
                continue
            beside = child.dep_ in ("poss", "compound", "amod", "nmod") and child.head.i == noun.i
            if beside or (child.dep_ == "pobj" and child.head.lower_ in links):
                authors += self._mentions(doc, sentence, child)[0]
        if not authors:  # "the watchdog's decision", "the inspectors' report"
            owners = [c for c in noun.children if c.dep_ in ("poss", "compound")]
            if any(_word(c) in _data()["inspector_nouns"] for c in owners):
                return self._regulators(sentence.start + noun.idx)
            house = self.ctx.ranked(lambda t: t in _house_bodies())
            if house and any(c.lower_ == "board" for c in owners):
                return (house[0],)  # "the board papers": the article's own body's board
        return tuple(k for k in dict.fromkeys(authors) if self._type(k) != PERSON)

    # --- speakers -----------------------------------------------------------------
    def _subject(self, verb: Token) -> Token | None:
        """The speaker's token: subject, "according to"'s object, or the clause's subject."""
        if verb.lemma_ == "accord":
            to = next((c for c in verb.children if c.lower_ == "to"), None)
            return next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
        node: Token | None = verb
        while node is not None:
            # of two subjects the parser gave a verb, a name nearer it ("UNISON regional
            # organiser Sam Ibe added": Sam Ibe, not UNISON; but "Ann Lee, the only member to
            # object, said": Ann Lee)
            subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
            names = [c for c in subjects[1:] if c.pos_ == "PROPN" and c.i < node.i]
            subj = names[-1] if names else (subjects[0] if subjects else None)
            if subj is not None and subj.tag_ == "WP" and node.dep_ == "relcl":
                return node.head  # "Ann Lee, who ... and warned that ...": Ann Lee
            if subj is not None:
                return subj
            late = next((c for c in node.children if c.dep_ in ("dobj", "attr")
                         and c.i > node.i and node.i > 0 and node.nbor(-1).is_punct
                         and (node.nbor(-1).is_quote or node.i < 2
                              or node.nbor(-2).is_quote)), None)
            if late is not None:  # '"...," states the watchdog'
                return late
            node = node.head if node.dep_ in ("advcl", "conj", "xcomp", "relcl") else None
        return None

    def speakers(self, doc: Doc, sentence: Sentence, head: Token) -> tuple[tuple[str, ...], str]:
        """Who a subject phrase stands for, and how it was read."""
        spec = _data()
        pos = sentence.start + head.idx
        direct, attached = self._mentions(doc, sentence, head)
        people = [k for k in direct if self._type(k) == PERSON]
        if not people and _word(head) in _post_words():
            people = self._holders(doc, sentence, head) or self._sole_holder(head)
        if people:
            return tuple(people), "named"
        word, lemma = head.lower_, _word(head)
        if lemma in spec["spokesperson_nouns"]:
            orgs = tuple(k for k in direct + attached if self._type(k) != PERSON)
            kind = next((spec["speaker_nouns"][_word(c)] for c in head.children
                         if _word(c) in spec["speaker_nouns"]), None)
            if orgs:
                self.spokes = orgs
            elif kind:
                orgs = self._before(pos, lambda t: t == kind)
            elif any(c.lower_ == "the" for c in head.children):  # "the spokesman added"
                orgs = self.spokes
            return orgs, "spokesperson"
        if direct:
            return tuple(direct), "named"
        if word in spec["person_pronouns"]:
            before = [e for e in self.events if e.verb < pos]
            last = before[-1].speakers if before else ()
            person = bool(last) and (self._type(last[0]) == PERSON
                                     or before[-1].how == "spokesperson")
            if person and not self._named_since(pos) and self._agrees(last[0], word):
                return last, "pronoun"  # a spokesperson is a "he" or "she" too
            if _word(head.head) in spec["reply_verbs"]["lemmas"] and (
                    addressed := self._subject_person(pos, nth=1)):
                return addressed, "pronoun"  # "X put it to Y that ... 'No,' he replied"
            return (self._subject_person(pos, pronoun=word)
                    or self._before(pos, lambda t: t not in ("Place", "NewsOutlet"))), "pronoun"
        if word in spec["group_pronouns"]:
            if word == "it" and (written := self._it_document(sentence)):
                return written, "document"  # "Her letter does not mince words. It says"
            last = self._last_speakers(pos)
            if last and self._type(last[0]) != PERSON:
                return last, "pronoun"
            return self._before(pos, lambda t: t not in (PERSON, "Place", "NewsOutlet")), "pronoun"
        if lemma in spec["document_nouns"]:
            return self._document(doc, sentence, head), "document"
        if lemma in spec["inspector_nouns"]:
            return self._regulators(pos), "inspectors"
        if lemma in spec["speaker_nouns"]:
            kind = spec["speaker_nouns"][lemma]
            return self._before(pos, lambda t: t == kind), "description"
        if lemma in spec["body_nouns"]["words"]:
            return self._named_like(pos, lemma), "description"
        return (), "unknown"

    def _just_before(self, doc: Doc, sentence: Sentence, verb: Token) -> tuple[str, ...]:
        """A speech verb the parser gave no subject ("Speaking to the Gazette, Ann Lee of X
        said"): the people named between the last comma before it and the verb."""
        commas = [t.idx for t in doc[: verb.i] if t.text == ","]
        lo = sentence.start + (commas[-1] if commas else 0)
        hi = sentence.start + verb.idx
        found = tuple(dict.fromkeys(k for m, k in self.ctx.resolved.in_span(lo, hi)
                                    if self._type(k) == PERSON))
        # else the person the sentence opens with, whose aside the parser tangled: "Its
        # founder, Ann Lee, whose son has been out of school since May, told ..."
        opening = [(m.start, k) for m, k in self.ctx.resolved.in_span(sentence.start, hi)
                   if self._type(k) == PERSON]
        return found or tuple(k for start, k in opening[:1]
                              if start - sentence.start <= _OPENING_CHARS)

    def _named_like(self, pos: int, word: str) -> tuple[str, ...]:
        """The actor whose name has `word` ("the panel"): the last named before `pos`,
        else the first named after it."""
        like = [(m.end, k) for m, k in self.ctx.resolved.links
                if word in self.ctx.name(k).lower().split()]
        before = [k for end, k in like if end <= pos]
        return (before[-1],) if before else tuple(k for _, k in like[:1])

    def _named_since(self, pos: int) -> bool:
        """Was another person named after the last speech event (so "he" may be them)?"""
        since = self.events[-1].verb if self.events else 0
        last = self._last_speakers(pos)
        return any(self._type(k) == PERSON and k not in last
                   for m, k in self.ctx.resolved.links if since < m.start < pos)

    def _subject_person(self, pos: int, nth: int = 0,
                        pronoun: str | None = None) -> tuple[str, ...]:
        """The person "he" or "she" most likely means: the first person named in the nearest
        sentence that names one (a sentence's first person is usually its subject); with
        `nth`, the one named after them (whom the subject addressed), if any. A sentence
        opening with the same `pronoun` is about the same person, so is passed over ("Mr
        Lee ... . He was hired after X left. He said": Mr Lee)."""
        for sentence in reversed([s for s in self.ctx.sentences if s.start < pos]):
            if pronoun and sentence.end <= pos and _opens_with(sentence.text, pronoun):
                continue
            stop = min(pos, sentence.end)
            people = list(dict.fromkeys(
                k for m, k in self.ctx.resolved.in_span(sentence.start, stop)
                if self._type(k) == PERSON and not any(a <= m.start < b for a, b in self.quoted)
                and (pronoun is None or self._agrees(k, pronoun))))
            if people:
                return (people[nth],) if nth < len(people) else ()
        return ()

    def _agrees(self, person: str, pronoun: str) -> bool:
        """Whether "he" or "she" can stand for `person`: true unless a title of theirs
        ("Mr", "Dame") or the pronoun of a clause they report about themselves ("Ann Lee
        announced she was leaving", `_reports_self`) says otherwise."""
        want = _data()["pronoun_genders"].get(pronoun)
        if want is None or self._type(person) != PERSON:
            return True
        if person not in self._genders:
            self._genders[person] = self._gender(person)
        return self._genders[person] in (None, want)

    def _gender(self, person: str) -> str | None:
        titles, pronouns = _data()["title_genders"], _data()["pronoun_genders"]
        text = self.ctx.article.text
        mentions = [m for m, key in self.ctx.resolved.links if key == person]
        for mention in mentions:
            title = _TITLE.search(text, max(0, mention.start - 12), mention.end)
            if title and title.group(1) in titles:
                return titles[title.group(1)]
        for mention in mentions:
            if said := self._reports_self(mention):
                return pronouns.get(said)
        return None

    def _reports_self(self, mention: Mention) -> str | None:
        """The pronoun by which a person's own clause reports them ("Ann Lee announced she
        was leaving": she), from the parse: the subject of the clause their verb reports."""
        sentence = self.ctx.sentence_at(mention.start)
        doc = self.ctx.parse(sentence)
        end = mention.end - sentence.start
        name = next((t for t in doc if t.idx < end <= t.idx + len(t)), None)
        if name is not None and name.dep_ == "appos":  # "the chair, Ann Lee, announced she"
            name = name.head
        if name is None or name.dep_ != "nsubj":
            return None
        for clause in (c for c in name.head.children if c.dep_ == "ccomp"):
            subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.lower_ in ("he", "she"):
                return subject.lower_
        return None

    def _last_speakers(self, pos: int) -> tuple[str, ...]:
        before = [e for e in self.events if e.verb < pos]
        return before[-1].speakers if before else ()

    def _it_document(self, sentence: Sentence) -> tuple[str, ...]:
        """The author of the document the sentence before is about (its subject), which "it"
        then stands for."""
        before = self.ctx.before(sentence)
        if before is None:
            return ()
        doc = self.ctx.parse(before)
        noun = next((t for t in doc if t.dep_ in ("nsubj", "nsubjpass")
                     and _word(t) in _data()["document_nouns"] and t.head.dep_ == "ROOT"), None)
        return self._document(doc, before, noun) if noun is not None else ()

    def _document(self, doc: Doc, sentence: Sentence, noun: Token) -> tuple[str, ...]:
        """A document's author: named beside it, else the last document of its kind whose
        author was named (a new one introduced as "a report ..." starts afresh), else the
        inspecting bodies, else the last organisation named."""
        pos = sentence.start + noun.idx
        own = self._written_by(doc, sentence, noun)
        if own:
            return own
        if any(c.dep_ == "poss" and c.lower_ in ("his", "her") for c in noun.children):
            # "the adviser, Ann Lee ... His latest report said": the person told of last
            return self._before(pos, lambda t: t == PERSON)
        indefinite = any(c.lower_ in ("a", "an") for c in noun.children if c.dep_ == "det")
        # "the report" is the last report told of, not a statement before it
        earlier = [a for p, kind, a in self.authors if p < pos and kind == _word(noun)]
        if earlier and earlier[-1] and not indefinite:
            return earlier[-1]
        if indefinite:
            self.authors.append((pos, _word(noun), ()))
        # a party may run the council whose report it is; it does not write its reports
        org = self._before(pos, lambda t: t not in (PERSON, "Place", "NewsOutlet",
                                                    "PoliticalParty"))
        if earlier or indefinite:
            return org
        return self._regulators(pos)

    # --- reading -----------------------------------------------------------------
    def read(self, sentence: Sentence) -> None:
        """Record the documents and speech events of one sentence."""
        doc = self.ctx.parse(sentence)
        spec = _data()
        for token in doc:
            if _word(token) in spec["document_nouns"]:
                self._record_author(doc, sentence, token)
            elif _word(token) in spec["spokesperson_nouns"]:
                direct, attached = self._mentions(doc, sentence, token)
                orgs = tuple(k for k in direct + attached if self._type(k) != PERSON)
                if orgs and not any(self._type(k) == PERSON for k in direct):
                    self.spokes = orgs  # "a spokesman from X confirmed ...": "the spokesman" is X's
        for token in doc:
            lemma = _word(token)
            verb = token.pos_ in ("VERB", "AUX") or lemma == "accord"
            if lemma not in spec["verbs"] or not verb:
                continue
            needs = spec["verb_needs"].get(lemma)
            if needs and not any(c.lower_ in needs for c in token.children):
                continue
            subject = self._subject(token)
            if subject is None:
                speakers, how = self._just_before(doc, sentence, token), "named"
            else:
                speakers, how = self.speakers(doc, sentence, subject)
            if speakers:
                colon = any(t.text == ":" for t in doc[token.i + 1 : token.i + 8]
                            if token.i in (t.head.i, t.head.head.i))
                self.events.append(_Event(sentence.start + token.idx, colon, speakers, how,
                                          sentence))

    def _record_author(self, doc: Doc, sentence: Sentence, noun: Token) -> None:
        """Remember who wrote a document: named beside it, or the subject of the verb
        it is the vehicle of ("X said in a statement", "X found, in a report, ...")."""
        for prep in noun.children:  # a report to the committee is not the committee's
            if prep.lower_ in _data()["recipient_links"]:
                for obj in prep.children:
                    self.recipients.update(self._mentions(doc, sentence, obj)[0])
        authors = self._written_by(doc, sentence, noun)
        if not authors and noun.head.lower_ in _data()["vehicle_links"]:
            verb = next((t for t in noun.head.ancestors if t.pos_ in ("VERB", "AUX")), None)
            subject = self._subject(verb) if verb is not None else None
            if subject is not None:
                direct = self._mentions(doc, sentence, subject)[0]
                authors = tuple(k for k in direct if self._type(k) != PERSON) or tuple(direct)
        if authors:
            self.authors.append((sentence.start + noun.idx, _word(noun), authors))


def _events(ctx: Context, spans: list[_Span]) -> list[_Event]:
    """Speech events in text order (only sentences with a speech, spokesperson or
    document word are parsed)."""
    reader = _Reader(ctx, spans)
    for sentence in ctx.sentences:
        if _speaks(sentence.text):
            reader.read(sentence)
    return reader.events


def _speaks(text: str) -> bool:
    """Does a sentence have a speech verb, a spokesperson or a document with an author?"""
    return bool(_trigger().search(text) or _spokes().search(text) or (
        _documents().search(text) and re.search(r"\b(?:by|from|in)\b|['’]s\b", text)))


#: A title just before or at the start of a person's mention ("Mr Omar Reid").
_TITLE = re.compile(r"\b([A-Z][a-z]+)\.?\s+(?=[A-Z])")


def _opens_with(text: str, pronoun: str) -> bool:
    """Whether a sentence's subject is the pronoun it opens with ("He was appointed")."""
    first = re.match(r"[\s\"“‘']*([A-Za-z]+)", text)
    return bool(first) and first.group(1).lower() == pronoun


def needs_parse(text: str) -> bool:
    """The sentences this extractor reads parses of: those that may report speech, and
    those holding a quotation mark (whose verbs are checked for "found")."""
    return _speaks(text) or bool(_QUOTE_MARKS.search(text))


def _host(ctx: Context, span: _Span) -> list[Sentence]:
    """The sentences a quoted stretch touches."""
    return [s for s in ctx.sentences if s.start < span.end + 1 and s.end > span.start - 1]


def _blocked(ctx: Context, sentence: Sentence, upto: int) -> bool:
    """Is there a finding verb ("found", "identified") before `upto` in the sentence?"""
    doc = ctx.parse(sentence)
    return any(_word(t) in _data()["finding_verbs"] and t.pos_ in ("VERB", "AUX")
               and sentence.start + t.idx < upto for t in doc)


def _attribute(ctx: Context, span: _Span, events: list[_Event],
               spans: list[_Span]) -> tuple[_Event | None, str]:
    """The speech event a quoted stretch belongs to, and how it was found."""
    host = _host(ctx, span)
    if not host:
        return None, ""
    lo, hi = host[0].start, host[-1].end
    inside = [(s.start - 1, s.end + 1) for s in spans]
    own = [e for e in events if lo <= e.verb < hi
           and not any(a <= e.verb < b for a, b in inside)]
    before = [e for e in own if e.verb < span.start]
    after = [e for e in own if e.verb >= span.end]
    if before:
        event = before[-1]
        if not _blocked_between(ctx, host, event.verb, span.start):
            return event, event.how
    elif after:
        first = next(s for s in host if s.end >= span.start)
        if not _blocked(ctx, first, span.start):
            return after[0], after[0].how
    whole = span.start == span.paragraph + 1
    if not whole:
        return None, ""
    # a speech verb inside someone's quoted words ("what care plans tell them") says who
    # speaks in them, not who carries on speaking
    earlier = [e for e in events if e.verb < span.start
               and not any(a <= e.verb < b for a, b in inside)]
    if not earlier:
        return None, ""
    words = ctx.article.text[span.start : span.end].split()
    statement = len(words) >= _data()["min_direct_words"] or re.search(
        r"[.!?]\W*$", ctx.article.text[span.start : span.end])
    previous = ctx.article.text[: span.paragraph].rstrip()
    if span.continued or previous.endswith(":") or statement:
        return earlier[-1], "continued"
    return None, ""


def _blocked_between(ctx: Context, host: list[Sentence], a: int, b: int) -> bool:
    """A finding verb between a speech verb and the quotation: the words are the finding's
    ("said inspectors found 'serious weaknesses'"), unless it only tells what a speaker
    reads in something ("said the figures showed 'a system that has lost trust'")."""
    sentence = next((s for s in host if s.start <= a < s.end), None)
    if sentence is None:
        return False
    doc = ctx.parse(sentence)
    findings = set(_data()["finding_verbs"]) - set(_data()["reading_verbs"])
    return any(_word(t) in findings and t.pos_ in ("VERB", "AUX")
               and a < sentence.start + t.idx < b for t in doc)


def _alone(ctx: Context, span: _Span) -> bool:
    """Is a quoted stretch whole sentences of its own (no words outside its marks)?"""
    host = _host(ctx, span)
    text = ctx.article.text
    return bool(host) and not re.search(r"\w", text[host[0].start : span.start]
                                        + text[span.end : host[-1].end])


def _clean(words: str) -> str:
    return words.strip().strip("“”\"‘’'|").strip().rstrip(",").strip()


def _quotes(ctx: Context, spans: list[_Span], events: list[_Event]) -> list[Quote]:
    text = ctx.article.text
    out: list[Quote] = []
    last: tuple[_Span, _Event] | None = None
    for span in spans:
        words = _clean(text[span.start : span.end])
        if not words:
            continue
        event, how = _attribute(ctx, span, events, spans)
        if event is None and last and last[0].paragraph == span.paragraph and (
                not re.search(r"\w", text[last[0].end : span.start]) or _alone(ctx, span)):
            event, how = last[1], "continued"  # '"One," she said. "And the next."'
        if event is None:
            continue
        last = span, event
        p_end = text.find("\n", span.start)
        p_end = len(text) if p_end < 0 else p_end
        start, end = min(event.sentence.start, span.paragraph), max(p_end, event.sentence.end)
        embedded = span.start > span.paragraph + 1 and not text[: span.start - 1].rstrip(
            ).endswith(":")
        confidence = 0.9 if how == "named" else 0.7
        for speaker in event.speakers:
            out.append(Quote(speaker, words, ctx.evidence(
                _passage(ctx, speaker, start, end), f"{EXTRACTOR}:{how}", confidence),
                reported=embedded))
    return out


def _passage(ctx: Context, speaker: str, start: int, end: int) -> Sentence:
    """The evidence of a quote: from its speech verb's sentence (or its paragraph) to the
    paragraph's end, or from earlier, the sentence that names a speaker the passage only
    points to ("he said", "the report adds", a continued quote)."""
    if not any(k == speaker for _, k in ctx.resolved.in_span(start, end)):
        named = [m.start for m, k in ctx.resolved.links if k == speaker and m.start < start]
        if named:
            start = next((s.start for s in ctx.sentences if s.start <= named[-1] < s.end), start)
    return Sentence(ctx.article.text[start:end], start, end)


@cache
def _first_person() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'’])(?:{alternation(_data()['first_person'])})(?![\w'’])",
                      re.IGNORECASE)


def _unquoted(ctx: Context, spans: list[_Span], events: list[_Event]) -> list[Quote]:
    """Statements after "said:" with no quotation marks: the rest of the paragraph, or
    the next paragraph when the colon ends one, and the paragraphs after that while they
    speak in the first person."""
    text = ctx.article.text
    out = []
    for event in events:
        if not event.colon:
            continue
        colon = text.find(":", event.verb)
        p_end = text.find("\n", colon)
        p_end = len(text) if p_end < 0 else p_end
        start = colon + 1
        block = not text[start:p_end].strip()
        while True:
            if block:  # the colon ends its paragraph: the statement is the next one
                nxt = re.search(r"\S[^\n]*", text[p_end:])
                if nxt is None:
                    break
                start, p_end = p_end + nxt.start(), p_end + nxt.end()
            words = text[start:p_end].strip()
            if not words or words[0] in "“\"‘'•-*" or any(start <= s.start <= p_end
                                                            for s in spans):
                break
            for speaker in event.speakers:
                passage = _passage(ctx, speaker, event.sentence.start, p_end)
                out.append(Quote(speaker, words,
                                 ctx.evidence(passage, f"{EXTRACTOR}:unquoted", 0.6)))
            # a statement set out in paragraphs goes on while the next speaks in the
            # first person and no one else is said to speak there (GOV.UK's "X said:")
            following = re.search(r"\S[^\n]*", text[p_end:])
            if not block or following is None or not _first_person().search(
                    following.group()) or any(
                    p_end < e.verb < p_end + following.end() for e in events):
                break
    return out


def _voiced(ctx: Context) -> list[Quote]:
    """Paragraphs outside quotation marks that open with "We": the article's own voice."""
    speaker = voice(ctx, opening_only=True)
    if speaker is None:
        return []
    opener = re.compile(rf"^(?:{'|'.join(_data()['voice']['openers'])})\b")
    start = next(s.start for s in ctx.sentences
                 if any(k == speaker for _, k in ctx.resolved.in_span(s.start, s.end)))
    out = []
    for sentence in ctx.sentences:
        at_line_start = sentence.start == 0 or ctx.article.text[sentence.start - 1] == "\n"
        # a "We" before the page names its actor is not yet that actor speaking
        if at_line_start and sentence.start >= start and opener.match(sentence.text):
            passage = Sentence(ctx.article.text[start : sentence.end], start, sentence.end)
            evidence = ctx.evidence(passage, f"{EXTRACTOR}:voice", 0.6)
            out.append(Quote(speaker, sentence.text, evidence))
    return out


def extract(ctx: Context) -> list[Quote]:
    spans = quoted_spans(ctx.article.text)
    events = _events(ctx, spans)
    quotes = _quotes(ctx, spans, events) + _unquoted(ctx, spans, events) + _voiced(ctx)
    bites = interviews.bites(ctx)  # a script's label says who speaks, whatever came before
    bitten = {_bare(q.text) for q in bites}
    quotes = [q for q in quotes if _bare(q.text) not in bitten] + bites
    said = {_bare(q.text) for q in quotes}
    quotes += [q for q in interviews.extract(ctx) if _bare(q.text) not in said]
    # a headline quotes loosely and says nobody's words in full: not a quote of its own
    told = [q for q in quotes if q.evidence.sentence.strip() != (ctx.article.title or "").strip()]
    return _unechoed(ctx.article.text, told)


def _unechoed(text: str, quotes: list[Quote]) -> list[Quote]:
    """The quotes less their echoes: a line that is nothing but words another quote says
    in full (a pull quote, a live page's entry headline) is not said again."""
    lines = {_bare(line) for line in text.splitlines()}
    said = [_bare(q.text) for q in quotes]

    def echo(words: str) -> bool:
        return words in lines and any(len(o) > len(words) and words in o for o in said)
    return [q for q, words in zip(quotes, said, strict=True) if not echo(words)]


def _bare(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))
