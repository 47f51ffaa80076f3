"""Voice: the actor an article written in the first person plural speaks for.

A council's, partnership's or board's own page says "we" for itself; its
statements and the events it says "we" take part in belong to that actor.
"""

from __future__ import annotations

import re

from kg.data import load
from kg.extraction.context import Context
from kg.model import Sentence

_QUOTED = re.compile(r"[“\"][^“”\"]*[”\"]")
_QUOTE_MARKS = re.compile(r"[“”\"‘’']")


def voice(ctx: Context) -> str | None:
    """The actor an article written in the first person plural speaks for, if it is one:
    the organisation an opening sentence starts with ("X commits to ... and apologises")."""
    spec = load("speech.json")["voice"]
    outside = _QUOTED.sub(" ", ctx.article.text)
    words = re.findall(r"\w+", outside.lower())
    if sum(words.count(p) for p in spec["pronouns"]) < spec["min_first_person"]:
        return None
    body = [s for s in ctx.sentences if s.text != ctx.article.title][:4]
    for sentence in body:  # the actor the article opens with, as subject of a sentence
        for m, key in ctx.resolved.in_span(sentence.start, sentence.end):
            if m.start == sentence.start and ctx.type(key) not in ("Person", "Place", "NewsOutlet"):
                return key
    return None


def spoken_for(ctx: Context, sentence: Sentence) -> str | None:
    """The body a quoted sentence's "we" stands for: its speaker when a body speaks, else
    the body its speaker holds a post at ("Ann Lee, chief nurse at the board, added: '...
    We are investing £2m'" is the board's)."""
    said = _QUOTE_MARKS.sub("", sentence.text).strip()
    if len(said) < 20:
        return None
    quote = next((q for q in ctx.found.get("quotes", [])
                  if said in _QUOTE_MARKS.sub("", q.text)), None)
    if quote is None:
        return None
    if ctx.type(quote.speaker) != "Person":
        return quote.speaker
    return next((r.organisation for r in ctx.found.get("roles", [])
                 if r.person == quote.speaker and r.organisation
                 and {"worksFor", "leads"} & set(r.links)), None)
