"""Fuzz the reader, cleaner, metadata and extractors with random text, bytes and HTML.

No input may raise anything but the reader's `Unreadable` (a file skipped with
its reason), and text that decodes is not lost: a plain paragraph among random
characters, or deep inside random nesting, comes out of the reader and the
cleaner whole. Example counts keep the file to a few seconds of work.
"""

from __future__ import annotations

import codecs
import hashlib
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.cleaning import clean_text
from kg.metadata import read_metadata
from kg.model import Article
from kg.pipeline import Timings, extract_all, to_article
from kg.reading import Document, Unreadable, to_document
from kg.settings import BINARY_CONTROL_RATIO

PARAGRAPH = ("Westshire County Council said on Monday that its special educational needs "
             "service would improve after inspectors found widespread failings.")
#: What the reader counts as a control character: C0 but whitespace, DEL and C1.
CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
FUZZ = settings(max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])

TAGS = ("div", "p", "span", "article", "section", "nav", "footer", "ul", "li", "table", "tr",
        "td", "h1", "a", "b", "br", "script", "style", "title", "head", "body", "html")
_text = st.text(max_size=40)
_tag = st.sampled_from(TAGS)
_attributes = st.lists(st.tuples(st.sampled_from(("class", "id", "href", "charset", "lang")),
                                 _text), max_size=2)


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A tag around its children, closed or not, with attributes that may need quoting."""
    return st.builds(
        lambda tag, attrs, inner, closed: (
            f"<{tag}{''.join(f' {k}={v!r}' for k, v in attrs)}>{''.join(inner)}"
            + (f"</{tag}>" if closed else "")),
        _tag, _attributes, st.lists(children, max_size=4), st.booleans())


HTML = st.recursive(_text | st.sampled_from(("<", "&", "&#0;", "&#x110000;", "<!--", "]]>")),
                    _element, max_leaves=30).map(lambda body: f"<html><body>{body}</body></html>")


def _document(name: str, data: bytes) -> Document | None:
    """The document, or None when the reader skipped it (its one allowed error)."""
    try:
        return to_document(name, data, hashlib.sha256(data).hexdigest())
    except Unreadable:
        return None


def _read(name: str, data: bytes) -> str | None:
    doc = _document(name, data)
    return doc.text if doc else None


def _controls(text: str) -> float:
    return len(CONTROL.findall(text)) / max(1, len(text))


#: Random bytes, alone or after a byte-order mark or a tag, and random text in the
#: encodings the reader tells apart.
BYTES = st.one_of(
    st.binary(max_size=2000),
    st.builds(bytes.__add__, st.sampled_from((codecs.BOM_UTF8, codecs.BOM_UTF16_LE,
                                              codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE,
                                              b"<html><body>")), st.binary(max_size=2000)),
    st.builds(lambda text, codec: text.encode(codec, "replace"), st.text(max_size=500),
              st.sampled_from(("utf-8", "utf-16", "utf-16-le", "utf-16-be", "latin-1",
                               "cp1252", "cp1251", "shift_jis"))),
)


@FUZZ
@given(BYTES, st.sampled_from(("a.txt", "a.md", "a.html")))
def test_random_bytes_are_read_or_skipped(data: bytes, name: str) -> None:
    doc = _document(name, data)
    if doc is not None:
        assert not CONTROL.search(doc.text)
        to_article(doc)  # cleaning and metadata take it too


#: Any character but NUL, whose pattern can make text read as UTF-16 (tested below).
_NO_NUL = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=500)


@FUZZ
@given(_NO_NUL, _NO_NUL)
def test_a_paragraph_among_random_text_survives(before: str, after: str) -> None:
    raw = f"{before}\n\n{PARAGRAPH}\n\n{after}"
    text = _read("a.txt", raw.encode("utf-8"))
    if text is None:  # skipped only as binary: too many control characters
        assert _controls(raw.removeprefix("\ufeff")) > BINARY_CONTROL_RATIO
        return
    assert PARAGRAPH in text
    assert PARAGRAPH in clean_text(text).text
    read_metadata(text)


@FUZZ
@given(st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=300),
       st.integers(0, 500))
def test_stray_nul_is_dropped_not_the_article(noise: str, position: int) -> None:
    raw = f"{PARAGRAPH}\n\n{noise}"
    at = min(position, len(raw))
    text = _read("a.txt", f"{raw[:at]}\x00{raw[at:]}".encode())
    assert text == raw


@FUZZ
@given(HTML)
def test_random_html_is_read_or_skipped(html: str) -> None:
    _read("a.html", html.encode("utf-8", "surrogatepass"))


@settings(max_examples=25, deadline=None, database=None)
@given(st.sampled_from((("<div>", "</div>"), ("<ul><li>", "</li></ul>"), ("<span>", ""),
                        ("<table><tr><td>", "</td></tr></table>"), ("<p><b>", ""))),
       st.integers(0, 1500))
def test_a_paragraph_nested_at_any_depth_survives(tags: tuple[str, str], depth: int) -> None:
    body = " ".join([PARAGRAPH] * 3)
    html = (f"<html><head><title>Council apologises</title></head><body><article>"
            f"{tags[0] * depth}<p>{body}</p>{tags[1] * depth}</article></body></html>")
    text = _read("a.html", html.encode())
    assert text is not None and PARAGRAPH in " ".join(text.split())


@FUZZ
@given(st.text(max_size=2000))
def test_cleaning_and_metadata_take_any_text(text: str) -> None:
    clean_text(text)
    read_metadata(text)


@settings(max_examples=15, deadline=None, database=None)
@given(st.lists(st.text(st.characters(codec="utf-8"), max_size=300).map(
    lambda noise: f"{noise}\n\n{PARAGRAPH}"), min_size=1, max_size=3))
def test_extractors_take_random_articles(texts: list[str]) -> None:
    articles = [Article(f"{i}.txt", text, str(i)) for i, text in enumerate(texts)]
    extracted = extract_all(articles, Timings())
    assert [x.article.name for x in extracted] == [a.name for a in articles]
