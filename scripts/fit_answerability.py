"""Fit the answerability judge (retrieval/answers/answerability.json) on held-out questions.

For each BEIR set, removal (article, document) and seed, `vanthu eval answers` is run (the
chat's answering code over a library missing what half the questions need) and every
question gives the judge's features of its top passage and whether that passage is relevant.
A logistic regression (scikit-learn, standardised features) is fitted on them, once with the
dense features (hybrid) and once, over runs without an embedder, without them (lexical). The
answer threshold is the probability that --recall of the relevant top passages reach; the
partial threshold the one below which --not-covered of the irrelevant ones stay, so that
they are told "not covered".

    .venv/bin/python scripts/fit_answerability.py --cache-dir /tmp/vidx/cache \\
        --recall 0.8 --not-covered 0.82 \\
        ../shared/data/retrieval/alqac2022 ../shared/data/retrieval/lter2023 \\
        ../shared/data/retrieval/alqac2022:benchmarks/colloquial/alqac2022 \\
        ../shared/data/retrieval/lter2023:benchmarks/colloquial/lter2023 \\
        benchmarks/procedures

With --extend MODEL the model file's weights, intercept and thresholds are kept and only
the features it lacks are fitted (a logistic regression with its logit as an offset): how the
shipped `kind_missing` weight was fitted, with benchmarks/procedures added to the sets above.

Needs the `eval` extra. Prints the fitted model and writes it to --out. With --rows FILE the
collected features are kept there, and a later run with the same file refits from them (other
--recall or --not-covered) without asking the questions again.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from bot.answers_eval import measure_answers
from bot.settings import Settings
from retrieval.answers.answerability import FEATURES, LEXICAL_FEATURES, MODEL_FILE
from retrieval.answers.heldout import Removal, small_library
from retrieval.search.evaluate import BeirSet, load_beir


def collect(
    settings: Settings, sets: list[str], seeds: list[int], cache: Path
) -> list[dict[str, Any]]:
    """One row per question and run: its features and whether the top passage is relevant."""
    rows: list[dict[str, Any]] = []
    for spec in sets:
        corpus, _, questions = spec.partition(":")
        whole = load_beir(Path(corpus), queries_from=Path(questions) if questions else None)
        runs: list[tuple[BeirSet, Removal, int]] = [
            (whole, remove, seed) for remove in ("article", "document") for seed in seeds
        ]
        # Small libraries too (150 articles, as an office's first documents), where a match
        # stands out more easily than among thousands.
        runs += [
            (small_library(whole, 40, 150, seed), "article", seed)
            for seed in range(100, 100 + 4 * len(seeds))
        ]
        for data, remove, seed in runs:
            result = measure_answers(
                settings, data, remove=remove, fraction=0.5, seed=seed, cache_dir=cache
            )
            asked = result["questions"]
            assert isinstance(asked, list)
            rows += [
                {**q, "set": data.name, "remove": remove}
                for q in asked
                if q["features"]  # a question the library found nothing for: not covered
            ]
            print(f"  {data.name} --remove {remove} seed {seed}: {len(asked)} questions")
    return rows


def fit(
    rows: list[dict[str, Any]], names: tuple[str, ...], recall: float, keep: float
) -> dict[str, Any]:
    """The logistic model (fitted on standardised features, its weights given back on the raw
    ones) and its two thresholds."""
    x = np.asarray([[r["features"][n] for n in names] for r in rows])
    y = np.asarray([r["top_passage"] == "right" for r in rows])
    scaler = StandardScaler().fit(x)
    model = LogisticRegression(C=1.0, max_iter=5000).fit(scaler.transform(x), y)
    weights = model.coef_[0] / scaler.scale_
    intercept = float(model.intercept_[0] - (weights * scaler.mean_).sum())
    p = model.predict_proba(scaler.transform(x))[:, 1]
    # Answer when the probability reaches what `recall` of the relevant top passages reach;
    # below, quote the closest provisions while `keep` of the irrelevant ones stay below.
    answer = float(np.quantile(p[y], 1.0 - recall))
    partial = min(answer, float(np.quantile(p[~y], keep)))
    return {
        "weights": dict(zip(names, (round(float(w), 5) for w in weights), strict=True)),
        "intercept": round(intercept, 5),
        "answer": round(answer, 4),
        "partial": round(partial, 4),
        "fitted_on": outcomes(p, y, answer, partial),
    }


def outcomes(
    p: npt.NDArray[np.float64], right: npt.NDArray[np.bool_], answer: float, partial: float
) -> dict[str, float]:
    """What the probabilities `p` and the two thresholds make of the rows (`right`: their top
    passage is relevant)."""
    answered = p >= answer
    return {
        "questions": len(p),
        "top_relevant": int(right.sum()),
        "answered": int(answered.sum()),
        "answered_wrong": int((answered & ~right).sum()),
        "not_covered_of_top_wrong": round(float((p[~right] < partial).mean()), 4),
    }


def extend(
    rows: list[dict[str, Any]], model: dict[str, Any], names: tuple[str, ...]
) -> dict[str, Any]:
    """`model` with the weights of the features in `names` it lacks fitted on `rows`, its own
    weights, intercept and thresholds kept: a logistic regression of the new features alone,
    with the model's logit as an offset (Newton's method), so that a new piece of evidence is
    weighed on all the data without moving the calibration the targets were met with."""
    new = [n for n in names if n not in model["weights"]]
    offset = np.asarray(
        [
            model["intercept"] + sum(w * r["features"][n] for n, w in model["weights"].items())
            for r in rows
        ]
    )
    x = np.asarray([[r["features"][n] for n in new] for r in rows])
    y = np.asarray([r["top_passage"] == "right" for r in rows], dtype=float)
    weights = np.zeros(len(new))
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-(offset + x @ weights)))
        hessian = (x * (p * (1.0 - p))[:, None]).T @ x + 1e-6 * np.eye(len(new))
        step = np.linalg.solve(hessian, x.T @ (y - p))
        weights += step
        if np.abs(step).max() < 1e-9:
            break
    p = 1.0 / (1.0 + np.exp(-(offset + x @ weights)))
    added = {n: round(float(w), 5) for n, w in zip(new, weights, strict=True)}
    return {
        **model,
        "weights": {**model["weights"], **added},
        "extended_on": outcomes(p, y.astype(bool), model["answer"], model["partial"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="+", help="BEIR folders, or CORPUS:QUESTIONS folders")
    parser.add_argument("--seeds", default="1,2")
    parser.add_argument("--cache-dir", type=Path, required=True)
    parser.add_argument("--recall", type=float, default=0.85)
    parser.add_argument("--not-covered", type=float, default=0.75)
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    parser.add_argument(
        "--rows", type=Path, help="keep the collected features here; refit from them if present"
    )
    parser.add_argument(
        "--extend",
        type=Path,
        help="keep this model file's weights and thresholds; fit only the features it lacks",
    )
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    if args.rows and args.rows.exists():  # refit on the features of an earlier collection
        hybrid, lexical = json.loads(args.rows.read_text(encoding="utf-8"))
    else:
        print("hybrid runs")
        hybrid = collect(Settings(), args.sets, seeds, args.cache_dir)
        print("lexical runs (no embedder)")
        lexical = collect(Settings(embedder="none"), args.sets, seeds, args.cache_dir)
        if args.rows:
            args.rows.write_text(json.dumps([hybrid, lexical]), encoding="utf-8")
    if args.extend:
        base = json.loads(args.extend.read_text(encoding="utf-8"))
        out = {
            "hybrid": extend(hybrid, base["hybrid"], FEATURES),
            "lexical": extend(lexical, base["lexical"], LEXICAL_FEATURES),
            "fitted_with": base["fitted_with"],
            "extended_with": {"sets": args.sets, "seeds": seeds},
        }
    else:
        out = {
            "hybrid": fit(hybrid, FEATURES, args.recall, args.not_covered),
            "lexical": fit(lexical, LEXICAL_FEATURES, args.recall, args.not_covered),
            "fitted_with": {
                "sets": args.sets,
                "seeds": seeds,
                "recall": args.recall,
                "not_covered": args.not_covered,
            },
        }
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
