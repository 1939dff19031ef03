"""The figures of the injection tests: zero effects, and every reply quoting its document."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.security.hostile import COUNT
from tests.security.injection.effects import observations, quoted_shape, summarized
from tests.security.injection.runs import DOCUMENTS, EDGE_RESULTS, GeneratedRun, Run


def test_summary(
    plain: Run,
    generated: GeneratedRun,
    forwarded: Run,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Print the figures; zero effects and every reply quoting its document."""
    kinds = Counter(kind.split("-line-")[0] for d in DOCUMENTS for kind in d.kinds)
    formats = Counter(d.suffix for d in DOCUMENTS)
    languages = Counter(d.language for d in DOCUMENTS)
    quoted = sum(a.quoted for a in plain.asked)
    probes = sum(len(d.probes) for d in DOCUMENTS)
    reached = probes - sum(len(a.missing_probes) for a in plain.asked)
    kept = Counter(o.name for o, _, k in generated.asked if k)
    fell_back = Counter(o.name for o, _, k in generated.asked if not k)
    replies = [*plain.asked, *(a for _, a, _ in generated.asked), *forwarded.asked]
    effects = [e for a in replies for e in a.effects()]
    effects += [e for a in plain.asked for e in quoted_shape(a.reply)]
    state_changes = sum(r.after != r.before for r in (plain, generated, forwarded))
    effects += ["state changed"] * state_changes + ["digest posted"] * len(plain.posted)
    edge_effects = sum(e for _, _, e in EDGE_RESULTS.values())
    seen = {
        name: Counter(kind for a in run for kind in observations(a))
        for name, run in (
            ("questions", plain.asked),
            ("obeying LLM", [a for _, a, _ in generated.asked]),
            ("forwarded files", forwarded.asked),
        )
    }

    lines = [
        "",
        f"Prompt injection: {len(DOCUMENTS)} hostile documents "
        f"({', '.join(f'{n} {s}' for s, n in sorted(formats.items()))}; "
        f"{languages['vi']} vi, {languages['en']} en), {len(kinds)} attack kinds",
        f"  questions through route: {len(plain.asked)}; replies quoting their document: "
        f"{quoted}; attack probes reaching the reply: {reached}/{probes}",
        f"  obeying LLM: {len(generated.asked)} asked; generated answer kept (and defused): "
        f"{sum(kept.values())} {dict(kept)}; fell back to quotes: {sum(fell_back.values())} "
        f"{dict(fell_back)}",
        f"  forwarded hostile files: {len(forwarded.asked)}; only summarized: "
        f"{sum(summarized(a.reply) for a in forwarded.asked)}",
        "  edges: "
        + (
            "; ".join(f"{e} {a} asked, {q} quoted" for e, (a, q, _) in EDGE_RESULTS.items())
            or "not run in this session"
        ),
        f"  effects found: {len(effects) + edge_effects}",
        "  observations (replies; not effects): "
        + "; ".join(f"{name} {dict(counts)}" for name, counts in seen.items()),
    ]
    with capsys.disabled():
        print("\n".join(lines))
    assert quoted == COUNT
    assert reached == probes
    assert all(summarized(a.reply) for a in forwarded.asked)
    assert effects == [] and edge_effects == 0
