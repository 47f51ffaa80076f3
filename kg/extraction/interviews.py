"""Interviews: in a question-and-answer piece, the answers are the interviewee's words.

An interview sets questions on lines of their own ("Q: Why now?", "Question (Ms Lee):
...") and prints each answer after its question, usually without quotation marks and
without a speech verb, so the speech-verb pass in `kg.extraction.quotes` finds no
speaker for them. An answer's speaker is the person its label names ("A (Mr Hale):"),
else the interviewee: the person the article names most before its first question. A
question whose label names who asks it is that person's words too. Labels are data
(`speech.json` `interview`); a piece with fewer than two labelled lines is no interview.

A broadcast script sets each sound bite under a label naming its speaker ("SOT: Ann
Lee", "Caption: Ann Lee, Parent"): the quoted paragraph after it is that person's.

A broadcast transcript labels every turn with its speaker's name, often in capitals
("ANN HOLLIS: ...", then "HOLLIS: ...", or "Ann Hollis: ..."): each turn is the words of
the person the article names in full with those words; a label naming no one
("PRESENTER:", "Present:") is nobody's.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from kg.data import alternation, load
from kg.extraction.context import Context
from kg.model import Quote, Sentence

EXTRACTOR = "quotes/2:interview"


@cache
def _labels() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A question line's label and an answer line's, with who is named in brackets."""
    spec = load("speech.json")["interview"]
    return tuple(re.compile(
        rf"^[ \t]*(?:{alternation(spec[key])})[ \t]*(?:\((?P<who>[^)\n]{{1,60}})\))?[ \t]*"
        r":[ \t]*", re.MULTILINE) for key in ("question_labels", "answer_labels"))


_SPOKEN = re.compile(r"[.?!…][\"”’']?\s*$")
_MARKS = "“”\"‘’' "


#: A transcript's turn: a speaker's name (and title), in capitals or not, a colon, the words.
_TURN = re.compile(r"^[ \t]*(?P<who>[A-Z][\w'’.-]+(?:[ \t]+[A-Z][\w'’.-]+){0,3})[ \t]*:"
                   r"[ \t]+(?=\S)", re.MULTILINE)
_PARAGRAPH = re.compile(r"[^\n]+")


def without_label(text: str) -> str:
    """`text` without the transcript label it may open with ("ANN LEE: We are ...")."""
    label = _TURN.match(text)
    return text[label.end():] if label else text


def extract(ctx: Context) -> list[Quote]:
    return _questions(ctx) + _turns(ctx)


@cache
def _bite_label() -> re.Pattern[str]:
    labels = alternation(load("speech.json")["interview"]["bite_labels"])
    return re.compile(rf"^[ \t]*(?:{labels})[ \t]*:[ \t]*(?P<who>[^\n]+)$",
                      re.MULTILINE | re.IGNORECASE)


def bites(ctx: Context) -> list[Quote]:
    """A broadcast script's sound bites: the quoted paragraph under a label line that
    names a person ("SOT: Ann Lee", "Caption: Ann Lee, Parent") is that person's words,
    whoever the prose before it was about."""
    text = ctx.article.text
    said: dict[int, tuple[int, str, re.Match[str]]] = {}  # paragraph: its label, speaker
    for label in _bite_label().finditer(text):
        person = next((k for _, k in ctx.resolved.in_span(label.start("who"), label.end("who"))
                       if ctx.type(k) == "Person"), None)
        at = label.end()
        while (para := _PARAGRAPH.search(text, at)) and _bite_label().match(text, para.start()):
            at = para.end()  # the next label of the same bite ("Caption: ...")
        if person and para and para.group().lstrip()[:1] in _MARKS.strip():
            # of a bite's labels, the one nearest its words names its speaker best
            first = said.get(para.start(), (label.start(),))[0]
            said[para.start()] = (first, person, para)
    return [_quote(ctx, person, first, para.start(), para.end())
            for first, person, para in said.values()]


def _turns(ctx: Context) -> list[Quote]:
    """Each turn of a transcript whose labels name people of the article."""
    text = ctx.article.text
    turns = list(_TURN.finditer(text))
    if len({m["who"] for m in turns}) < 2:
        return []
    titles = {t.lower() for t in load("actors.json")["person_titles"]}
    people = [(k, ctx.name(k).lower().split()) for k in dict.fromkeys(
        k for _, k in ctx.resolved.links if ctx.type(k) == "Person")]
    out = []
    for turn in turns:
        words = [w for w in turn["who"].lower().split() if w.rstrip(".") not in titles]
        named = [k for k, name in people if words and all(w in name for w in words)]
        if len(named) == 1:
            out.append(_quote(ctx, named[0], turn.start(), turn.end(), _line_end(text, turn.end())))
    return out


def _questions(ctx: Context) -> list[Quote]:
    text = ctx.article.text
    question, answer = _labels()
    asked = list(question.finditer(text))
    answered = list(answer.finditer(text))
    if len(asked) + len(answered) < 2 or not asked:
        return []
    interviewee = _interviewee(ctx, asked[0].start())
    out: list[Quote] = []
    for label in sorted([*asked, *answered], key=lambda m: m.start()):
        line_end = _line_end(text, label.end())
        speaker = _named(ctx, label) or (interviewee if label in answered else None)
        if speaker is not None and label.end() < line_end:
            out.append(_quote(ctx, speaker, label.start(), label.end(), line_end))
    if interviewee is None:
        return out
    # the unlabelled paragraphs after a question, up to the next label: the answer
    starts = sorted(m.start() for m in [*asked, *answered])
    for q in asked:
        at = _line_end(text, q.end())
        stop = next((s for s in starts if s > q.start()), len(text))
        while (para := _PARAGRAPH.search(text, at, stop)) is not None:
            words = para.group().strip()
            if not _SPOKEN.search(words) or words[0] in _MARKS:
                break  # a heading, a "Related:" link, or someone else quoted
            out.append(_quote(ctx, interviewee, q.start(), para.start(), para.end()))
            at = para.end()
    return out


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


def _named(ctx: Context, label: re.Match[str]) -> str | None:
    """The person a label names in brackets ("A (Mr Hale):")."""
    if label["who"] is None:
        return None
    return next((k for m, k in ctx.resolved.in_span(label.start("who"), label.end("who"))
                 if ctx.type(k) == "Person"), None)


def _interviewee(ctx: Context, first_question: int) -> str | None:
    """The person named most before the first question (the first named on a tie)."""
    named = Counter(k for m, k in ctx.resolved.links
                    if m.start < first_question and ctx.type(k) == "Person")
    return named.most_common(1)[0][0] if named else None


def _quote(ctx: Context, speaker: str, question: int, start: int, end: int) -> Quote:
    """The words from `start` to `end`, with the question they answer as evidence."""
    words = ctx.article.text[start:end].strip().strip(_MARKS)
    passage = Sentence(ctx.article.text[question:end], question, end)
    return Quote(speaker, words, ctx.evidence(passage, EXTRACTOR, 0.6))
