"""Benchmark the extractive summarizer against Lead-k and LexRank on the shared sets.

For VietNews dev (single documents) and ViMs (clusters of documents), ROUGE-1/2/L F1 of ours,
Lead-k and sumy LexRank at the same budget per row (the mean length of its references in
syllables) and at equal input (every method reads the documents with their titles, then
without), on the tuning split (the first 100 rows: the weights in `retrieval.summarize.Weights`
were chosen there), on the rest, and on the whole file, each in one run.

Target: ROUGE-2 of ours above both baselines on every whole file (or its first --rows rows), in
both settings; the exit status is 1 when it is not. Without the data sets it says so and skips.

    .venv/bin/python -m benchmarks.summaries [--data ../shared/data/summarization] [--rows N]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from benchmarks.report import DATA, Figures, add_json_argument, exit_with, missing_data
from retrieval.summaries.evaluate import evaluate_summaries, load_summary_set

SETS = ("vietnews_dev.jsonl", "vims_ktlab_multidoc.jsonl")
TUNE_ROWS = 100


def main() -> None:
    """Run every split of every set, print the figures and the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA / "summarization")
    parser.add_argument("--rows", type=int, default=None, help="the first N rows of each set")
    add_json_argument(parser)
    args = parser.parse_args()
    figures = Figures("summaries")
    absent = missing_data(*(args.data / name for name in SETS))
    if absent:
        figures.skip(absent)
        exit_with(figures, args.json)
    results: dict[str, dict[str, object]] = {}
    for name in SETS:
        cases = load_summary_set(args.data / name)[: args.rows]
        splits = {"tune": cases[:TUNE_ROWS], "rest": cases[TUNE_ROWS:], "all": cases}
        results[name] = {
            split: evaluate_summaries(part, name=name) for split, part in splits.items() if part
        }
        whole = results[name]["all"]
        assert isinstance(whole, dict)
        for setting, label in (("titles", "with titles"), ("no_titles", "without titles")):
            ours, lead, lexrank = (whole[setting][k]["rouge2"] for k in ("ours", "lead", "lexrank"))
            figures.check(
                f"{name} ({len(cases)} rows, {label}) ROUGE-2: ours (Lead-k, LexRank)",
                f"{ours:.2f} ({lead:.2f}, {lexrank:.2f})",
                "ours above both",
                ours > max(lead, lexrank),
            )
    print(json.dumps(results, ensure_ascii=False, indent=1))
    exit_with(figures, args.json)


if __name__ == "__main__":
    main()
