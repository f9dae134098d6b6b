"""Score the rule-based suggesters against the hand-made gold standard.

Run: `python -m benchmarks.eval_suggesters [--gold FILE ...] [--json]` (``--gold`` may be
given several times; each file gets its own report). The golds: ``sample_docs/gold.jsonl``
(the default; the rules were tuned on it), ``benchmarks/heldout/gold.jsonl``,
``benchmarks/wire/dev/gold.jsonl`` and ``benchmarks/wire/heldout/gold.jsonl`` (held out:
measure only).

Every gold document is parsed with the project's spaCy pipeline and run through
``annotator.nlp.suggest.suggest``. Spans are scored per label under two matchings:

- exact: same start, end and label;
- overlap: same label and overlapping character ranges, matched one to one (greedily, the
  best-overlapping pairs first), so one prediction can never count for two gold spans.

Counts are summed over all documents before precision, recall and F1 are worked out
(micro-average). For CASUALTY the attributes of overlap-matched spans are compared with
the gold values, each alone and outcome, best and qualifier together (the figure as a reader
would quote it); relations count as found when both their spans overlap-match and their
labels agree. Direct-quote recall is the overlap recall of QUOTE spans of type direct.

The scoring functions are pure and take plain :class:`Item` and :class:`Link` values, so
they can be tested without spaCy or the suggesters.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from annotator import paths
from annotator.training.scoring import (  # noqa: F401 (the benchmark's tests import them here)
    MODES,
    Item,
    Mode,
    Score,
    combine,
    match_spans,
    score_spans,
    selected,
)

#: What the table shows: a name, the label, and attribute values both sides must have.
CATEGORIES: tuple[tuple[str, str, Mapping[str, object]], ...] = (
    ("QUOTE", "QUOTE", {}),
    ("QUOTE type=direct", "QUOTE", {"type": "direct"}),
    ("SOURCE", "SOURCE", {}),
    ("CUE", "CUE", {}),
    ("CASUALTY", "CASUALTY", {}),
    ("CLAIM", "CLAIM", {}),
)
CASUALTY_ATTRIBUTES: tuple[str, ...] = (
    "outcome",
    "best",
    "min",
    "max",
    "qualifier",
    "victims",
    "scope",
)
#: The attributes that make a found figure usable as it stands: what happened, how many,
#: how sure. Their joint share is reported on its own.
KEY_ATTRIBUTES: tuple[str, ...] = ("outcome", "best", "qualifier")
RELATION_LABELS: tuple[str, ...] = ("ATTRIBUTED_TO", "HAS_CUE", "SUBSET_OF")


def default_gold_path() -> Path:
    """Where the gold standard lives: ``sample_docs/gold.jsonl``."""
    return paths.sample_docs_dir() / "gold.jsonl"


# --- data ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """A relation between two spans, by their positions in the document's span list."""

    head: int
    child: int
    label: str


@dataclass(frozen=True)
class GoldDoc:
    """One document of the gold standard."""

    name: str
    text: str
    spans: tuple[Item, ...]
    links: tuple[Link, ...]


@dataclass(frozen=True)
class AttributeScore:
    """How many matched spans have each attribute right, and all of them right."""

    matched: int
    correct: Mapping[str, int]
    all_correct: int

    def share(self, name: str) -> float:
        """The share of matched spans with attribute ``name`` right (0.0 with no matches)."""
        return self.correct.get(name, 0) / self.matched if self.matched else 0.0

    @property
    def all_share(self) -> float:
        """The share of matched spans with every attribute right."""
        return self.all_correct / self.matched if self.matched else 0.0


def combine_attributes(scores: Iterable[AttributeScore]) -> AttributeScore:
    """The attribute scores of several documents added together."""
    matched = all_correct = 0
    correct: dict[str, int] = {}
    for score in scores:
        matched += score.matched
        all_correct += score.all_correct
        for name, count in score.correct.items():
            correct[name] = correct.get(name, 0) + count
    return AttributeScore(matched, correct, all_correct)


# --- matching and scoring ----------------------------------------------------------------


def score_attributes(
    gold: Sequence[Item],
    predicted: Sequence[Item],
    label: str = "CASUALTY",
    attributes: Sequence[str] = CASUALTY_ATTRIBUTES,
) -> AttributeScore:
    """For overlap-matched ``label`` spans, how many have each attribute right.

    An attribute is right when both sides have the same value, or neither has one.
    """
    pairs = match_spans(gold, predicted, label, "overlap")
    correct = dict.fromkeys(attributes, 0)
    all_correct = 0
    for g, p in pairs:
        right = [gold[g].attrs.get(name) == predicted[p].attrs.get(name) for name in attributes]
        for name, ok in zip(attributes, right, strict=True):
            correct[name] += ok
        all_correct += all(right)
    return AttributeScore(len(pairs), correct, all_correct)


def score_relations(
    gold_spans: Sequence[Item],
    gold_links: Sequence[Link],
    predicted_spans: Sequence[Item],
    predicted_links: Sequence[Link],
    label: str,
) -> Score:
    """Precision, recall and F1 of the predicted ``label`` relations of one document.

    A predicted relation is right when its head and child spans are overlap-matched (one
    to one, per span label) to the head and child of a gold relation with the same label;
    each gold relation can be found once.
    """
    to_gold: dict[int, int] = {}
    for span_label in {s.label for s in gold_spans} | {s.label for s in predicted_spans}:
        for g, p in match_spans(gold_spans, predicted_spans, span_label, "overlap"):
            to_gold[p] = g
    wanted = {(r.head, r.child) for r in gold_links if r.label == label}
    found: set[tuple[int, int]] = set()
    predicted = 0
    for r in predicted_links:
        if r.label != label:
            continue
        predicted += 1
        pair = (to_gold.get(r.head, -1), to_gold.get(r.child, -1))
        if pair in wanted:
            found.add(pair)
    tp = len(found)
    gold_count = sum(1 for r in gold_links if r.label == label)
    return Score.from_counts(tp, predicted - tp, gold_count - tp)


# --- reading the gold standard -----------------------------------------------------------


def parse_gold_line(line: str) -> GoldDoc:
    """One line of gold.jsonl as a :class:`GoldDoc`; relations refer to spans by position."""
    record: dict[str, Any] = json.loads(line)
    spans = tuple(
        Item(int(s["start"]), int(s["end"]), str(s["label"]), dict(s.get("attrs") or {}))
        for s in record["spans"]
    )
    position = {span.key: i for i, span in enumerate(spans)}
    links = tuple(
        Link(
            position[(r["head_span"]["start"], r["head_span"]["end"], r["head_span"]["label"])],
            position[(r["child_span"]["start"], r["child_span"]["end"], r["child_span"]["label"])],
            str(r["label"]),
        )
        for r in record["relations"]
    )
    meta = record.get("meta") or {}
    return GoldDoc(str(meta.get("file") or meta.get("title") or ""), record["text"], spans, links)


def load_gold(path: Path) -> list[GoldDoc]:
    """Every document of a gold JSONL file, in file order."""
    with path.open(encoding="utf-8") as lines:
        return [parse_gold_line(line) for line in lines if line.strip()]


# --- running the suggesters --------------------------------------------------------------


@dataclass(frozen=True)
class Prediction:
    """What the suggesters proposed for one document."""

    spans: tuple[Item, ...]
    links: tuple[Link, ...]


def predict(docs: Sequence[GoldDoc], preferred: Sequence[str] = ()) -> tuple[str, list[Prediction]]:
    """Parse each document with the project's pipeline and run the suggesters on it."""
    from annotator.nlp.loading import load_pipeline
    from annotator.nlp.suggest import suggest

    pipeline = load_pipeline(preferred)
    if pipeline.notice:
        print(pipeline.notice, file=sys.stderr)
    found = []
    for doc in docs:
        proposal = suggest(pipeline.nlp(doc.text))
        found.append(
            Prediction(
                tuple(Item(s.start, s.end, s.label, dict(s.attrs)) for s in proposal.spans),
                tuple(Link(r.head, r.child, r.label) for r in proposal.relations),
            )
        )
    return pipeline.name, found


# --- the report --------------------------------------------------------------------------


@dataclass
class Report:
    """All the figures for one run, summed over the documents."""

    documents: int
    spans: dict[str, dict[Mode, Score]]
    casualty: AttributeScore
    relations: dict[str, Score]
    #: outcome, best and qualifier judged together: ``all_share`` is the share with all three.
    casualty_key: AttributeScore = AttributeScore(0, {}, 0)

    @property
    def direct_recall(self) -> float:
        """The share of gold direct quotes that a predicted direct quote overlaps."""
        return self.spans["QUOTE type=direct"]["overlap"].recall

    def as_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready values."""
        return {
            "documents": self.documents,
            "spans": {
                name: {mode: asdict(score) for mode, score in by_mode.items()}
                for name, by_mode in self.spans.items()
            },
            "casualty_attributes": {
                "matched": self.casualty.matched,
                **{name: self.casualty.share(name) for name in CASUALTY_ATTRIBUTES},
                "all": self.casualty.all_share,
                "+".join(KEY_ATTRIBUTES): self.casualty_key.all_share,
            },
            "direct_quote_recall": self.direct_recall,
            "relations": {name: asdict(score) for name, score in self.relations.items()},
        }


def evaluate(docs: Sequence[GoldDoc], predictions: Sequence[Prediction]) -> Report:
    """Score ``predictions`` (one per gold document, in the same order) against the gold."""
    if len(docs) != len(predictions):
        raise ValueError(f"{len(docs)} gold documents but {len(predictions)} predictions")
    spans: dict[str, dict[Mode, Score]] = {}
    for name, label, where in CATEGORIES:
        spans[name] = {
            mode: combine(
                score_spans(d.spans, p.spans, label, mode, where=where)
                for d, p in zip(docs, predictions, strict=True)
            )
            for mode in MODES
        }
    casualty = combine_attributes(
        score_attributes(d.spans, p.spans) for d, p in zip(docs, predictions, strict=True)
    )
    key = combine_attributes(
        score_attributes(d.spans, p.spans, attributes=KEY_ATTRIBUTES)
        for d, p in zip(docs, predictions, strict=True)
    )
    relations = {
        label: combine(
            score_relations(d.spans, d.links, p.spans, p.links, label)
            for d, p in zip(docs, predictions, strict=True)
        )
        for label in RELATION_LABELS
    }
    return Report(len(docs), spans, casualty, relations, key)


def _figure(value: float, defined: bool) -> str:
    return f"{value:5.2f}" if defined else "    -"


def _prf(score: Score) -> str:
    return "  ".join(
        (
            _figure(score.precision, score.predicted > 0),
            _figure(score.recall, score.gold > 0),
            _figure(score.f1, score.gold > 0 or score.predicted > 0),
        )
    )


def format_report(report: Report) -> str:
    """The report as a plain-text table."""
    columns = f"{'P':>5}  {'R':>5}  {'F1':>5}"
    rule = "-" * 79
    lines = [
        f"{'':<32}   {'exact':^19}   {'overlap':^19}".rstrip(),
        f"{'spans':<20} {'gold':>5} {'pred':>5}   {columns}   {columns}",
        rule,
    ]
    for name, by_mode in report.spans.items():
        exact, overlap = by_mode["exact"], by_mode["overlap"]
        lines.append(
            f"{name:<20} {exact.gold:>5} {exact.predicted:>5}   {_prf(exact)}   {_prf(overlap)}"
        )
    matched = report.casualty.matched
    lines += ["", f"CASUALTY attributes right, over {matched} overlap-matched spans:"]
    shares = [
        f"{name} {_figure(report.casualty.share(name), matched > 0).strip()}"
        for name in CASUALTY_ATTRIBUTES
    ]
    shares.append(f"all {_figure(report.casualty.all_share, matched > 0).strip()}")
    lines.append("  " + "   ".join(shares))
    joint = _figure(report.casualty_key.all_share, matched > 0).strip()
    lines.append(f"  {', '.join(KEY_ATTRIBUTES)} all right: {joint}")
    direct = report.spans["QUOTE type=direct"]["overlap"]
    lines += [
        "",
        f"Direct-quote recall (overlap): {_figure(direct.recall, direct.gold > 0).strip()}",
    ]
    lines += [
        "",
        f"{'relations':<20} {'gold':>5} {'pred':>5}   {columns}   (both spans overlap-matched)",
        rule,
    ]
    for label, score in report.relations.items():
        lines.append(f"{label:<20} {score.gold:>5} {score.predicted:>5}   {_prf(score)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the suggesters over the gold documents and print the scores, one report a file."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--gold",
        type=Path,
        action="append",
        help="gold JSONL file to score against (repeatable; default sample_docs/gold.jsonl)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--model", action="append", default=[], help="spaCy pipeline to try first (repeatable)"
    )
    args = parser.parse_args(argv)
    golds: list[Path] = args.gold or [default_gold_path()]
    sets = [load_gold(gold) for gold in golds]
    # One parse of everything: the pipeline is loaded once, however many files.
    pipeline, predictions = predict([doc for docs in sets for doc in docs], args.model)
    results = []
    for gold, docs in zip(golds, sets, strict=True):
        report = evaluate(docs, predictions[: len(docs)])
        predictions = predictions[len(docs) :]
        if args.json:
            results.append({"gold": str(gold), "pipeline": pipeline, **report.as_dict()})
            continue
        print(f"Suggesters against {gold} ({len(docs)} documents, pipeline {pipeline})")
        print("Micro-averaged over all documents; '-' where a figure is undefined.\n")
        print(format_report(report), end="\n\n")
    if args.json:
        print(json.dumps(results[0] if len(results) == 1 else results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
