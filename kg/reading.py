"""Reading: turn a folder of files into decoded documents, skipping bad input by name.

A bad file (empty, binary, oversized, undecodable, unreadable, broken link) is
reported with its reason and the rest of the corpus is still read.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar, overload

from charset_normalizer import from_bytes

from kg import settings
from kg.errors import InputError
from kg.model import Skipped

log = logging.getLogger(__name__)

T = TypeVar("T")
#: Turns a file's path, raw bytes and their sha256 into a result; may raise `Unreadable`.
Convert = Callable[[Path, bytes, str], T]


@dataclass(frozen=True)
class Document:
    """A file's decoded text before cleaning; `encoding` says how it was decoded."""

    name: str
    text: str
    sha256: str
    encoding: str


class Unreadable(Exception):
    """A file that cannot be used as an article; the message is the reason."""


def list_inputs(folder: Path) -> list[Path]:
    """Article files under `folder`, sorted so builds are repeatable."""
    if not folder.exists():
        raise InputError(f"corpus folder not found: {folder}")
    if not folder.is_dir():
        raise InputError(f"corpus path is not a folder: {folder}")
    return sorted(
        p
        for p in folder.rglob("*")
        if p.name[:1] != "." and (p.is_symlink() or p.is_file())
        and p.suffix.lower() in settings.ARTICLE_SUFFIXES
    )


def decode(data: bytes) -> tuple[str, str]:
    """Decode as UTF-8, else the most likely legacy encoding; raise if it looks binary."""
    if not data.strip():
        raise Unreadable("empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    if b"\x00" in sample or controls / len(sample) > settings.BINARY_CONTROL_RATIO:
        raise Unreadable("binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise Unreadable("text encoding could not be determined")
    return str(best), best.encoding


def read_bytes(path: Path) -> tuple[bytes, str]:
    """A file's raw bytes and their sha256, checked for what stops any use of the file.

    Kept apart from decoding so a caller can look its result up by these bytes
    before paying for charset detection or HTML extraction.
    """
    if path.is_symlink() and not path.exists():
        raise Unreadable("broken symbolic link")
    try:
        size = path.stat().st_size
        if size > settings.MAX_FILE_BYTES:
            raise Unreadable(
                f"oversized: {size:,} bytes > limit {settings.MAX_FILE_BYTES:,} (KG_MAX_FILE_BYTES)"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise Unreadable(f"cannot read: {exc.strerror or exc}") from exc
    if not data.strip():
        raise Unreadable("empty file")
    return data, hashlib.sha256(data).hexdigest()


def to_document(path: Path, data: bytes, sha256: str) -> Document:
    """Decode a file's bytes, reducing a web page to its main text."""
    text, encoding = decode(data)
    if path.suffix.lower() in (".html", ".htm"):
        text = html_main_text(text)
        if not text.strip():
            raise Unreadable("HTML page has no main text")
    return Document(path.name, text, sha256, encoding)


def read_file(path: Path) -> Document:
    """Read one file, raising `Unreadable` with a reason a person can act on."""
    return to_document(path, *read_bytes(path))


def html_main_text(html: str) -> str:
    """Main text of a web page through trafilatura, keeping the headline as first line."""
    import trafilatura

    extracted = trafilatura.bare_extraction(html, include_comments=False, with_metadata=True)
    if extracted is None:
        return ""
    title = getattr(extracted, "title", None)
    date = getattr(extracted, "date", None)
    body = getattr(extracted, "text", None) or ""
    head = [line for line in (title, f"Published: {date}" if date else None) if line]
    return "\n\n".join([*head, body])


@overload
def read_corpus(folder: Path) -> Iterator[Document | Skipped]: ...


@overload
def read_corpus(folder: Path, convert: Convert[T]) -> Iterator[T | Skipped]: ...


def read_corpus(folder: Path, convert: Convert[object] = to_document) -> Iterator[object]:
    """Yield each readable file through `convert`, or a `Skipped` naming the file and why.

    By default `convert` decodes the file into a `Document`.
    """
    for path in list_inputs(folder):
        try:
            yield convert(path, *read_bytes(path))
        except Unreadable as exc:
            log.warning("skipped %s: %s", path, exc)
            yield Skipped(str(path), str(exc))
