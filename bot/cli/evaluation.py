"""`vanthu eval ...`: retrieval and summary measurements."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from bot.cli.app import (
    eval_app,
    state,
)
from bot.wiring import make_embedder, search_config
from retrieval.search.evaluate import evaluate, load_beir
from retrieval.summaries.evaluate import (
    EvalExtraMissing,
    evaluate_summaries,
    load_summary_set,
    require_eval_extra,
)


@eval_app.command("retrieval")
def eval_retrieval(
    directory: Annotated[Path, typer.Argument(help="a BEIR-format folder")],
    no_accents: Annotated[bool, typer.Option("--no-accents")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    cache_dir: Annotated[Path | None, typer.Option(help="where built indexes are kept")] = None,
) -> None:
    """Recall@1/5/10, MRR@10, build time and latency, against plain BM25 over syllables."""
    settings = state.get()
    data = load_beir(directory)
    result = evaluate(
        data,
        search_config(settings),
        make_embedder(settings),
        cache_dir or settings.data_dir / "eval-cache",
        strip_accents=no_accents,
        max_chars=settings.max_chunk_chars,
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


_SUMMARIES_HELP = (
    "ROUGE-1/2/L F1 (x 100, syllable tokens) of our extractive summaries, Lead-k and sumy "
    "LexRank at one length budget.\n\n"
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
    no_titles: Annotated[bool, typer.Option("--no-titles", help="ours ignores titles")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """ROUGE-1/2/L F1 of our extractive summaries, Lead-k and sumy LexRank at one budget."""
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
    result = evaluate_summaries(cases, words=words, use_titles=not no_titles, name=file.name)
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False))
        return
    typer.echo(
        f"{result['set']}: {result['cases']} rows, budget {result['budget']} "
        f"(mean {result['budget_mean_syllables']}), titles {result['titles']}, "
        f"{result['seconds']} s"
    )
    typer.echo(f"  {'system':8} {'ROUGE-1':>8} {'ROUGE-2':>8} {'ROUGE-L':>8}  (F1 x 100)")
    for name, label in (("ours", "ours"), ("lead", "lead-k"), ("lexrank", "lexrank")):
        figures = result[name]
        assert isinstance(figures, dict)
        typer.echo(
            f"  {label:8} " + " ".join(f"{figures[k]:8.2f}" for k in ("rouge1", "rouge2", "rougeL"))
        )
