"""A build as a SPARQL endpoint (`kg serve`), or loaded into someone else's (`kg push`).

`serve` runs the Oxigraph server (the `oxigraph` package's program) read-only over
the build's store, on localhost unless told otherwise. The store's default graph
is the union of the articles' graphs, so a client's queries get the rows
`kg query` prints. When a new build is switched into place the server is
restarted over it: the old set's files are removed by that build.

`push` sends a build to any SPARQL 1.1 Graph Store Protocol endpoint (Fuseki,
GraphDB, Oxigraph): one PUT of N-Triples per named graph (`URL?graph=<IRI>`),
then the union as the default graph (`URL?default`), so queries there answer
as they do here.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError, KGError
from kg.graphfile import one_line
from kg.store import STORE, named_graphs, oxigraph_program

log = logging.getLogger(__name__)


class ServeError(KGError):
    """The endpoint cannot be started, or a push is refused."""


def _program() -> str:
    found = oxigraph_program()
    if found is None:
        raise ServeError("the oxigraph server is not installed: pip install oxigraph")
    return found


def _store_of(out_dir: Path) -> Path:
    """The store folder the build in `out_dir` shows now (resolved: the link moves on
    the next build)."""
    link = out_dir / STORE
    if not link.is_dir():
        raise InputError(f"graph store not found: {link} (run `kg build` first)")
    return link.resolve()


def serve(out_dir: Path, host: str, port: int,
          started: Callable[[str], None] = lambda url: None) -> int:
    """Serve the build's store until Ctrl-C or SIGTERM (KeyboardInterrupt) or the server
    stops; call `started` with the query URL once it answers."""
    signal.signal(signal.SIGTERM, _interrupt)
    program = _program()
    store = _store_of(out_dir)
    url = f"http://{f'[{host}]' if ':' in host else host}:{port}"
    while True:
        with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as said:
            # its own session: Ctrl-C reaches kg, which stops it
            proc = subprocess.Popen([program, "serve-read-only", "--location", str(store),
                                     "--bind", f"{host}:{port}"], stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=said,
                                    start_new_session=True)
            try:
                if _answers(proc, url):
                    started(f"{url}/query")
                while proc.poll() is None and _store_of(out_dir) == store:
                    time.sleep(0.5)
            except BaseException:  # Ctrl-C: stop the server before saying so
                _stop(proc)
                raise
            if proc.poll() is not None:
                said.seek(0)
                if proc.returncode:
                    raise ServeError(f"the oxigraph server stopped: {_reason(said.read())}")
                return 0
            _stop(proc)
        store = _store_of(out_dir)
        log.warning("a new build is in place: serving %s", store)


def _answers(proc: subprocess.Popen, url: str, wait: float = 30) -> bool:
    """Wait until the server answers a query (True) or has stopped (False)."""
    end = time.monotonic() + wait
    ask = f"{url}/query?query=ASK%7B%7D"
    while proc.poll() is None and time.monotonic() < end:
        try:
            with urllib.request.urlopen(ask, timeout=1) as response:
                response.read()
            return proc.poll() is None
        except (OSError, ValueError):
            time.sleep(0.05)
    return proc.poll() is None


def _reason(stderr: str) -> str:
    """The error line of the server's output (it goes on with a stack backtrace)."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    said = next((line for line in lines if line.startswith("Error:")), None)
    if said is None:
        return one_line(lines[0]) if lines else "no reason given"
    return one_line(said.removeprefix("Error:").strip())


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def push(store: ox.Store, url: str, timeout: float = 60) -> int:
    """PUT each named graph of `store`, then its default graph, to the Graph Store
    Protocol endpoint `url`; how many graphs were sent."""
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ServeError(f"not an http(s) URL: {url}")
    graphs = list(named_graphs(store))
    for graph in graphs:
        _put(url, {"graph": graph.value}, store.dump(format=ox.RdfFormat.N_TRIPLES,
                                                     from_graph=graph), timeout)
    _put(url, {"default": ""}, store.dump(format=ox.RdfFormat.N_TRIPLES,
                                          from_graph=ox.DefaultGraph()), timeout)
    return len(graphs)


def _put(url: str, params: dict[str, str], body: bytes, timeout: float) -> None:
    query = "&".join(f"{k}={urllib.parse.quote(v, safe='')}" if v else k
                     for k, v in params.items())
    target = f"{url}{'&' if '?' in url else '?'}{query}"
    request = urllib.request.Request(target, data=body, method="PUT",
                                     headers={"Content-Type": "application/n-triples"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        said = one_line(exc.read().decode("utf-8", "replace"))[:200]
        raise ServeError(f"{url} refused the graph {params.get('graph', '(default)')}: "
                         f"HTTP {exc.code} {exc.reason}" + (f": {said}" if said else "")
                         ) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        said = reason.strerror if isinstance(reason, OSError) and reason.strerror else reason
        raise ServeError(f"cannot push to {url}: {one_line(str(said))}") from None
