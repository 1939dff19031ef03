"""Benchmark the official-document header parser over the invented corpus.

Every document of tests/data/official is rendered in each of its layouts (real DOCX and PDF
bytes), read back with the real readers, and summarized as `vanthu summarize --json` does
(`summarize_file`): field-level accuracy per field and overall (target >= 98%), deadline recall
and precision (text and date), money-amount recall and precision, and the misses. The exit
status is 1 when the overall field accuracy is under target.

    .venv/bin/python -m benchmarks.headers [--quiet]
"""

from __future__ import annotations

import argparse
import dataclasses
from collections import Counter
from dataclasses import dataclass, field

from benchmarks.report import Figures, add_json_argument, exit_with
from retrieval.documents.readers import read_bytes
from retrieval.summaries.files import FileSummary, summarize_file
from tests.official_documents import FIELDS, field_hits, render, renderings, same_deadline

TARGET = 0.98


@dataclass
class Scores:
    """Counts over the corpus and the misses, one line each."""

    renderings: int = 0
    field_hits: Counter[str] = field(default_factory=Counter)
    deadlines_expected: int = 0
    deadlines_found: int = 0
    deadlines_matched: int = 0
    deadlines_correct_found: int = 0
    amounts_expected: int = 0
    amounts_found: int = 0
    amounts_matched: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        """Share of (rendering, field) pairs parsed right."""
        total = self.renderings * len(FIELDS)
        return sum(self.field_hits.values()) / total if total else 0.0

    def field_accuracy(self, name: str) -> float:
        """Share of renderings with this field right."""
        return self.field_hits[name] / self.renderings if self.renderings else 0.0


def evaluate() -> Scores:
    """Render, read, parse and score every document in every layout."""
    scores = Scores()
    for doc, layout in renderings():
        data, file_type = render(doc, layout)
        read = read_bytes(data, file_type)
        summary = summarize_file(read, f"{doc.name}.{file_type}")
        header = summary.header
        found = dataclasses.asdict(header)
        scores.renderings += 1
        for name, hit in field_hits(doc, found).items():
            scores.field_hits[name] += hit
            if not hit:
                want = doc.expected.get(name)
                scores.misses.append(f"{doc.name} [{layout}] {name}: {found[name]!r} != {want!r}")
        _score_deadlines(scores, doc.name, layout, doc.expected.get("deadlines") or [], summary)
        _score_amounts(scores, doc.name, layout, doc.expected.get("amounts") or [], summary)
    return scores


def _score_deadlines(
    scores: Scores,
    name: str,
    layout: str,
    wanted: list[dict[str, object]],
    summary: FileSummary,
) -> None:
    found = summary.deadlines
    scores.deadlines_expected += len(wanted)
    scores.deadlines_found += len(found)
    for want in wanted:
        if any(same_deadline(want, d.text, d.date) for d in found):
            scores.deadlines_matched += 1
        else:
            got = [(d.text, d.date) for d in found]
            scores.misses.append(f"{name} [{layout}] deadline {want} not in {got}")
    for deadline in found:
        if any(same_deadline(want, deadline.text, deadline.date) for want in wanted):
            scores.deadlines_correct_found += 1
        else:
            scores.misses.append(
                f"{name} [{layout}] extra deadline {deadline.text!r} {deadline.date}"
            )


def _score_amounts(
    scores: Scores, name: str, layout: str, wanted: list[str], summary: FileSummary
) -> None:
    found = [" ".join(a.split()) for a in summary.amounts]
    want = Counter(wanted)
    got = Counter(found)
    scores.amounts_expected += len(wanted)
    scores.amounts_found += len(found)
    scores.amounts_matched += sum((want & got).values())
    if want != got:
        scores.misses.append(f"{name} [{layout}] amounts {found} != {wanted}")


def _ratio(part: int, whole: int) -> str:
    return f"{part}/{whole} = {part / whole:.1%}" if whole else "n/a"


def table_of(scores: Scores) -> Figures:
    """The overall accuracy against its target; deadlines and amounts reported."""
    figures = Figures("headers")
    total = scores.renderings * len(FIELDS)
    hits = sum(scores.field_hits.values())
    figures.check(
        "header fields right", _ratio(hits, total), f">= {TARGET:.0%}", scores.accuracy >= TARGET
    )
    figures.report("deadlines recall", _ratio(scores.deadlines_matched, scores.deadlines_expected))
    figures.report(
        "deadlines precision", _ratio(scores.deadlines_correct_found, scores.deadlines_found)
    )
    figures.report("amounts recall", _ratio(scores.amounts_matched, scores.amounts_expected))
    figures.report("amounts precision", _ratio(scores.amounts_matched, scores.amounts_found))
    return figures


def main() -> None:
    """Print the scores per field, the misses and the table; exit 1 under target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true", help="do not list the misses")
    add_json_argument(parser)
    args = parser.parse_args()
    scores = evaluate()
    documents = len({line for line in (doc.name for doc, _ in renderings())})
    print(f"documents: {documents}, renderings (DOCX + PDF): {scores.renderings}")
    for name in FIELDS:
        print(f"  {name:<13} {_ratio(scores.field_hits[name], scores.renderings)}")
    if not args.quiet:
        print(f"misses ({len(scores.misses)}):")
        for miss in scores.misses:
            print(f"  {miss}")
    exit_with(table_of(scores), args.json)


if __name__ == "__main__":
    main()
