"""Domain knowledge as data: the JSON files beside this module."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

_HERE = Path(__file__).parent


@cache
def load(name: str) -> Any:
    """Parse one data file once per process."""
    return json.loads((_HERE / name).read_text(encoding="utf-8"))


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of `words`, escaped and longest first, so that the longest
    phrase at a place wins ("chief executive officer" before "chief executive")."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))
