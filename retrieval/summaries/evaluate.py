"""Summary evaluation: ROUGE-1/2/L F1 of our summaries, Lead-k and LexRank at one length budget.

ROUGE (rouge-score) and LexRank (sumy) are measurement tools, not part of the assistant: they
come with the `eval` extra and are imported only here, when an evaluation runs."""

from __future__ import annotations

import importlib
import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path

from retrieval.summaries.extractive import (
    Candidate,
    Weights,
    candidates,
    score,
    select,
    split_title,
    weights_for,
)
from retrieval.text import STOPWORDS, normalize, syllables

_SYLLABLE = re.compile(r"\w+", re.UNICODE)
ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")
SYSTEMS = ("ours", "lead", "lexrank")
# Every method reads the documents under their title lines, then without them.
SETTINGS = {"titles": True, "no_titles": False}
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
    """One document (or cluster of documents), their titles ("" where none) in the same
    order, and the reference summaries."""

    id: str
    documents: list[str]
    titles: list[str]
    references: list[str]

    def texts(self, *, with_titles: bool) -> list[str]:
        """What every method reads: the documents, each under its title line (empty when it
        has none) or not."""
        if not with_titles:
            return self.documents
        pairs = zip_longest(self.documents, self.titles, fillvalue="")
        return [f"{' '.join(title.split())}\n{document}" for document, title in pairs]


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
        pairs: list[tuple[str, str]] = []  # (document, its title)
        for item in row.get("documents") or [row.get("document", "")]:
            if isinstance(item, dict):
                pairs.append((str(item.get("text", "")), str(item.get("title") or "")))
            else:
                pairs.append((str(item), ""))
        if row.get("title") and pairs and not pairs[0][1]:
            pairs[0] = (pairs[0][0], str(row["title"]))
        pairs = [(document, title) for document, title in pairs if document.strip()]
        documents, titles = [d for d, _ in pairs], [t for _, t in pairs]
        references = _texts(row.get("summaries", row.get("summary")))
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


def lead(titles: Sequence[str], found: Sequence[Candidate], budget: int) -> list[int]:
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


def lexrank(titles: Sequence[str], found: Sequence[Candidate], budget: int) -> list[int]:
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
    titles: Sequence[str],
    found: Sequence[Candidate],
    budget: int,
    weights: Weights | None = None,
) -> list[int]:
    """Our extractive ranking: salience (the titles read in the texts among its signals) with
    MMR; the weights for a text with a title, or without, unless given."""
    weights = weights_for(titles, found, weights)
    salience, similarity = score(found, titles, weights)
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
    weights: Weights | None = None,
    name: str = "",
) -> dict[str, object]:
    """Mean ROUGE-1/2/L F1 (x100) of ours, Lead-k and LexRank at the same syllable budget, with
    every document under its title line ("titles") and without ("no_titles").

    In each setting every method reads the same texts and ranks the same sentences (a title
    line is a heading, never a candidate; ours reads it as the chat path reads a document's
    title); its best ones are taken until the budget is reached, the last one cut to fit, so
    all summaries have the same length in syllables. With several references, the F1 is
    averaged over them."""
    require_eval_extra()
    from rouge_score import rouge_scorer  # noqa: PLC0415

    scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), tokenizer=SyllableTokenizer())
    systems: dict[str, Callable[[Sequence[str], Sequence[Candidate], int], list[int]]] = {
        "ours": lambda t, f, b: ours(t, f, b, weights),
        "lead": lead,
        "lexrank": lexrank,
    }
    start = time.perf_counter()
    budgets = [budget_of(case, words) for case in cases]
    figures: dict[str, object] = {
        "set": name,
        "cases": len(cases),
        "budget": f"{words} syllables" if words else "mean reference length in syllables",
        "budget_mean_syllables": round(sum(budgets) / max(1, len(cases)), 1),
    }
    for setting, with_titles in SETTINGS.items():
        totals = {s: dict.fromkeys(ROUGE_TYPES, 0.0) for s in systems}
        for case, budget in zip(cases, budgets, strict=True):
            texts = case.texts(with_titles=with_titles)
            found = candidates(texts, titled=with_titles)
            titles = [split_title(text)[0] for text in texts] if with_titles else []
            references = [normalize(r) for r in case.references]
            for system, rank in systems.items():
                summary = fit(found, rank(titles, found, budget), budget)
                for reference in references:
                    result = scorer.score(reference, summary)
                    for kind in ROUGE_TYPES:
                        totals[system][kind] += result[kind].fmeasure / len(references)
        count = max(1, len(cases))
        figures[setting] = {
            system: {k: round(100 * v / count, 2) for k, v in totals[system].items()}
            for system in systems
        }
    figures["seconds"] = round(time.perf_counter() - start, 2)
    return figures
