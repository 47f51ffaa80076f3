"""Reading: turn a folder of files into decoded documents, skipping bad input by name.

A bad file (empty, binary, oversized, undecodable, unreadable, a broken link, a
link out of the corpus folder, a file type that is not an article) is reported
with its reason and the rest of the corpus is still read. Hidden files and
folders, and the build's own output folder when it lies inside the corpus,
are not inputs: they are passed over without a report.

An article is named by its path relative to the corpus folder, in posix form,
so `a/index.html` and `b/index.html` are two articles; a file at the top of the
folder is named by its bare file name, as gold files and past graphs name it.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TypeVar, overload

from kg import settings
from kg.decoding import Unreadable, decode
from kg.errors import InputError
from kg.model import Skipped
from kg.webpage import html_main_text

__all__ = ["Document", "Unreadable", "read_corpus", "read_file", "to_document"]

log = logging.getLogger(__name__)

T = TypeVar("T")
#: Turns an article's name, its file's raw bytes and their sha256 into a result; may
#: raise `Unreadable`.
Convert = Callable[[str, bytes, str], T]


@dataclass(frozen=True)
class Document:
    """A file's decoded text before cleaning; `name` is its path relative to the corpus
    folder, `encoding` says how it was decoded."""

    name: str
    text: str
    sha256: str
    encoding: str
    outlet: str | None = None  # as a web page's metadata names it


def list_inputs(folder: Path, exclude: Iterable[Path] = (), follow_links: bool = False
                ) -> list[Path | Skipped]:
    """The article files under `folder` and, as `Skipped`, the other files, sorted by
    path so builds are repeatable.

    Folders in `exclude` (the build's output) are not walked, unless `folder`
    lies inside one. A symbolic link whose target lies outside `folder` is
    refused unless `follow_links`; a link to a folder inside it is not walked,
    as its files are read where they are.
    """
    if not folder.exists():
        raise InputError(f"corpus folder not found: {folder}")
    if not folder.is_dir():
        raise InputError(f"corpus path is not a folder: {folder}")
    root = folder.resolve()
    excluded = {p.resolve() for p in exclude}
    if root in excluded:
        raise InputError(f"the output folder is the corpus folder ({folder}): "
                         "its exports would be read as articles")
    excluded = {p for p in excluded if not root.is_relative_to(p)}  # a corpus in OUT is read
    found: list[Path | Skipped] = []
    walked = {root}  # real folders, so two links to one folder walk it once
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as exc:
            if current == folder:
                raise InputError(f"cannot read corpus folder {folder}: "
                                 f"{exc.strerror or exc}") from exc
            found.append(Skipped(str(current), f"cannot read folder: {exc.strerror or exc}"))
            continue
        for entry in entries:
            path = Path(entry.path)
            if entry.name.startswith("."):
                continue
            if not _is_utf8(entry.name):  # no article, IRI or report could name it
                shown = os.fsencode(path).decode("utf-8", "backslashreplace")
                found.append(Skipped(shown, "name is not valid UTF-8: rename it to read it"))
                continue
            try:
                real = path.resolve()
            except RuntimeError:  # Python 3.11 raises this for a loop of links
                found.append(Skipped(str(path), "symbolic link loop"))
                continue
            inside = real.is_relative_to(root)
            if any(real.is_relative_to(e) for e in excluded):
                continue
            if entry.is_symlink() and not (inside or follow_links):
                kind = "folder" if real.is_dir() else "file"
                found.append(Skipped(str(path), f"symbolic link to a {kind} outside the corpus "
                                                "folder (kg build --follow-links reads it)"))
            elif entry.is_dir():
                if real not in walked and not (entry.is_symlink() and inside):
                    walked.add(real)
                    pending.append(path)
            else:
                found.append(_article_file(path, entry))
    return sorted(found, key=lambda item: Path(item.path) if isinstance(item, Skipped) else item)


def _is_utf8(name: str) -> bool:
    """False for a name whose bytes are not UTF-8 (Python holds them as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _article_file(path: Path, entry: os.DirEntry[str]) -> Path | Skipped:
    """`path` if it may be an article (a broken link is reported when read), else why not."""
    if not entry.is_file() and path.exists():  # a pipe or device: reading it could block
        return Skipped(str(path), "not a regular file")
    suffix = path.suffix.lower()
    if suffix not in settings.ARTICLE_SUFFIXES:
        kinds = ", ".join(settings.ARTICLE_SUFFIXES)
        return Skipped(str(path), f"not an article file type: {suffix or 'no extension'} "
                                  f"(articles are {kinds})")
    return path


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


def to_document(name: str, data: bytes, sha256: str) -> Document:
    """Decode the bytes of the article `name`, reducing a web page to its main text."""
    text, encoding = decode(data)
    if PurePosixPath(name).suffix.lower() not in (".html", ".htm"):
        return Document(name, text, sha256, encoding)
    page = html_main_text(text)
    if not page.text.strip():
        raise Unreadable("HTML page has no main text")
    return Document(name, page.text, sha256, encoding, page.outlet)


def read_file(path: Path) -> Document:
    """Read one file, named by its file name, raising `Unreadable` with a reason a person
    can act on."""
    return to_document(path.name, *read_bytes(path))


@overload
def read_corpus(folder: Path, *, exclude: Iterable[Path] = (), follow_links: bool = False
                ) -> Iterator[Document | Skipped]: ...


@overload
def read_corpus(folder: Path, convert: Convert[T], *, exclude: Iterable[Path] = (),
                follow_links: bool = False) -> Iterator[T | Skipped]: ...


def read_corpus(folder: Path, convert: Convert[object] = to_document, *,
                exclude: Iterable[Path] = (), follow_links: bool = False) -> Iterator[object]:
    """Yield each readable file through `convert`, or a `Skipped` naming the file and why.

    By default `convert` decodes the file into a `Document`. `exclude` and
    `follow_links` are as for `list_inputs`.
    """
    for item in list_inputs(folder, exclude, follow_links):
        if isinstance(item, Skipped):
            log.info("skipped %s: %s", item.path, item.reason)
            yield item
            continue
        try:
            yield convert(item.relative_to(folder).as_posix(), *read_bytes(item))
        except Unreadable as exc:
            log.info("skipped %s: %s", item, exc)
            yield Skipped(str(item), str(exc))
