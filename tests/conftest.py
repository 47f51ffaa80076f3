"""Shared fixtures: one build of the seeds per test session (spaCy loads once)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.model import Skipped
from kg.pipeline import BuildResult, build
from kg.reading import Document, read_corpus

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold"


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build(SEEDS, tmp_path_factory.mktemp("exports"))


@pytest.fixture(scope="session")
def seed_exports(seed_build: BuildResult) -> Path:
    return seed_build.written[0].parent


def read_folder(folder: Path) -> tuple[dict[str, Document], dict[str, str]]:
    """A folder's documents by name, and the files skipped with their reasons."""
    docs, skipped = {}, {}
    for item in read_corpus(folder):
        if isinstance(item, Skipped):
            skipped[Path(item.path).name] = item.reason
        else:
            docs[item.name] = item
    return docs, skipped
