"""The project's closed vocabulary: a misspelt term raises instead of minting a predicate.

Every term is declared, with its label, comment and alignment to standard
vocabularies, in `kg/ontology.ttl`; a test keeps the two in step.
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

OA = Namespace("http://www.w3.org/ns/oa#")


class KG(DefinedNamespace):
    """SEND accountability graph vocabulary."""

    _fail = True
    _NS = Namespace("https://w3id.org/sendkg/ns#")

    # Organisation and actor classes (the contract's `type` vocabulary)
    LocalAuthority: URIRef  # A council: county, borough, city, district, unitary.
    IntegratedCareBoard: URIRef  # An NHS Integrated Care Board.
    ClinicalCommissioningGroup: URIRef  # An NHS clinical commissioning group (before 2022).
    Regulator: URIRef  # An inspectorate such as Ofsted or the CQC.
    GovernmentBody: URIRef  # A government department or national public body.
    NHSBody: URIRef  # An NHS body other than an ICB or CCG.
    PoliticalParty: URIRef  # A political party or council group.
    ParentCarerGroup: URIRef  # A parent carer forum or network.
    NewsOutlet: URIRef  # A newspaper, website or publisher.
    School: URIRef  # A school, academy or college.
    Organisation: URIRef  # Any other organisation.
    Person: URIRef  # A person named in the text.
    Place: URIRef  # A place: county, town, local area.

    # Extracted things
    Event: URIRef  # Something that happened or is planned.
    EventKind: URIRef  # A kind of event (SKOS concept).
    Quotation: URIRef  # What a speaker said; not an assertion of the graph.
    Funding: URIRef  # A stated sum of money.
    Deficit: URIRef  # A body's deficit, overspend or budget gap; never funding.
    Membership: URIRef  # A person's role for an organisation.
    Article: URIRef  # An input article.
    Sentence: URIRef  # A sentence of an article, with its character span.
    Evidence: URIRef  # The sentence and extractor behind one statement.
    ExtractionRun: URIRef  # One run of the builder.

    # Organisational relations (the contract's `relation` vocabulary)
    partOf: URIRef
    memberOf: URIRef
    leads: URIRef
    represents: URIRef
    inspects: URIRef
    accountableTo: URIRef
    worksFor: URIRef
    spokespersonFor: URIRef
    commissions: URIRef
    relatedTo: URIRef

    # Event properties
    kind: URIRef  # Event kind concept.
    date: URIRef  # Date at the text's precision (xsd:date, gYearMonth, gYear, gMonthDay).
    dateText: URIRef  # The words that gave the date.
    approximate: URIRef  # True when the text says "about" or "around".
    participant: URIRef  # Any participant.
    inspector: URIRef
    inspected: URIRef
    organiser: URIRef
    appointee: URIRef
    funder: URIRef
    concerns: URIRef  # Participant the event is about, when no finer role applies.
    outcome: URIRef
    measure: URIRef
    status: URIRef

    # Funding
    period: URIRef
    qualifier: URIRef
    purpose: URIRef

    # Deficits
    deficitOf: URIRef  # The body whose deficit it is.
    shortfall: URIRef  # How the text names it: "deficit", "overspend", "budget gap".

    # Quotes
    speaker: URIRef
    reported: URIRef  # True for reported speech in single quotes.

    # Roles
    roleName: URIRef  # The role as written, e.g. "cabinet member for education".
    party: URIRef  # The party or council group a membership is held for.

    # Articles and provenance
    fileName: URIRef
    outlet: URIRef
    sameStoryAs: URIRef  # Near-duplicate copy of the same story.
    sha256: URIRef
    sentence: URIRef  # Evidence -> Sentence.
    article: URIRef  # Sentence/Evidence -> Article.
    extractor: URIRef  # Versioned name of the extractor that produced the statement.
    confidence: URIRef
    evidence: URIRef  # Any extracted node -> its Evidence.

    # Official registers (kg/gazetteer.py, kg/linking.py)
    Register: URIRef  # A published list of bodies and codes, with its source and licence.
    Succession: URIRef  # A register's statement that one body replaced another, on a date.
    register: URIRef  # Identifier/Succession -> the Register it comes from.
    registeredName: URIRef  # The register's name for the body an actor was linked to.
    tier: URIRef  # A council's tier: "county", "district" or "unitary".
    succeededBy: URIRef  # Actor -> the actor that replaced it.
    predecessor: URIRef  # Succession -> the body it ended.
    successor: URIRef  # Succession -> the body it began.
