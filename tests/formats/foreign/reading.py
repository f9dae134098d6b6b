"""Helpers the readers' tests share."""

from __future__ import annotations

from collections.abc import Iterable

from annotator.formats.import_record import ImportRecord, Rejection


def split(items: Iterable[ImportRecord | Rejection]) -> tuple[list[ImportRecord], list[Rejection]]:
    """A reader's output as (records, rejections), each in the order read."""
    records: list[ImportRecord] = []
    rejections: list[Rejection] = []
    for item in items:
        if isinstance(item, ImportRecord):
            records.append(item)
        else:
            rejections.append(item)
    return records, rejections
