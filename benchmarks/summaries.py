"""Benchmark the extractive summarizer against Lead-k and LexRank on the shared sets.

For VietNews dev (single documents) and ViMs (clusters of documents), ROUGE-1/2/L F1 of ours,
Lead-k and sumy LexRank at the same budget per row (the mean length of its references in
syllables) and at equal input (every method reads the documents with their titles, then
without), on the tuning split (the first 100 rows: the weights in `retrieval.summarize.Weights`
were chosen there), on the rest, and on the whole file, each in one run.

Target: ROUGE-2 of ours above both baselines on every whole file, in both settings; the exit
status is 1 when it is not. The figures are printed as JSON.

    .venv/bin/python -m benchmarks.summaries [--data /work/shared/data/summarization]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from retrieval.summaries.evaluate import evaluate_summaries, load_summary_set

SETS = ("vietnews_dev.jsonl", "vims_ktlab_multidoc.jsonl")
TUNE_ROWS = 100


def main() -> int:
    """Run every split of every set and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data/summarization"))
    args = parser.parse_args()
    results: dict[str, dict[str, object]] = {}
    ok = True
    for name in SETS:
        cases = load_summary_set(args.data / name)
        splits = {"tune": cases[:TUNE_ROWS], "rest": cases[TUNE_ROWS:], "all": cases}
        results[name] = {
            split: evaluate_summaries(part, name=name) for split, part in splits.items()
        }
        whole = results[name]["all"]
        assert isinstance(whole, dict)
        for setting in ("titles", "no_titles"):
            ours, lead, lexrank = (whole[setting][s] for s in ("ours", "lead", "lexrank"))
            ok = ok and ours["rouge2"] > max(lead["rouge2"], lexrank["rouge2"])
    print(json.dumps(results, ensure_ascii=False, indent=1))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
