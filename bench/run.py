"""Benchmark whole builds of synthetic corpora, one process per size.

For each size: make the corpus (bench/make_corpus.py), build it from an empty cache,
and measure throughput, seconds per stage, peak memory, export sizes, the latency of
every named query on Oxigraph and rdflib, spaCy's own `nlp.pipe` throughput on the
same stories, and a cached rebuild after one new article. Each size runs in a fresh
interpreter so its peak memory is its own. Prints a Markdown table and writes it to
bench/results.md. With --dask, the builds send their work to a Dask LocalCluster of
--workers worker processes (one thread each) instead of the local process pool.

Usage: .venv/bin/python bench/run.py [--sizes 1000 10000] [--workers 2] [--dask]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.make_corpus import COPY_RATE, make_article, make_corpus  # noqa: E402
from kg import pipeline  # noqa: E402
from kg.errors import ValidationError  # noqa: E402
from kg.pipeline import build  # noqa: E402
from kg.querying import load_query, named_queries  # noqa: E402

STAGES = ("read+clean", "dedup", "nlp+extract", "link", "resolve", "rdf", "validate", "write",
          "store", "html", "serialise")
EXPORTS = ("graph.ttl", "graph.trig", "graph.nt", "graph.jsonld", "graph.html", "entities.json")


def _peak_mb() -> dict[str, float]:
    """Peak resident memory so far: this process, and its largest finished child."""
    return {who: round(resource.getrusage(flag).ru_maxrss / 1024, 1)
            for who, flag in (("self", resource.RUSAGE_SELF),
                              ("children", resource.RUSAGE_CHILDREN))}


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Raise TimeoutError in this (main) thread after `seconds`; rdflib's pure-Python
    query evaluation checks for signals between bytecodes, so this interrupts it."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def query_latency(graph_file: Path, triples: int, rdflib_max: int,
                  timeout: float) -> dict[str, dict]:
    """Load seconds and per-query seconds and rows, loading each engine once as
    `kg query` does (union of the named graphs as the default graph)."""
    import pyoxigraph as ox
    from rdflib import Dataset

    queries = {name: load_query(name) for name in named_queries()}
    out: dict[str, dict] = {"oxigraph": {}, "rdflib": {}}
    start = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=str(graph_file), format=ox.RdfFormat.TURTLE)
    out["oxigraph"]["load"] = time.perf_counter() - start
    for name, text in queries.items():
        start = time.perf_counter()
        rows = len(list(store.query(text, use_default_graph_as_union=True)))
        out["oxigraph"][name] = {"s": time.perf_counter() - start, "rows": rows}
    del store
    if triples > rdflib_max:
        out["rdflib"]["skipped"] = f"more than {rdflib_max:,} triples"
        return out
    start = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(graph_file, format="turtle")
    out["rdflib"]["load"] = time.perf_counter() - start
    for name, text in queries.items():
        start = time.perf_counter()
        try:
            with _deadline(timeout):
                rows = len(list(ds.query(text)))
        except TimeoutError:
            out["rdflib"][name] = {"s": None, "rows": None}
            continue
        out["rdflib"][name] = {"s": time.perf_counter() - start, "rows": rows}
    return out


def spacy_throughput(texts: list[str]) -> dict[str, dict[str, float]]:
    """spaCy's `nlp.pipe` alone over whole stories, one process: NER only, and every
    component the builder uses (NER, tagger, parser, lemmatizer). The builder runs NER
    over every sentence and the rest over the sentences its extractors parse, so the
    second is the yardstick for "the same components on the same text"."""
    import spacy

    from kg.nlp import load_nlp, pipeline_name

    words = sum(len(t.split()) for t in texts)
    out = {}
    for label, nlp in (("ner", load_nlp()),
                       ("all", spacy.load(pipeline_name(), exclude=["senter"]))):
        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=32):
            pass
        seconds = time.perf_counter() - start
        out[label] = {"texts": len(texts), "words": words, "s": seconds,
                      "words_per_s": words / seconds}
    return out


def note_violations(found: list[str]) -> None:
    """Let builds finish when the builder's SHACL check fails: the check still runs (and
    is timed) in full, but its error is kept for the table instead of ending the run."""
    check = pipeline.check_shapes

    def noting(*args: object) -> str:
        try:
            return check(*args)
        except ValidationError as exc:
            found.append(str(exc))
            return "failed"

    pipeline.check_shapes = noting


def note_worker_peak(found: dict[str, float]) -> None:
    """Record the local workers' peak memory as soon as their pool has closed (before the
    shapes are checked): children started later (`sort` for graph.nt) are forked from the
    then large build process and would report its size instead."""
    check = pipeline.check_shapes

    def noting(*args: object) -> str:
        found.setdefault("workers", _peak_mb()["children"])
        return check(*args)

    pipeline.check_shapes = noting


@contextmanager
def dask_cluster(workers: int) -> Iterator[str]:
    """The address of a LocalCluster of `workers` worker processes, one thread each."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


def dask_worker_peak(scheduler: str) -> float:
    """The largest peak resident memory of the cluster's worker processes so far (MB)."""
    from distributed import Client

    with Client(scheduler, set_as_default=False) as client:
        peaks = client.run(resource.getrusage, resource.RUSAGE_SELF)
    return round(max(usage.ru_maxrss for usage in peaks.values()) / 1024, 1)


REBUILD = """
import json, sys, time
from pathlib import Path
from kg.pipeline import build
start = time.perf_counter()
report = build(Path(sys.argv[1]), Path(sys.argv[2]), workers=int(sys.argv[3]),
               scheduler=sys.argv[4] or None).report
print(json.dumps({"s": time.perf_counter() - start, "stages": report["seconds"],
                  "cache_hits": report["cache_hits"], "stories": report["stories"]}))
"""


def rebuild(corpus: Path, out: Path, workers: int, scheduler: str | None) -> dict:
    """A rebuild as a user runs one: in a new interpreter, timed from after its imports as
    the full build is. In this process the first build's and the queries' GBs of objects
    would stay alive, and collecting them would be charged to the rebuild."""
    done = subprocess.run([sys.executable, "-c", REBUILD, str(corpus), str(out), str(workers),
                           scheduler or ""], check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(done.stdout.splitlines()[-1])


def run_size(size: int, args: argparse.Namespace) -> dict:
    """Everything measured for one corpus size (called in its own process)."""
    workers = args.workers
    violations: list[str] = []
    note_violations(violations)
    worker_peak: dict[str, float] = {}
    note_worker_peak(worker_peak)
    with (tempfile.TemporaryDirectory(prefix=f"kg-bench-{size}-") as tmp,
          dask_cluster(workers) if args.dask else nullcontext() as scheduler):
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "out"
        copies = make_corpus(size, corpus, args.seed, args.copy_rate)
        print(f"[{size}] corpus made ({copies} planted copies); building", flush=True)
        start = time.perf_counter()
        result = build(corpus, out, workers=workers, scheduler=scheduler)  # empty cache
        seconds = time.perf_counter() - start
        peak = {"self": _peak_mb()["self"],
                "workers": dask_worker_peak(scheduler) if scheduler
                else worker_peak.get("workers", 0.0)}
        report = result.report
        words = sum(len(a.text.split()) for a in result.corpus.articles)
        stories = [x.article.text for x in result.corpus.outlines]
        res = {
            "size": size, "workers": workers, "dask": bool(scheduler), "planted_copies": copies,
            "articles": report["articles_read"], "stories": report["stories"],
            "words": words, "story_words": sum(len(t.split()) for t in stories),
            "seconds": seconds, "stages": report["seconds"], "triples": report["triples"],
            "entities": report["entities"], "peak_mb": peak,
            "exports_mb": {n: (out / n).stat().st_size / 1e6 for n in EXPORTS},
            "violations": list(violations),
        }
        if args.curve:  # only the build's time and memory
            return res
        print(f"[{size}] built in {seconds:.1f}s: {report['triples']:,} triples; "
              "timing queries", flush=True)
        res["queries"] = query_latency(out / "graph.ttl", report["triples"],
                                       args.rdflib_max_triples, args.query_timeout)
        print(f"[{size}] timing spaCy", flush=True)
        res["spacy"] = spacy_throughput(stories[: args.spacy_max_stories])
        del result
        name, text = make_article(size, args.seed, args.copy_rate)
        (corpus / name).write_text(text, encoding="utf-8")
        print(f"[{size}] rebuilding with one new article", flush=True)
        res["incremental"] = rebuild(corpus, out, workers, scheduler)
        return res


def _fmt(value: float | None, digits: int = 1) -> str:
    return "timeout" if value is None else f"{value:,.{digits}f}"


def table(results: list[dict], timeout: float) -> str:
    """One Markdown table, a column per size."""
    rows: list[tuple[str, list[str]]] = []

    def row(label: str, cell: Callable[[dict], str]) -> None:
        rows.append((label, ["-" if "stopped" in r else cell(r) for r in results]))

    rows.append(("status", [r.get("stopped", "complete") for r in results]))
    row("SHACL check of the build", _violations_cell)

    row("articles read / stories (planted copies)",
        lambda r: f"{r['articles']:,} / {r['stories']:,} ({r['planted_copies']})")
    row("words read", lambda r: f"{r['words']:,}")
    row("workers", lambda r: f"{r['workers']}" + (" (Dask LocalCluster)" if r.get("dask")
                                                  else ""))
    row("**end to end (s)**", lambda r: _fmt(r["seconds"]))
    row("**articles/s**", lambda r: _fmt(r["articles"] / r["seconds"], 2))
    row("**words/s**", lambda r: _fmt(r["words"] / r["seconds"], 0))
    for stage in STAGES:
        row(f"  {stage} (s)", lambda r, s=stage: _fmt(r["stages"][s]) if s in r["stages"]
            else "-")
    row("builder words/s in its nlp+extract stage",
        lambda r: _fmt(r["story_words"] / r["stages"]["nlp+extract"], 0))
    row("spaCy `nlp.pipe` words/s (NER only, 1 process)",
        lambda r: f"{_fmt(r['spacy']['ner']['words_per_s'], 0)} "
                  f"({r['spacy']['ner']['texts']:,} stories)")
    row("spaCy `nlp.pipe` words/s (NER, tagger, parser, lemmatizer; 1 process)",
        lambda r: _fmt(r["spacy"]["all"]["words_per_s"], 0))
    row("peak RSS, build process (MB)", lambda r: _fmt(r["peak_mb"]["self"], 0))
    row("peak RSS, largest NER worker (MB)", lambda r: _fmt(r["peak_mb"]["workers"], 0))
    row("triples (graph.ttl)", lambda r: f"{r['triples']:,}")
    row("entities", lambda r: f"{r['entities']:,}")
    for name in EXPORTS:
        row(f"{name} (MB)", lambda r, n=name: _fmt(r["exports_mb"][n]))
    row("**rebuild after 1 new article, cache on (s)**",
        lambda r: f"{_fmt(r['incremental']['s'])} "
                  f"({r['incremental']['s'] / r['seconds']:.0%} of full)")
    row("  of which read+clean / dedup / nlp+extract / rdf / write / store / html / serialise (s)",
        lambda r: " / ".join(_fmt(r["incremental"]["stages"].get(s))
                             for s in ("read+clean", "dedup", "nlp+extract", "rdf", "write",
                                       "store", "html", "serialise")))
    row("query: load graph.ttl, oxigraph / rdflib (s)",
        lambda r: f"{_fmt(r['queries']['oxigraph']['load'])} / "
                  + (_fmt(r["queries"]["rdflib"]["load"]) if "load" in r["queries"]["rdflib"]
                     else "skipped"))
    for name in named_queries():
        row(f"query `{name}`, oxigraph / rdflib (ms, rows)", lambda r, n=name: _query_cell(r, n))
    notes = [f"rdflib queries time out after {timeout:g} s."]
    notes += [f"{r['size']:,} articles: rdflib not run "
              f"({r['queries']['rdflib']['skipped']})."
              for r in results if "stopped" not in r and "skipped" in r["queries"]["rdflib"]]
    sizes = [f"{r['size']:,} articles" for r in results]
    lines = ["| | " + " | ".join(sizes) + " |", "|---|" + "---|" * len(results)]
    lines += [f"| {label} | " + " | ".join(cells) + " |" for label, cells in rows]
    return "\n".join(lines) + "\n\n" + " ".join(notes) + "\n"


def curve_table(results: list[dict]) -> str:
    """The memory curve: a row per size, time and peak memory of the build alone."""
    lines = ["| articles | workers | end to end (s) | s per 1,000 articles | nlp+extract (s) "
             "| peak RSS, build process (MB) | peak RSS, largest worker (MB) | triples |",
             "|---|---|---|---|---|---|---|---|"]
    for r in results:
        if "stopped" in r:
            lines.append(f"| {r['size']:,} | {r['stopped']} | | | | | | |")
            continue
        where = f"{r['workers']}" + (" Dask" if r["dask"] else " local")
        lines.append(
            f"| {r['articles']:,} | {where} | {r['seconds']:,.1f} "
            f"| {1000 * r['seconds'] / r['articles']:,.1f} "
            f"| {r['stages']['nlp+extract']:,.1f} | {r['peak_mb']['self']:,.0f} "
            f"| {r['peak_mb']['workers']:,.0f} | {r['triples']:,} |")
    return "\n".join(lines) + "\n"


def _violations_cell(r: dict) -> str:
    """"passed", or the error's headline and first violation (pipes escaped for Markdown)."""
    if not r["violations"]:
        return "passed"
    shown = " ".join(line.strip() for line in r["violations"][0].splitlines()[:2])
    return "FAILED: " + shown.replace("|", "\\|")


def _query_cell(r: dict, name: str) -> str:
    ox_q = r["queries"]["oxigraph"][name]
    cell = f"{_fmt(ox_q['s'] * 1000, 0)}"
    rd = r["queries"]["rdflib"].get(name)
    if rd is None:
        return f"{cell} / - ({ox_q['rows']:,})"
    rd_ms = None if rd["s"] is None else rd["s"] * 1000
    same = "" if rd["rows"] in (None, ox_q["rows"]) else f", rdflib {rd['rows']:,}"
    return f"{cell} / {_fmt(rd_ms, 0)} ({ox_q['rows']:,}{same})"


def _tree_rss_gib(pid: int) -> float:
    """Resident memory of a process and all its descendants, from /proc (Linux)."""
    total_kb, todo = 0, [pid]
    while todo:
        proc = Path(f"/proc/{todo.pop()}")
        try:
            status = (proc / "status").read_text()
            for task in (proc / "task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:  # the process ended meanwhile
            continue
        total_kb += sum(int(line.split()[1]) for line in status.splitlines()
                        if line.startswith("VmRSS:"))
    return total_kb / 2**20


def _run_capped(command: list[str], max_gib: float, max_minutes: float) -> str | None:
    """Run one size's process; stop it past the memory or time limit and say why."""
    child = subprocess.Popen(command, start_new_session=True)
    start, peak = time.perf_counter(), 0.0
    while child.poll() is None:
        peak = max(peak, _tree_rss_gib(child.pid))
        elapsed = time.perf_counter() - start
        if peak > max_gib or elapsed > max_minutes * 60:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
            return (f"stopped after {elapsed:,.0f} s at {peak:.1f} GiB (limits "
                    f"{max_gib:g} GiB, {max_minutes:g} min)")
        time.sleep(1)
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, command)
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--dask", action="store_true",
                        help="build on a Dask LocalCluster of --workers processes")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--copy-rate", type=float, default=COPY_RATE,
                        help="share of articles that copy an earlier story")
    parser.add_argument("--rdflib-max-triples", type=int, default=2_000_000,
                        help="skip rdflib queries above this many triples (parsing alone "
                             "takes minutes and gigabytes)")
    parser.add_argument("--query-timeout", type=float, default=120.0,
                        help="seconds before an rdflib query is abandoned")
    parser.add_argument("--spacy-max-stories", type=int, default=2000,
                        help="time spaCy on at most this many stories")
    parser.add_argument("--max-rss-gib", type=float, default=16.0,
                        help="stop a size whose processes together hold more memory")
    parser.add_argument("--max-minutes", type=float, default=40.0,
                        help="stop a size that runs longer")
    parser.add_argument("--curve", action="store_true",
                        help="only build each size: time and peak memory (no queries, spaCy "
                             "throughput or rebuild), a row per size")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:  # child: one size, results as JSON
        args.one.write_text(json.dumps(run_size(args.sizes[0], args)), encoding="utf-8")
        return
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            target = Path(tmp) / f"{size}.json"
            # The same options; the later --sizes wins.
            stopped = _run_capped([sys.executable, __file__, *sys.argv[1:], "--one", str(target),
                                   "--sizes", str(size)], args.max_rss_gib, args.max_minutes)
            results.append({"size": size, "stopped": stopped} if stopped
                           else json.loads(target.read_text(encoding="utf-8")))
            print(json.dumps(results[-1]), flush=True)  # raw numbers, kept if a later size fails
    text = curve_table(results) if args.curve else table(results, args.query_timeout)
    print(text)
    args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
