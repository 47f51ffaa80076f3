"""Where exports go: an unusable --out, a full disk or a failed sort is one `kg: error:`
line and leaves no export half-written (issue 12, case 8); exports of an older builder
are taken over whole (case 7)."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.pipeline import build
from tests.conftest import ROOT, SEEDS

EXPORTS = ("graph.ttl", "graph.trig", "graph.nt", "graph.jsonld", "graph.html",
           "entities.json", "build-report.json")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One seed article: enough for every export, quick to build in a subprocess."""
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copy(sorted(SEEDS.glob("*.txt"))[2], folder)
    return folder


def kg_build(corpus: Path, out: Path, env: dict[str, str] | None = None,
             limit_file_size: int | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:  # writes past the limit fail with EFBIG instead of killing us
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_size, limit_file_size))

    return subprocess.run(
        [sys.executable, "-m", "kg.cli", "build", str(corpus), "--out", str(out),
         "--workers", "1", "--no-cache"],
        cwd=ROOT, capture_output=True, text=True, env=env,
        preexec_fn=limit if limit_file_size else None)


def assert_one_line_error(run: subprocess.CompletedProcess[str], *words: str) -> None:
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error: "), run.stderr
    assert all(word in lines[0] for word in words), lines[0]


def test_out_that_is_a_file(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "exports"
    out.write_text("not a folder")
    assert_one_line_error(kg_build(corpus, out), str(out), "is a file")
    assert out.read_text() == "not a folder"


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    """An empty folder no one may write in: chmod for a user; for root, whom modes do not
    stop, the immutable attribute where the file system has it."""
    folder = tmp_path / "exports"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(folder)],
                                        capture_output=True).returncode:
        pytest.skip("running as root, which chmod does not stop, and chattr +i is "
                    "unavailable here")
    try:
        yield folder
    finally:
        subprocess.run([chattr, "-i", str(folder)], check=True)


def test_out_that_cannot_be_written(corpus: Path, read_only: Path) -> None:
    run = kg_build(corpus, read_only)
    assert_one_line_error(run, f"cannot write to {read_only}")
    assert list(read_only.iterdir()) == []


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KB file system: a real full disk, where this test may mount one."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
            capture_output=True).returncode:
        pytest.skip("mounting a small tmpfs needs root and a system that allows it")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_a_full_disk(corpus: Path, tiny_disk: Path) -> None:
    out = tiny_disk / "exports"
    assert_one_line_error(kg_build(corpus, out), "No space left on device")
    assert [p.name for p in out.iterdir()] == [".builds"]  # no export, whole or half
    assert list((out / ".builds").iterdir()) == []


def test_a_write_refused_half_way(corpus: Path, tmp_path: Path) -> None:
    """Files may not grow past 300 KB (RLIMIT_FSIZE): the page, about 800 KB, cannot be
    written, as on a disk that fills up; the previous exports stay as they were."""
    out = tmp_path / "exports"
    assert kg_build(corpus, out).returncode == 0
    before = {name: (out / name).read_bytes() for name in EXPORTS}
    (corpus.parent / "more").mkdir()
    shutil.copy(sorted(SEEDS.glob("*.txt"))[3], corpus.parent / "more")
    run = kg_build(corpus.parent / "more", out, limit_file_size=300_000)
    assert_one_line_error(run, "cannot write the exports", "File too large")
    assert {name: (out / name).read_bytes() for name in EXPORTS} == before
    assert len(list((out / ".builds").iterdir())) == 2  # the current set and its link


def test_a_failed_sort(corpus: Path, tmp_path: Path) -> None:
    programs = tmp_path / "bin"
    programs.mkdir()
    (programs / "sort").write_text(
        "#!/bin/sh\necho 'sort: write failed: /tmp/sortXYZ: No space left on device' >&2\n"
        "exit 2\n")
    (programs / "sort").chmod(0o755)
    env = {**os.environ, "PATH": f"{programs}{os.pathsep}{os.environ['PATH']}"}
    out = tmp_path / "exports"
    run = kg_build(corpus, out, env=env)
    assert_one_line_error(run, "sorting graph.nt failed", "No space left on device")
    assert not any((out / name).exists() for name in EXPORTS)


def test_exports_of_an_older_builder_are_taken_over(corpus: Path, tmp_path: Path) -> None:
    """Plain export files (as builders before the export sets wrote them) become links
    into the new set; nothing of the old ones is left behind."""
    out = tmp_path / "exports"
    out.mkdir()
    for name in EXPORTS:
        (out / name).write_text(f"old {name}\n")
    (out / ".graph.nt.x7k2p.tmp").write_bytes(b"\0" * 1000)  # an old killed build's
    result = build(corpus, out)
    assert [p.name for p in result.written] == [*sorted([*EXPORTS[:-1], "store"]),
                                                "build-report.json"]
    for name in EXPORTS:
        assert (out / name).is_symlink() and not (out / name).read_text().startswith("old")
    builds = out / ".builds"
    assert sorted(p.name for p in builds.iterdir()) == sorted(
        ["current", os.readlink(builds / "current")])
    assert not list(out.glob(".*.tmp"))
