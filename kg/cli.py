"""The `kg` command: thin wrappers over library functions, errors as one clear line."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from kg.errors import KGError

DEFAULT_CORPUS = Path("seeds")
DEFAULT_OUT = Path("exports")
DEFAULT_GRAPH = DEFAULT_OUT / "graph.ttl"


def _build(args: argparse.Namespace) -> int:
    from kg.pipeline import build

    result = build(args.corpus, args.out, workers=args.workers, use_cache=not args.no_cache,
                   follow_links=args.follow_links)
    r = result.report
    for s in r["skipped"]:
        print(f"kg: skipped {s['file']}: {s['reason']}", file=sys.stderr)
    if n := r["cache_discarded"]:
        print(f"kg: warning: discarded {n} damaged or unreadable cache "
              f"{'entry' if n == 1 else 'entries'} in {args.out / '.cache'} and redid their work",
              file=sys.stderr)
    facts = ", ".join(f"{v} {k}" for k, v in r["facts"].items())
    print(f"read {r['articles_read']} articles ({r['stories']} stories, "
          f"{r['cache_hits'].get('story', 0)} unchanged, from cache), "
          f"skipped {len(r['skipped'])}")
    print(f"{r['entities']} entities, {facts}; {r['triples']} triples "
          f"in {r['seconds_total']:.1f}s")
    for path in result.written:
        print(f"wrote {path}")
    print(f"open {(args.out / 'graph.html').resolve()} in a browser to explore the graph")
    return 0


def _query(args: argparse.Namespace) -> int:
    from kg.querying import answer_query, format_answer, load_query

    text = format_answer(answer_query(load_query(args.query), args.graph, args.engine),
                         args.format)
    if text:
        print(text)
    return 0


def _eval(args: argparse.Namespace) -> int:
    from kg.evaluating import evaluate, format_misses, format_scores
    from kg.pipeline import build

    build(args.corpus, args.out, workers=args.workers)
    scores = evaluate(args.gold, args.out / "graph.ttl")
    if args.misses:
        print(format_misses(scores))
    print(format_scores(scores))
    return 0


def _validate(args: argparse.Namespace) -> int:
    from kg.validating import validate_file

    report = validate_file(args.graph)
    for line in report.violations:
        print(line)
    print("conforms" if report.conforms else f"{len(report.violations)} violations")
    return 0 if report.conforms else 1


def _html(args: argparse.Namespace) -> int:
    from kg.html import render_file

    stats = render_file(args.graph, args.out)
    print(f"wrote {args.out} ({stats.nodes} nodes, {stats.edges} edges)")
    return 0


def _explain(args: argparse.Namespace) -> int:
    from kg.explaining import explain

    print(explain(args.name, args.out / "entities.json"))
    return 0


def parser() -> argparse.ArgumentParser:
    from kg.querying import ENGINES, FORMATS

    p = argparse.ArgumentParser(prog="kg", description=__doc__)
    p.add_argument("-v", "--verbose", action="store_true", help="log each stage")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build the graph from a folder of articles")
    b.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    b.add_argument("--out", type=Path, default=DEFAULT_OUT)
    b.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                   help="extraction processes (default: one per core)")
    b.add_argument("--no-cache", action="store_true",
                   help="redo every article's work instead of reusing OUT/.cache")
    b.add_argument("--follow-links", action="store_true",
                   help="read symbolic links to files and folders outside the corpus folder")
    b.set_defaults(func=_build)

    q = sub.add_parser("query", help="run a named query or a .rq file over an export")
    q.add_argument("query", help="a named query (e.g. organisations) or a .rq file")
    q.add_argument("graph", nargs="?", type=Path, default=DEFAULT_GRAPH)
    q.add_argument("--format", choices=FORMATS, default="table",
                   help="how SELECT rows print; ASK prints true or false, CONSTRUCT N-Triples")
    q.add_argument("--engine", choices=ENGINES, default="rdflib")
    q.set_defaults(func=_query)

    e = sub.add_parser("eval", help="build, run the named queries, score against gold")
    e.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    e.add_argument("--gold", type=Path, default=Path("tests/gold"))
    e.add_argument("--out", type=Path, default=DEFAULT_OUT)
    e.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                   help="extraction processes (default: one per core)")
    e.add_argument("--misses", action="store_true",
                   help="list, per article, each missed and each unexpected answer")
    e.set_defaults(func=_eval)

    v = sub.add_parser("validate", help="check an export against the SHACL shapes")
    v.add_argument("graph", nargs="?", type=Path, default=DEFAULT_GRAPH)
    v.set_defaults(func=_validate)

    h = sub.add_parser("html", help="render the interactive HTML page of a graph file")
    h.add_argument("graph", type=Path)
    h.add_argument("--out", type=Path, default=DEFAULT_OUT / "graph.html")
    h.set_defaults(func=_html)

    x = sub.add_parser("explain", help="show the mentions merged into an entity")
    x.add_argument("name")
    x.add_argument("--out", type=Path, default=DEFAULT_OUT)
    x.set_defaults(func=_explain)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.ERROR,
                        format="kg: %(message)s")
    try:
        return args.func(args)
    except KGError as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `kg query ... | head` closed the pipe: not an error
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
