"""The `kg` command as a person meets it: arguments in any order, `--version`, help with
defaults, `-v`, one `--out` for every command, plain counts, and every failure one line.

Each runs `main([...])` in-process as the console script does, and the contract's own
calls also run as a real `python -m kg.cli` process.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import click
import pytest

from kg.cli import cli, main
from tests.conftest import SEEDS

ROOT = Path(__file__).resolve().parent.parent
ONE_ARTICLE = "002_b87e7eb918b3626c.txt"


def _kg(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, env=env, timeout=600)


def _run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def one_article(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / ONE_ARTICLE, corpus)
    return corpus


# --- options and arguments in any order ----------------------------------------------------

def test_query_takes_its_options_before_or_after_the_graph(seed_exports: Path,
                                                           capsys: pytest.CaptureFixture[str]
                                                           ) -> None:
    graph = seed_exports / "graph.ttl"
    answers = [_run(capsys, "query", "people", "--format", "json", graph),  # the contract's
               _run(capsys, "query", "people", graph, "--format", "json"),
               _run(capsys, "query", "--format", "json", "people", "--graph", graph),
               _run(capsys, "query", "people", "--out", seed_exports, "--format", "json")]
    assert {code for code, _, _ in answers} == {0}
    assert len({out for _, out, _ in answers}) == 1
    assert len(json.loads(answers[0][1])) == 5


def test_the_contract_order_runs_as_a_command(seed_exports: Path) -> None:
    """Exactly what the independent scorer runs."""
    first = _kg("query", "people", "--format", "json", seed_exports / "graph.ttl")
    second = _kg("query", "people", seed_exports / "graph.ttl", "--format", "json")
    assert first.returncode == second.returncode == 0, first.stderr
    assert first.stdout == second.stdout and json.loads(first.stdout)
    assert first.stderr == second.stderr == ""


def test_every_command_reads_the_exports_named_by_out(seed_exports: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    """Run where there is no exports/ folder: `--out DIR` is where each command looks."""
    exports = tmp_path / "elsewhere"
    exports.mkdir()
    for name in ("graph.ttl", "entities.json"):
        shutil.copy(seed_exports / name, exports)
    monkeypatch.chdir(tmp_path)

    code, out, _ = _run(capsys, "explain", "Gordon Jones", "--out", exports)
    assert code == 0 and out.startswith("Gordon Jones (Person, person/gordon-jones)")
    assert _run(capsys, "validate", "--out", exports)[:2] == (0, "conforms\n")
    assert _run(capsys, "html", "--out", exports)[0] == 0
    assert (exports / "graph.html").stat().st_size > 0
    code, out, _ = _run(capsys, "html", "--graph", exports / "graph.ttl", "--out", "page.html")
    assert code == 0 and out.startswith("wrote page.html (") and Path("page.html").is_file()
    code, _, err = _run(capsys, "explain", "Gordon Jones")
    assert code == 2 and err == "kg: error: exports/entities.json not found: run `kg build` first\n"


# --- --version and help ----------------------------------------------------------------------

def test_querying_and_serving_do_not_load_the_language_model_code() -> None:
    """`kg query`, `kg serve` and `kg push` start without importing spaCy (about a second
    of every query's time end to end)."""
    probe = ("import sys, kg.cli, kg.querying, kg.serving, kg.store; "
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc')))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True, timeout=120)
    assert done.stdout.strip() == "[]"


def test_version_is_the_installed_package_version() -> None:
    done = _kg("--version")
    assert done.returncode == 0 and done.stdout == f"kg {version('kg')}\n"


def test_help_describes_every_command_and_every_option_with_its_default(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, overview, _ = _run(capsys, "--help")
    assert code == 0
    for name, command in cli.commands.items():
        summary = command.get_short_help_str(limit=80)
        assert summary and not summary.endswith("..."), name
        assert f"  {name}  " in overview and summary in " ".join(overview.split()), name
        code, text, _ = _run(capsys, name, "--help")
        assert code == 0 and text.startswith(f"Usage: kg {name} ")
        ctx = click.Context(command, info_name=name)
        for option in command.params:
            if not isinstance(option, click.Option) or option.name == "help":
                continue
            _, described = option.get_help_record(ctx) or ("", "")
            assert described, f"{name} {option.opts}: no description"
            if not option.is_flag:
                assert "[default: " in described, f"{name} {option.opts}: no default shown"
                assert option.opts[-1] in text


def test_kg_alone_prints_the_overview(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys)
    assert code == 0 and err == "" and out.startswith("Usage: kg ")
    assert all(name in out for name in cli.commands)


# --- -v logs each stage ----------------------------------------------------------------------

@pytest.mark.parametrize("where", ["before", "after"])
def test_verbose_build_logs_each_stage_with_its_time(where: str, one_article: Path,
                                                     tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    (one_article / "empty.txt").write_text("", encoding="utf-8")
    skip = f"kg: skipped {one_article / 'empty.txt'}: empty file"
    args = ["build", one_article, "--out", tmp_path / "out", "--workers", "1"]
    code, _, err = _run(capsys, *(["-v", *args] if where == "before" else [*args, "-v"]))
    assert code == 0
    stages = json.loads((tmp_path / "out" / "build-report.json").read_text())["seconds"]
    lines = err.splitlines()
    assert lines[0] == skip and lines.count(skip) == 1  # as it is read, and only then
    timed = [line.split() for line in lines[1:]]
    assert sorted(words[1] for words in timed) == sorted(stages)  # the report sorts them
    assert all(words[0] == "kg:" and words[2] == "took" and words[3].endswith("s")
               for words in timed)

    code, _, quiet = _run(capsys, *args)
    assert code == 0 and quiet == f"{skip}\n"


# --- plain counts ----------------------------------------------------------------------------

def test_one_article_reads_in_the_singular_and_a_cold_build_says_nothing_of_a_cache(
        one_article: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (one_article / "empty.txt").write_text("", encoding="utf-8")
    out_dir = tmp_path / "out"
    code, out, err = _run(capsys, "build", one_article, "--out", out_dir, "--workers", "1")
    assert code == 0
    first = out.splitlines()[0]
    assert first == "read 1 article (1 story), skipped 1 file"
    assert err == f"kg: skipped {one_article / 'empty.txt'}: empty file\n"

    code, out, _ = _run(capsys, "build", one_article, "--out", out_dir, "--workers", "1")
    assert out.splitlines()[0] == "read 1 article (1 story, 1 unchanged, from cache), " \
                                  "skipped 1 file"

    rq = tmp_path / "one.rq"
    rq.write_text("SELECT ?n WHERE { VALUES ?n { 1 } }", encoding="utf-8")
    code, out, _ = _run(capsys, "query", rq, out_dir / "graph.ttl")
    assert code == 0 and out.splitlines()[-1] == "(1 row)"


# --- every failure is one line ---------------------------------------------------------------

FAILURES = {
    "unknown command": (["buld"], "no such command 'buld'"),
    "unknown option": (["query", "people", "--fromat", "json"], "no such option '--fromat'"),
    "bad choice": (["query", "people", "--format", "xml"], "invalid value for '--format'"),
    "missing argument": (["query"], "missing argument 'QUERY'"),
    "missing command": (["-v"], "missing command"),
    "graph given twice": (["validate", "a.ttl", "--graph", "b.ttl"], "give the graph file once"),
    "missing graph file": (["validate", "missing.ttl"], "graph file not found: missing.ttl"),
    "not a graph": (["html", "words.ttl", "--out", "page.html"], "cannot read words.ttl"),
    "missing corpus": (["build", "nowhere"], "corpus folder not found: nowhere"),
    "corpus is a file": (["build", "words.ttl"], "corpus path is not a folder"),
    "no such entity": (["explain", "Nobody", "--out", "."], "no entity named 'Nobody'"),
    "out is a file": (["build", "corpus", "--out", "words.ttl"], "Directory 'words.ttl' is a file"),
    "out is below a file": (["build", "corpus", "--out", "words.ttl/exports"],
                            "cannot write to words.ttl/exports: Not a directory"),
    "bad workers": (["build", "--workers", "0"], "invalid value for '--workers'"),
    "missing gold": (["eval", "--gold", "nowhere"], "Directory 'nowhere' does not exist"),
}


@pytest.fixture
def workplace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, one_article: Path) -> Path:
    """A folder holding a corpus, a file that is not RDF, and an entities.json."""
    (tmp_path / "words.ttl").write_text("This is an article, not a graph.\n", encoding="utf-8")
    (tmp_path / "entities.json").write_text("{}", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("failure", FAILURES)
def test_each_failure_is_one_line_and_a_non_zero_exit(failure: str, workplace: Path,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    args, says = FAILURES[failure]
    code, out, err = _run(capsys, *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("kg: error: "), err
    assert says in err, err
    assert not (workplace / "page.html").exists()


@pytest.mark.parametrize("failure", ["unknown option", "missing argument", "not a graph",
                                     "out is below a file"])
def test_a_failing_command_prints_one_line_and_no_traceback(failure: str, workplace: Path
                                                            ) -> None:
    args, says = FAILURES[failure]
    done = _kg(*args, cwd=workplace)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("kg: error: ")
    assert says in done.stderr


def test_ctrl_c_during_a_build_is_one_line_and_exit_130(one_article: Path,
                                                        tmp_path: Path) -> None:
    """SIGINT once reading is done, while spaCy loads and extracts."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with subprocess.Popen([sys.executable, "-m", "kg.cli", "-v", "build", one_article,
                           "--out", tmp_path / "out", "--workers", "1", "--no-cache"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          env=env) as run:
        assert run.stderr is not None
        line = run.stderr.readline()
        assert line.startswith("kg: read+clean took "), line
        run.send_signal(signal.SIGINT)
        out, err = run.communicate(timeout=120)
    assert run.returncode == 130
    assert [e for e in err.splitlines() if " took " not in e] == ["kg: error: interrupted"]
    assert "wrote" not in out and not (tmp_path / "out" / "graph.ttl").exists()
