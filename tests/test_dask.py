"""Dask for the per-article work (issue 14): a build on a cluster of worker processes equals
the local build byte for byte, also when a worker is killed mid-build; a scheduler that
cannot be reached or is lost, a task whose workers keep dying, or a worker with another
builder, is one `kg: error:` line and leaves the last export set as it was.

Builds run as `kg` subprocesses, as a user runs them; clusters are real: a `LocalCluster`
of two worker processes, or `dask scheduler` and `dask worker` processes."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import dask
import pyoxigraph as ox
import pytest
from distributed import Client, LocalCluster

from kg.cli import main
from tests.conftest import ROOT, SEEDS

FILES = ("graph.ttl", "graph.trig", "graph.nt", "graph.jsonld", "graph.html", "entities.json")
#: Dask gives up on an unreachable scheduler after this (30 s by default).
QUICK = {"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "3s"}


def kg(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, **(env or {})})


def built(run: subprocess.CompletedProcess[str]) -> None:
    assert run.returncode == 0, run.stderr


def one_line_error(run: subprocess.CompletedProcess[str], start: str) -> str:
    lines = run.stderr.strip().splitlines()
    assert run.returncode == 2 and len(lines) == 1, run.stderr
    assert lines[0].startswith(f"kg: error: {start}"), lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds, the dev set and the small test corpus: 37 articles, text and web pages."""
    folder = tmp_path_factory.mktemp("corpus")
    for name, source in (("seeds", SEEDS), ("dev", ROOT / "tests" / "dev" / "articles"),
                         ("small", ROOT / "tests" / "corpus" / "articles")):
        shutil.copytree(source, folder / name)
    return folder


@pytest.fixture(scope="module")
def local(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus built on the local process pool."""
    out = tmp_path_factory.mktemp("local")
    built(kg("build", corpus, "--out", out, "--workers", "2", "--no-cache"))
    return out


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as made:
        yield made


def assert_same_exports(out: Path, expected: Path) -> None:
    """Every export byte for byte; the report but for its timings; the store's quads (its
    database files hold ids and logs of their own)."""
    for name in FILES:
        assert (out / name).read_bytes() == (expected / name).read_bytes(), name
    reports = [json.loads((o / "build-report.json").read_text(encoding="utf-8"))
               for o in (out, expected)]
    for report in reports:
        del report["seconds"], report["seconds_total"]
    assert reports[0] == reports[1]
    stores = [sorted(map(str, ox.Store.read_only(str(o / "store")))) for o in (out, expected)]
    assert stores[0] == stores[1]


def test_a_build_on_a_cluster_equals_the_local_build(corpus: Path, local: Path,
                                                     cluster: LocalCluster,
                                                     tmp_path: Path) -> None:
    # Four articles a task: every stage sends several, and chunking must not show.
    built(kg("build", corpus, "--out", tmp_path, "--scheduler", cluster.scheduler_address,
             "--no-cache", env={"KG_BATCH_SIZE": "4"}))
    assert_same_exports(tmp_path, local)


def test_a_worker_killed_mid_build_is_replaced_and_the_build_is_the_same(
        corpus: Path, local: Path, cluster: LocalCluster, tmp_path: Path) -> None:
    with Client(cluster, set_as_default=False) as client:
        client.wait_for_workers(2)
        pids = client.run(os.getpid)
        killed: list[str] = []
        watch = threading.Thread(target=kill_a_worker_running, daemon=True,
                                 args=(client, "extract_pieces", pids, killed))
        watch.start()
        run = kg("build", corpus, "--out", tmp_path, "--scheduler", cluster.scheduler_address,
                 "--no-cache", env={"KG_BATCH_SIZE": "4"})
        watch.join()
        built(run)
        assert killed, "no worker was running an extraction while the build ran"
        client.wait_for_workers(2)  # the nanny started another
        assert set(client.run(os.getpid).values()).isdisjoint([pids[killed[0]]])
    assert_same_exports(tmp_path, local)


def kill_a_worker_running(client: Client, prefix: str, pids: dict[str, int],
                          killed: list[str], deadline: float = 120) -> None:
    """SIGKILL the first worker seen running a task whose key starts with `prefix`."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        for worker, keys in client.processing().items():
            if any(str(key).startswith(prefix) for key in keys) and worker in pids:
                os.kill(pids[worker], signal.SIGKILL)
                killed.append(worker)
                return
        time.sleep(0.02)


def test_a_task_whose_workers_keep_dying_ends_the_build_in_one_line(tmp_path: Path) -> None:
    with (dask.config.set({"distributed.scheduler.allowed-failures": 0}),
          LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                       dashboard_address=":0") as one,
          Client(one, set_as_default=False) as client):
        killed: list[str] = []
        watch = threading.Thread(target=kill_a_worker_running, daemon=True,
                                 args=(client, "extract_pieces", client.run(os.getpid), killed))
        watch.start()
        run = kg("build", SEEDS, "--out", tmp_path, "--scheduler", one.scheduler_address)
        watch.join()
    assert killed
    one_line_error(run, "Dask workers died running task extract_pieces-")
    assert not (tmp_path / "graph.nt").exists()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def shown(out: Path) -> dict[str, bytes | str]:
    """What the exports folder holds: each file's bytes, each link's target."""
    return {str(p.relative_to(out)): os.readlink(p) if p.is_symlink() else p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_symlink() or p.is_file()}


def test_an_unreachable_scheduler_is_one_line_and_leaves_the_exports(
        local: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(local, out, symlinks=True)
    before = shown(out)
    address = f"tcp://127.0.0.1:{free_port()}"
    run = kg("build", SEEDS, "--out", out, "--scheduler", address, env=QUICK)
    assert "after 3 s" in one_line_error(run, f"cannot reach the Dask scheduler at {address}")
    assert shown(out) == before


def test_something_else_at_the_address_is_one_line(tmp_path: Path) -> None:
    """A server that accepts the connection but never answers as Dask does (Dask's own
    client would wait for its handshake forever)."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        address = f"tcp://127.0.0.1:{silent.getsockname()[1]}"
        run = kg("build", SEEDS, "--out", tmp_path, "--scheduler", address, env=QUICK)
    one_line_error(run, f"cannot reach the Dask scheduler at {address} (no answer as a "
                        "Dask scheduler in 5 s)")
    assert not (tmp_path / "graph.nt").exists()


@contextmanager
def dask_processes(folder: Path, worker_path: Path = ROOT
                   ) -> Iterator[tuple[str, subprocess.Popen]]:
    """A `dask scheduler` and one `dask worker` (no nanny) importing kg from `worker_path`:
    the scheduler's address and process."""
    file = folder / "scheduler.json"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": folder}
    scheduler = subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
         "--port", "0", "--no-dashboard", "--scheduler-file", str(file)], **quiet)
    worker = None
    try:
        wait_for(file.exists)
        address = json.loads(file.read_text(encoding="utf-8"))["address"]
        worker = subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1",
             "--no-nanny", "--no-dashboard"],
            env={**os.environ, "PYTHONPATH": str(worker_path)}, **quiet)
        with Client(address, set_as_default=False) as client:
            client.wait_for_workers(1, timeout=60)
        yield address, scheduler
    finally:
        for process in (worker, scheduler):
            if process is not None:
                process.kill()
                process.wait()


def wait_for(ready: Callable[[], bool], deadline: float = 60) -> None:
    end = time.monotonic() + deadline
    while not ready():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)


def test_a_scheduler_lost_mid_build_is_one_line_and_leaves_the_exports(
        corpus: Path, local: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(local, out, symlinks=True)
    before = shown(out)
    with dask_processes(tmp_path) as (address, scheduler):
        build = subprocess.Popen(
            [sys.executable, "-m", "kg.cli", "build", str(corpus), "--out", str(out),
             "--scheduler", address, "--no-cache"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "KG_BATCH_SIZE": "4"})
        with Client(address, set_as_default=False) as client:
            wait_for(lambda: any(str(key).startswith("extract_pieces")
                                 for keys in client.processing().values() for key in keys))
        scheduler.kill()
        _, err = build.communicate(timeout=120)
    run = subprocess.CompletedProcess(build.args, build.returncode, "", err)
    one_line_error(run, f"lost the Dask scheduler at {address}")
    assert shown(out) == before


def test_a_worker_with_another_builder_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(ROOT / "kg", other / "kg", ignore=shutil.ignore_patterns("__pycache__"))
    with (other / "kg" / "settings.py").open("a", encoding="utf-8") as changed:
        changed.write("# a builder changed since\n")
    with dask_processes(tmp_path, other) as (address, _):
        run = kg("build", SEEDS, "--out", tmp_path / "out", "--scheduler", address)
    line = one_line_error(run, "the Dask worker at ")
    assert "install the same kg and spaCy pipeline on every worker" in line
    assert not (tmp_path / "out" / "graph.nt").exists()


def test_workers_and_a_scheduler_exclude_each_other(capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_SCHEDULER", "tcp://127.0.0.1:1")
    assert main(["build", "--workers", "2"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kg: error: --workers is for local processes") and err.count("\n") == 1


def test_the_cluster_is_given_a_few_chunks_ahead_not_the_whole_stage(
        cluster: LocalCluster) -> None:
    """A stage's inputs (articles, stories read back from disk) go to the cluster two
    chunks per worker thread ahead of the one the build reads: neither the build nor the
    scheduler holds a whole stage of a large corpus."""
    from kg.executors import farm

    def queued(dask_scheduler: object) -> int:
        return len(dask_scheduler.tasks)  # type: ignore[attr-defined]

    with farm(scheduler=cluster.scheduler_address) as farmed, Client(cluster) as client:
        seen = []
        for _ in farmed.map(time.sleep, [0.02] * 40, chunksize=1):
            seen.append(client.run_on_scheduler(queued))
    assert len(seen) == 40 and max(seen) <= 2 * 2 + 1
