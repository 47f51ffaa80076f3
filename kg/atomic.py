"""Atomic file writes: a failed build never leaves a half-written export."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(path: Path, sync: bool = True) -> Iterator[Path]:
    """A temporary path beside `path`, renamed over it when the block succeeds.

    The file is fsynced before the rename unless `sync` is False, which suits
    caches whose readers treat a damaged file as a miss: thousands of small
    fsyncs would cost more than the work cached.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; exports are for everyone to read
    try:
        yield tmp
        if sync:
            fd = os.open(tmp, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_chunks(path: Path, chunks: Iterable[bytes], sync: bool = True) -> None:
    """Write the chunks one after another, atomically, without joining them in memory."""
    with replacing(path, sync) as tmp, tmp.open("wb") as handle:
        for chunk in chunks:
            handle.write(chunk)


def write_bytes(path: Path, data: bytes, sync: bool = True) -> None:
    write_chunks(path, [data], sync)


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
