"""Voice: the actor an article written in the first person plural speaks for.

A council's, partnership's or board's own page says "we" for itself; its
statements and the events it says "we" take part in belong to that actor.
"""

from __future__ import annotations

import re

from kg.data import load
from kg.extraction.context import Context
from kg.extraction.interviews import without_label
from kg.model import Mention, Sentence

_QUOTED = re.compile(r"[“\"][^“”\"]*[”\"]")
_QUOTE_MARKS = re.compile(r"[“”\"‘’']")


def voice(ctx: Context, opening_only: bool = False) -> str | None:
    """The actor an article written in the first person plural speaks for, if it is one:
    the organisation an opening sentence starts with ("X commits to ... and apologises"),
    else, unless `opening_only`, the first its opening sentence names. Its unquoted
    paragraphs are its statements only on the first, stronger evidence."""
    spec = load("speech.json")["voice"]
    outside = _QUOTED.sub(" ", ctx.article.text)
    words = re.findall(r"\w+", outside.lower())
    if sum(words.count(p) for p in spec["pronouns"]) < spec["min_first_person"]:
        return None
    body = [s for s in ctx.sentences if s.text != ctx.article.title][:4]
    others = _not_us(ctx)
    opening = [key for sentence in body for m, key in ctx.resolved.in_span(
        sentence.start, sentence.end) if _opens(ctx, sentence, m)]
    # the actor the article opens with as subject of a sentence, else the first its
    # opening sentence names: a page's first sentence names who publishes it
    named = ctx.named_in(body[0], lambda t: True) if body and not opening_only else []
    return next((key for key in [*opening, *named] if key not in others
                 and ctx.type(key) not in ("Person", "Place", "NewsOutlet", "PoliticalParty")),
                None)


def _not_us(ctx: Context) -> set[str]:
    """Actors an article in the first person plural shows are not "we": one that does
    something to "us" ("NHS England expects us to ...") or is "our" something ("X, our
    largest provider,")."""
    spec = load("speech.json")["voice"]
    to_us = re.compile(rf"\b(?:{'|'.join(spec['object_pronouns'])})\b", re.IGNORECASE)
    ours = re.compile(rf"\s*,\s*(?:{'|'.join(spec['possessives'])})\s", re.IGNORECASE)
    out = set()
    for sentence in ctx.sentences:
        acts_on_us = to_us.search(_QUOTED.sub(" ", sentence.text)) is not None
        for m, key in ctx.resolved.in_span(sentence.start, sentence.end):
            if (acts_on_us and _opens(ctx, sentence, m)) or ours.match(ctx.article.text, m.end):
                out.add(key)
    return out


def spoken_for(ctx: Context, sentence: Sentence) -> str | None:
    """The body a quoted sentence's "we" stands for: its speaker when a body speaks, else
    the body its speaker holds a post at ("Ann Lee, chief nurse at the board, added: '...
    We are investing £2m'" is the board's), or failing one the body they are a member of
    (a cabinet member's "we" is the council's)."""
    said = _QUOTE_MARKS.sub("", without_label(sentence.text)).strip()
    if len(said) < 20:
        return None
    quote = next((q for q in ctx.found.get("quotes", [])
                  if said in _QUOTE_MARKS.sub("", q.text)), None)
    if quote is None:
        return None
    if ctx.type(quote.speaker) != "Person":
        return quote.speaker
    posts = [r for r in ctx.found.get("roles", []) if r.person == quote.speaker
             and r.organisation and ctx.type(r.organisation) != "PoliticalParty"]
    # a post of employment first; else an elected member's ("we" of a cabinet member)
    return next((r.organisation for r in posts if {"worksFor", "leads"} & set(r.links)),
                posts[0].organisation if posts else None)


def _opens(ctx: Context, sentence: Sentence, mention: Mention) -> bool:
    """Whether `mention` opens `sentence` ("The" before it aside): as a rule, its subject."""
    return ctx.article.text[sentence.start : mention.start].strip().lower() in ("", "the")
