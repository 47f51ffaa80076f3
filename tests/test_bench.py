"""The benchmark scripts run, at a tiny size: a renamed term or function breaks the tests,
not the next measurement."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def bench(script: str, *args: str) -> str:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / script), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_make_corpus_is_repeatable(tmp_path: Path) -> None:
    for run in ("a", "b"):
        bench("make_corpus.py", "6", str(tmp_path / run), "--seed", "3")
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert len(files) == 6
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes()
               for f in files)


def test_whole_build_benchmark_completes_and_passes_the_shapes(tmp_path: Path) -> None:
    results = tmp_path / "results.md"
    bench("run.py", "--sizes", "5", "--workers", "1", "--spacy-max-stories", "3",
          "--out", str(results))
    table = results.read_text(encoding="utf-8")
    assert "| status | complete |" in table
    assert "| SHACL check of the build | passed |" in table
    assert "query `people`" in table


def test_page_at_scale_opens_in_a_browser(tmp_path: Path) -> None:
    out = bench("html_scale.py", "--scale", "0.02", "--out", str(tmp_path / "page.html"))
    assert "open to drawn" in out
    assert (tmp_path / "page.html").stat().st_size > 0


def test_whole_build_benchmark_runs_on_a_dask_cluster(tmp_path: Path) -> None:
    results = tmp_path / "results.md"
    bench("run.py", "--sizes", "5", "--workers", "1", "--dask", "--spacy-max-stories", "3",
          "--out", str(results))
    table = results.read_text(encoding="utf-8")
    assert "| status | complete |" in table
    assert "| workers | 1 (Dask LocalCluster) |" in table


def test_memory_curve_builds_each_size_only(tmp_path: Path) -> None:
    results = tmp_path / "curve.md"
    out = bench("run.py", "--sizes", "4", "6", "--workers", "1", "--curve", "--out", str(results))
    rows = [line for line in results.read_text(encoding="utf-8").splitlines()
            if line.startswith(("| 4 |", "| 6 |"))]
    assert len(rows) == 2 and all("1 local" in row for row in rows)
    assert "timing queries" not in out  # the build alone
