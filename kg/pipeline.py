"""The build, stage by stage: read -> clean -> deduplicate -> extract -> resolve -> model.

Each stage is a module named for its job; this one only wires them together
and times them for the build report.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

from kg import settings
from kg.caching import BuildCache, article_key, cache_key
from kg.cleaning import clean_text
from kg.dedup import story_clusters
from kg.errors import InputError, ValidationError
from kg.executors import HERE, Farm, farm
from kg.extraction.registry import needs_parse
from kg.gazetteer import Gazetteer
from kg.linking import link_article, registers_used, successions
from kg.metadata import read_metadata
from kg.model import Article, Corpus, Extraction, Skipped
from kg.nlp import analyse
from kg.reading import Document, Unreadable, read_corpus, to_document
from kg.recognising import may_name_actor
from kg.resolving import resolve_corpus
from kg.sentences import bound_lines
from kg.spilling import Lazy, Spill
from kg.windowing import Piece, assembled, extract_piece, pieces

if TYPE_CHECKING:
    from kg.exporting import Chunks, ExportWriter
    from kg.modelling import Story
    from kg.store import Part

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
            self.add(name, time.perf_counter() - start)

    def add(self, name: str, took: float) -> None:
        self.stages[name] = self.stages.get(name, 0.0) + took
        log.info("%s took %.2fs", name, took)  # `kg -v` shows each stage as it ends


def to_article(doc: Document) -> Article:
    """Clean one document and read the metadata its text states; its lines are bounded
    (`bound_lines`), so no paragraph makes an extractor's work grow with its square."""
    meta = read_metadata(doc.text)
    cleaned = clean_text(doc.text)
    return Article(
        name=doc.name,
        text=bound_lines(cleaned.text),
        sha256=doc.sha256,
        title=meta.title,
        outlet=doc.outlet or meta.outlet,
        published=meta.published,
        removed_lines=len(cleaned.removed),
    )


def _convert(raw: tuple[str, bytes, str]) -> Article | Skipped:
    """Decode and clean one file's bytes (a worker's task, so a pure function of them)."""
    name, data, sha256 = raw
    try:
        return to_article(to_document(name, data, sha256))
    except Unreadable as exc:
        return Skipped(name, str(exc))


def read_articles(folder: Path, timings: Timings, cache: BuildCache | None = None, *,
                  exclude: tuple[Path, ...] = (), follow_links: bool = False,
                  workers: Farm = HERE) -> tuple[list[Article], list[Skipped]]:
    """Read and clean every file, skipping with a reason those that have no article.

    With a `cache`, a file whose name and bytes it has seen is neither decoded
    (nor its web page extracted) nor cleaned again; the others are, on `workers`,
    a stretch of files at a time so the raw bytes held stay bounded.
    `exclude` and `follow_links` are as for `kg.reading.list_inputs`.
    """
    articles: list[Article] = []
    skipped: list[Skipped] = []

    def keep(item: Article | Skipped) -> None:
        if isinstance(item, Skipped):  # `read_corpus` has logged its own
            skipped.append(item)
        elif item.text.strip():
            item.duplicates = []  # each build's `primaries` sets them afresh
            articles.append(item)
        else:  # cached too, so a rebuild reports it again
            log.info("skipped %s: no article text left after cleaning", folder / item.name)
            skipped.append(Skipped(item.name, "no article text left after cleaning"))

    Stretch = list[tuple[str, bytes, str] | Skipped]
    Pending = tuple[Stretch, dict[str, tuple[str, Article | None]],
                    Iterator[Article | Skipped]]

    def start(stretch: Stretch) -> Pending:
        """Look the stretch up in the cache and set the workers converting the rest."""
        raws = [r for r in stretch if not isinstance(r, Skipped)]
        keys = {name: cache_key(name, sha256) for name, _, sha256 in raws}
        hits = {name: (key, cache.get("article", key) if cache else None)
                for name, key in keys.items()}
        todo = [r for r in raws if hits[r[0]][1] is None]
        return stretch, hits, workers.map(_convert, todo, chunksize=8)

    def finish(pending: Pending) -> None:
        stretch, hits, made = pending
        for item in stretch:
            if isinstance(item, Skipped):
                keep(item)
                continue
            name = item[0]
            key, hit = hits[name]
            result = hit or next(made)
            if cache is not None and hit is None and isinstance(result, Article):
                cache.put("article", key, result)
            if isinstance(result, Skipped):
                log.info("skipped %s: %s", folder / name, result.reason)
                result = Skipped(str(folder / name), result.reason)
            keep(result)

    with timings.stage("read+clean"):
        stretch: Stretch = []
        pending: Pending | None = None
        for raw in read_corpus(folder, lambda *raw: raw, exclude=exclude,
                               follow_links=follow_links):
            stretch.append(raw)
            if len(stretch) == settings.READ_STRETCH:  # read the next while this converts
                started = start(stretch)
                if pending:
                    finish(pending)
                pending, stretch = started, []
        if pending:
            finish(pending)
        finish(start(stretch))
    if not articles:
        reasons = "; ".join(f"{Path(s.path).name}: {s.reason}" for s in skipped)
        raise InputError(f"no readable articles in {folder}" + (f" ({reasons})" if reasons else ""))
    return articles, skipped


def primaries(articles: list[Article], timings: Timings,
              cache: BuildCache | None = None, workers: Farm = HERE) -> list[Article]:
    """One article per story; its `duplicates` name the other copies."""
    with timings.stage("dedup"):
        out = []
        for cluster in story_clusters(articles, cache, workers):
            head = cluster[0]
            head.duplicates = [a.name for a in cluster[1:]]
            out.append(head)
    return out


def extract_pieces(batch: list[Piece]) -> list[Extraction]:
    """spaCy over the batch's sentences with `nlp.pipe`, then the pure extraction of each
    piece (a worker's task)."""
    return [extract_piece(p, spans, parses)
            for p, (spans, parses) in zip(
                batch, analyse((p.article.text for p in batch), needs_parse, may_name_actor),
                strict=True)]


def _extract_here(article: Article) -> Extraction:
    """One article extracted in this process (its cache entry was damaged)."""
    return next(assembled([article], (x for batch in _batches([article])
                                      for x in extract_pieces(batch))))


def _batches(articles: list[Article]) -> list[list[Piece]]:
    """The articles' pieces in order, in worker tasks of at most `settings.BATCH_SIZE`
    pieces and about `settings.BATCH_CHARS` characters."""
    out: list[list[Piece]] = [[]]
    size = 0
    for piece in (p for a in articles for p in pieces(a)):
        if out[-1] and (len(out[-1]) == settings.BATCH_SIZE or size >= settings.BATCH_CHARS):
            out.append([])
            size = 0
        out[-1].append(piece)
        size += len(piece.article.text)
    return out if out[0] else []


def extract_all(articles: list[Article], timings: Timings, workers: Farm = HERE,
                cache: BuildCache | None = None) -> list[Extraction]:
    """Every article's extraction, in input order (`extracted`, held in a list)."""
    return list(extracted(articles, timings, workers, cache))


def extracted(articles: list[Article], timings: Timings, workers: Farm = HERE,
              cache: BuildCache | None = None) -> Iterator[Extraction]:
    """Extract every article, in input order, from the cache or on `workers`, each as
    soon as it and those before it are done.

    Results do not depend on `workers`: each article's extraction is a pure
    function of the article, and batches come back in order.
    """
    # cached ones are read one at a time, in turn: a rebuild holds no more than a build
    stored = {a.name for a in articles
              if cache is not None and cache.has("extraction", article_key(a))}
    todo = [a for a in articles if a.name not in stored]
    start, away = time.perf_counter(), 0.0  # the stage's time is not the caller's
    with tqdm(total=len(todo), unit="article", disable=None, desc="extracting",
              leave=False) as bar:
        made = assembled(todo, (x for batch in workers.map(extract_pieces, _batches(todo),
                                                            chunksize=1, least=2)
                                for x in batch))
        for article in articles:
            hit = cache.get("extraction", article_key(article)) if (
                cache is not None and article.name in stored) else None
            if hit is not None:
                hit.article.duplicates = article.duplicates
                extraction = hit
            else:  # new, or its entry was found damaged: made here
                extraction = next(made) if article.name not in stored else _extract_here(
                    article)
                if cache is not None:
                    cache.put("extraction", article_key(extraction.article), extraction)
                bar.update(article.name not in stored)
            left = time.perf_counter()
            yield extraction
            away += time.perf_counter() - left
    timings.add("nlp+extract", time.perf_counter() - start - away)


def build_corpus(folder: Path, timings: Timings | None = None, workers: Farm = HERE,
                 cache: BuildCache | None = None, *, exclude: tuple[Path, ...] = (),
                 follow_links: bool = False, gazetteer: Gazetteer | None = None,
                 spill: Path | None = None) -> Corpus:
    """Read a folder of articles into a resolved corpus (no RDF yet), its actors linked
    to `gazetteer` (by default the packaged one).

    Each extraction goes to disk as it is made (`kg.spilling`, in a temporary file in
    `spill`, by default the system's), so what the build holds does not grow with its
    extractions; cross-article resolution reads their outlines.
    """
    timings = timings or Timings()
    articles, skipped = read_articles(folder, timings, cache, exclude=exclude,
                                      follow_links=follow_links, workers=workers)
    store = Spill(spill)
    outlines, linking = [], 0.0
    for extraction in extracted(primaries(articles, timings, cache, workers), timings, workers,
                                cache):
        start = time.perf_counter()
        link_article(extraction, gazetteer)
        outlines.append(store.add(extraction))
        linking += time.perf_counter() - start
    timings.add("link", linking)
    with timings.stage("resolve"):
        entities, store.mapping = resolve_corpus([o.entities for o in outlines],
                                                 [o.mentions for o in outlines])
    found = successions(entities, gazetteer)
    return Corpus(articles=articles, entities=entities, extractions=store, outlines=outlines,
                  skipped=skipped, successions=found,
                  registers=registers_used(entities, found, gazetteer), mapping=store.mapping)


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
    x = corpus.outlines
    facts: Counter[str] = Counter()
    for outline in x:
        facts.update(outline.facts)
    return {
        "articles_read": len(corpus.articles),
        "stories": len(x),
        "duplicates": {e.article.name: e.article.duplicates for e in x if e.article.duplicates},
        "skipped": [{"file": s.path, "reason": s.reason} for s in corpus.skipped],
        "entities": len(corpus.entities),
        "entities_by_type": dict(sorted(by_type.items())),
        "facts": {kind: facts[kind] for kind in
                  ("roles", "relations", "quotes", "events", "funding", "deficits")},
        "triples": triples,
        "seconds": {k: round(v, 3) for k, v in timings.stages.items()},
        "seconds_total": round(sum(timings.stages.values()), 3),
    }


class ShapeSample:
    """The statements of the stories modelled in this build that the shapes check reads,
    gathered as they are made: every story's while they number at most
    `settings.VALIDATE_MAX_TRIPLES`, past that every n-th story's (about
    `settings.VALIDATE_SAMPLE_GRAPHS` of the `expected` stories), so a build holds a
    bounded share of them."""

    def __init__(self, expected: int) -> None:
        self.step = max(1, expected // settings.VALIDATE_SAMPLE_GRAPHS)
        self.stories = self.statements = 0
        self.every: list[list[str]] = []
        self.sampled: list[list[str]] = []

    def add(self, lines: list[str]) -> None:
        if self.statements <= settings.VALIDATE_MAX_TRIPLES:
            self.every.append(lines)
        if self.stories % self.step == 0:
            self.sampled.append(lines)
        self.stories += 1
        self.statements += len(lines)
        if self.statements > settings.VALIDATE_MAX_TRIPLES:
            self.every = []

    @property
    def sampling(self) -> bool:
        return self.statements > settings.VALIDATE_MAX_TRIPLES

    @property
    def chosen(self) -> list[list[str]]:
        return self.sampled if self.sampling else self.every


class _Read(Lazy["Story"]):
    """Stories read in full (`read`) only as the workers are given them."""

    def __init__(self, stories: list[Story], read: Callable[[Story], Story]) -> None:
        self.stories, self.read = stories, read

    def __len__(self) -> int:
        return len(self.stories)

    def item(self, i: int) -> Story:
        return self.read(self.stories[i])


def model_stories(every: list[Story], cache: BuildCache | None, workers: Farm,
                  writer: ExportWriter, keep_trig: Callable[[str], bool],
                  read: Callable[[Story], Story] = lambda story: story
                  ) -> tuple[list[Part], ShapeSample]:
    """Each story's export chunks (`every`, the corpus's stories in order), from the cache
    or made now (on `workers`),
    written by `writer` as they come, in story order (each read in full by `read` as a
    worker is given it); each story's key and named graphs
    (its share of the store, with its TriG where `keep_trig` asks for it), and the
    statements of the stories made now that the shapes check is to read.

    A story's chunks are a pure function of `Story`, so an unchanged story (same
    articles, same entities resolved into the same names) is not redone, and the
    order of the results does not depend on `workers`. A story made now is cached
    held (`BuildCache.hold`) until the build's shapes pass.
    """
    from kg.modelling import article_graph
    from kg.store import Part

    cached = {story.key for story in every if cache is not None and cache.has("story", story.key)}
    todo = [story for story in every if story.key not in cached]
    sample = ShapeSample(len(todo))
    parts = []
    made = workers.map(_model, _Read(todo, read), chunksize=settings.BATCH_SIZE,
                       least=2 * settings.BATCH_SIZE + 1)
    with tqdm(total=len(every), unit="story", disable=None, desc="modelling",
              leave=False) as bar:
        for story in every:
            chunks = cache.get("story", story.key) if story.key in cached else None
            if chunks is None:
                lines, chunks = next(made) if story.key not in cached else _model(read(story))
                sample.add(lines)
                if cache is not None:
                    cache.hold("story", story.key, chunks)
            writer.add(chunks)
            parts.append(Part(story.key, tuple(str(article_graph(a.name)) for a in story.copies),
                              chunks.trig if keep_trig(story.key) else b""))
            bar.update()
    return parts, sample


def _model(story: Story) -> tuple[list[str], Chunks]:
    """One story's statements and their export chunks (a worker's task)."""
    from kg.exporting import story_chunks
    from kg.modelling import story_lines

    lines = story_lines(story)
    return lines, story_chunks(lines)


def check_shapes(build_graph: list[str], sample: ShapeSample) -> str:
    """Validate the statements this build made with SHACL; raise if they break the shapes.

    Each article's graph is self-contained, and a cached story's graph passed
    when it was made by this same builder, so only new stories (and the build
    graph) are checked: past `settings.VALIDATE_MAX_TRIPLES` statements, a
    deterministic sample of them (`ShapeSample`). A story of more than
    `settings.VALIDATE_STORY_MAX` statements (a very long article) is checked on a
    sample of its subjects (`kg.sampling`).
    """
    from rdflib import URIRef

    from kg.exporting import triple_text
    from kg.modelling import graph_of
    from kg.sampling import subject_sample
    from kg.validating import validate

    chosen = sample.chosen
    scope = f"{sample.stories} new {'story' if sample.stories == 1 else 'stories'}"
    if sample.sampling:
        scope = f"sample of {len(chosen)} of {scope}"
    large = [lines for lines in chosen if len(lines) > settings.VALIDATE_STORY_MAX]
    statements = [*build_graph, *(line for lines in chosen
                                   if len(lines) <= settings.VALIDATE_STORY_MAX
                                   for line in lines)]
    violations = validate(graph_of({f"{triple_text(line)} ." for line in statements})).violations
    for lines in large:
        triples = sorted({f"{triple_text(line)} ." for line in lines})
        some, subjects = subject_sample(triples, settings.VALIDATE_STORY_MAX)
        violations += validate(graph_of(some), [URIRef(s[1:-1]) for s in subjects]).violations
    if violations:
        shown = "\n  ".join(violations[:10])
        raise ValidationError(
            f"the built graph breaks {len(violations)} SHACL constraint(s) "
            f"(a builder bug; please report it):\n  {shown}")
    if large:
        scope += f", {len(large)} of them by a sample of their subjects"
    return scope


def html_lines(drawable: Path, build_graph: list[str], limit: int) -> list[str]:
    """The triples (N-Triples lines) the page draws for a large graph: its `limit`
    best-linked nodes.

    A page of tens of thousands of nodes does not open usefully, so large builds
    draw the most connected actors and events (ties broken by IRI, so every
    build draws the same), with their own statements (not the evidence nodes);
    `kg html` on a filtered export draws any other part. `drawable` holds the
    lines the stories' chunks can draw, sorted without repeats; it is read twice
    rather than held.
    """
    from kg.exporting import triple_text

    base = f"<{settings.BASE_IRI}"
    degree: Counter[str] = Counter()
    with drawable.open(encoding="utf-8") as lines:
        for line in lines:
            s, _, rest = line.rstrip("\n").partition(" ")
            o = rest.partition(" ")[2]
            if o.startswith(base) and not o.startswith(f"{base}article/"):
                degree[s] += 1
                degree[o] += 1
    ranked = sorted(degree.items(), key=lambda item: (-item[1], item[0]))
    keep = {node for node, _ in ranked[:limit]}
    with drawable.open(encoding="utf-8") as lines:
        chosen = {line.rstrip("\n") for line in lines if line.partition(" ")[0] in keep}
    return sorted(f"{t} ." for t in chosen | {triple_text(line) for line in build_graph})


def build(folder: Path, out_dir: Path, workers: int = 1, use_cache: bool = True,
          follow_links: bool = False, scheduler: str | None = None) -> BuildResult:
    """Build the graph from `folder` and write every export into `out_dir`.

    Each stage's per-article results are cached in `out_dir/.cache` unless
    `use_cache` is False, so a rebuild after adding one article redoes only that
    article's work. The exports are written into a folder of their own and, once
    every one is made and the new statements have passed the shapes, replace the
    last build's as one set (`kg.publishing`): a failed or killed build leaves
    the last set whole. An `out_dir` inside `folder` is not read as input;
    symbolic links out of `folder` are read only if `follow_links`. The per-article
    work runs on the Dask cluster whose scheduler is at the address `scheduler`, else
    on `workers` local processes (`kg.executors`), to the same exports.
    """
    from kg.publishing import begin, discard, publish, writing

    staged = begin(out_dir)
    try:
        cache = BuildCache(out_dir / ".cache") if use_cache else None
        corpus, report = _write_set(folder, out_dir, staged, cache, follow_links,
                                    workers=workers, scheduler=scheduler)
        with writing(out_dir):
            written = publish(out_dir, staged)
    except BaseException:
        discard(staged)
        raise
    if cache is not None:
        cache.prune()
    return BuildResult(corpus, report, written)


def _write_set(folder: Path, out_dir: Path, staged: Path, cache: BuildCache | None,
               follow_links: bool, *, workers: int, scheduler: str | None
               ) -> tuple[Corpus, dict]:
    """Build the graph and write the whole export set into `staged`, a new folder in
    `out_dir`. The workers (`kg.executors.farm`) serve every stage up to the RDF, and
    are closed, their memory freed, before the exports are written. The stories'
    statements go to disk as they are modelled: what a build holds grows with its
    corpus's extractions, not with its graph."""
    from kg.explaining import write_entities_json
    from kg.exporting import (
        LARGE_GRAPH_TRIPLES,
        Conversion,
        ExportWriter,
        line_count,
        prefix_header,
        sort_lines,
        story_chunks,
        write_report,
    )
    from kg.html import page_html
    from kg.modelling import build_graph as build_graph_iri
    from kg.modelling import build_lines, graph_of, read_story, stories
    from kg.publishing import current, writing
    from kg.store import Part, reusable, write_store

    timings = Timings()
    previous = current(out_dir) if cache is not None else None
    with farm(workers, scheduler) as farmed:
        corpus = build_corpus(folder, timings, farmed, cache, exclude=(out_dir,),
                              follow_links=follow_links, spill=staged)
        with timings.stage("rdf"), writing(out_dir):
            build_graph = build_lines(corpus)
            build_chunks = story_chunks(build_graph)
            build_part = Part(cache_key("build", *build_graph), (str(build_graph_iri()),),
                              build_chunks.trig)
            every = stories(corpus)
            old = reusable(previous, [*(s.key for s in every), build_part.key])
            writer = ExportWriter(staged, build_chunks)
            try:
                parts, sample = model_stories(every, cache, farmed, writer,
                                              lambda key: old is not None and key not in old,
                                              partial(read_story, corpus))
            finally:
                writer.close()
            parts.append(build_part)
    with timings.stage("validate"):
        try:
            validated = check_shapes(build_graph, sample)
        except ValidationError:  # a story that broke the shapes must not pass as checked
            if cache is not None:
                cache.release()
            raise
    del sample
    if cache is not None:
        cache.confirm()
    large = writer.statements > LARGE_GRAPH_TRIPLES
    with timings.stage("write"), writing(out_dir):
        writer.finish()
        write_entities_json(corpus, staged / "entities.json")
        if large:
            sort_lines(writer.drawable.with_suffix(".sorted"), writer.drawable)
        writer.drawable.unlink()
    with writing(out_dir):
        converting = Conversion(staged)  # graph.ttl and graph.jsonld, while:
        storing = None
        try:
            with timings.stage("store"):  # the store, while:
                storing = write_store(staged, prefix_header(), parts, previous, old)
                del parts
            with timings.stage("html"):
                drawable = writer.drawable.with_suffix(".sorted")
                graph = graph_of(
                    html_lines(drawable, build_graph, settings.HTML_MAX_NODES) if large
                    else (staged / "graph.nt").read_text(encoding="utf-8").splitlines())
                drawable.unlink(missing_ok=True)
                (staged / "graph.html").write_bytes(page_html(graph)[0].encode("utf-8"))
                del graph
            with timings.stage("serialise"):  # what the page did not hide
                converting.finish()
                stored = storing.finish()
        except BaseException:
            converting.abort()
            if storing is not None:
                storing.abort()
            raise
    report = report_of(corpus, timings, line_count(staged / "graph.nt"))
    report["cache_hits"] = dict(sorted(cache.hits.items())) if cache else {}
    report["cache_discarded"] = cache.discarded if cache else 0
    report["validated"] = validated
    report["store"] = stored
    with writing(out_dir):
        write_report(staged, report)
    return corpus, report
