"""Placeholder until the roles extractor lands."""

from __future__ import annotations


def extract(ctx) -> list:
    return []
