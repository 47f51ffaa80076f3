"""Voice: the actor an article written in the first person plural speaks for.

A council's, partnership's or board's own page says "we" for itself; its
statements and the events it says "we" take part in belong to that actor.
"""

from __future__ import annotations

import re

from kg.data import load
from kg.extraction.context import Context

_QUOTED = re.compile(r"[“\"][^“”\"]*[”\"]")


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
