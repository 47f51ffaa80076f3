"""The plain in-memory model passed between pipeline stages.

Extraction stages produce these objects and never touch rdflib; `kg.modelling`
is the one place that maps them to RDF. Every extracted fact carries an
`Evidence`: the article, the sentence, its character span and the extractor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.spilling import Outline


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: article name, sentence text and span, extractor."""

    article: str
    sentence: str
    start: int
    end: int
    extractor: str
    confidence: float = 1.0


@dataclass
class Article:
    """One input document after reading and cleaning.

    `name` is the file's path relative to the corpus folder, in posix form (a
    file at the top is named by its file name alone); `text` is the cleaned main
    text that every span refers to; `published` is an ISO date (or date-time)
    only when the text states one.
    """

    name: str
    text: str
    sha256: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    duplicates: list[str] = field(default_factory=list)
    removed_lines: int = 0


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """A span of an article that names (or points to) an actor."""

    text: str
    start: int
    end: int
    type: str
    source: str
    name: str | None = None  # the actor's name when the text splits it ("A and B councils")


@dataclass(frozen=True)
class Link:
    """An actor matched to a register entry (`kg/gazetteer.py`): the entry's code,
    scheme, register, official name, type and tier, how the match was made
    (exact, normalised, acronym, area), and the sentence whose name matched."""

    code: str
    scheme: str
    register: str
    name: str
    type: str
    tier: str | None
    method: str
    confidence: float
    evidence: Evidence


@dataclass
class Entity:
    """A resolved actor: one node in the graph.

    `key` is deterministic (type folder + slug of the canonical name), so the
    same actor in two articles, or two builds, gets the same key. `link` is its
    register entry, when one matched.
    """

    key: str
    name: str
    type: str
    aliases: set[str] = field(default_factory=set)
    mentions: list[Evidence] = field(default_factory=list)
    link: Link | None = None


@dataclass(frozen=True)
class DateValue:
    """A date at the precision the text gives.

    `iso` is `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or None when the text gives a
    relative date that cannot be anchored; `text` is always the words used.
    """

    text: str
    iso: str | None
    approximate: bool = False


@dataclass(frozen=True)
class Money:
    """A sum normalised to pounds, with its period and any qualifier ("more than")."""

    text: str
    amount_gbp: float
    period: str = "unknown"
    qualifier: str | None = None


@dataclass
class Role:
    """A person holding a role, for an organisation and/or a party.

    The organisation or party may be read from another sentence of the article
    (its council, a party stated elsewhere); their own evidence then says where.
    `links` are the person-to-organisation relations the post implies: a trust's chief
    executive leads it, a council's works for it, a councillor holds an elected seat (none).
    """

    person: str
    role: str | None
    organisation: str | None
    party: str | None
    evidence: Evidence
    organisation_evidence: Evidence | None = None
    party_evidence: Evidence | None = None
    links: tuple[str, ...] = ("worksFor",)


@dataclass
class Quote:
    """Direct or reported speech attributed to a person, organisation or document."""

    speaker: str
    text: str
    evidence: Evidence
    reported: bool = False


@dataclass
class Participant:
    """An actor taking part in an event; `evidence` is the sentence that names it there."""

    entity: str
    role: str
    evidence: Evidence | None = None


@dataclass
class Event:
    """Something that happened or is planned, with its participants and date.

    `identity` names an event independently of its date (e.g. "initial": the
    inspection a re-inspection followed), so sources that date it differently
    still describe one event, and the disagreement shows as a conflict.
    """

    kind: str
    label: str
    evidence: Evidence
    date: DateValue | None = None
    participants: list[Participant] = field(default_factory=list)
    outcome: str | None = None
    measure: str | None = None
    status: str | None = None
    money: Money | None = None
    purpose: str | None = None
    identity: str | None = None


@dataclass
class Relation:
    """An organisational link such as partOf, leads or worksFor.

    `support` is a second sentence when one alone does not name both ends (a
    member of a body that exists by definition, named elsewhere in the article).
    """

    subject: str
    relation: str
    object: str
    evidence: Evidence
    support: Evidence | None = None


@dataclass
class Deficit:
    """A body's deficit, overspend or budget gap: money owed or missing, never funding.

    `body` is the actor whose budget it is (None when the article names none);
    `word` is how the text names the shortfall ("deficit", "overspend").
    """

    body: str | None
    money: Money
    word: str
    evidence: Evidence
    date: DateValue | None = None


@dataclass
class Extraction:
    """Everything read from one article: a pure function of its text and metadata."""

    article: Article
    entities: list[Entity] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    deficits: list[Deficit] = field(default_factory=list)


@dataclass
class Skipped:
    """An input file the build could not use, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class Succession:
    """A body the register says another replaced on `date` (ISO), both named in the corpus."""

    predecessor: str
    successor: str
    date: str
    register: str


@dataclass
class Corpus:
    """The resolved corpus: entities merged across articles; each story's extraction,
    its facts keyed to them (a `kg.spilling.Spill` in a build: read from disk on
    demand), and what the build holds of each (`outlines`, in the same order)."""

    articles: list[Article]
    entities: dict[str, Entity]
    extractions: Sequence[Extraction]
    outlines: list[Outline]
    skipped: list[Skipped] = field(default_factory=list)
    successions: list[Succession] = field(default_factory=list)
    registers: dict[str, dict] = field(default_factory=dict)  # what each link's register is
    mapping: dict[str, str] = field(default_factory=dict)  # article actor key -> entities key
