"""Where a build's per-article work runs: in this process, on a pool of local processes, or
on a Dask cluster. A build opens one `Farm` and every stage sends its work there.

Work goes out a chunk of items per task, so a cluster's per-task overhead stays small
next to the work, and comes back in input order, so the exports do not depend on where
it ran. A cluster's workers are other processes, often on other machines: each task
carries this build's settings, and a worker whose builder or spaCy pipeline differs
from this one's (which would make other statements) refuses it.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import uuid
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import (
    CancelledError,
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
)
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

from kg import settings
from kg.caching import builder_fingerprint
from kg.errors import ClusterError
from kg.nlp import pipeline_name

if TYPE_CHECKING:
    from distributed import Client

T = TypeVar("T")
R = TypeVar("R")

log = logging.getLogger(__name__)

#: A Dask worker may run several tasks at once on threads; kg's work (spaCy's pipeline
#: with the components it enables, the extractors' caches) is made for one at a time.
_ONE_AT_A_TIME = threading.Lock()


class Farm:
    """Runs a stage's function over its items and gives the results in input order; this
    one runs them here, in this process."""

    def map(self, fn: Callable[[T], R], items: Sequence[T], chunksize: int,
            least: int = 1) -> Iterator[R]:
        """`fn` of each item, in order. Workers get `chunksize` items per task, and local
        workers only a stage of `least` items or more (fewer are not worth sending)."""
        return map(fn, items)


HERE = Farm()


class _Pool(Farm):
    """Local worker processes, given a few chunks ahead of the one the build reads next:
    results wait in this process until read, and a stage whose reader is slower than
    its workers (modelling, whose chunks are written and cached here) would otherwise
    hold every story's statements at once."""

    def __init__(self, pool: Executor, workers: int) -> None:
        self.pool, self.ahead = pool, 2 * workers

    def map(self, fn: Callable[[T], R], items: Sequence[T], chunksize: int,
            least: int = 1) -> Iterator[R]:
        if len(items) < least:
            return super().map(fn, items, chunksize)
        chunks = _chunks(items, chunksize)  # the first ones start now, before any is read
        pending = deque(self.pool.submit(_each, fn, c) for c in islice(chunks, self.ahead))
        return self._in_order(fn, chunks, pending)

    def _in_order(self, fn: Callable[[T], R], chunks: Iterator[list[T]],
                  pending: deque[Future[list[R]]]) -> Iterator[R]:
        try:
            while pending:
                done = pending.popleft().result()
                if (chunk := next(chunks, None)) is not None:
                    pending.append(self.pool.submit(_each, fn, chunk))
                yield from done
        finally:
            for future in pending:
                future.cancel()


class _Cluster(Farm):
    """The workers of a Dask cluster, whatever the size of the stage: the machine that
    runs `kg` may be too small to load spaCy. Like the local pool, the cluster is
    given two chunks per worker thread ahead of the one the build reads next, so
    neither this process nor the scheduler holds a whole stage's inputs or results."""

    def __init__(self, client: Client, address: str) -> None:
        self.client = client
        self.address = address
        self.context = _Context.here()

    def map(self, fn: Callable[[T], R], items: Sequence[T], chunksize: int,
            least: int = 1) -> Iterator[R]:
        from distributed.client import ClosedClientError

        chunks = _chunks(items, chunksize)
        try:
            ahead = 2 * max(1, sum(self.client.nthreads().values()))
            futures = deque(self._submit(fn, chunk) for chunk in islice(chunks, ahead))
        except (ClosedClientError, OSError) as exc:  # lost the scheduler meanwhile
            raise self._lost() from exc
        return self._results(fn, chunks, futures)

    def _submit(self, fn: Callable[[T], R], chunk: list[T]) -> Any:
        # One small message per task rather than one graph of every chunk, which Dask warns
        # about past 10 MB; a key named for the function groups them on the dashboard.
        return self.client.submit(_each_checked, fn, chunk, self.context,
                                  key=f"{fn.__name__}-{uuid.uuid4().hex}")

    def _lost(self) -> ClusterError:
        return ClusterError(f"lost the Dask scheduler at {self.address}")

    def _results(self, fn: Callable[[T], R], chunks: Iterator[list[T]],
                 futures: deque[Any]) -> Iterator[R]:
        from distributed import KilledWorker
        from distributed.client import ClosedClientError

        try:
            while futures:
                try:
                    chunk = futures[0].result()
                except CancelledError as exc:  # what a client does with its tasks on losing it
                    raise self._lost() from exc
                except KilledWorker as exc:  # past `distributed.scheduler.allowed-failures`
                    deaths = exc.allowed_failures + 1
                    raise ClusterError(
                        f"Dask workers died running task {exc.task} ({deaths} "
                        f"{'time' if deaths == 1 else 'times'}, the last at "
                        f"{exc.last_worker.address}); their logs say why (out of memory?)"
                    ) from exc
                futures.popleft()
                if (following := next(chunks, None)) is not None:
                    try:
                        futures.append(self._submit(fn, following))
                    except ClosedClientError as exc:
                        raise self._lost() from exc
                yield from chunk
        finally:  # an error, or a stage that stops early: free what is still queued
            if futures:
                self.client.cancel(list(futures))


def _chunks(items: Sequence[T], size: int) -> Iterator[list[T]]:
    return (list(items[i : i + size]) for i in range(0, len(items), size))


def _each(fn: Callable[[T], R], chunk: list[T]) -> list[R]:
    """A local worker's task."""
    return [fn(item) for item in chunk]


def _each_checked(fn: Callable[[T], R], chunk: list[T], context: _Context) -> list[R]:
    """A Dask worker's task: with this build's settings, on a worker that builds alike."""
    with _ONE_AT_A_TIME:
        context.enter()
        return [fn(item) for item in chunk]


@dataclass(frozen=True)
class _Context:
    """What a task's result depends on besides its items: the values of `kg.settings`,
    which the task brings, and the builder and spaCy pipeline, which the worker must
    have."""

    values: tuple[tuple[str, object], ...]
    identity: str

    @classmethod
    def here(cls) -> _Context:
        return cls(tuple((name, value) for name, value in vars(settings).items()
                         if name.isupper()), _identity())

    def enter(self) -> None:
        for name, value in self.values:
            setattr(settings, name, value)
        if (theirs := _identity()) != self.identity:
            from distributed import get_worker

            raise ClusterError(
                f"the Dask worker at {get_worker().address} has {theirs}, where this build "
                f"has {self.identity}: install the same kg and spaCy pipeline on every worker")


@cache
def _identity() -> str:
    """The builder's code and data, and the spaCy pipeline and library it would load."""
    name = pipeline_name()
    try:
        model = f"{name} {version(name)}"
    except PackageNotFoundError:  # a pipeline package without metadata
        model = name
    return f"kg builder {builder_fingerprint()}, {model}, spaCy {version('spacy')}"


@contextmanager
def farm(workers: int = 1, scheduler: str | None = None) -> Iterator[Farm]:
    """Where this build's work runs: the Dask cluster at `scheduler`, else `workers`
    local processes (none, this process, for one)."""
    if scheduler:
        with _quiet_dask():
            client = _connect(scheduler)
            try:
                yield _Cluster(client, scheduler)
            finally:
                client.close()
    elif workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            yield _Pool(pool, workers)
    else:
        yield HERE


@contextmanager
def _quiet_dask() -> Iterator[None]:
    """Only critical records from Dask's client, which logs as an error what the build
    reports as its own one-line error (a lost scheduler)."""
    import distributed  # noqa: F401  (its import sets the levels of its loggers)

    loggers = [logging.getLogger(name) for name in ("distributed", "distributed.client")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _connect(address: str) -> Client:
    """A client of the scheduler at `address`, or a `ClusterError` once Dask's connect
    timeout (`distributed.comm.timeouts.connect`, 30 s unless set) has passed."""
    import dask
    from dask.utils import parse_timedelta
    from distributed import Client

    seconds = parse_timedelta(dask.config.get("distributed.comm.timeouts.connect"), "s")
    answer = 2  # seconds for a scheduler to say what it is, once connected
    try:
        with ThreadPoolExecutor(1) as thread:  # a loop of its own, whatever the caller runs
            kind = thread.submit(asyncio.run, _identify(address, seconds, answer)).result()
    except Exception as exc:
        reason = (_lowered(str(exc)) if isinstance(exc, OSError | ValueError) and str(exc)
                  else f"no answer as a Dask scheduler in {seconds + answer:g} s")
        raise ClusterError(f"cannot reach the Dask scheduler at {address} ({reason})") from exc
    if kind != "Scheduler":
        raise ClusterError(f"{address} is a Dask {kind.lower()}, not the scheduler")
    client = Client(address, timeout=seconds, set_as_default=False)
    if not client.scheduler_info()["workers"]:
        log.warning("the Dask scheduler at %s has no workers yet: the build waits for them",
                    address)
    return client


async def _identify(address: str, seconds: float, answer: float) -> str:
    """What answers at `address` ("Scheduler", "Worker", …): connected within `seconds`, it
    must answer within `answer` more. Dask's `Client` bounds the connection but not the
    handshake after it, so something else listening there would hold the build forever."""
    from distributed.comm import connect

    async def ask() -> str:
        comm = await connect(address, timeout=seconds)
        try:
            await comm.write({"op": "identity"})
            return str((await comm.read())["type"])
        finally:
            comm.abort()

    return await asyncio.wait_for(ask(), seconds + answer)


def _lowered(text: str) -> str:
    return text[:1].lower() + text[1:]
