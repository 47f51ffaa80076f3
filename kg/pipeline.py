"""The build, stage by stage: read -> clean -> deduplicate -> extract -> resolve -> model.

Each stage is a module named for its job; this one only wires them together
and times them for the build report.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from kg import settings
from kg.caching import ExtractionCache
from kg.cleaning import clean_text
from kg.dedup import story_clusters
from kg.errors import InputError, ValidationError
from kg.extracting import extract_article
from kg.metadata import read_metadata
from kg.model import Article, Corpus, Extraction, Skipped
from kg.nlp import entity_spans
from kg.reading import Document, read_corpus
from kg.resolving import resolve_corpus

log = logging.getLogger(__name__)


@dataclass
class Timings:
    """Seconds spent per stage, in the order stages ran."""

    stages: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.stages[name] = self.stages.get(name, 0.0) + time.perf_counter() - start


def to_article(doc: Document) -> Article:
    """Clean one document and read the metadata its text states."""
    meta = read_metadata(doc.text)
    cleaned = clean_text(doc.text)
    return Article(
        name=doc.name,
        text=cleaned.text,
        sha256=doc.sha256,
        title=meta.title,
        outlet=meta.outlet,
        published=meta.published,
        removed_lines=len(cleaned.removed),
    )


def read_articles(folder: Path, timings: Timings) -> tuple[list[Article], list[Skipped]]:
    articles: list[Article] = []
    skipped: list[Skipped] = []
    with timings.stage("read+clean"):
        for item in read_corpus(folder):
            if isinstance(item, Skipped):
                skipped.append(item)
                continue
            article = to_article(item)
            if article.text.strip():
                articles.append(article)
            else:
                skipped.append(Skipped(item.name, "no article text left after cleaning"))
    if not articles:
        reasons = "; ".join(f"{Path(s.path).name}: {s.reason}" for s in skipped)
        raise InputError(f"no readable articles in {folder}" + (f" ({reasons})" if reasons else ""))
    return articles, skipped


def primaries(articles: list[Article], timings: Timings) -> list[Article]:
    """One article per story; its `duplicates` name the other copies."""
    with timings.stage("dedup"):
        out = []
        for cluster in story_clusters(articles):
            head = cluster[0]
            head.duplicates = [a.name for a in cluster[1:]]
            out.append(head)
    return out


def extract_batch(articles: list[Article]) -> list[Extraction]:
    """NER over the batch with `nlp.pipe`, then the pure per-article extraction."""
    spans = entity_spans(a.text for a in articles)
    return [extract_article(a, s) for a, s in zip(articles, spans, strict=True)]


def extract_all(articles: list[Article], timings: Timings, workers: int = 1,
                cache: ExtractionCache | None = None) -> list[Extraction]:
    """Extract every article, in input order, from the cache or on `workers` processes.

    Results do not depend on `workers`: each article's extraction is a pure
    function of the article, and batches come back in order.
    """
    done: dict[str, Extraction] = {}
    if cache is not None:
        for article in articles:
            hit = cache.get(article)
            if hit is not None:
                done[article.name] = hit
    todo = [a for a in articles if a.name not in done]
    batches = [todo[i : i + settings.BATCH_SIZE] for i in range(0, len(todo), settings.BATCH_SIZE)]
    with timings.stage("nlp+extract"), tqdm(total=len(todo), unit="article", disable=None,
                                           desc="extracting", leave=False) as bar:
        if workers > 1 and len(batches) > 1:
            with ProcessPoolExecutor(workers) as pool:
                results = pool.map(extract_batch, batches)
                for batch in results:
                    _keep(batch, done, cache, bar)
        else:
            for batch in batches:
                _keep(extract_batch(batch), done, cache, bar)
    return [done[a.name] for a in articles]


def _keep(batch: list[Extraction], done: dict[str, Extraction], cache: ExtractionCache | None,
          bar: tqdm) -> None:
    for extraction in batch:
        done[extraction.article.name] = extraction
        if cache is not None:
            cache.put(extraction.article, extraction)
    bar.update(len(batch))


def build_corpus(folder: Path, timings: Timings | None = None, workers: int = 1,
                 cache: ExtractionCache | None = None) -> Corpus:
    """Read a folder of articles into a resolved corpus (no RDF yet)."""
    timings = timings or Timings()
    articles, skipped = read_articles(folder, timings)
    extractions = extract_all(primaries(articles, timings), timings, workers, cache)
    with timings.stage("resolve"):
        entities = resolve_corpus(extractions)
    return Corpus(articles=articles, entities=entities, extractions=extractions,
                  skipped=skipped)


@dataclass
class BuildResult:
    """What a build wrote and the report it printed."""

    corpus: Corpus
    report: dict
    written: list[Path]


def report_of(corpus: Corpus, timings: Timings, triples: int) -> dict:
    """Counts a person checks after a build; facts of a duplicated story count once."""
    by_type: dict[str, int] = {}
    for entity in corpus.entities.values():
        by_type[entity.type] = by_type.get(entity.type, 0) + 1
    x = corpus.extractions
    return {
        "articles_read": len(corpus.articles),
        "stories": len(x),
        "duplicates": {e.article.name: e.article.duplicates for e in x if e.article.duplicates},
        "skipped": [{"file": s.path, "reason": s.reason} for s in corpus.skipped],
        "entities": len(corpus.entities),
        "entities_by_type": dict(sorted(by_type.items())),
        "facts": {
            "roles": sum(len(e.roles) for e in x),
            "relations": sum(len(e.relations) for e in x),
            "quotes": sum(len(e.quotes) for e in x),
            "events": sum(len(e.events) for e in x),
            "funding": sum(1 for e in x for ev in e.events if ev.money),
        },
        "triples": triples,
        "seconds": {k: round(v, 3) for k, v in timings.stages.items()},
        "seconds_total": round(sum(timings.stages.values()), 3),
    }


def _graph_of(line: str) -> str:
    """The graph IRI of one of the builder's N-Quads lines (every line names its graph)."""
    return line.rsplit(" ", 2)[-2]


def check_shapes(lines: list[str]) -> str:
    """Validate the build's own output with SHACL; raise if it breaks the shapes.

    Past `settings.VALIDATE_MAX_TRIPLES` statements a deterministic sample of
    the named graphs (every n-th article's, and the build graph) is validated.
    """
    from kg.modelling import dataset_of, union
    from kg.validating import validate

    scope = "all"
    if len(lines) > settings.VALIDATE_MAX_TRIPLES:
        graphs = sorted({_graph_of(line) for line in lines})
        keep = set(graphs[:: max(1, len(graphs) // settings.VALIDATE_SAMPLE_GRAPHS)])
        keep |= {g for g in graphs if g.endswith("/graph/build>")}
        lines = [line for line in lines if _graph_of(line) in keep]
        scope = f"sample of {len(keep)} graphs"
    report = validate(union(dataset_of(lines)))
    if not report.conforms:
        shown = "\n  ".join(report.violations[:10])
        raise ValidationError(
            f"the built graph breaks {len(report.violations)} SHACL constraint(s) "
            f"(a builder bug; please report it):\n  {shown}")
    return scope


def html_lines(lines: list[str], limit: int) -> list[str]:
    """The statements the page draws for a large graph: its `limit` best-linked nodes.

    A page of tens of thousands of nodes does not open usefully, so large builds
    draw the most connected actors and events (with their own statements, not
    the evidence nodes); `kg html` on a filtered export draws any other part.
    """
    base = f"<{settings.BASE_IRI}"
    skip = (f"{base}evidence/", f"{base}article/")
    degree: Counter[str] = Counter()
    for line in lines:
        s, _, rest = line.partition(" ")
        o = rest.partition(" ")[2].rsplit(" ", 2)[0]
        if o.startswith(base) and not o.startswith(skip) and not s.startswith(skip):
            degree[s] += 1
            degree[o] += 1
    keep = {node for node, _ in degree.most_common(limit)}
    return [line for line in lines if line.partition(" ")[0] in keep
            or f"{settings.BASE_IRI}graph/build>" in line]


def build(folder: Path, out_dir: Path, workers: int = 1, use_cache: bool = True) -> BuildResult:
    """Build the graph from `folder` and write every export into `out_dir`.

    Extractions are cached in `out_dir/.cache` unless `use_cache` is False, so a
    rebuild after adding one article extracts only that article. Nothing is
    written until every export has been made and the graph has passed its shapes.
    """
    from kg.explaining import entities_json
    from kg.exporting import LARGE_GRAPH_TRIPLES, serialise, serialise_nquads, write_exports
    from kg.html import page_html
    from kg.modelling import dataset_of, to_nquads, union

    timings = Timings()
    cache = ExtractionCache(out_dir / ".cache") if use_cache else None
    corpus = build_corpus(folder, timings, workers, cache)
    with timings.stage("rdf"):
        lines = to_nquads(corpus)
    with timings.stage("validate"):
        validated = check_shapes(lines)
    large = len(lines) > LARGE_GRAPH_TRIPLES
    with timings.stage("serialise"):
        if large:  # rdflib's store and serialisers do not scale: Oxigraph writes all
            files = serialise_nquads(lines)
            triples = files["graph.nt"].count(b"\n")
        else:
            ds = dataset_of(lines)
            files = serialise(ds)
            triples = len(union(ds))
        files["entities.json"] = entities_json(corpus)
    with timings.stage("html"):
        drawn = html_lines(lines, settings.HTML_MAX_NODES) if large else lines
        del lines
        files["graph.html"] = page_html(union(dataset_of(drawn)))[0].encode("utf-8")
    report = report_of(corpus, timings, triples)
    report["cache_hits"] = cache.hits if cache else 0
    report["validated"] = validated
    return BuildResult(corpus, report, write_exports(out_dir, files, report))
