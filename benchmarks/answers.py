"""Benchmark the answers on office procedures: right, wrong, closest provisions, not covered.

The procedure-style development set (benchmarks/procedures: 15 invented procedure documents of
neighbouring procedures, 274 questions typed as citizens and staff type them, 16% English) is
asked through the chat's answering code (`vanthu eval answers`): once over the whole library,
and once with every article of half the questions' documents removed (the topic is absent).
Targets, set when the scope-article rule landed (2026-12-05; before it 10.9% of the questions
were answered with a wrong citation, after it 7.7%): a wrong citation for at most 10% of all
questions over the whole library, and at least 75% of the questions whose topic is absent
told "not covered". Exit status 1 when one is missed.

    .venv/bin/python -m benchmarks.answers [--seed 3] [--cache DIR]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from benchmarks.report import ROOT, Figures, add_json_argument, exit_with
from bot.answers_eval import measure_answers
from bot.settings import Settings
from retrieval.search.evaluate import load_beir

PROCEDURES = ROOT / "benchmarks" / "procedures"
MOST_WRONG = 0.10
LEAST_NOT_COVERED = 0.75


def shares(result: dict[str, object], half: str) -> dict[str, float]:
    """The bot's shares of right, wrong, partial and not covered on one half."""
    part = result[half]
    assert isinstance(part, dict)
    bot = part["bot"]
    assert isinstance(bot, dict)
    return {str(k): float(v) for k, v in bot.items()}


def main() -> None:
    """Run both protocols and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=ROOT / ".bench" / "cache")
    add_json_argument(parser)
    args = parser.parse_args()
    figures = Figures("answers")
    settings = Settings()
    data = load_beir(PROCEDURES)
    whole = measure_answers(
        settings, data, remove="article", fraction=0.0, seed=args.seed, cache_dir=args.cache
    )
    asked = shares(whole, "answerable")
    figures.report("whole library: right", f"{asked['right']:.1%}")
    figures.report("whole library: closest provisions", f"{asked['partial']:.1%}")
    figures.report("whole library: not covered", f"{asked['not_covered']:.1%}")
    figures.check(
        "whole library: wrong citation",
        f"{asked['wrong']:.1%}",
        f"<= {MOST_WRONG:.0%}",
        asked["wrong"] <= MOST_WRONG,
    )
    absent = measure_answers(
        settings, data, remove="document", fraction=0.5, seed=args.seed, cache_dir=args.cache
    )
    kept, gone = shares(absent, "answerable"), shares(absent, "unanswerable")
    figures.report("topic absent: answerable half right", f"{kept['right']:.1%}")
    figures.check(
        "topic absent: not covered",
        f"{gone['not_covered']:.1%}",
        f">= {LEAST_NOT_COVERED:.0%}",
        gone["not_covered"] >= LEAST_NOT_COVERED,
    )
    figures.report("topic absent: wrong citation", f"{gone['wrong']:.1%}")
    exit_with(figures, args.json)


if __name__ == "__main__":
    main()
