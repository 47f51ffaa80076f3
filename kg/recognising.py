"""Recognising: find the spans of an article that name actors, and their kind.

Two sources, combined: rules written as data (`kg/data/actors.json`: kinds of
public body, national bodies, parties, person titles) and spaCy's statistical
NER for people, places and organisations the rules do not know. Where they
overlap the longer span wins, and rules win ties because they also give a type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.lang.en.stop_words import STOP_WORDS

from kg.cleaning import names_no_outlet
from kg.data import alternation, load
from kg.gazetteer import gazetteer, register_mentions
from kg.model import Mention
from kg.nlp import Span

_JOIN = r"(?:[ ]+(?:and|&|of|upon|on|in|under)[ ]+|[ ]+)"
#: Capital letters, Latin-1 and Latin Extended-A included ("Ó Briain", "Łukasz").
UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
#: "(CQC)", "(TVB ICB)": an acronym, perhaps with a kind's own short form after it.
ACRONYM = re.compile(r"\(([A-Z][A-Za-z&]{1,9}s?(?: [A-Z]{2,4})?)\)")


@dataclass(frozen=True)
class Acronym:
    """`short` defined in brackets after the words `expansion` (span of the brackets)."""

    short: str
    expansion: str
    start: int
    end: int


@cache
def _rules() -> list[tuple[re.Pattern[str], str]]:
    data = load("actors.json")
    stop = "|".join(data["name_stop_words"])
    word = rf"(?!(?:{stop})\b)[{UPPER}][\w'’-]*"
    never = "|".join(data["name_never_starts"])
    name = rf"(?P<name>(?!(?:{never})\b){word}(?:{_JOIN}{word})*)"
    form = rf"(?:{alternation(data['firm_forms'])})\.?"
    rules = [
        (
            re.compile(r"(?<![\w-])" + p["regex"].replace(" ", "[ ]+").replace(
                "NAME", name).replace("FIRM_FORM", form) + r"(?![\w-])"),
            p["type"],
        )
        for p in data["patterns"]
    ]
    rules.append((re.compile(r"(?<![\w-])" + data["council_group"]), "PoliticalParty"))
    endings = load("outlets.json")["endings"]
    outlet = "|".join(map(re.escape, [*endings["newspapers"], *endings["sites"]]))
    rules.append((re.compile(rf"(?<![\w-])(?:{name})[ ]+(?:{outlet})(?![\w-])"), "NewsOutlet"))
    return rules


@cache
def known_actors() -> dict[str, tuple[str, str]]:
    """Surface form -> (canonical name, type) for national bodies and parties."""
    table: dict[str, tuple[str, str]] = {}
    for item in load("actors.json")["known"]:
        for form in [item["name"], *item["aliases"]]:
            table[form] = (item["name"], item["type"])
    return table


@cache
def _known_regex() -> re.Pattern[str]:
    """Known names as whole words; a party may carry '-run' or '-led' ("Lib Dem-run")."""
    forms = sorted(known_actors(), key=len, reverse=True)
    data = load("actors.json")
    suffixes = "|".join(data["party_suffixes"])
    inside = data["known_inside"]  # "Local Government Secretary" names no government
    before = data["known_before"]  # "Green councillor", not "green space"

    def form(name: str) -> str:
        after = rf"(?=\s+(?:{alternation(before[name])})\b)" if name in before else ""
        return "".join(rf"(?<!{re.escape(w)} )" for w in inside.get(name, ())) + re.escape(
            name) + after

    return re.compile(r"(?<![\w-])(?:" + "|".join(map(form, forms))
                      + rf")(?![\w]|-(?!(?:{suffixes})\b))")


@cache
def _vocab() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    data = load("actors.json")
    return (
        frozenset(data["not_actors"]),
        frozenset(data["org_heads"]),
        frozenset(data["person_titles"]),
    )


def shadow(text: str) -> str:
    """The text with bracketed acronyms blanked, so `Westshire and Fen (WAF) Integrated Care Board`
    matches as one name while every offset stays valid."""
    return ACRONYM.sub(lambda m: " " * len(m.group()), text)


@cache
def _post_of() -> re.Pattern[str]:
    """A post that a body's name was run into: 'Chief Executive of NHS Westshire ICB'."""
    heads = alternation(load("roles.json")["heads"])
    return re.compile(rf"(?i:(?:interim |acting |deputy |former )*(?:{heads}))\s+(?:of|at|for)\s+"
                      r"(?:the\s+)?")


@cache
def _controlled() -> re.Pattern[str]:
    """'Labour-run', 'Tory-led': who controls a body, not a word of its name."""
    return re.compile(rf"\S+-(?:{'|'.join(load('actors.json')['party_suffixes'])})")


def trim_left(text: str, start: int, end: int) -> int:
    """Move `start` past capitalised function words such as a sentence-initial 'But', past
    a post the name was run into ('Chief Executive of ...') and past the party that runs
    it ('the Labour-run Westmoor Council')."""
    while True:
        if post := _post_of().match(text, start, end):
            start = post.end()
            continue
        m = re.match(r"(\S+)\s+", text[start:end])
        if not m:
            return start
        word = m.group(1)
        function_word = word.lower() in STOP_WORDS and word != "NHS"
        if not (function_word or _controlled().fullmatch(word)):
            return start
        start += m.end()


def find_acronyms(text: str) -> list[Acronym]:
    """Acronyms defined in brackets whose letters are the initials of the words before."""
    found = []
    for m in ACRONYM.finditer(text):
        short = m.group(1)
        letters = (short.rstrip("s") if short.endswith("s") else short).upper().replace(" ", "")
        words = list(re.finditer(r"[\w'’-]+", text[max(0, m.start() - 200) : m.start()]))
        offset = max(0, m.start() - 200)
        initials = ""
        first = None
        for w in reversed(words):
            token = w.group()
            if token.lower() in {"and", "of", "for", "the", "&"} and initials:
                continue
            initials = token[0].upper() + initials
            first = offset + w.start()
            if len(initials) >= len(letters):
                break
        if first is not None and initials == letters:
            found.append(Acronym(short, text[first : m.start()].strip(), m.start(), m.end()))
    return found


def rule_mentions(text: str) -> list[Mention]:
    masked = shadow(text)
    out = []
    for regex, kind in _rules():
        for m in regex.finditer(masked):
            start = trim_left(masked, m.start(), m.end())
            # "The Council" or "The local area partnership" name no place: not a name
            if start < (m.end("name") if "name" in regex.groupindex else m.end()):
                out.append(Mention(text[start : m.end()], start, m.end(), kind, "rule"))
    out = [_single_party_group(m) for m in out
           if m.type != "NewsOutlet" or not names_no_outlet(m.text)]
    for m in _known_regex().finditer(text):
        out.append(Mention(m.group(), m.start(), m.end(), known_actors()[m.group()][1], "known"))
    return out


def _after_person(mention: Mention, people: list[tuple[int, int]], text: str) -> Mention:
    """A body's name that took in the person before its "of" ("Ann Lee of Westshire
    County Council"), cut to the body's own: the model's person span ends at the "of"."""
    for start, end in people:
        of = _OF.match(text, end)
        if mention.start <= start < end < mention.end and of:
            return Mention(text[of.end():mention.end], of.end(), mention.end, mention.type,
                           mention.source)
    return mention


_OF = re.compile(r"(?:\s*\([^()\n]{1,30}\))?\s+of\s+")  # "Ann Lee (Con) of"


def _single_party_group(mention: Mention) -> Mention:
    """'the Labour group' on a council is the party itself; a coalition stays a group."""
    if mention.type != "PoliticalParty":
        return mention
    party = re.sub(r"\s+(?:group|Group)$", "", mention.text)
    if known_actors().get(party, ("", ""))[1] == "PoliticalParty":
        return Mention(mention.text, mention.start, mention.end, mention.type, "known-group")
    return mention


@cache
def _coordinated() -> tuple[list[re.Pattern[str]], dict[str, dict]]:
    """'A and B clinical commissioning groups', 'the councils of A, B and C', 'A and B,
    both unitary authorities': three regexes (name list first, head first, head set
    apart) over every plural head, and each head's kind."""
    data = load("actors.json")
    kinds = {k["plural"]: k for k in data["coordinated"]}
    heads = {w for p in kinds for w in p.split()}  # a name stops where a head begins
    stop = "|".join([*data["name_stop_words"], *map(re.escape, heads), "and", "of", "the"])
    word = rf"(?!(?:{stop})\b)[{UPPER}][\w'’-]*"
    name = rf"{word}(?:[ ]+(?:of[ ]+|upon[ ]+)?{word})*"
    names = rf"(?P<names>{name}(?:,[ ]+{name})*[ ]+(?:and|&)[ ]+{name})"
    plural = "(?P<plural>" + "|".join(sorted((re.escape(p).replace(r"\ ", "[ ]+") for p in kinds),
                                             key=len, reverse=True)) + ")"
    shapes = (rf"{names}[ ]+{plural}", rf"(?i:the)[ ]+{plural}[ ]+(?:for|of|in)[ ]+{names}",
              rf"{names},[ ]+(?:both|all|each)[ ]+(?:[a-z-]+[ ]+)?{plural}")
    return [re.compile(rf"(?<![\w-]){shape}(?![\w-])") for shape in shapes], kinds


def coordinated_mentions(text: str) -> list[Mention]:
    """One mention per name in a coordination that shares a plural head: each is its own
    body, named with the singular ('Northgate and Eastfield Hospitals NHS Foundation
    Trusts' is two trusts)."""
    out = []
    regexes, kinds = _coordinated()
    for shape, regex in enumerate(regexes):
        for m in regex.finditer(text):
            kind = kinds[" ".join(m.group("plural").split())]
            base = m.start("names")
            names = re.sub(r"[ ]+(and|&)[ ]+", lambda a: "," + " " * (len(a.group()) - 1),
                           m.group("names"))
            parts = []
            for part in re.finditer(r"[^,]+", names):
                piece = part.group().strip()
                start = base + part.start() + part.group().index(piece)
                parts.append([start, start + len(piece), piece])
            # the shared head joins the name next to it, so nothing else claims it (not
            # one set apart: "A and B, both unitary authorities")
            if shape == 0:
                parts[-1][1] = m.end()
            elif shape == 1:
                parts[0][0] = m.start()
            out.extend(Mention(text[a:b], a, b, kind["type"], "coordinated",
                               f"{piece} {kind['singular']}") for a, b, piece in parts)
    return out


@cache
def _committee() -> re.Pattern[str]:
    data = load("actors.json")["committees"]
    word = rf"(?!(?:{'|'.join(data['not_words'])})\b)[a-z][a-z'’-]*"
    return re.compile(
        rf"(?:(?<=\b[Tt]he )|(?<=['’]s ))(?P<name>{word}(?:[ ]+(?:and[ ]+|&[ ]+)?{word}){{0,5}}"
        rf"[ ]+(?:{'|'.join(data['heads'])}))(?![\w-])")


def committee_mentions(text: str) -> list[Mention]:
    """Committees, panels and boards written in lower case ("the council's children and
    families scrutiny committee"): named by their words, as the article writes them."""
    return [Mention(m.group("name"), m.start("name"), m.end("name"), "Organisation",
                    "committee") for m in _committee().finditer(text)]


def title_mentions(text: str) -> list[Mention]:
    """People introduced by a title: `Cllr Jane Doe`, `Mr Doe`, `Dr A. Patel`."""
    titles = alternation(_vocab()[2])
    regex = re.compile(  # a name never runs over a line's end
        rf"\b(?:{titles})\.?[^\S\n]+((?:[{UPPER}][\w'’-]*\.?[^\S\n]+)*[{UPPER}][\w'’-]+)")
    return [Mention(m.group(), m.start(), m.end(), "Person", "title") for m in regex.finditer(text)]


# Two or three capitalised words ("Anne-Marie Colby", "Mark O'Neill"), none a possessive
_TOKEN = rf"[{UPPER}][^\W\d_]+(?:[-'’](?![sS]\b)[{UPPER}]?[^\W\d_]+)*"
_NAME = rf"{_TOKEN}(?: {_TOKEN}){{1,2}}"


@cache
def _verb_person() -> re.Pattern[str]:
    verbs = alternation(load("actors.json")["person_verbs"])
    apposition = r"(?:, ([^,.;:\"“”]{3,80}),)?"  # "Ann Lee, the council's director, said"
    return re.compile(rf"(?<![\w-])({_NAME}){apposition},? (?:{verbs})\b")


@cache
def _apposed_person() -> re.Pattern[str]:
    """A name with its post set after it: "Ann Lee, the council's chief finance officer",
    "Ann Lee, currently deputy chief constable", "Ann Lee (Director of Children's Services,
    Westshire Council)"."""
    posts = alternation(_posts())
    return re.compile(rf"(?<![\w-])({_NAME})(?:,\s+(?:(?:currently|now|formerly|previously|"
                      rf"also)\s+)?(?:(?:the|an?|its|their|our)\s+)?|\s+\()"
                      rf"(?:[\w'’-]+\s+){{0,4}}?(?i:{posts})(?![\w-])")


@cache
def _stacked_person() -> re.Pattern[str]:
    """A name alone on its line (a title allowed) over a line that opens with a post: a
    letter's address block or a signature ("Ann Lee\nDirector of Children's Services")."""
    posts = alternation(_posts())
    titles = alternation(_vocab()[2])
    return re.compile(rf"^(?:(?:{titles})\.?[^\S\n]+)?({_NAME})[^\S\n]*\n(?:[^\S\n]*\n)?[^\S\n]*"
                      rf"(?:[\w'’-]+[^\S\n]+){{0,4}}?(?i:{posts})(?![\w-])", re.MULTILINE)


@cache
def _joint_stacked_persons() -> re.Pattern[str]:
    """Two names alone on their line over a line that opens with a post they share
    ("Ann Lee and Bo Karr\nCo-chairs, Westshire Parent Carer Forum")."""
    posts = alternation(_posts())
    return re.compile(rf"^({_NAME})[^\S\n]+(?:and|&)[^\S\n]+({_NAME})[^\S\n]*\n[^\S\n]*"
                      rf"(?:[\w'’-]+[^\S\n]+){{0,2}}?(?i:{posts})", re.MULTILINE)


@cache
def _named_holder() -> re.Pattern[str]:
    """A post, then its holder's name set between commas: "the Minister of State for
    Health, Ann Lee-Hart, after"."""
    posts = alternation(_posts())
    return re.compile(rf"(?<![\w-])(?i:{posts})(?:\s+[\w'’&-]+){{0,5}},\s+({_NAME}),")


def verb_mentions(text: str) -> list[Mention]:
    """People the statistical model missed, named right before a speech or career verb
    ("Anne-Marie Colby will start", "Dev Patel, the council's leader, said"), with a post in
    apposition ("Ann Lee, the council's chief finance officer,", "Ann Lee (Director of
    ...)"), on the line below, or before it ("the minister, Ann Lee,"). Lowest priority:
    fills gaps only."""
    not_actors, heads, titles = _vocab()
    out = []
    for m in [*_verb_person().finditer(text), *_apposed_person().finditer(text),
              *_stacked_person().finditer(text), *_named_holder().finditer(text)]:
        words = m.group(1).split()
        if words[0].lower() in STOP_WORDS or set(words) & (heads | not_actors | titles) or (
                m.group(1).lower() in _posts()):  # "the Assistant Director confirmed"
            continue
        if m.lastindex == 2 and m.group(2) and re.fullmatch(_NAME, m.group(2)):
            continue  # "Director of Children's Services, Mark Orme, says": the name is after
        start = m.start(1)
        if post := _post_before_name(words):  # "Headteacher Ann Lee said": Ann Lee
            start += len(" ".join(words[:post])) + 1
        out.append(Mention(text[start:m.end(1)], start, m.end(1), "Person", "verb"))
    for m in _joint_stacked_persons().finditer(text):
        out += [Mention(m.group(i), m.start(i), m.end(i), "Person", "verb") for i in (1, 2)
                if not set(m.group(i).split()) & (heads | not_actors | titles)]
    return out


@cache
def _generic_words() -> frozenset[str]:
    return frozenset(load("actors.json")["generic_org_words"])


_WORD = re.compile(r"[\w'’-]+")


def may_name_actor(sentence: str) -> bool:
    """Whether `ner_mentions` could keep anything spaCy's NER finds in `sentence`.

    Every entity it keeps has a capitalised word, so a sentence whose only capital
    is a function word it opens with ("She said the plan was late.") is not worth
    the model's time: a sixth of the words of news copy.
    """
    for i, word in enumerate(_WORD.findall(sentence)):
        if any(c.isupper() for c in word) and (i or word.lower() not in STOP_WORDS):
            return True
    return False


@cache
def _posts() -> frozenset[str]:
    return frozenset(h.lower() for h in load("roles.json")["heads"])


def _post_before_name(words: list[str]) -> int:
    """How many words at the start of a person's span are a post (`roles.json` heads), when
    a name of two words or more follows them."""
    for n in range(min(3, len(words) - 2), 0, -1):
        if " ".join(words[:n]).lower() in _posts():
            return n
    return 0


@cache
def _ward_slot() -> re.Pattern[str]:
    """The opening of a party tag up to its ward: "(Lab, " or "(Liberal Democrats, "."""
    parties = [*load("roles.json")["party_tags"],
               *(form for form, (_, kind) in known_actors().items() if kind == "PoliticalParty")]
    forms = alternation(parties)
    return re.compile(rf"\((?:{forms})\s*,\s*$")


@cache
def _seat_tag() -> re.Pattern[str]:
    """A member's seat in brackets before their party's, as Parliament's record sets them:
    "Ann Lee (Kelmere North and Fenby) [Liberal Democrat]", "... (Kelmere North) (Lab)"."""
    parties = [*load("roles.json")["party_tags"],
               *(form for form, (_, kind) in known_actors().items() if kind == "PoliticalParty")]
    word = rf"[{UPPER}][\w'’.-]*"
    return re.compile(rf"\(({word}(?:\s+(?:and|&|upon|on|{word})){{0,7}})\)(?=\s*[\[(]"
                      rf"(?:{alternation(parties)})[\])])")


def seat_mentions(text: str) -> list[Mention]:
    """Seats in a member's tags (see `_seat_tag`), one place each; a post in brackets
    ("Ann Lee (Chair) (Lab)") is no seat."""
    return [Mention(m.group(1), m.start(1), m.end(1), "Place", "rule")
            for m in _seat_tag().finditer(text)
            if not _posts() & {w.lower() for w in re.split(r"\s+", m.group(1))}]


def _in_ward_slot(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is the ward of a councillor's party tag."""
    return (text[end:end + 1] == ")"
            and _ward_slot().search(text, max(0, start - 40), start) is not None)


def ner_mentions(text: str, spans: list[Span]) -> list[Mention]:
    """Keep the statistical entities that pass the domain's precision rules."""
    not_actors, heads, _ = _vocab()
    out = []
    for start, end, label in spans:
        surface = text[start:end]
        if "\n" in surface or surface in not_actors:
            continue
        indefinite = re.search(r"(?i:\ban?)\s+$", text[max(0, start - 4):start])
        if lead := re.match(r"(?i:the|an?)\s+", surface):
            indefinite = indefinite or lead.group().lower().startswith("a")
            start, surface = start + lead.end(), surface[lead.end():]
        surface = re.sub(r"['’]s$", "", surface)  # "Ann Lee's son": Ann Lee
        words = surface.split()
        if label == "PERSON" and _described().search(text, max(0, start - 40), start):
            label = "ORG"  # "the charity Open Door": a kind of body names a body's name
        if label == "PERSON" and (post := _post_before_name(words)):
            # "Campaigner Ann Lee said": the model took her post for a first name
            cut = len(" ".join(words[:post])) + 1
            start, surface, words = start + cut, surface[cut:], words[post:]
        if label in ("GPE", "ORG") and _titled_pair(words) and _holder_slot(
                text, start, start + len(surface)):
            label = "PERSON"  # "The children's minister, Helen Park, said": a post's holder
        if label == "PERSON" and _portfolio().search(text, max(0, start - 80), start) and (
                _REMIT_END.match(text, start + len(surface))):
            continue  # "Cabinet Member for Children, Young People and Families"
        if label == "PERSON" and (
                (len(words) == 1 and gazetteer().named(surface, "LocalAuthority"))
                or _in_ward_slot(text, start, start + len(surface))
                or _seat().search(text, max(0, start - 30), start)
                or _seat_owner().match(text, start + len(surface))):
            # "Parents in <a county>", "Ann Lee (Lab, Eastfield West)", "the MP for Eastfield
            # West", "Eastfield West's Labour MP": what the model took for a name is a
            # council's area, a ward or a seat
            out.append(Mention(surface, start, start + len(surface), "Place", "ner"))
        elif label == "PERSON":
            # "Ann Lee, Portfolio Holder for Children,": a post in title case is no name; one
            # word ("Priya said") names someone only if the article names them in full
            # (kg/resolving.py), by surname or by first name
            if all(w[:1].isupper() and not w.isupper() for w in words) and not (
                set(words) & heads or surface.lower() in _posts()
                or surface.lower() in STOP_WORDS
            ):
                out.append(Mention(surface, start, start + len(surface), "Person", "ner"))
        elif label == "GPE":
            if surface[:1].isupper() and not surface.isupper():
                out.append(Mention(surface, start, start + len(surface), "Place", "ner"))
        elif (label == "ORG" and set(words) & heads and len(words) >= 2
              and not (indefinite and set(words) <= _generic_words())) or (
                label == "ORG" and _described().search(text, max(0, start - 40), start)):
            out.append(Mention(surface, start, start + len(surface), "Organisation", "ner"))
    return out


#: The rest of a remit after a span in it: "... and Families" ("the MP for Rowley South,
#: Ann Lee, said" names a person after the post).
_REMIT_END = re.compile(rf"(?:\s*,\s*[{UPPER}][\w'’-]*(?:\s+[{UPPER}][\w'’-]*)*)*\s*,?\s+and\s+"
                        rf"[{UPPER}]")


@cache
def _portfolio() -> re.Pattern[str]:
    """A post's title-case remit running up to a span: "Cabinet Member for Children, " before
    "Young People and Families" (the model may take the remit's words for a name)."""
    posts = alternation(load("roles.json")["heads"])
    word = rf"[{UPPER}][\w'’-]*"
    return re.compile(rf"(?i:{posts})\s+for\s+(?:{word}\s+)*{word}\s*,\s*"
                      rf"(?:{word}\s*,\s*)*(?:and\s+)?$")


def _titled_pair(words: list[str]) -> bool:
    """Two or three capitalised words, as a person's name is written."""
    return 2 <= len(words) <= 3 and all(w[:1].isupper() and w[1:].islower() for w in words)


@cache
def _post_apposition() -> re.Pattern[str]:
    """A post (`roles.json` heads, with a few words after it: "director of children's
    services") and a comma, right before a name set in apposition."""
    posts = alternation(_posts())
    return re.compile(rf"(?<![\w-])(?:{posts})(?:\s+[\w'’&-]+){{0,5}},\s*$", re.IGNORECASE)


def _holder_slot(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] sits where a post's holder is named: "The leader, X,"."""
    return text[end:end + 1] == "," and _post_apposition().search(
        text, max(0, start - 80), start) is not None


@cache
def _seat() -> re.Pattern[str]:
    """A post held for an area, or a verb of holding one, right before the area's name:
    "the MP for ", "who represents "."""
    data = load("actors.json")
    posts = alternation(data["seat_posts"])
    verbs = alternation(data["seat_verbs"])
    return re.compile(rf"(?<![\w-])(?:(?:{posts})\s+for|{verbs})\s+$")


@cache
def _seat_owner() -> re.Pattern[str]:
    """What follows a seat named in the possessive before its member's post: "'s Labour
    MP", "'s MP"."""
    posts = alternation(load("actors.json")["constituency_posts"])
    return re.compile(rf"['’]s\s+(?:[{UPPER}][\w-]*\s+){{0,2}}?(?:{posts})(?![\w-])")


@cache
def _constituency() -> re.Pattern[str]:
    """A constituency after its member's post, whole ("MP for Rowley and Ashton Vale")."""
    posts = alternation(load("actors.json")["constituency_posts"])
    word = rf"[{UPPER}][\w'’-]+"
    name = rf"{word}(?:(?:[ ](?:upon|on|under))?[ ]{word})*"
    return re.compile(rf"(?<![\w-])(?:{posts})[ ]for[ ]({name}(?:[ ]and[ ]{name})?)")


def constituency_mentions(text: str) -> list[Mention]:
    """Constituencies named after "MP for": one place, "and" included."""
    return [Mention(m.group(1), m.start(1), m.end(1), "Place", "rule")
            for m in _constituency().finditer(text) if " and " in m.group(1)]


@cache
def _described() -> re.Pattern[str]:
    """A kind of firm right before a name ("financial consultant Marlow Advisory", "the
    accountancy firm Grant Thornton"): the name is a body's, whatever its words."""
    kinds = alternation(load("actors.json")["firm_kinds"])
    return re.compile(rf"(?<![\w-])(?:{kinds})\s+$", re.IGNORECASE)


@cache
def _apposed_body() -> re.Pattern[str]:
    """A name with its kind set after it: "Westshire SEND Voices, a parent-led campaign
    group," (words an organisation's name may be made of, whatever they are)."""
    data = load("actors.json")
    kinds = alternation([*data["apposed_kinds"], *data["apposed_places"]])
    word = rf"[{UPPER}][\w'’&-]*"
    return re.compile(rf"(?<![\w-])({word}(?:[ ]+{word}){{1,5}}),\s+(?:an?|its|their)\s+"
                      rf"(?:[\w-]+\s+){{0,2}}?({kinds})"
                      r"(?=\s*(?:[,.;:)]|$)|\s+(?:which|that|based|founded|set|run|led|in|for)\b)")


def apposed_mentions(text: str, people: list[tuple[int, int]]) -> list[Mention]:
    """Bodies named with their kind in apposition: "X, a parent-led campaign group,"
    (not a name the model took for a person's: "Ann Lee, a charity founder,"; but a place
    no person is, "Larch House, its children's home")."""
    places = {k.lower() for k in load("actors.json")["apposed_places"]}
    return [Mention(m.group(1), m.start(1), m.end(1), "Organisation", "rule")
            for m in _apposed_body().finditer(text)
            if m.group(1).split()[0].lower() not in STOP_WORDS
            and (m.group(2).lower() in places
                 or not any(a < m.end(1) and m.start(1) < b for a, b in people))]


@cache
def _kind_then_name() -> re.Pattern[str]:
    """A kind of body only bodies are, then a name: "the charity Parents First for SEND"
    (the model often sees no name in such words)."""
    kinds = alternation(load("actors.json")["kinds_before_name"])
    word = rf"[{UPPER}][\w'’&-]*"
    return re.compile(rf"(?<![\w-])(?i:{kinds})\s+({word}(?:\s+(?:(?:for|of)\s+)?"
                      rf"{word}){{0,6}})(?![\w'’-])")


def kind_mentions(text: str) -> list[Mention]:
    """Bodies named right after their kind: "the campaign group Westshire SEND Voices"."""
    return [Mention(m.group(1), m.start(1), m.end(1), "Organisation", "rule")
            for m in _kind_then_name().finditer(text)]


@cache
def _post_then_body() -> re.Pattern[str]:
    """A post in lower case, then a name ending in a body's head word, as a guest list or a
    signature sets them: "Tom Hale, co-founder, Kelmere Autism Parents Network"."""
    posts = alternation(load("roles.json")["heads"])
    heads = alternation(load("actors.json")["org_heads"])
    word = rf"[{UPPER}][\w'’&-]*"
    return re.compile(rf",[ \t]+(?:[a-z][\w-]*[ \t]+){{0,4}}(?:{posts}),[ \t]+"
                      rf"({word}(?:[ \t]+(?:(?:of|for|and|&)[ \t]+)?{word}){{0,6}}?"
                      rf"[ \t]+(?:{heads}))(?=[ \t]*(?:[,.;:(\n]|$))")


def post_mentions(text: str) -> list[Mention]:
    """Bodies named right after a person's post in apposition (see `_post_then_body`)."""
    return [Mention(m.group(1), m.start(1), m.end(1), "Organisation", "rule")
            for m in _post_then_body().finditer(text)
            if m.group(1).split()[0].lower() not in STOP_WORDS]


def outlet_mentions(text: str, outlet: str) -> list[Mention]:
    """The article's own outlet named in its text: in full ("the Westshire Lamp"), or as
    papers name themselves, "the" and the last word of the name ("told the Lamp")."""
    words = re.sub(r"^[Tt]he\s+", "", outlet).split()
    full = r"\s+".join(map(re.escape, words))
    named_short = len(words) > 1 and words[-1][:1].isupper()
    short = rf"(?<=\bthe )(?:{re.escape(words[-1])})" if named_short else full
    return [Mention(m.group(), m.start(), m.end(), "NewsOutlet", "outlet", outlet)
            for m in re.finditer(rf"(?<![\w-])(?:{full}|{short})(?![\w-])", text)]


_SHOUTED_LINE = re.compile(r"^[^\S\n]*[A-Z][A-Z'’&-]*(?:[^\S\n]+[A-Z][A-Z'’&,-]*){1,11}[^\S\n]*$",
                           re.MULTILINE)
_SMALL_WORDS = frozenset({"And", "Of", "For", "The", "Upon", "On", "In", "At", "To"})


def unshout_lines(text: str) -> str:
    """`text` with each line set wholly in capitals that names a body by its head word
    ("KELMERE BOROUGH COUNCIL", a minutes' or a letter's heading) in title case, its
    joining words in lower case and words of three letters or fewer (NHS, ICB) kept as
    acronyms; offsets are unchanged, so names are read from the heading as from any other
    line. A masthead or a headline, with no body's head word, stays as it is."""
    heads = {h.upper() for h in load("actors.json")["org_heads"]}

    def title(line: re.Match[str]) -> str:
        if not heads & set(re.findall(r"[A-Z]+", line.group())):
            return line.group()  # a masthead or a headline: no body's name
        return re.sub(r"[A-Z][A-Z'’&-]*", _title_word, line.group())
    return _SHOUTED_LINE.sub(title, text)


def _title_word(word: re.Match[str]) -> str:
    """A word of a heading in capitals as a name writes it: "and", "Kelmere", "NHS"."""
    titled = word.group().title()
    if titled in _SMALL_WORDS:
        return word.group().lower()
    return word.group() if len(word.group()) <= 3 else titled


def recognise(text: str, spans: list[Span], outlet: str | None = None) -> list[Mention]:
    """All actor mentions of `text`, non-overlapping, in text order.

    Rule mentions (and care boards only the register knows by that name) are
    placed first, longest first; statistical ones only fill the gaps, so "Ofsted
    and Care Quality Commission" stays two regulators. The article's own `outlet`
    (from its banner or byline) is named wherever the text names it ("told the
    Westshire Lamp"), whatever the model made of its words.
    """
    people = [(start, end) for start, end, label in spans if label == "PERSON"]
    text = unshout_lines(text)
    rules = [_after_person(m, people, text) for m in rule_mentions(text)]
    if outlet:
        rules += outlet_mentions(text, outlet)
    rules += register_mentions(text) + title_mentions(text) + committee_mentions(text)
    rules += apposed_mentions(text, people) + constituency_mentions(text) + kind_mentions(text)
    rules += post_mentions(text) + seat_mentions(text)
    priority = {"outlet": 0, "known": 0, "known-group": 0, "rule": 1, "register": 1, "title": 2,
                "committee": 3}
    rules.sort(key=lambda m: (-(m.end - m.start), priority[m.source], m.start))
    taken: list[Mention] = []
    covered: set[int] = set()  # offsets taken mentions cover
    for mention in [*coordinated_mentions(text), *rules, *ner_mentions(text, spans),
                    *verb_mentions(text)]:
        span = range(mention.start, mention.end)
        if not any(i in covered for i in span):
            taken.append(mention)
            covered.update(span)
    return sorted(taken, key=lambda m: m.start)
