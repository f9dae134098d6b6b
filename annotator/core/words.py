"""Counts read as words: the one place messages say "1 document" and "2 documents"."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str = "") -> str:
    """``1 span``, ``2 spans`` (``plural`` for nouns that do not take an s)."""
    return f"{count} {noun}" if count == 1 else f"{count} {plural or noun + 's'}"
