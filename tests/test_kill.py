"""Fault test: `kg build` killed with SIGKILL at random points, including the moment its
export set is switched into place, always leaves one whole export set (issue 12, case 7).

Builds alternate between two corpora (the seeds, and the seeds plus an article naming
Anyshire County Council), so files of two builds side by side disagree."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from tests.conftest import ROOT, SEEDS

EXPORTS = ("graph.ttl", "graph.trig", "graph.nt", "graph.jsonld", "graph.html",
           "entities.json", "build-report.json")
MARK = "anyshire"


def start(corpus: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "build", str(corpus), "--out", str(out),
         "--workers", "1"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def visible(out: Path) -> dict[str, tuple[int, int]]:
    """What each export path shows now: its file's inode and modification time."""
    shown = {}
    for name in EXPORTS:
        try:
            st = (out / name).stat()
        except FileNotFoundError:
            continue
        shown[name] = (st.st_ino, st.st_mtime_ns)
    return shown


def kill_when(proc: subprocess.Popen, ready: Callable[[], bool], deadline: float = 30) -> None:
    """SIGKILL `proc` as soon as `ready()` (polled every half millisecond), unless it ends."""
    end = time.monotonic() + deadline
    while proc.poll() is None and not ready():
        assert time.monotonic() < end, "the build neither finished nor reached the point"
        time.sleep(0.0005)
    proc.kill()
    proc.wait()


def triples(path: Path, fmt: ox.RdfFormat) -> tuple[int, set[str]]:
    """How many distinct triples a file states, and their subjects and predicates."""
    found = {(str(q.subject), str(q.predicate), str(q.object))
             for q in ox.parse(path=str(path), format=fmt)}
    return len(found), {f"{s} {p}" for s, p, _ in found}


def assert_whole(out: Path) -> bool:
    """Every export is there and all come from one build; returns whether it was the
    build of the corpus with the extra article."""
    assert all((out / name).is_file() for name in EXPORTS), os.listdir(out)
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    nt = triples(out / "graph.nt", ox.RdfFormat.N_TRIPLES)
    assert nt[0] == report["triples"]
    for name, fmt in (("graph.ttl", ox.RdfFormat.TURTLE), ("graph.trig", ox.RdfFormat.TRIG),
                      ("graph.jsonld", ox.RdfFormat.JSON_LD)):
        assert triples(out / name, fmt) == nt, name
    union = ox.Store.read_only(str(out / "store")).quads_for_pattern(None, None, None,
                                                                     ox.DefaultGraph())
    stored = {(str(q.subject), str(q.predicate), str(q.object)) for q in union}
    assert (len(stored), {f"{s} {p}" for s, p, _ in stored}) == nt, "store"
    entities = json.loads((out / "entities.json").read_text(encoding="utf-8"))
    assert len(entities) == report["entities"]
    marked = {name: MARK in (out / name).read_text(encoding="utf-8").lower()
              for name in ("graph.nt", "graph.html", "entities.json")}
    assert len(set(marked.values())) == 1, marked
    return marked["graph.nt"]


def test_killed_builds_leave_one_whole_export_set(tmp_path: Path) -> None:
    plain, marked, out = tmp_path / "plain", tmp_path / "marked", tmp_path / "out"
    shutil.copytree(SEEDS, plain)
    shutil.copytree(SEEDS, marked)
    (marked / "extra.txt").write_text(
        "Ofsted inspected Anyshire County Council in May 2024, the council said.\n")
    for corpus in (marked, plain):  # fill the cache for both: later builds take seconds
        assert start(corpus, out).wait() == 0
    assert not assert_whole(out)
    rng = random.Random(12)
    builds = out / ".builds"

    def switched(before: dict) -> Callable[[], bool]:
        return lambda: visible(out) != before

    def staged(name: str) -> Callable[[], bool]:
        """Has this build's new set folder got `name` yet? (A killed build's stays until
        the next build starts.)"""
        old = set(builds.glob("set-*"))
        return lambda: any((p / name).exists() for p in set(builds.glob("set-*")) - old)

    kills, shown = 0, False
    for round_ in range(9):
        corpus = (marked, plain)[round_ % 2]
        proc = start(corpus, out)
        if round_ % 3 == 0:  # the moment the exports change
            kill_when(proc, switched(visible(out)))
        elif round_ % 3 == 1:  # the set is complete, about to be switched
            kill_when(proc, staged("build-report.json"))
        else:  # while the set is being written, or just after
            kill_when(proc, staged("entities.json"))
            time.sleep(rng.uniform(0, 0.3))
            proc.kill()
            proc.wait()
        kills += proc.returncode == -9
        now = assert_whole(out)
        assert now in (shown, corpus == marked)  # the old set, or this build's
        shown = now
    assert kills >= 7  # most builds were killed, not left to finish

    leftovers = [out / ".graph.nt.k3x9q.tmp", out / ".graph.nt.k3x9q.unsorted"]
    for path in leftovers:
        path.write_bytes(b"x" * 1000)
    proc = start(marked, out)
    assert proc.wait() == 0, proc.stderr.read().decode()
    assert assert_whole(out)
    assert sorted(p.name for p in builds.iterdir()) == sorted(
        ["current", os.readlink(builds / "current")])
    assert not list(out.glob(".*.tmp")) and not list(out.glob(".*.unsorted"))
