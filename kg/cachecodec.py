"""The build cache's data format: typed values to bytes and back, never code.

A value is written as JSON beside the raw bytes of its `bytes` fields (a
story's serialisations are most of the cache: in JSON they would be escaped or
base64'd, and slow to read back). Reading builds only what the caller's type
hint names, field by field from the hints of the dataclasses it contains, and
checks every value's type on the way: nothing the data says is imported or
called, and anything not of the expected shape raises `CodecError`.

Layout: one JSON line `[value, [len(blob0), len(blob1), ...]]`, then the blobs;
a `bytes` field in the JSON is its blob's index.
"""

from __future__ import annotations

import json
import re
import types
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

#: What may be a \uD800-\uDFFF escape: a lone surrogate once decoded, which UTF-8
#: cannot write. `encode` writes non-ASCII text as UTF-8, so never writes one.
_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")

Encoder = Callable[[Any, list[bytes]], Any]
Decoder = Callable[[Any, list[bytes]], Any]


class CodecError(ValueError):
    """Bytes or a value that do not have the shape their type says."""


def encode(hint: Any, value: Any) -> bytes:
    """`value`, of type `hint`, as bytes; raises `CodecError` if it is not of that type."""
    blobs: list[bytes] = []
    data = _codec(hint)[0](value, blobs)
    head = json.dumps([data, [len(b) for b in blobs]], ensure_ascii=False,
                      separators=(",", ":"))
    return b"".join([head.encode("utf-8"), b"\n", *blobs])


def decode(hint: Any, data: bytes) -> Any:
    """The value of type `hint` that `encode` wrote as `data`, or `CodecError`."""
    head, newline, rest = data.partition(b"\n")
    if _has_surrogate(head):
        raise CodecError("unreadable entry: a lone surrogate, which no text can hold")
    try:
        value, lengths = json.loads(head)
    except (ValueError, TypeError, RecursionError) as exc:  # bad JSON, or not a pair
        raise CodecError(f"unreadable entry: {exc}") from None
    if not newline or type(lengths) is not list or not all(type(n) is int for n in lengths):
        raise CodecError("unreadable entry: no blob table")
    blobs, offset = [], 0
    for n in lengths:
        if n < 0 or offset + n > len(rest):
            raise CodecError("blob table does not match the data")
        blobs.append(rest[offset : offset + n])
        offset += n
    if offset != len(rest):
        raise CodecError("blob table does not match the data")
    return _codec(hint)[1](value, blobs)


def _has_surrogate(head: bytes) -> bool:
    """Whether the JSON text escapes a surrogate (its backslash not itself escaped)."""
    for match in _SURROGATE.finditer(head):
        before = head[: match.start()]
        if (len(before) - len(before.rstrip(b"\\"))) % 2 == 0:
            return True
    return False


@cache
def _codec(hint: Any) -> tuple[Encoder, Decoder]:
    """The encoder and decoder of one type hint, built once from its parts."""
    origin, args = get_origin(hint), get_args(hint)
    if hint in (str, int, bool):
        return _exact(hint)
    if hint is float:  # an int stays an int: `5` and `5.0` print differently
        return _checked(lambda v: type(v) in (int, float), "a number")
    if hint is bytes:
        return _bytes()
    if origin in (Union, types.UnionType) and len(args) == 2 and type(None) in args:
        return _optional(next(a for a in args if a is not type(None)))
    if origin is list and len(args) == 1:
        return _sequence(list, list, _codec(args[0]))
    if origin is set and len(args) == 1:
        return _sequence(set, set, _codec(args[0]))
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return _sequence(tuple, tuple, _codec(args[0]))
    if isinstance(hint, type) and is_dataclass(hint):
        return _dataclass(hint)
    raise TypeError(f"no cache codec for {hint!r}")


def _checked(ok: Callable[[Any], bool], what: str) -> tuple[Encoder, Decoder]:
    def check(value: Any, _blobs: list[bytes]) -> Any:
        if not ok(value):
            raise CodecError(f"expected {what}, got {type(value).__name__}")
        return value

    return check, check


def _exact(kind: type) -> tuple[Encoder, Decoder]:
    return _checked(lambda v: type(v) is kind, kind.__name__)


def _bytes() -> tuple[Encoder, Decoder]:
    def enc(value: Any, blobs: list[bytes]) -> int:
        if type(value) is not bytes:
            raise CodecError(f"expected bytes, got {type(value).__name__}")
        blobs.append(value)
        return len(blobs) - 1

    def dec(value: Any, blobs: list[bytes]) -> bytes:
        if type(value) is not int or not 0 <= value < len(blobs):
            raise CodecError("expected a blob index")
        return blobs[value]

    return enc, dec


def _optional(hint: Any) -> tuple[Encoder, Decoder]:
    inner_enc, inner_dec = _codec(hint)

    def enc(value: Any, blobs: list[bytes]) -> Any:
        return None if value is None else inner_enc(value, blobs)

    def dec(value: Any, blobs: list[bytes]) -> Any:
        return None if value is None else inner_dec(value, blobs)

    return enc, dec


def _sequence(kind: type, make: Callable[[Any], Any], item: tuple[Encoder, Decoder]
              ) -> tuple[Encoder, Decoder]:
    item_enc, item_dec = item

    def enc(value: Any, blobs: list[bytes]) -> list:
        if type(value) is not kind:
            raise CodecError(f"expected {kind.__name__}, got {type(value).__name__}")
        return [item_enc(v, blobs) for v in value]

    def dec(value: Any, blobs: list[bytes]) -> Any:
        if type(value) is not list:
            raise CodecError(f"expected a list, got {type(value).__name__}")
        return make(item_dec(v, blobs) for v in value)

    return enc, dec


def _dataclass(cls: type) -> tuple[Encoder, Decoder]:
    """A dataclass as the list of its fields' values, in declaration order."""
    if not all(f.init for f in fields(cls)):
        raise TypeError(f"no cache codec for {cls.__name__}: a field is not set by __init__")
    hints = get_type_hints(cls)
    names = [f.name for f in fields(cls)]
    encoders, decoders = zip(*(_codec(hints[name]) for name in names), strict=True)

    def enc(value: Any, blobs: list[bytes]) -> list:
        if type(value) is not cls:
            raise CodecError(f"expected {cls.__name__}, got {type(value).__name__}")
        return [e(getattr(value, n), blobs) for n, e in zip(names, encoders, strict=True)]

    def dec(value: Any, blobs: list[bytes]) -> Any:
        if type(value) is not list or len(value) != len(decoders):
            raise CodecError(f"expected the {len(decoders)} fields of {cls.__name__}")
        return cls(*[d(v, blobs) for d, v in zip(decoders, value)])  # noqa: B905 (checked)

    return enc, dec
