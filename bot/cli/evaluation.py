"""`vanthu eval ...`: retrieval and summary measurements."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from bot.answers_eval import measure_answers
from bot.cli.app import (
    eval_app,
    state,
)
from bot.wiring import make_embedder, search_config
from retrieval.search.colloquial import load_glossary
from retrieval.search.evaluate import evaluate, load_beir
from retrieval.summaries.evaluate import (
    EvalExtraMissing,
    evaluate_summaries,
    load_summary_set,
    require_eval_extra,
)

# Another set of questions (queries.jsonl, qrels/) over the corpus of DIRECTORY.
Questions = Annotated[
    Path | None,
    typer.Option(help="a folder of other questions (queries.jsonl, qrels) on this corpus"),
]


@eval_app.command("retrieval")
def eval_retrieval(
    directory: Annotated[Path, typer.Argument(help="a BEIR-format folder")],
    no_accents: Annotated[bool, typer.Option("--no-accents")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    cache_dir: Annotated[Path | None, typer.Option(help="where built indexes are kept")] = None,
    queries: Questions = None,
) -> None:
    """Recall@1/5/10, MRR@10, build time and latency, against plain BM25 over syllables."""
    settings = state.get()
    data = load_beir(directory, queries_from=queries)
    result = evaluate(
        data,
        search_config(settings),
        make_embedder(settings),
        cache_dir or settings.data_dir / "eval-cache",
        strip_accents=no_accents,
        max_chars=settings.max_chunk_chars,
        glossary=load_glossary(settings.glossary_file),
    )
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False))
        return
    typer.echo(
        f"{result['set']}: {result['corpus']} articles, {result['queries']} queries, "
        f"embedder {result['embedder']}, no-accents {result['no_accents']}"
    )
    for name in ("hybrid", "bm25_syllables"):
        figures = result[name]
        assert isinstance(figures, dict)
        typer.echo(f"  {name:15} " + "  ".join(f"{k} {v}" for k, v in figures.items()))
    typer.echo(f"  MRR@10 ratio hybrid / BM25 syllables: {result['ratio_mrr@10']}")


_ANSWERS_HELP = (
    "Answers on held-out questions: a library built from DIRECTORY's corpus minus what a "
    "share of the questions needs (their relevant articles, or with --remove document every "
    "article of their documents), every question asked through the chat's answering code. "
    "For the answerable and the unanswerable half: answered with a relevant citation (right), "
    "with a wrong one, the closest provisions (partial), not covered; and the same for "
    '"always answer with the top passage", in the same run.'
)


@eval_app.command("answers", help=_ANSWERS_HELP)
def eval_answers(
    directory: Annotated[Path, typer.Argument(help="a BEIR-format folder")],
    remove: Annotated[
        str, typer.Option(help="what a held-out question loses: article or document")
    ] = "article",
    fraction: Annotated[float, typer.Option(min=0.0, max=1.0)] = 0.5,
    seed: Annotated[int, typer.Option()] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="figures and one row a question")] = False,
    cache_dir: Annotated[Path | None, typer.Option(help="where passage vectors are kept")] = None,
    queries: Questions = None,
) -> None:
    """Answered right / wrong / partial / not covered, on both halves."""
    if remove not in ("article", "document"):
        typer.echo("--remove is article or document", err=True)
        raise typer.Exit(2)
    settings = state.get()
    data = load_beir(directory, queries_from=queries)
    with typer.progressbar(length=len(data.qrels), label="asking", file=sys.stderr) as bar:
        result = measure_answers(
            settings,
            data,
            remove="article" if remove == "article" else "document",
            fraction=fraction,
            seed=seed,
            cache_dir=cache_dir or settings.data_dir / "eval-cache",
            progress=lambda: bar.update(1),
        )
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False))
        return
    typer.echo(
        f"{result['set']}: {result['articles_kept']} of {result['articles']} articles kept "
        f"(--remove {remove}, fraction {fraction}, seed {seed}), "
        f"{result['left_aside']} questions left aside, {result['ms_per_question']} ms a question"
    )
    typer.echo(f"  {'':26} {'right':>7} {'wrong':>7} {'partial':>7} {'not cov.':>8}")
    for half in ("answerable", "unanswerable"):
        figures = result[half]
        assert isinstance(figures, dict)
        for system in ("bot", "top_passage"):
            shares = figures[system]
            label = f"{half} ({figures['questions']}) {system}"
            typer.echo(
                f"  {label:26} "
                + " ".join(f"{shares[o]:7.1%}" for o in ("right", "wrong", "partial"))
                + f" {shares['not_covered']:8.1%}"
            )
    wrong = result["wrong_of_all"]
    assert isinstance(wrong, dict)
    typer.echo(
        f"  answered wrong, of all questions: bot {wrong['bot']:.1%}, "
        f"top passage {wrong['top_passage']:.1%}"
    )


_SUMMARIES_HELP = (
    "ROUGE-1/2/L F1 (x 100, syllable tokens) of our extractive summaries, Lead-k and sumy "
    "LexRank at one length budget, at equal input: every method reads the same texts, with "
    "each document under its title line, then without titles; both settings are reported.\n\n"
    "Every system gets the same budget per row: the mean length of the row's reference "
    "summaries in syllables (or --words). It takes its best sentences until the budget is "
    "spent and cuts the last one to fit. Lead-k takes sentences from the top (of each "
    "document in turn)."
)


@eval_app.command("summaries", help=_SUMMARIES_HELP)
def eval_summaries(
    file: Annotated[
        Path, typer.Argument(help='JSON Lines: {"id", "document" or "documents", "summaries"}')
    ],
    words: Annotated[
        int | None,
        typer.Option(min=1, help="budget in syllables (default: each row's reference length)"),
    ] = None,
    rows: Annotated[str | None, typer.Option(help='a slice of the rows: "0:100", "100:"')] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """ROUGE-1/2/L F1 of our extractive summaries, Lead-k and sumy LexRank at equal input."""
    try:
        require_eval_extra()
    except EvalExtraMissing as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    try:
        cases = load_summary_set(file)
        if rows:
            start, _, stop = rows.partition(":")
            cases = cases[int(start or 0) : int(stop) if stop else None]
    except (OSError, ValueError, KeyError) as exc:
        typer.echo(f"Cannot read {file}: {exc}", err=True)
        raise typer.Exit(2) from exc
    result = evaluate_summaries(cases, words=words, name=file.name)
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False))
        return
    typer.echo(
        f"{result['set']}: {result['cases']} rows, budget {result['budget']} "
        f"(mean {result['budget_mean_syllables']}), {result['seconds']} s"
    )
    for setting, heading in (("titles", "with titles"), ("no_titles", "without titles")):
        figures = result[setting]
        assert isinstance(figures, dict)
        typer.echo(f"  every method reads the texts {heading}")
        typer.echo(f"  {'system':8} {'ROUGE-1':>8} {'ROUGE-2':>8} {'ROUGE-L':>8}  (F1 x 100)")
        for name, label in (("ours", "ours"), ("lead", "lead-k"), ("lexrank", "lexrank")):
            typer.echo(
                f"  {label:8} "
                + " ".join(f"{figures[name][k]:8.2f}" for k in ("rouge1", "rouge2", "rougeL"))
            )
