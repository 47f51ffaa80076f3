"""A damaged or crafted build cache runs no code, crashes nothing and changes no output.

Each test builds two seed articles with `kg build` in a subprocess, tampers with
every file the build cached, builds again, and compares graph.nt with a
`--no-cache` build: the graph must not change and one warning line must say how
many entries were thrown away.
"""

from __future__ import annotations

import os
import pickle
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
WARNING = re.compile(r"kg: warning: discarded (\d+) damaged or unreadable cache entr(y|ies) ")


def _kg(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=600)


def _build(corpus: Path, out: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    done = _kg("build", corpus, "--out", out, "--workers", "1", *flags)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done


def _warnings(done: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in done.stderr.splitlines() if "warning" in line]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for path in sorted(SEEDS.glob("*.txt"))[1:3]:
        shutil.copy(path, folder)
    return folder


@pytest.fixture(scope="module")
def uncached_graph(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("uncached")
    _build(corpus, out, "--no-cache")
    return (out / "graph.nt").read_bytes()


@pytest.fixture
def built(corpus: Path, tmp_path: Path) -> Path:
    """An output folder whose cache holds the corpus's every stage."""
    out = tmp_path / "out"
    _build(corpus, out)
    return out


def _cached_files(out: Path) -> list[Path]:
    files = sorted(p for p in (out / ".cache").rglob("*") if p.is_file())
    assert {p.parent.name for p in files} == {"article", "minhash", "extraction", "story"}
    return files


def test_a_rebuild_from_the_cache_is_byte_identical(corpus: Path, built: Path,
                                                    uncached_graph: bytes) -> None:
    done = _build(corpus, built)

    assert (built / "graph.nt").read_bytes() == uncached_graph
    assert _warnings(done) == [] and "2 unchanged, from cache" in done.stdout


class _Payload:
    """Unpickling this calls `open(marker, "w")`: the file appears only if it ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple:
        return open, (str(self.marker), "w")


def test_a_crafted_pickle_in_the_cache_does_not_run(corpus: Path, built: Path, tmp_path: Path,
                                                     uncached_graph: bytes) -> None:
    marker = tmp_path / "ran"
    payload = pickle.dumps(_Payload(marker))
    files = _cached_files(built)
    for path in files:  # in each entry, and as an old-style pickle beside it
        path.write_bytes(payload)
        path.with_suffix(".pickle").write_bytes(payload)

    done = _build(corpus, built)

    assert not marker.exists()
    assert (built / "graph.nt").read_bytes() == uncached_graph
    (warning,) = _warnings(done)
    assert WARNING.match(warning) and WARNING.match(warning)[1] == str(len(files))
    assert not list((built / ".cache").rglob("*.pickle"))  # pruned, never read


def test_random_bytes_in_the_cache_are_recomputed(corpus: Path, built: Path,
                                                  uncached_graph: bytes) -> None:
    rng = random.Random(12)
    files = _cached_files(built)
    for path in files:
        path.write_bytes(rng.randbytes(rng.randrange(0, 4096)))

    done = _build(corpus, built)

    assert (built / "graph.nt").read_bytes() == uncached_graph
    (warning,) = _warnings(done)  # one line for the build, not one per entry
    assert WARNING.match(warning)[1] == str(len(files))
    again = _build(corpus, built)  # the entries were written afresh
    assert _warnings(again) == [] and "2 unchanged, from cache" in again.stdout


def test_a_flipped_byte_in_a_cached_article_is_caught(corpus: Path, built: Path,
                                                      uncached_graph: bytes) -> None:
    entry = next(p for p in _cached_files(built)
                 if p.parent.name == "article" and b"Suffolk" in p.read_bytes())
    data = bytearray(entry.read_bytes())
    data[data.index(b"Suffolk")] ^= 0x20  # "suffolk": still valid text, another article
    entry.write_bytes(bytes(data))

    done = _build(corpus, built)

    assert (built / "graph.nt").read_bytes() == uncached_graph
    (warning,) = _warnings(done)
    assert WARNING.match(warning)[1] == "1"
