"""Bad input is reported by name and reason; everything else is still read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg import settings
from kg.errors import InputError
from kg.model import Skipped
from kg.reading import read_corpus
from tests.conftest import read_folder

STORY = "Westshire County Council said on Monday that its SEND service would improve.\n"


def test_each_bad_file_is_skipped_with_its_reason(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "good.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    (tmp_path / "huge.txt").write_text("word " * 1000, encoding="utf-8")
    os.symlink(tmp_path / "gone.txt", tmp_path / "broken.txt")
    monkeypatch.setattr(settings, "MAX_FILE_BYTES", 2000)

    docs, skipped = read_folder(tmp_path)

    assert list(docs) == ["good.txt"]
    assert skipped["empty.txt"] == "empty file"
    assert "binary" in skipped["binary.txt"]
    assert "oversized" in skipped["huge.txt"]
    assert "broken symbolic link" in skipped["broken.txt"]


def test_unreadable_file_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "good.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "locked.txt").write_text(STORY, encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    docs, skipped = read_folder(tmp_path)
    assert list(docs) == ["good.txt"]
    assert skipped["locked.txt"] == "cannot read: Permission denied"


def test_legacy_encoding_is_decoded_not_mangled(tmp_path: Path) -> None:
    text = "The café at Daleford Borough Council cost £40,000, councillors were told.\n" * 5
    (tmp_path / "latin.txt").write_bytes(text.encode("cp1252"))
    docs, skipped = read_folder(tmp_path)
    assert not skipped
    assert "café" in docs["latin.txt"].text and "£40,000" in docs["latin.txt"].text
    assert docs["latin.txt"].encoding != "utf-8"


def test_html_is_reduced_to_its_main_text(tmp_path: Path) -> None:
    body = " ".join(["Westshire County Council has apologised to families after inspectors "
                     "found widespread failings in its special educational needs service."] * 4)
    (tmp_path / "page.html").write_text(
        "<html><head><title>Council apologises | Westshire Echo</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>Council apologises</h1><p>{body}</p></article>"
        "<footer>Cookie settings. Privacy policy.</footer></body></html>",
        encoding="utf-8",
    )
    docs, _ = read_folder(tmp_path)
    text = docs["page.html"].text
    assert "widespread failings" in text
    assert "Cookie settings" not in text and "Privacy policy" not in text


def test_a_web_page_names_its_outlet_in_its_metadata(tmp_path: Path) -> None:
    """`og:site_name` names the outlet even when the text never does."""
    from kg.pipeline import build

    body = " ".join(["Harbridge City Council has been told to improve its children's services "
                     "after inspectors found serious weaknesses in how referrals were"
                     " handled."] * 4)
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "page.html").write_text(
        "<html><head><title>Council told to improve</title>"
        "<meta property='og:site_name' content='Harbridge Evening Courier'></head><body>"
        f"<article><h1>Council told to improve</h1><p>{body}</p></article></body></html>",
        encoding="utf-8",
    )
    result = build(tmp_path / "corpus", tmp_path / "out", use_cache=False)
    assert [a.outlet for a in result.corpus.articles] == ["Harbridge Evening Courier"]


def test_missing_folder_is_an_input_error_and_other_files_are_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        list(read_corpus(tmp_path / "nowhere"))
    (tmp_path / "notes.csv").write_text("a,b\n", encoding="utf-8")
    assert list(read_corpus(tmp_path)) == [Skipped(
        str(tmp_path / "notes.csv"),
        "not an article file type: .csv (articles are .txt, .md, .html, .htm)")]
