"""Shared fixtures: one build of the seeds per test session (spaCy loads once)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.pipeline import BuildResult, build

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold"


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build(SEEDS, tmp_path_factory.mktemp("exports"))


@pytest.fixture(scope="session")
def seed_exports(seed_build: BuildResult) -> Path:
    return seed_build.written[0].parent
