"""Decoding: a file's bytes to text, and the name of the encoding they were written in.

Tried most certain first: a byte-order mark; UTF-16 without one (Latin-script
text, where every other byte is NUL); strict UTF-8; else charset-normalizer's
best guess. Single-byte code pages often decode a short text with equally
little mess, and charset-normalizer then ranks them by a language model that a
handful of accented letters cannot feed: it read Latin-1 "naïve" as cp1250
"naďve" and "Señor Müller" as cp852 "Se˝or MŘller". Among guesses as clean as
the best, the Western code page (cp1252, a superset of Latin-1's printable
characters) a British news corpus is written in is taken.

Binary data is told apart by its share of control characters, not by the
presence of one NUL: a stray control character in a text is dropped, and the
article kept.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from kg import settings

#: Byte-order marks, longest first: UTF-32-LE's begins with UTF-16-LE's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Control bytes other than whitespace (tab, newlines, vertical tab, form feed).
_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])
#: Control characters a text has no use for: C0 but whitespace, DEL and C1.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
#: Preferred, in order, among guesses as clean as charset-normalizer's best.
_WESTERN = ("cp1252", "iso8859_15", "latin_1")
#: Share of NUL bytes at one parity, and at most at the other, that marks UTF-16 text.
_UTF16_NULS, _UTF16_OTHER = 0.7, 0.1
#: Guesses whose mess is this close to the best's are as clean (charset-normalizer's margin).
_TIE_CHAOS = 0.005
_SAMPLE = 65536


class Unreadable(Exception):
    """A file that cannot be used as an article; the message is the reason."""


def decode(data: bytes) -> tuple[str, str]:
    """The text of `data` with the encoding it was read in; raise if it is not text."""
    if not data.strip():
        raise Unreadable("empty file")
    decoded = _with_bom(data) or _utf16_without_bom(data)
    if decoded is None:
        sample = data[:_SAMPLE]
        controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
        if controls / len(sample) > settings.BINARY_CONTROL_RATIO:
            raise Unreadable("binary file, not text")
        decoded = _utf8(data) or _guess(data)
    text, encoding = decoded
    sample_text = text[:_SAMPLE]
    if sample_text and len(_CONTROL.findall(sample_text)) / len(sample_text) > (
            settings.BINARY_CONTROL_RATIO):
        raise Unreadable("binary file, not text")
    text = _CONTROL.sub("", text)
    if not text.strip():
        raise Unreadable("empty file")
    return text, encoding


def _with_bom(data: bytes) -> tuple[str, str] | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                continue  # e.g. UTF-16-LE text whose first character is NUL
    return None


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 of mostly Latin-script text: one byte of each pair is nearly always NUL."""
    sample = data[: _SAMPLE - _SAMPLE % 2]
    even, odd = sample[0::2], sample[1::2]
    if len(odd) < 2:
        return None
    nul_even, nul_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if nul_odd >= _UTF16_NULS and nul_even <= _UTF16_OTHER:
        codec = "utf-16-le"
    elif nul_even >= _UTF16_NULS and nul_odd <= _UTF16_OTHER:
        codec = "utf-16-be"
    else:
        return None
    return data.decode(codec, errors="replace"), codec  # a cut-off last byte costs one char


def _utf8(data: bytes) -> tuple[str, str] | None:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return None


def _guess(data: bytes) -> tuple[str, str]:
    """charset-normalizer's best guess; among guesses as clean as it, a Western code page."""
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise Unreadable("text encoding could not be determined")
    tied = [m for m in matches if abs(m.chaos - best.chaos) < _TIE_CHAOS]
    for codec in _WESTERN:
        for match in tied:
            if codec in match.could_be_from_charset:  # decodes to the same text as `match`
                return str(match), codec
    return str(best), best.encoding
