"""Relations: organisational links between actors named in one sentence.

A trigger phrase ("led by", "is accountable to", "which represents") joins the
actor right before it to the run of actors right after it ("A, B and C"); both
sides must be actor mentions with nothing but auxiliaries between, so "the
service, run by X" yields a link only when "the service" is itself an actor.
Triggers and their relations are data (`kg/data/relations.json`). Posts held
by people (worksFor, leads, memberOf of a party) come from `kg.extraction.roles`,
not here; the wards in their party tags and party control ("the Labour-run
council") do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from itertools import islice

from kg.data import alternation, load
from kg.extraction.context import Context
from kg.extraction.roles import FILL, MARK, Masked, member_seats, ward_tags
from kg.model import Evidence, Relation, Sentence
from kg.recognising import known_actors

EXTRACTOR = "relations/2"
PERSON, PARTY, PLACE, COUNCIL = "Person", "PoliticalParty", "Place", "LocalAuthority"
_TOKEN = re.compile(r"\x01\x02*|[\w'’-]+|\S")
_ASIDE = re.compile(r",\s*(?:an?|the|former)\s[^,;]*$", re.IGNORECASE)  # ", a former dean at"
_FORMER = re.compile(r"\b(?:previous|former|outgoing|last|old)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
_UNTIL = re.compile(r"[^.;]{0,60}?\b(?:until|till|between)\s+(?:May\s+|last\s+)?(?:\d{4}|year)\b")
_COALITION = re.compile(r"\s+in\s+(?:a\s+)?(?:coalition|partnership)\s+with\s+(?:the\s+)?"
                        r"([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})")
_WARD = re.compile(r"\s*([A-Z][\w'’.-]*(?:\s+(?:and|&|upon|on|[A-Z][\w'’.-]*)){0,4})")


@dataclass(frozen=True)
class _Pattern:
    trigger: re.Pattern[str]
    forward: tuple[str, ...]
    backward: tuple[str, ...]
    left_list: bool
    subject_type: str | None
    allow_types: frozenset[str]
    object_type: str | None
    subject_ends: tuple[str, ...]
    object_ends: tuple[str, ...]
    ward: bool
    by_subject: bool


@cache
def _data() -> dict:
    return load("relations.json")


@cache
def _patterns() -> list[_Pattern]:
    return [
        _Pattern(
            re.compile(r"(?<![\w-])" + p["trigger"].replace(" ", r"\s+") + r"(?![\w-])",
                       re.IGNORECASE),
            tuple(p.get("forward", [])),
            tuple(p.get("backward", [])),
            p.get("left_list", False),
            p.get("subject_type"),
            frozenset(p.get("allow_types", [])),
            p.get("object_type"),
            tuple(p.get("subject_ends", [])),
            tuple(p.get("object_ends", [])),
            p.get("ward", False),
            p.get("by_subject", False),
        )
        for p in _data()["patterns"]
    ]


@cache
def _gaps() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    d = _data()
    return (re.compile(d["gap_before"], re.IGNORECASE), re.compile(d["gap_after"], re.IGNORECASE),
            re.compile(d["separator"], re.IGNORECASE))


def _run_before(mk: Masked, spans: list[tuple[int, int]], pos: int, many: bool) -> list[int]:
    """Starts of the mentions ending just before `pos` (one, or the whole joined run)."""
    before, _, separator = _gaps()
    run: list[int] = []
    for start, end in reversed(spans):
        if end > pos:
            continue
        gap = mk.text[end:pos]
        if not (before if not run else separator).fullmatch(gap):
            break
        run.append(start)
        if not many:
            break
        pos = start
    return run


def _closes_aside(mk: Masked, start: int, trigger: int) -> bool:
    """Whether the mention at `start` ends an aside set off by commas just before the
    trigger ("Ann Lee, a former dean at the University of X, chairs the panel"): the
    aside's last words, not who does what the trigger says."""
    return "," in mk.text[start:trigger] and bool(_ASIDE.search(mk.text, 0, start))


def _run_after(mk: Masked, spans: list[tuple[int, int]], pos: int) -> list[int]:
    """Starts of the run of mentions joined by ',', 'and', '&' right after `pos`."""
    _, after, separator = _gaps()
    run: list[int] = []
    for start, end in spans:
        if start < pos:
            continue
        if not (after if not run else separator).fullmatch(mk.text[pos:start]):
            break
        run.append(start)
        pos = end
    return run


def extract(ctx: Context) -> list[Relation]:
    """Every trigger-phrase link in the article, once per (subject, relation, object)."""
    skip = set(_data()["skip_types"])
    never = set(_data()["never_objects"])
    not_for_people = set(_data()["not_for_people"])
    not_for_parties = set(_data()["not_for_parties"])
    out: dict[tuple[str, str, str], Relation] = {}

    def add(subject: str, relation: str, obj: str, pattern: _Pattern, evidence: Evidence) -> None:
        kind, obj_kind = ctx.type(subject), ctx.type(obj)
        if subject == obj or kind in skip or obj_kind in (skip | never) - pattern.allow_types:
            return
        if (kind == PERSON and relation in not_for_people) or (
                kind == PARTY and relation in not_for_parties) or (
            pattern.subject_type and kind != pattern.subject_type
        ) or (pattern.object_type and obj_kind != pattern.object_type):
            return
        if pattern.subject_ends and not ctx.name(subject).lower().endswith(pattern.subject_ends):
            return
        if pattern.object_ends and not ctx.name(obj).lower().endswith(pattern.object_ends):
            return
        out.setdefault((subject, relation, obj), Relation(subject, relation, obj, evidence))

    oversight = _Oversight.of(ctx)
    for sentence in ctx.sentences:
        mk = Masked.of(ctx, sentence)
        for party, council in _party_control(ctx, mk):
            out.setdefault((party, "leads", council), Relation(
                party, "leads", council, ctx.evidence(sentence, EXTRACTOR)))
        if not mk.at:
            continue
        for body, overseer in oversight.answers(mk):
            out.setdefault((body, "accountableTo", overseer), Relation(
                body, "accountableTo", overseer, ctx.evidence(sentence, EXTRACTOR)))
        spans = sorted((p, p + m.end - m.start) for p, (m, _) in mk.at.items())
        for pattern in _patterns():
            for hit in pattern.trigger.finditer(mk.text):
                before = _run_before(mk, spans, hit.start(), pattern.left_list)
                left = [mk.key(p) for p in before]
                if before and _closes_aside(mk, before[0], hit.start()):
                    left = [k for k in [ctx.doer(sentence, sentence.start + hit.start())] if k]
                if not left and pattern.by_subject:  # "X, who leads ... and represents Y"
                    left = [k for k in [ctx.doer(sentence, sentence.start + hit.start())] if k]
                right = [mk.key(p) for p in _run_after(mk, spans, hit.end())]
                if pattern.ward and not right and left and ctx.type(left[0]) == PERSON:
                    right = [k for k in [_ward(ctx, mk, hit.end())] if k]
                evidence = ctx.evidence(sentence, EXTRACTOR)
                for a in left:
                    for b in right:
                        for rel in pattern.forward:
                            add(a, rel, b, pattern, evidence)
                        for rel in pattern.backward:
                            add(b, rel, a, pattern, evidence)
    for person, ward, sentence in ward_tags(ctx):
        out.setdefault((person, "represents", ward), Relation(
            person, "represents", ward, ctx.evidence(sentence, EXTRACTOR)))
    for person, seat, _, sentence in member_seats(ctx):
        out.setdefault((person, "represents", seat), Relation(
            person, "represents", seat, ctx.evidence(sentence, EXTRACTOR)))
    for person, seat, sentence in _seats(ctx):
        out.setdefault((person, "represents", seat), Relation(
            person, "represents", seat, ctx.evidence(sentence, EXTRACTOR)))
    _by_definition(ctx, out)
    _services(ctx, out)
    return list(out.values())


@cache
def _service_trigger() -> re.Pattern[str]:
    return re.compile(_data()["services"]["trigger"].replace(" ", r"\s+"), re.IGNORECASE)


def _services(ctx: Context, out: dict[tuple[str, str, str], Relation]) -> None:
    """"X, which commissions the service, said": X commissions the provider the article
    reports on (its most named one), which the sentence itself need not name."""
    spec = _data()["services"]
    providers = [k for k in ctx.ranked(lambda kind: kind in spec["providers"])
                 if ctx.name(k).lower().endswith(tuple(spec["provider_ends"]))]
    for sentence in ctx.sentences:
        mk = Masked.of(ctx, sentence)
        spans = sorted((p, p + m.end - m.start) for p, (m, _) in mk.at.items())
        for hit in _service_trigger().finditer(mk.text):
            for start in _run_before(mk, spans, hit.start(), True):
                body = mk.key(start)
                provider = next((k for k in providers if k != body), None)
                if provider and ctx.type(body) in spec["commissioners"]:
                    out.setdefault((body, "commissions", provider), Relation(
                        body, "commissions", provider, ctx.evidence(sentence, EXTRACTOR)))


def _seats(ctx: Context) -> list[tuple[str, str, Sentence]]:
    """(person, place, sentence) for each post held for a place: "the MP for Westshire
    North" (or "for Rowley and Ashton Vale", one seat) represents it (a former MP's post
    is no role held, so represents nothing)."""
    holders = alternation(load("relations.json")["seat_holders"])
    out = []
    for role in ctx.found.get("roles", []):
        seat = re.search(rf"\b(?:{holders})\s+for\s+((?:[A-Z][\w'’-]*\s?){{1,4}}"
                         rf"(?:and\s(?:[A-Z][\w'’-]*\s?){{1,4}})?)$", role.role or "")
        if seat:  # a seat unknown to the model: a place
            said = Sentence(role.evidence.sentence, role.evidence.start, role.evidence.end)
            place = ctx.actor(seat.group(1).strip(), PLACE, said, EXTRACTOR)
            out.append((role.person, place, said))
    return out


@dataclass(frozen=True)
class _OversightRules:
    under: re.Pattern[str]  # ends where the overseer's mention may begin
    regime: re.Pattern[str]
    act: list[re.Pattern[str]]
    measures: re.Pattern[str]
    overseers: frozenset[str]
    acting: frozenset[str]
    national_only: frozenset[str]
    accountable: frozenset[str]
    owned: tuple[tuple[str, re.Pattern[str]], ...]  # a national regime's owner, its names


@cache
def _oversight_rules() -> _OversightRules:
    spec = _data()["oversight"]
    mention = f"(?P<overseer>{MARK}{FILL}*)"

    named = rf"{mention}(?:\s*\([^()]{{1,20}}\))?"  # "The Department for Education (DfE)"

    def phrase(regex: str) -> str:
        return regex.replace(" ", r"\s+").replace("OVERSEER", named)

    gap = rf"(?:\s+[a-z][\w-]*){{0,{spec['words_before']}}}\s+"
    under = "|".join(f"(?:{phrase(u)})" for u in spec["under"])
    measures = load("events.json")["interventions"]["measures"]
    return _OversightRules(
        re.compile(rf"(?<![\w-])(?:{under}){gap}{mention}", re.IGNORECASE),
        re.compile(rf"(?<![\w-]){phrase(spec['regime'])}(?![\w-])", re.IGNORECASE),
        [re.compile(rf"{phrase(act)}(?![\w-])", re.IGNORECASE) for act in spec["act"]],
        re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, measures)) + r")", re.IGNORECASE),
        frozenset(spec["overseers"]), frozenset(spec["acting_overseers"]),
        frozenset(spec["national_only"]), frozenset(spec["accountable"]),
        tuple((owner, re.compile(rf"(?<![\w-])(?:{alternation(names)})(?![\w-])",
                                 re.IGNORECASE))
              for owner, names in spec["owned_regimes"].items() if not owner.startswith("_")))


@cache
def _national() -> frozenset[str]:
    """Canonical names of the bodies the recogniser knows: national ones."""
    return frozenset(name for name, _ in known_actors().values())


@dataclass(frozen=True)
class _Oversight:
    """A body under another's scrutiny, or one that took a firm measure against it ("The
    DfE has issued an improvement notice"), answers to it.

    The body is each accountable organisation the sentence names, else the one the
    article names most (`fallback`): an article about a notice rarely names its council
    twice in the sentence that reports it.
    """

    ctx: Context
    fallback: tuple[str, ...]  # accountable bodies, most named first
    owners: tuple[tuple[str, re.Pattern[str]], ...]  # national regimes' owners it names

    @classmethod
    def of(cls, ctx: Context) -> _Oversight:
        rules = _oversight_rules()
        names = {e.name: k for k, e in ctx.resolved.entities.items()}
        return cls(ctx, tuple(ctx.ranked(lambda t: t in rules.accountable)),
                   tuple((names[owner], regime) for owner, regime in rules.owned
                         if owner in names))

    def oversees(self, key: str) -> bool:
        rules, kind = _oversight_rules(), self.ctx.type(key)
        return kind in rules.overseers and (kind not in rules.national_only
                                            or self.ctx.name(key) in _national())

    def answers(self, mk: Masked) -> list[tuple[str, str]]:
        """(body, overseer) for one masked sentence."""
        rules = _oversight_rules()
        found = [mk.key(m.start("overseer"))
                 for m in [*rules.under.finditer(mk.text), *rules.regime.finditer(mk.text)]]
        if rules.measures.search(mk.text):
            found += [key for act in rules.act for m in act.finditer(mk.text)
                      if self.ctx.type(key := mk.key(m.start("overseer"))) in rules.acting]
        found += [owner for owner, regime in self.owners
                  if regime.search(mk.text)]  # "enter the Recovery Support Programme": NHSE's
        out = []
        for overseer in dict.fromkeys(filter(self.oversees, found)):
            bodies = [k for _, (_, k) in sorted(mk.at.items())
                      if k != overseer and self.ctx.type(k) in rules.accountable]
            bodies = bodies or [k for k in self.fallback if k != overseer][:1]
            out += [(body, overseer) for body in dict.fromkeys(bodies)]
        return out


def _ward(ctx: Context, mk: Masked, pos: int) -> str | None:
    """A ward the recogniser missed: title-case words after `pos` ("who represents Eastfield")."""
    m = _WARD.match(mk.text, pos)
    return ctx.actor(m.group(1), PLACE, mk.sentence, EXTRACTOR) if m else None


@cache
def _party_forms() -> str:
    """Regex alternation of the party forms the recogniser knows, longest first."""
    forms = sorted((f for f, (_, kind) in known_actors().items() if kind == PARTY), key=len,
                   reverse=True)
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)


@cache
def _control() -> re.Pattern[str]:
    """`Labour-run`, `Labour and Lib Dem-run`: the party forms the recogniser knows, hyphened."""
    party = _party_forms()
    verbs = "|".join(map(re.escape, _data()["party_control"]["verbs"]))
    ruling = "|".join(map(re.escape, _data()["party_control"]["ruling_nouns"]))
    return re.compile(rf"(?:(?<=,)\s+(?:(?:which\s+is|now)\s+)?(?P<by>{verbs})\s+by\s+"
                      rf"(?:the\s+)?)?(?<![\w-])((?:{party})(?:\s*(?:,|and|&)\s*(?:{party}))*)"
                      rf"(?(by)|(?:-(?:{verbs})|\s+(?P<ruling>{ruling})))(?![\w-])")


@cache
def _took_control() -> re.Pattern[str]:
    """`Reform UK took control of Westshire Council`, `Labour has kept control of the
    council`, `whose Labour group runs the authority`: the party named (or its group),
    then a verb of winning or keeping control, or of running the council."""
    party = _party_forms()
    spec = _data()["party_control"]
    taking = "|".join(map(re.escape, spec["taking_verbs"]))
    running = "|".join(map(re.escape, spec["running_verbs"]))
    return re.compile(rf"(?<![\w-])({party})\s+(?:(?:group|administration)\s+)?"
                      rf"(?:(?:has|have|had|now|also|still)\s+)*"
                      rf"(?:(?:{taking})\s+(?:(?:overall|majority|outright|full)\s+)?control\s+of"
                      rf"|(?:{running}))\s+(?:the\s+)?")


def _no_longer(text: str, start: int, end: int) -> bool:
    """Whether the control stated at text[start:end] has ended: "the previous Conservative
    administration", "the Labour administration that ran the council until 2020"."""
    return bool(_FORMER.search(text, 0, start) or _UNTIL.match(text, end))


def _apposed_council(ctx: Context, mk: Masked, at: int) -> str | None:
    """The council a phrase at `at` is set in apposition to: "Kelmere, the only Labour-run
    authority", "Kelmere Council, run by Reform UK" (a place names its council)."""
    before = re.search(r"(\x01\x02*),\s*(?:(?:the|an?)\s+(?:[a-z]+\s+){0,2})?$", mk.text[:at])
    if not before:
        return None
    key = mk.key(before.start(1))
    if ctx.type(key) == COUNCIL:
        return key
    name = ctx.name(key)
    return next((k for k in ctx.ranked(lambda t: t == COUNCIL) if ctx.type(key) == PLACE
                 and ctx.name(k).startswith(name)), None)


def _party_control(ctx: Context, mk: Masked) -> list[tuple[str, str]]:
    """(party, council) for `the Labour-run Westmoor Council`, `a Tory-run district council`,
    `the Conservative administration` (the article's council), `Reform UK took control of
    the council`.

    The council is the mention a few lower-case words after, or for a bare
    "council" the article's most mentioned local authority. Party words are
    read in the sentence's own text, as the hyphen may hide them from the recogniser.
    """
    words = set(_data()["party_control"]["council_words"])
    out = []
    for m in _control().finditer(mk.sentence.text):
        if _no_longer(mk.sentence.text, m.start(), m.end()):
            continue
        # a recogniser may take "Labour-run Westmoor Council" for the council's name
        over = mk.covering(m.start())
        council = (over[2] if over and ctx.type(over[2]) == COUNCIL else None) or (
            _apposed_council(ctx, mk, m.start()))
        if m["by"] and not council:
            continue  # "run by Reform UK" in apposition to no council
        for token in [] if council else islice(_TOKEN.finditer(mk.text, m.end()), 4):
            word = token.group()
            if word.startswith(MARK):
                council = mk.key(token.start()) if ctx.type(mk.key(token.start())) == COUNCIL \
                    else None
            elif word.lower() in words and (most := ctx.most_named(COUNCIL)):
                council = most
            elif word.islower():
                continue
            break
        if council is None and m["ruling"]:  # "the Conservative administration": the council's
            council = ctx.most_named(COUNCIL)
        for form in re.split(r"\s*(?:,|\band\b|&)\s*", m.group(2)) if council else []:
            name = known_actors()[" ".join(form.split())][0]
            out.append((ctx.actor(name, PARTY, mk.sentence, EXTRACTOR), council))
    for m in _took_control().finditer(mk.sentence.text):
        if _no_longer(mk.sentence.text, m.start(), m.end()):
            continue
        word = _TOKEN.match(mk.text, m.end())
        if named := mk.covering(m.end()):  # "the authority" may be a mention
            start, mention, key = named
            council = key if ctx.type(key) == COUNCIL else None
            end = start + mention.end - mention.start
        else:
            council = ctx.most_named(COUNCIL) if word and word.group().lower() in words else None
            end = word.end() if word else m.end()
        if not council:
            continue
        forms = [m.group(1)]
        if partner := _COALITION.match(mk.sentence.text, end):
            forms.append(partner.group(1))  # "runs the council in coalition with Plaid Cymru"
        for form in forms:
            if (known := known_actors().get(" ".join(form.split()))) and known[1] == PARTY:
                out.append((ctx.actor(known[0], PARTY, mk.sentence, EXTRACTOR), council))
    return out


def _by_definition(ctx: Context, out: dict[tuple[str, str, str], Relation]) -> None:
    """Members of a body that exists by definition, and bodies that are by definition part
    of the article's body of a kind (its council's scrutiny committee), when it names both.

    The evidence cites the sentence naming the body and the one naming the member.
    """
    for spec in _data()["by_definition"]["bodies"]:
        bodies = [e for e in ctx.resolved.entities.values()
                  if e.name.lower().endswith(spec["name_ends"]) and e.mentions]
        for body in bodies:
            for member in ctx.resolved.entities.values():
                key = (member.key, spec["relation"], body.key)
                if member.type in spec["members"] and member.mentions and key not in out:
                    evidence = replace(body.mentions[0], extractor=f"{EXTRACTOR}:definition",
                                       confidence=0.6)
                    support = replace(member.mentions[0], extractor=f"{EXTRACTOR}:definition",
                                      confidence=0.6)
                    out[key] = Relation(member.key, spec["relation"], body.key, evidence,
                                        support)
    for spec in _data()["by_definition"]["parts"]:  # a scrutiny committee is a council's
        wholes = [k for k in ctx.ranked(lambda kind, spec=spec: kind == spec["whole"])
                  if ctx.name(k).lower().endswith(tuple(spec.get("whole_ends", [""])))]
        whole = wholes[0] if wholes and (len(wholes) == 1 or not spec.get("only")) else None
        for part in ctx.resolved.entities.values():
            if whole is None or not part.mentions or not part.name.lower().endswith(
                    tuple(spec["name_ends"])) or any(
                    k[0] == part.key and k[1] == spec["relation"] for k in out):
                continue
            evidence = replace(part.mentions[0], extractor=f"{EXTRACTOR}:definition",
                               confidence=0.6)
            support = replace(ctx.resolved.entities[whole].mentions[0],
                              extractor=f"{EXTRACTOR}:definition", confidence=0.6)
            out[(part.key, spec["relation"], whole)] = Relation(
                part.key, spec["relation"], whole, evidence, support)
