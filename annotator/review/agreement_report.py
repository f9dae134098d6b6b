"""The agreement report: every figure `annotator agreement` prints, as stable JSON.

Span scores are per pair of annotators over the documents both marked done; token
and field coefficients pool every annotator who finished a document.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from dataclasses import asdict
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlite_utils import Database

from annotator.core.model import Span, Token
from annotator.core.schema import LabelSchema
from annotator.core.tokens import whitespace_tokens
from annotator.review.agreement import (
    EMPTY,
    attribute_agreement,
    cohen_kappa,
    distribution,
    krippendorff_alpha,
    match_spans,
    percent_agreement,
    span_scores,
)
from annotator.store.annotations import spans_of
from annotator.store.db import project_schema
from annotator.store.documents import get_analysis, get_document
from annotator.store.relations import get_fields

REPORT_VERSION = 1


def _annotators(db: Database) -> dict[int, str]:
    """Human annotators by id, named uniquely (a name shared by two people gets the
    first characters of their project's id)."""
    rows = db.execute(
        "SELECT id, name, project_uid FROM annotators WHERE kind = 'human' ORDER BY name, id"
    ).fetchall()
    counts: dict[str, int] = defaultdict(int)
    for _, name, _ in rows:
        counts[name] += 1
    return {int(i): (n if counts[n] == 1 else f"{n} ({uid[:6]})") for i, n, uid in rows}


def _done(db: Database, annotator_id: int) -> set[int]:
    return {
        int(r[0])
        for r in db.execute(
            "SELECT doc_id FROM doc_states WHERE annotator_id = ? AND status = 'done'",
            [annotator_id],
        )
    }


def _scores(
    a: dict[int, list[Span]], b: dict[int, list[Span]], label: str | None
) -> dict[str, Any]:
    return {
        mode: asdict(span_scores(a, b, mode=mode, label=label)) for mode in ("exact", "overlap")
    }


def _coefficients(units: list[list[str | None]], two: bool) -> dict[str, Any]:
    values = [v for unit in units for v in unit]
    kappa = None
    if two:
        pairs = [(u[0], u[1]) for u in units if u[0] is not None and u[1] is not None]
        kappa = cohen_kappa([p[0] for p in pairs], [p[1] for p in pairs]) if pairs else None
    return {
        "units": len(units),
        "kappa": kappa,
        "alpha": krippendorff_alpha(units),
        "percent": percent_agreement(units),
        "distribution": distribution(values),
    }


class _Tally:
    """Sufficient statistics for nominal alpha, percent agreement and (two coders) kappa,
    added up document by document with numpy: a corpus has millions of tokens."""

    def __init__(self, labels: list[str]) -> None:
        self.labels = labels
        self.units = 0
        self.n = 0  # pairable values
        self.disagreement = 0.0  # sum over units of (m^2 - sum n_c^2) / (m - 1)
        self.agreeing_pairs = 0.0
        self.pairs = 0.0
        self.pairable_counts = np.zeros(len(labels), dtype=np.int64)
        self.all_counts = np.zeros(len(labels), dtype=np.int64)
        self.confusion = np.zeros((len(labels), len(labels)), dtype=np.int64)

    def add(self, codes: npt.NDArray[np.int64], two: bool) -> None:
        """``codes``: one row per coder, one column per token; -1 where a coder is absent."""
        k = len(self.labels)
        present = codes >= 0
        m = present.sum(axis=0)
        per_label = np.stack([(codes == c).sum(axis=0) for c in range(k)])  # k x tokens
        self.all_counts += per_label.sum(axis=1)
        pairable = m >= 2
        self.units += int(pairable.sum())
        mp = m[pairable].astype(np.float64)
        squares = (per_label[:, pairable].astype(np.float64) ** 2).sum(axis=0)
        self.disagreement += float(((mp**2 - squares) / (mp - 1)).sum())
        self.n += int(mp.sum())
        self.pairable_counts += per_label[:, pairable].sum(axis=1)
        counts = per_label[:, pairable].astype(np.float64)
        self.agreeing_pairs += float((counts * (counts - 1) / 2).sum())
        self.pairs += float((mp * (mp - 1) / 2).sum())
        if two:
            both = present[0] & present[1]
            flat = codes[0][both] * k + codes[1][both]
            self.confusion += np.bincount(flat, minlength=k * k).reshape(k, k)

    def result(self, two: bool) -> dict[str, Any]:
        n = self.n
        expected = n * n - float((self.pairable_counts.astype(np.float64) ** 2).sum())
        alpha = None if n < 2 or expected == 0 else 1 - (n - 1) * self.disagreement / expected
        percent = self.agreeing_pairs / self.pairs if self.pairs else None
        kappa = None
        total = int(self.confusion.sum())
        if two and total:
            observed = float(np.trace(self.confusion)) / total
            chance = float((self.confusion.sum(axis=1) * self.confusion.sum(axis=0)).sum())
            chance /= total * total
            kappa = None if chance == 1 else (observed - chance) / (1 - chance)
        counts = {self.labels[i]: int(c) for i, c in enumerate(self.all_counts) if c}
        ordered = dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
        return {
            "units": self.units,
            "kappa": kappa,
            "alpha": alpha,
            "percent": percent,
            "distribution": ordered,
        }


def _token_codes(
    starts: npt.NDArray[np.int64],
    ends: npt.NDArray[np.int64],
    spans: list[Span],
    layer: str,
    index: dict[str, int],
) -> npt.NDArray[np.int64]:
    """Each token's label in ``layer`` as a code (0 is "O"), as ``token_labels`` decides:
    a span covers every token it shares a character with; the longest span wins, then
    the earlier start, then the label first in the alphabet."""
    codes = np.zeros(len(starts), dtype=np.int64)
    chosen = sorted(
        (s for s in spans if s.layer == layer),
        key=lambda s: (s.end - s.start, -s.start, s.label),
        reverse=False,
    )
    for span in sorted(chosen, key=lambda s: (s.end - s.start, -s.start, _desc(s.label))):
        first = int(np.searchsorted(ends, span.start, side="right"))
        last = int(np.searchsorted(starts, span.end, side="left"))
        codes[first:last] = index[span.label]
    return codes


def _desc(label: str) -> tuple[int, ...]:
    # Assigned last wins: among equals, the label first in the alphabet goes last.
    return tuple(-ord(ch) for ch in label)


def _token_agreement(
    db: Database,
    docs: list[int],
    people: list[int],
    done: dict[int, set[int]],
    spans: dict[int, dict[int, list[Span]]],
    schema: LabelSchema,
) -> dict[str, Any]:
    labels = ["O", *(label.name for label in schema.labels)]
    index = {name: i for i, name in enumerate(labels)}
    tallies = {layer.name: _Tally(labels) for layer in schema.layers}
    two = len(people) == 2
    for doc_id in docs:
        coders = [who for who in people if doc_id in done[who]]
        if len(coders) < 2:
            continue
        analysis = get_analysis(db, doc_id)
        toks: list[Token] = (
            list(analysis.tokens) if analysis else whitespace_tokens(get_document(db, doc_id).text)
        )
        starts = np.array([t.start for t in toks], dtype=np.int64)
        ends = np.array([t.end for t in toks], dtype=np.int64)
        for layer, tally in tallies.items():
            rows = [
                _token_codes(starts, ends, spans[who][doc_id], layer, index)
                if who in coders
                else np.full(len(toks), -1, dtype=np.int64)
                for who in people
            ]
            tally.add(np.stack(rows), two)
    return {layer: tally.result(two) for layer, tally in tallies.items() if tally.units}


def _empty_as_value(unit: list[str | None], finished: list[bool]) -> list[str | None]:
    """A finished annotator's empty answer is the value EMPTY, not a missing one: set by
    one and left empty by another is a disagreement. A unit nobody answered stays empty:
    it says nothing about agreement."""
    if all(value is None for value in unit):
        return unit
    pairs = zip(unit, finished, strict=True)
    return [EMPTY if value is None and done else value for value, done in pairs]


def _field_units(
    fields: dict[int, dict[int, dict[str, Any]]], people: list[int], schema: LabelSchema
) -> dict[str, list[list[str | None]]]:
    units: dict[str, list[list[str | None]]] = defaultdict(list)
    for doc_fields in fields.values():
        finished = [who in doc_fields for who in people]
        for field in schema.fields:
            if field.kind == "targets":  # one unit per target anyone named
                chosen = {
                    who: {
                        str(t.get("target")): str(t.get("value"))
                        for t in (doc_fields.get(who, {}).get(field.name) or [])
                        if isinstance(t, dict) and t.get("value") not in (None, "")
                    }
                    for who in people
                }
                for target in sorted({t for c in chosen.values() for t in c}):
                    units[field.name].append(
                        _empty_as_value([chosen[who].get(target) for who in people], finished)
                    )
            elif field.kind == "enum":
                answers = [doc_fields.get(who, {}).get(field.name) for who in people]
                given = [None if a in (None, "") else str(a) for a in answers]
                units[field.name].append(_empty_as_value(given, finished))
    return units


def agreement_report(db: Database, *, label: str | None = None) -> dict[str, Any]:
    """The whole report (see README, "Agreement report") as JSON-ready data."""
    schema = project_schema(db)
    names = _annotators(db)
    people = sorted(names)
    done = {who: _done(db, who) for who in people}
    docs = sorted(set().union(*done.values())) if done else []
    spans: dict[int, dict[int, list[Span]]] = defaultdict(dict)  # annotator -> doc -> spans
    fields: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)  # doc -> annotator -> ...
    for who in people:
        for doc_id in done[who]:
            spans[who][doc_id] = [
                s for s in spans_of(db, doc_id, who) if label is None or s.label == label
            ]
            fields[doc_id][who] = get_fields(db, doc_id, who)

    pairs = []
    matched: dict[str, list[tuple[Span, Span]]] = defaultdict(list)
    per_doc_f1: dict[int, list[float]] = defaultdict(list)
    for a, b in itertools.combinations(people, 2):
        shared = sorted(done[a] & done[b])
        if not shared:
            continue
        left = {d: spans[a][d] for d in shared}
        right = {d: spans[b][d] for d in shared}
        pairs.append(
            {
                "a": names[a],
                "b": names[b],
                "documents": len(shared),
                "spans": _scores(left, right, label),
            }
        )
        for doc_id in shared:
            f1 = span_scores(
                {doc_id: left[doc_id]}, {doc_id: right[doc_id]}, mode="overlap", label=label
            ).micro.f1
            if f1 is not None:
                per_doc_f1[doc_id].append(f1)
            for x, y in match_spans(left[doc_id], right[doc_id], mode="overlap"):
                matched[x.label].append((x, y))

    tokens = _token_agreement(db, docs, people, done, spans, schema)

    attributes = {}
    for name, found in sorted(matched.items()):
        definition = schema.label(name)
        for attribute in definition.attributes if definition else ():
            result = attribute_agreement(found, attribute.name)
            attributes[f"{name}.{attribute.name}"] = asdict(result)

    gold_rows = db.execute("SELECT id FROM annotators WHERE kind = 'gold'").fetchall()
    gold = []
    if gold_rows:
        gold_id = int(gold_rows[0][0])
        gold_done = _done(db, gold_id)
        gold_spans = {
            d: [s for s in spans_of(db, d, gold_id) if label is None or s.label == label]
            for d in gold_done
        }
        for who in people:
            shared = sorted(gold_done & done[who])
            if shared:
                gold.append(
                    {
                        "annotator": names[who],
                        "documents": len(shared),
                        "spans": _scores(
                            {d: gold_spans[d] for d in shared},
                            {d: spans[who][d] for d in shared},
                            label,
                        ),
                    }
                )

    titles = dict(db.execute("SELECT id, title FROM documents").fetchall())
    per_document = sorted(
        (
            {
                "doc_id": d,
                "title": titles[d],
                "annotators": sum(d in done[w] for w in people),
                "f1_overlap": (sum(per_doc_f1[d]) / len(per_doc_f1[d])) if per_doc_f1[d] else None,
            }
            for d in docs
        ),
        key=lambda row: (row["f1_overlap"] is None, row["f1_overlap"] or 0.0, row["doc_id"]),
    )
    two = len(people) == 2
    return {
        "version": REPORT_VERSION,
        "label": label,
        "annotators": [names[w] for w in people],
        "documents": len(docs),
        "pairs": pairs,
        "tokens": tokens,
        "fields": {
            name: _coefficients(units, two)
            for name, units in _field_units(fields, people, schema).items()
        },
        "attributes": attributes,
        "gold": gold,
        "per_document": per_document,
    }


def dumps(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False, sort_keys=False)
