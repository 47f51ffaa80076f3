"""Publishing: a build's exports replace the last build's as one set, or not at all.

Each build writes its whole export set (the graph in every syntax, the Oxigraph
store, the page, entities.json and build-report.json) into a fresh folder
`OUT/.builds/<id>/`,
then switches the link `OUT/.builds/current` to it with one atomic rename. The
paths people and tools use, `OUT/graph.ttl` and the rest, are fixed links into
`current`, so whatever instant a build is killed at, they show either the whole
old set or the whole new one. Folders and temporary files a killed build left
behind are removed when the next one starts; `OUT/.cache` is not touched.

Exports written by a builder from before this layout (plain files in OUT) are
first taken into a set of their own, by hard links, so the switch from them is
as safe.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.errors import OutputError

BUILDS = ".builds"
CURRENT = "current"


def begin(out_dir: Path) -> Path:
    """A fresh, empty folder for a new export set under `out_dir`, after removing what
    killed builds left behind; fails with one clear line if `out_dir` cannot take it."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"--out {out_dir} is a file, not a folder")
    try:
        builds = out_dir / BUILDS
        builds.mkdir(parents=True, exist_ok=True)
        _remove_stale(out_dir)
        staged = Path(tempfile.mkdtemp(prefix="set-", dir=builds))
        os.chmod(staged, 0o777 & ~_umask())  # mkdtemp makes 0700; exports are for all to read
        return staged
    except OSError as exc:
        raise OutputError(f"cannot write to {out_dir}: {_reason(exc)}") from exc


@contextmanager
def writing(out_dir: Path) -> Iterator[None]:
    """Report a failed write (a full disk, a folder turned read-only) in one line."""
    try:
        yield
    except OSError as exc:
        raise OutputError(f"cannot write the exports to {out_dir}: {_reason(exc)}") from exc


def publish(out_dir: Path, staged: Path) -> list[Path]:
    """Make the set written in `staged` the current one; the paths it shows, in name order
    with build-report.json last (a hidden file of the set, such as the store's
    manifest, is not shown)."""
    names = sorted(p.name for p in staged.iterdir() if not p.name.startswith("."))
    names.sort(key=lambda name: name == "build-report.json")
    builds = out_dir / BUILDS
    _sync_folder(staged)
    if not (builds / CURRENT).is_symlink():
        _adopt_plain_exports(out_dir, names)
    for name in names:  # before the switch, each shows the old set's file (or none)
        _link(out_dir / name, f"{BUILDS}/{CURRENT}/{name}")
    old = current(out_dir)
    _link(builds / CURRENT, staged.name, folder=True)
    _sync_folder(builds)
    for path in out_dir.iterdir():  # a file the old set had and this one has not
        if path.is_symlink() and not path.exists() and _points_into_current(path):
            path.unlink()
    if old is not None and old != staged:
        shutil.rmtree(old, ignore_errors=True)
    return [out_dir / name for name in names]


def discard(staged: Path) -> None:
    """Remove a set that will not be published (its build failed)."""
    shutil.rmtree(staged, ignore_errors=True)


def current(out_dir: Path) -> Path | None:
    """The folder of the set `out_dir` shows now, if it has one."""
    link = out_dir / BUILDS / CURRENT
    return link.parent / os.readlink(link) if link.is_symlink() else None


def _points_into_current(path: Path) -> bool:
    return os.readlink(path).startswith(f"{BUILDS}/{CURRENT}/")


def _link(path: Path, target: str, folder: bool = False) -> None:
    """Point the link `path` at `target` in one rename (over a link or plain file)."""
    if path.is_symlink() and os.readlink(path) == target:
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.link.tmp")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp, target_is_directory=folder)
    os.replace(tmp, path)


def _adopt_plain_exports(out_dir: Path, names: list[str]) -> None:
    """Take an older builder's plain export files into a set and make it current, so
    that turning them into links never shows a mix."""
    plain = [out_dir / n for n in names
             if (out_dir / n).is_file() and not (out_dir / n).is_symlink()]
    if not plain:
        return
    adopted = Path(tempfile.mkdtemp(prefix="set-", dir=out_dir / BUILDS))
    for path in plain:
        try:
            os.link(path, adopted / path.name)
        except OSError:  # a file system without hard links
            shutil.copy2(path, adopted / path.name)
    _sync_folder(adopted)
    _link(out_dir / BUILDS / CURRENT, adopted.name, folder=True)


def _remove_stale(out_dir: Path) -> None:
    """Remove sets other than the current one, and the temporary files of killed builds
    (this builder's and older ones': `.graph.nt.<random>.tmp` and the like)."""
    builds = out_dir / BUILDS
    shown = current(out_dir)
    for path in builds.iterdir():
        if path.name == CURRENT or path == shown:
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    for path in out_dir.glob(".*"):
        if path.name.endswith((".tmp", ".unsorted")) and not path.is_dir():
            path.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    """fsync every file of `folder` and of its subfolders (the store), then the folders
    themselves, so a crash after the switch cannot show a set whose files were never
    written to disk."""
    for path in folder.iterdir():
        if path.is_symlink():
            continue
        if path.is_dir():
            _sync_folder(path)
        elif path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
