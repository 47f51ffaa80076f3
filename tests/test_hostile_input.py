"""Unlucky corpus folders build, and nothing in them is lost or read unasked (issue 12).

Each test builds a real folder: names alike in different folders or after
slugging (cases 3, 4), text in awkward encodings and shapes (9), the build's
own output inside the corpus (10) and links out of it (11).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from kg import modelling
from kg.cli import main
from kg.pipeline import build
from kg.settings import BASE_IRI
from tests.conftest import SEEDS, read_folder

#: Four seed articles that are four different stories.
STORIES = ("000_cccd1c247bc30082.txt", "002_b87e7eb918b3626c.txt",
           "003_4b7bc9d324daa154.txt", "004_b6c9b8d978c974ad.txt")
BODY = ("Westshire County Council has apologised to families after inspectors found "
        "widespread failings in its special educational needs service. ") * 3


def _files(out: Path) -> dict[str, str]:
    """Each article's file name in the built graph, with its IRI."""
    marker = "<https://w3id.org/sendkg/ns#fileName>"
    found: dict[str, str] = {}
    for line in (out / "graph.nt").read_text(encoding="utf-8").splitlines():
        if f" {marker} " in line:
            iri, _, rest = line.partition(f" {marker} ")
            found[json.loads(rest.removesuffix(" ."))] = iri.strip("<>")
    return found


def _report(out: Path) -> dict:
    return json.loads((out / "build-report.json").read_text(encoding="utf-8"))


def _skipped(out: Path) -> dict[str, str]:
    return {Path(s["file"]).name: s["reason"] for s in _report(out)["skipped"]}


# --- case 3: one file name in two folders ------------------------------------------------

def test_same_file_name_in_two_folders_is_two_articles(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    for folder, seed in (("a", STORIES[1]), ("b", STORIES[2])):
        (corpus / folder).mkdir(parents=True)
        shutil.copy(SEEDS / seed, corpus / folder / "story.txt")
    shutil.copy(SEEDS / STORIES[3], corpus)

    build(corpus, out)
    files = _files(out)

    assert set(files) == {"a/story.txt", "b/story.txt", STORIES[3]}
    assert len(set(files.values())) == 3
    # a file at the top keeps its bare name and IRI, as gold files and past graphs have it
    assert files[STORIES[3]] == f"{BASE_IRI}article/004-b6c9b8d978c974ad-txt"
    graph = (out / "graph.nt").read_bytes()
    build(corpus, out)  # from the cache: still two articles, nothing changed
    assert (out / "graph.nt").read_bytes() == graph


# --- case 4: names that slug alike -------------------------------------------------------

def test_names_that_slug_alike_get_distinct_iris(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    names = ["a-b.txt", "a_b.txt", "a b.txt", "日本.txt", "中国.txt"]
    for name, seed in zip(names, STORIES, strict=False):
        shutil.copy(SEEDS / seed, corpus / name)
    (corpus / "中国.txt").write_text(f"Council apologises\n\n{BODY}\n", encoding="utf-8")

    build(corpus, out)  # the shapes would fail on two articles sharing an IRI
    files = _files(out)

    assert set(files) == set(names)
    assert len(set(files.values())) == len(names)


def test_article_iri_is_readable_stable_and_independent_of_the_corpus() -> None:
    plain = ["001_603711bf4ad84163.txt", "own_001_westmoor.txt", "a_b.txt"]
    assert [modelling.article_slug(n) for n in plain] == [
        "001-603711bf4ad84163-txt", "own-001-westmoor-txt", "a-b-txt"]  # today's slugs
    lossy = ["a-b.txt", "a b.txt", "A_b.txt", "a_b.TXT", "a/b.txt", "日本.txt", "中国.txt",
             "a.b.txt", "_a_b.txt", "a__b.txt"]
    slugs = [modelling.article_slug(n) for n in [*plain, *lossy]]
    assert len(set(slugs)) == len(slugs)
    assert modelling.article_slug("a b.txt").startswith("a-b-txt--")  # still readable
    assert modelling.article_slug("日本.txt").startswith("txt--")
    assert modelling.article_slug("a-b.txt") == "a-b-txt--427978a4186f"  # same in every build


# --- case 9: text in awkward encodings and shapes ----------------------------------------

def _page(depth: int, open_tag: str = "<div>", close_tag: str = "</div>") -> str:
    return ("<html><head><title>Council apologises</title></head><body><article>"
            "<h1>Council apologises</h1>" + open_tag * depth + f"<p>{BODY}</p>"
            + close_tag * depth + "</article></body></html>")


@pytest.mark.parametrize(("depth", "open_tag", "close_tag"), [
    (300, "<div>", "</div>"),  # past libxml2's default limit of 256
    (600, "<div>", "</div>"),  # past trafilatura's depth: read whole
    (3000, "<div>", "</div>"),  # past libxml2's huge-tree limit of 2,048
    (600, "<ul><li>", "</li></ul>"),  # overflowed trafilatura's recursion
])
def test_deeply_nested_page_keeps_its_text(tmp_path: Path, depth: int, open_tag: str,
                                           close_tag: str) -> None:
    (tmp_path / "deep.html").write_text(_page(depth, open_tag, close_tag), encoding="utf-8")
    docs, skipped = read_folder(tmp_path)
    assert not skipped
    text = " ".join(docs["deep.html"].text.split())
    assert text.startswith("Council apologises") and "widespread failings" in text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_text_is_read(tmp_path: Path, encoding: str) -> None:
    """"utf-16" writes a byte-order mark, "utf-16-le" and "utf-16-be" none."""
    text = f"Naïve café plans: {BODY}£40,000 was spent.\n"
    (tmp_path / "wide.txt").write_bytes(text.encode(encoding))
    docs, skipped = read_folder(tmp_path)
    assert not skipped
    assert docs["wide.txt"].text == text


@pytest.mark.parametrize("codec", ["latin-1", "cp1252"])
def test_latin1_is_decoded_as_western_text(tmp_path: Path, codec: str) -> None:
    texts = {"plan.txt": "The naïve plan was approved by the council on Monday.\n",
             "word.txt": "naïve\n", "names.txt": "Señor Müller called the coöperation naïve.\n"}
    for name, text in texts.items():
        (tmp_path / name).write_bytes(text.encode(codec))
    docs, _ = read_folder(tmp_path)
    assert {name: doc.text for name, doc in docs.items()} == texts


def test_stray_nul_is_dropped_and_the_article_kept(tmp_path: Path) -> None:
    (tmp_path / "nul.txt").write_bytes(f"Council apologises\n\n{BODY}".encode().replace(
        b"apologised", b"apolo\x00gised"))
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    docs, skipped = read_folder(tmp_path)
    assert "\x00" not in docs["nul.txt"].text and "has apologised to" in docs["nul.txt"].text
    assert skipped == {"image.txt": "binary file, not text"}


def test_files_that_are_not_articles_are_reported_by_name(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    shutil.copy(SEEDS / STORIES[1], corpus)
    (corpus / "minutes.docx").write_bytes(b"PK\x03\x04" + bytes(200))
    (corpus / "report.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)))
    (corpus / "NOTES").write_text("to do\n", encoding="utf-8")
    (corpus / ".DS_Store").write_bytes(bytes(64))  # hidden: not an input at all
    os.mkfifo(corpus / "pipe.txt")  # reading it would wait for a writer for ever
    shutil.copy(SEEDS / STORIES[2], corpus / os.fsdecode(b"caf\xe9.txt"))  # Latin-1 name

    build(corpus, out)

    assert _report(out)["articles_read"] == 1
    skipped = _skipped(out)
    assert set(skipped) == {"minutes.docx", "report.pdf", "NOTES", "pipe.txt", "caf\\xe9.txt"}
    assert skipped["minutes.docx"].startswith("not an article file type: .docx")
    assert skipped["NOTES"].startswith("not an article file type: no extension")
    assert skipped["pipe.txt"] == "not a regular file"
    assert skipped["caf\\xe9.txt"] == "name is not valid UTF-8: rename it to read it"


# --- case 10: the build's own output inside the corpus -----------------------------------

def test_output_folder_inside_the_corpus_is_not_read(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / STORIES[1], corpus)
    out = corpus / "exports"

    build(corpus, out)
    first = (out / "graph.nt").read_bytes()
    build(corpus, out, use_cache=False)

    assert _report(out)["articles_read"] == 1 and _report(out)["skipped"] == []
    assert (out / "graph.nt").read_bytes() == first


def test_output_folder_that_is_the_corpus_is_an_error(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    shutil.copy(SEEDS / STORIES[1], tmp_path)
    assert main(["build", str(tmp_path), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kg: error: the output folder is the corpus folder")
    assert not (tmp_path / "graph.nt").exists()


# --- case 11: links out of the corpus ----------------------------------------------------

def test_links_out_of_the_corpus_are_refused_unless_asked(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    corpus, outside, out = tmp_path / "corpus", tmp_path / "outside", tmp_path / "out"
    (corpus / "sub").mkdir(parents=True)
    outside.mkdir()
    shutil.copy(SEEDS / STORIES[1], corpus / "sub")
    shutil.copy(SEEDS / STORIES[2], outside / "secret.txt")
    shutil.copy(SEEDS / STORIES[3], outside / "other.txt")
    os.symlink(outside / "secret.txt", corpus / "secret.txt")
    os.symlink(outside, corpus / "elsewhere")
    os.symlink(corpus / "sub" / STORIES[1], corpus / "inside.txt")  # stays in the corpus
    os.symlink(corpus / "loop.txt", corpus / "loop2.txt")
    os.symlink(corpus / "loop2.txt", corpus / "loop.txt")

    assert main(["build", str(corpus), "--out", str(out)]) == 0
    assert set(_files(out)) == {f"sub/{STORIES[1]}", "inside.txt"}
    skipped = _skipped(out)
    assert skipped["secret.txt"].startswith("symbolic link to a file outside the corpus")
    assert skipped["elsewhere"].startswith("symbolic link to a folder outside the corpus")
    assert skipped["loop.txt"] == skipped["loop2.txt"] == "symbolic link loop"
    assert "secret.txt: symbolic link" in capsys.readouterr().err

    assert main(["build", str(corpus), "--out", str(out), "--follow-links"]) == 0
    assert set(_files(out)) == {f"sub/{STORIES[1]}", "inside.txt", "secret.txt",
                                "elsewhere/secret.txt", "elsewhere/other.txt"}
    assert [Path(s["file"]).name for s in _report(out)["skipped"]] == ["loop.txt", "loop2.txt"]
