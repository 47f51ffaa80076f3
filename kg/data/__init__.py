"""Domain knowledge as data: the JSON files beside this module."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

_HERE = Path(__file__).parent


@cache
def load(name: str) -> Any:
    """Parse one data file once per process."""
    return json.loads((_HERE / name).read_text(encoding="utf-8"))
