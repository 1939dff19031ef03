"""Summary evaluation: ROUGE-1/2/L F1 of our summaries, Lead-k and LexRank at one length budget.

ROUGE (rouge-score) and LexRank (sumy) are measurement tools, not part of the assistant: they
come with the `eval` extra and are imported only here, when an evaluation runs."""

from __future__ import annotations

import importlib
import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import zip_longest
from pathlib import Path

from retrieval.summaries.extractive import (
    DEFAULT_WEIGHTS,
    Candidate,
    Weights,
    candidates,
    score,
    select,
)
from retrieval.text import STOPWORDS, normalize, syllables

_SYLLABLE = re.compile(r"\w+", re.UNICODE)
ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")
SYSTEMS = ("ours", "lead", "lexrank")
EVAL_PACKAGES = ("rouge_score", "sumy")


class EvalExtraMissing(ImportError):
    """The packages of the `eval` extra are not installed."""


def require_eval_extra() -> None:
    """Raise `EvalExtraMissing`, in one line that says what to install, unless ROUGE and
    LexRank can be imported."""
    missing = []
    for name in EVAL_PACKAGES:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    if missing:
        raise EvalExtraMissing(
            f"Summary evaluation needs {' and '.join(missing)}: pip install 'vanthu[eval]'"
        )


@dataclass(frozen=True)
class SummaryCase:
    """One document (or cluster of documents) and its reference summaries."""

    id: str
    documents: list[str]
    titles: list[str]
    references: list[str]


class SyllableTokenizer:
    """ROUGE tokens: lower-cased syllables, Vietnamese letters kept (rouge-score drops them)."""

    def tokenize(self, text: str) -> list[str]:
        """The syllables of a text."""
        return syllables(text)


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value]
    return []


def load_summary_set(path: Path) -> list[SummaryCase]:
    """Read rows {"id", "document" or "documents", "summaries" or "summary"} from JSON Lines.

    "documents" may hold strings or {"title", "text"} objects."""
    cases = []
    # JSON Lines ends rows at "\n" only: str.splitlines() would also cut at U+2028 and the
    # other Unicode line breaks, which are legal inside a JSON string.
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{number}: not a JSON object ({exc.msg})") from None
        if not isinstance(row, dict):
            raise ValueError(f"{path}:{number}: not a JSON object")
        documents: list[str] = []
        titles: list[str] = []
        for item in row.get("documents") or [row.get("document", "")]:
            if isinstance(item, dict):
                documents.append(str(item.get("text", "")))
                titles.append(str(item.get("title") or ""))
            else:
                documents.append(str(item))
        if row.get("title"):
            titles.insert(0, str(row["title"]))
        references = _texts(row.get("summaries", row.get("summary")))
        documents = [d for d in documents if d.strip()]
        if not documents or not references:
            raise ValueError(f"{path}:{number}: a row needs a document and a summary")
        cases.append(SummaryCase(str(row.get("id", number)), documents, titles, references))
    return cases


def cut_words(text: str, limit: int) -> str:
    """The text up to and including its limit-th syllable."""
    matches = list(_SYLLABLE.finditer(text))
    if len(matches) <= limit:
        return text
    return text[: matches[limit - 1].end()] if limit > 0 else ""


def fit(found: Sequence[Candidate], picked: Sequence[int], budget: int) -> str:
    """The picked sentences in document order, the last-picked cut so the total is `budget`."""
    kept: dict[int, str] = {}
    left = budget
    for index in picked:
        if left <= 0:
            break
        kept[index] = cut_words(found[index].text, left)
        left -= found[index].words
    order = sorted(kept, key=lambda i: (found[i].source, found[i].position))
    return "\n".join(kept[i] for i in order)


def lead(case: SummaryCase, found: Sequence[Candidate], budget: int) -> list[int]:
    """Sentences from the top: the first of each document in turn, then the second, ..."""
    by_source: dict[int, list[int]] = {}
    for index, candidate in enumerate(found):
        by_source.setdefault(candidate.source, []).append(index)
    rounds = zip_longest(*by_source.values())
    return [i for group in rounds for i in group if i is not None]


class _Words:
    """A sumy tokenizer over our syllables."""

    def to_words(self, text: str) -> list[str]:
        return syllables(text)


def lexrank(case: SummaryCase, found: Sequence[Candidate], budget: int) -> list[int]:
    """sumy's LexRank over the same sentences, best first."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence  # noqa: PLC0415
    from sumy.summarizers.lex_rank import LexRankSummarizer  # noqa: PLC0415

    words = _Words()
    document = ObjectDocumentModel(
        [Paragraph([Sentence(c.text, words) for c in found])] if found else []
    )
    summarizer = LexRankSummarizer()
    summarizer.stop_words = STOPWORDS
    ranked: list[Sentence] = []

    def keep_ranking(infos: list[object]) -> list[object]:
        ranked.extend(info.sentence for info in infos)  # type: ignore[attr-defined]
        return infos

    summarizer(document, keep_ranking)
    first = {c.text: i for i, c in reversed(list(enumerate(found)))}
    return [first[str(sentence)] for sentence in ranked]


def ours(
    case: SummaryCase, found: Sequence[Candidate], budget: int, weights: Weights = DEFAULT_WEIGHTS
) -> list[int]:
    """Our extractive ranking: salience with MMR."""
    salience, similarity = score(found, case.titles, weights)
    return select(found, salience, similarity, budget, mmr_lambda=weights.mmr_lambda)


def budget_of(case: SummaryCase, words: int | None) -> int:
    """The length budget in syllables: fixed, or the mean length of the references."""
    if words is not None:
        return words
    lengths = [len(syllables(r)) for r in case.references]
    return round(sum(lengths) / len(lengths))


def evaluate_summaries(
    cases: Sequence[SummaryCase],
    *,
    words: int | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
    use_titles: bool = True,
    name: str = "",
) -> dict[str, object]:
    """Mean ROUGE-1/2/L F1 (x100) of ours, Lead-k and LexRank at the same syllable budget.

    Every system ranks the same sentences; its best ones are taken until the budget is reached,
    the last one cut to fit, so all summaries have the same length in syllables. With several
    references, the F1 is averaged over them."""
    require_eval_extra()
    from rouge_score import rouge_scorer  # noqa: PLC0415

    scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), tokenizer=SyllableTokenizer())
    systems: dict[str, Callable[[SummaryCase, Sequence[Candidate], int], list[int]]] = {
        "ours": lambda c, f, b: ours(c if use_titles else replace(c, titles=[]), f, b, weights),
        "lead": lead,
        "lexrank": lexrank,
    }
    totals = {s: dict.fromkeys(ROUGE_TYPES, 0.0) for s in systems}
    seconds = dict.fromkeys(systems, 0.0)
    budgets = 0
    start = time.perf_counter()
    for case in cases:
        found = candidates(case.documents)
        budget = budget_of(case, words)
        budgets += budget
        references = [normalize(r) for r in case.references]
        for system, rank in systems.items():
            began = time.perf_counter()
            summary = fit(found, rank(case, found, budget), budget)
            seconds[system] += time.perf_counter() - began
            for reference in references:
                result = scorer.score(reference, summary)
                for kind in ROUGE_TYPES:
                    totals[system][kind] += result[kind].fmeasure / len(references)
    count = max(1, len(cases))
    figures: dict[str, object] = {
        "set": name,
        "cases": len(cases),
        "budget": f"{words} syllables" if words else "mean reference length in syllables",
        "budget_mean_syllables": round(budgets / count, 1),
        "titles": use_titles,
        "seconds": round(time.perf_counter() - start, 2),
    }
    for system in systems:
        figures[system] = {
            **{k: round(100 * v / count, 2) for k, v in totals[system].items()},
            "seconds": round(seconds[system], 2),
        }
    return figures
