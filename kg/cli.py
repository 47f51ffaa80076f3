"""The `kg` command, on click: thin commands over library functions, every failure one line.

Each command parses its options, calls one function of `kg` and prints what it
returns. `main` is both the console script and an in-process entry point: it
returns the exit code and turns every failure, click's usage errors included,
into one `kg: error: …` line.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from kg.errors import KGError
from kg.querying import ENGINES, FORMATS

DEFAULT_CORPUS = Path("seeds")
DEFAULT_OUT = Path("exports")
GRAPH_NAME = "graph.ttl"
STORE_NAME = "store"

EXIT_ERROR = 2  # a usage, input or file error: what argparse and click use
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports Ctrl-C

log = logging.getLogger("kg")


class _Stderr(logging.Handler):
    """kg's log records, and other libraries' errors, as `kg: …` lines on whatever
    `sys.stderr` is at the time (pytest swaps it between tests)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.name.partition(".")[0] == "kg" or record.levelno >= logging.ERROR

    def emit(self, record: logging.LogRecord) -> None:
        print(f"kg: {record.getMessage()}", file=sys.stderr)


_HANDLER = _Stderr()


def _log_to_stderr(verbose: bool) -> None:
    """Show kg's warnings, and with `verbose` its progress notes too."""
    root = logging.getLogger()
    if _HANDLER not in root.handlers:
        root.addHandler(_HANDLER)
    log.setLevel(logging.INFO if verbose else logging.WARNING)


def _set_verbose(_ctx: click.Context, _param: click.Parameter, verbose: bool) -> None:
    if verbose:
        _log_to_stderr(verbose=True)


def _version() -> str:
    try:
        return version("kg")
    except PackageNotFoundError:  # run from a source tree that was never installed
        from kg import __version__

        return __version__


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


# Options shared by several commands, so each means the same everywhere.

def _verbose_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("-v", "--verbose", is_flag=True, expose_value=False,
                        callback=_set_verbose,
                        help="Log each build stage with its time as it ends, and each "
                             "skipped file.")(f)


def _out_option(role: str, folder_only: bool = True) -> Callable[..., Any]:
    return click.option("--out", type=click.Path(file_okay=not folder_only, path_type=Path),
                        metavar="DIR" if folder_only else "DIR|FILE.html",
                        default=DEFAULT_OUT, show_default=True, help=role)


def _workers_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--workers", type=click.IntRange(min=1), metavar="N",
                        default=os.cpu_count() or 1, show_default="one per core",
                        help="Processes that extract and model articles.")(f)


def _scheduler_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--scheduler", metavar="ADDRESS", envvar="KG_SCHEDULER", default=None,
                        show_default="KG_SCHEDULER, else local processes",
                        help="Dask scheduler (tcp://HOST:PORT) whose cluster does the work "
                             "per article; not with --workers.")(f)


def _workers_for(scheduler: str | None, workers: int) -> int:
    """`workers`, unless it was given with a scheduler, whose cluster has its own."""
    ctx = click.get_current_context()
    if scheduler and ctx.get_parameter_source("workers") is ParameterSource.COMMANDLINE:
        raise click.UsageError("--workers is for local processes: the Dask cluster at "
                               f"{scheduler} (--scheduler or KG_SCHEDULER) has its own workers")
    return workers


def _source_options(default: str, metavar: str, what: str
                    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """GRAPH as an argument or as `--graph`, whichever reads better in a script."""
    def apply(f: Callable[..., Any]) -> Callable[..., Any]:
        f = click.option("--graph", "graph_option", metavar=metavar,
                         type=click.Path(path_type=Path), default=None,
                         show_default=f"OUT/{default}",
                         help=f"{what}; the same as the GRAPH argument.")(f)
        return click.argument("graph", required=False, type=click.Path(path_type=Path))(f)
    return apply


_FORMATS = "Turtle, TriG, N-Triples, N-Quads or JSON-LD"
_graph_options = _source_options(GRAPH_NAME, "FILE", f"Graph file to read ({_FORMATS})")
_store_options = _source_options(STORE_NAME, "FILE|DIR",
                                 f"Graph file ({_FORMATS}) or a build's store folder")


def _graph_file(graph: Path | None, graph_option: Path | None, exports: Path,
                default: str = GRAPH_NAME) -> Path:
    if graph and graph_option and graph != graph_option:
        raise click.UsageError("give the graph file once, as GRAPH or as --graph")
    return graph or graph_option or exports / default


@click.group(context_settings={"help_option_names": ["-h", "--help"]},
             epilog="Exit status: 0 done, 1 the graph breaks the shapes (validate), "
                    "2 an error, 130 interrupted.")
@click.version_option(_version(), "--version", prog_name="kg", message="%(prog)s %(version)s",
                      help="Print kg's version and exit.")
@_verbose_option
def cli() -> None:
    """Build a knowledge graph of SEND accountability news, then query, check and draw it.

    Every command that reads or writes the exports takes --out DIR, the exports
    folder (default: exports); those that read the graph also take it as
    GRAPH or --graph FILE (default: OUT/graph.ttl; for query and push, the
    build's store OUT/store).
    """


@cli.command()
@click.argument("corpus", required=False, default=DEFAULT_CORPUS, type=click.Path(path_type=Path))
@_out_option("Exports folder to write (its .cache keeps each article's work).")
@_workers_option
@_scheduler_option
@click.option("--no-cache", is_flag=True, help="Redo every article's work instead of reusing "
              "OUT/.cache.")
@click.option("--follow-links", is_flag=True,
              help="Read symbolic links to files and folders outside CORPUS.")
@_verbose_option
def build(corpus: Path, out: Path, workers: int, scheduler: str | None, no_cache: bool,
          follow_links: bool) -> int:
    """Build the graph from a folder of articles, writing every export.

    CORPUS is a folder of .txt, .md and .html articles, read with its
    subfolders (default: seeds). Files that cannot be read are skipped by name.
    With --scheduler, a Dask cluster reads, cleans, extracts and models the
    articles, to the same exports.
    """
    from kg.pipeline import build as run_build

    result = run_build(corpus, out, workers=_workers_for(scheduler, workers),
                       use_cache=not no_cache, follow_links=follow_links, scheduler=scheduler)
    r = result.report
    if not log.isEnabledFor(logging.INFO):  # else `-v` named each as it was skipped
        for s in r["skipped"]:
            click.echo(f"kg: skipped {s['file']}: {s['reason']}", err=True)
    if n := r["cache_discarded"]:
        noun = "entry" if n == 1 else "entries"
        click.echo(f"kg: warning: discarded {n} damaged or unreadable cache {noun} in "
                   f"{out / '.cache'} and redid their work", err=True)
    for line in summary(r):
        click.echo(line)
    for path in result.written:
        click.echo(f"wrote {path}")
    click.echo(f"open {(out / 'graph.html').absolute()} in a browser to explore the graph")
    return 0


def summary(report: dict) -> list[str]:
    """A build report's counts as two lines; the cache is named only when it was used."""
    stories = _count(report["stories"], "story", "stories")
    if cached := report["cache_hits"].get("story", 0):
        stories += f", {cached} unchanged, from cache"
    read = f"read {_count(report['articles_read'], 'article')} ({stories})"
    if skipped := len(report["skipped"]):
        read += f", skipped {_count(skipped, 'file')}"
    facts = ", ".join(_count(n, kind.removesuffix("s"), kind)
                      for kind, n in report["facts"].items())
    return [read, f"{_count(report['entities'], 'entity', 'entities')}, {facts}; "
                  f"{_count(report['triples'], 'triple')} in {report['seconds_total']:.1f}s"]


@cli.command()
@click.argument("query")
@_store_options
@_out_option("Exports folder whose store to query.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
              show_default=True,
              help="How SELECT rows print; ASK prints true or false, CONSTRUCT N-Triples.")
@click.option("--engine", type=click.Choice(ENGINES), default="oxigraph", show_default=True,
              help="SPARQL engine that runs the query (rdflib reads the whole graph into "
                   "memory first).")
@click.option("--limit", type=click.IntRange(min=0), metavar="N", default=None,
              show_default="all", help="Print at most N rows (or statements).")
@click.option("--offset", type=click.IntRange(min=0), metavar="M", default=0,
              show_default=True, help="Skip the first M rows, in the query's order.")
@_verbose_option
def query(query: str, graph: Path | None, graph_option: Path | None, out: Path, fmt: str,
          engine: str, limit: int | None, offset: int) -> int:
    """Run a named query or a SPARQL file over the store or a graph.

    QUERY is a named query from kg/queries/ (organisations, people, events,
    entities, …) or a .rq file. GRAPH is a graph file or a store folder
    (default: OUT/store, the build's Oxigraph store).
    Only that graph is read: SERVICE, FROM a graph it does not hold,
    DESCRIBE and updates are refused.
    """
    from kg.querying import answer_query, format_answer, load_query

    source = _graph_file(graph, graph_option, out, STORE_NAME)
    text = format_answer(answer_query(load_query(query), source, engine, limit, offset), fmt)
    if text:
        click.echo(text)
    return 0


@cli.command()
@_out_option("Exports folder whose store to serve.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (another machine can reach 0.0.0.0).")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=7878, show_default=True,
              help="TCP port to listen on.")
@_verbose_option
def serve(out: Path, host: str, port: int) -> int:
    """Serve the store as a read-only SPARQL endpoint until Ctrl-C.

    Runs the Oxigraph server over OUT/store: queries go to
    http://HOST:PORT/query (SPARQL 1.1 Protocol), and the default graph is the
    union of the articles' graphs. A new build is served once it is in place.
    """
    from kg.serving import serve as run_server

    def started(url: str) -> None:
        click.echo(f"serving {out / STORE_NAME} at {url} (Ctrl-C to stop)")

    try:
        return run_server(out, host, port, started)
    except KeyboardInterrupt:  # how a server is meant to stop
        click.echo("stopped")
        return 0


@cli.command()
@click.argument("url")
@_store_options
@_out_option("Exports folder whose store to push.")
@_verbose_option
def push(url: str, graph: Path | None, graph_option: Path | None, out: Path) -> int:
    """Load the build into a SPARQL Graph Store Protocol endpoint.

    URL is the endpoint's graph store (Oxigraph: http://HOST:PORT/store, Fuseki:
    http://HOST:3030/DATASET/data). Each article's named graph replaces the graph
    of that name there (PUT URL?graph=IRI), and the union replaces its default
    graph. GRAPH is a store folder or a graph file (default: OUT/store).
    """
    from kg.querying import open_graph
    from kg.serving import push as send

    source = _graph_file(graph, graph_option, out, STORE_NAME)
    sent = send(open_graph(source), url)
    click.echo(f"pushed {_count(sent, 'named graph')} and the default graph to {url}")
    return 0


@cli.command("eval")
@click.argument("corpus", required=False, default=DEFAULT_CORPUS, type=click.Path(path_type=Path))
@click.option("--gold", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=Path("tests/gold"), show_default=True,
              help="Folder of gold answers, one JSON file per article.")
@_out_option("Exports folder to build into.")
@_workers_option
@_scheduler_option
@click.option("--misses", is_flag=True,
              help="List, per article, each missed and each unexpected answer.")
@_verbose_option
def score(corpus: Path, gold: Path, out: Path, workers: int, scheduler: str | None,
          misses: bool) -> int:
    """Build a corpus and score its answers against gold answers.

    CORPUS is the folder of articles the gold answers describe (default: seeds).
    """
    from kg.evaluating import evaluate, format_misses, format_scores
    from kg.pipeline import build as run_build

    run_build(corpus, out, workers=_workers_for(scheduler, workers), scheduler=scheduler)
    scores = evaluate(gold, out / GRAPH_NAME)
    if misses:
        click.echo(format_misses(scores))
    click.echo(format_scores(scores))
    return 0


@cli.command()
@_graph_options
@_out_option("Exports folder whose graph to check.")
@_verbose_option
def validate(graph: Path | None, graph_option: Path | None, out: Path) -> int:
    """Check a graph against the SHACL shapes in kg/shapes.ttl.

    Prints each violation, then `conforms` or their count; exits 1 if any.
    """
    from kg.validating import validate_file

    report = validate_file(_graph_file(graph, graph_option, out))
    for line in report.violations:
        click.echo(line)
    click.echo("conforms" if report.conforms else _count(len(report.violations), "violation"))
    return 0 if report.conforms else 1


@cli.command()
@_graph_options
@_out_option("Exports folder: the page is written to OUT/graph.html, or to OUT itself if it "
             "ends in .html.", folder_only=False)
@_verbose_option
def html(graph: Path | None, graph_option: Path | None, out: Path) -> int:
    """Draw a graph as the interactive HTML page.

    Without GRAPH, the page is redrawn from the exports' own graph
    (OUT/graph.ttl, or exports/graph.ttl when OUT is a page).
    """
    from kg.html import render_file

    page = out if out.suffix == ".html" else out / "graph.html"
    exports = DEFAULT_OUT if out == page else out
    stats = render_file(_graph_file(graph, graph_option, exports), page)
    click.echo(f"wrote {page} ({_count(stats.nodes, 'node')}, {_count(stats.edges, 'edge')})")
    return 0


@cli.command()
@click.argument("name")
@_out_option("Exports folder whose entities.json to read.")
@_verbose_option
def explain(name: str, out: Path) -> int:
    """Show the mentions merged into an entity, with their sentences.

    NAME is the entity's name or any of its aliases, in any case.
    """
    from kg.explaining import explain as account

    click.echo(account(name, out / "entities.json"))
    return 0


def _lowered(text: str) -> str:
    """`text` on one line, its first word lower-cased like every other `kg: error:`
    message's (unless it is an acronym or a quoted name)."""
    text = " ".join(text.split())
    return text[0].lower() + text[1:] if text[:2].istitle() else text


def _usage_message(exc: click.ClickException) -> str:
    """click's message, and where to find help."""
    ctx = getattr(exc, "ctx", None)
    return f"{_lowered(exc.format_message())} (see `{ctx.command_path if ctx else 'kg'} --help`)"


def _os_message(exc: OSError) -> str:
    """`path: reason`, as the system gave them (a file, say, where a folder must be)."""
    reason = _lowered(exc.strerror or str(exc))
    return f"{exc.filename}: {reason}" if exc.filename is not None else reason


def _fail(message: str, code: int = EXIT_ERROR) -> int:
    print(f"kg: error: {message}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    """Run `kg` with `argv` (default: the process's arguments) and return its exit code."""
    _log_to_stderr(verbose=False)
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        with cli.make_context("kg", args) as ctx:
            return int(cli.invoke(ctx) or 0)
    except click.exceptions.Exit as exc:  # --help, --version
        return exc.exit_code
    except click.exceptions.NoArgsIsHelpError as exc:  # plain `kg`: the overview
        click.echo(exc.format_message())
        return 0
    except click.ClickException as exc:
        return _fail(_usage_message(exc), exc.exit_code)
    except KGError as exc:
        return _fail(str(exc))
    except BrokenPipeError:  # `kg query ... | head` closed the pipe: not an error
        sys.stderr.close()
        return 0
    except OSError as exc:
        return _fail(_os_message(exc))
    except KeyboardInterrupt:
        return _fail("interrupted", EXIT_INTERRUPTED)


if __name__ == "__main__":
    sys.exit(main())
