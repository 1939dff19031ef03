"""Retrieval metrics: recall@1/5/10 and MRR@10, worked out by hand."""

from __future__ import annotations

import pytest

from retrieval.search.evaluate import metrics

OTHERS = [f"x{i}" for i in range(12)]


@pytest.mark.parametrize(
    ("ranked", "relevant", "expected"),
    [
        pytest.param(["d1", *OTHERS], {"d1"}, (1.0, 1.0, 1.0, 1.0), id="first"),
        pytest.param(["x0", "x1", "d1"], {"d1"}, (0.0, 1.0, 1.0, 0.3333), id="third"),
        pytest.param([*OTHERS[:5], "d1"], {"d1"}, (0.0, 0.0, 1.0, 0.1667), id="sixth"),
        pytest.param([*OTHERS[:9], "d1"], {"d1"}, (0.0, 0.0, 1.0, 0.1), id="tenth"),
        pytest.param([*OTHERS[:10], "d1"], {"d1"}, (0.0, 0.0, 0.0, 0.0), id="eleventh"),
        pytest.param([], {"d1"}, (0.0, 0.0, 0.0, 0.0), id="nothing-found"),
        pytest.param(
            ["d2", *OTHERS[:5], "d1"], {"d1", "d2"}, (0.5, 0.5, 1.0, 1.0), id="two-relevant"
        ),
        pytest.param(["x0", "d1", "d2"], {"d1", "d2"}, (0.0, 1.0, 1.0, 0.5), id="two-in-top5"),
        pytest.param(
            [*OTHERS[:10], "d1", "d2"], {"d1", "d2"}, (0.0, 0.0, 0.0, 0.0), id="two-beyond-10"
        ),
        pytest.param(["d1", "d1", "x0"], {"d1", "d2"}, (0.5, 0.5, 0.5, 1.0), id="repeated-doc"),
    ],
)
def test_metrics_single_query(
    ranked: list[str], relevant: set[str], expected: tuple[float, float, float, float]
) -> None:
    """Recall@1/5/10 and MRR@10 of one query, worked out by hand."""
    result = metrics({"q": ranked}, {"q": relevant})
    assert result == dict(
        zip(["recall@1", "recall@5", "recall@10", "mrr@10"], expected, strict=True)
    )


def test_metrics_average_over_judged_queries() -> None:
    """Averaged over the queries with judgements; unjudged rankings are ignored."""
    qrels = {"q1": {"d1"}, "q2": {"d2", "d3"}, "q3": {"d9"}, "q4": {"d4"}}
    rankings = {
        "q1": ["d1", "x0"],  # r@1 1, r@5 1, r@10 1, rr 1
        "q2": ["x0", "d2", "x1", "x2", "x3", "x4", "d3"],  # 0, 0.5, 1, 1/2
        "q3": [*OTHERS[:10], "d9"],  # 0, 0, 0, 0: relevant only at rank 11
        # q4 has no ranking at all: 0, 0, 0, 0
        "unjudged": ["d1"],
    }
    assert metrics(rankings, qrels) == {
        "recall@1": 0.25,
        "recall@5": 0.375,
        "recall@10": 0.5,
        "mrr@10": 0.375,
    }


def test_metrics_rounding_and_no_queries() -> None:
    """Four decimals; no judged queries gives zeros rather than a division error."""
    qrels = {"a": {"d"}, "b": {"d"}, "c": {"d"}}
    rankings = {"a": ["d"], "b": ["x", "x2", "d"], "c": ["x"]}
    assert metrics(rankings, qrels)["mrr@10"] == 0.4444  # (1 + 1/3 + 0) / 3
    assert metrics(rankings, qrels)["recall@1"] == 0.3333
    assert metrics({"a": ["d"]}, {}) == {
        "recall@1": 0.0,
        "recall@5": 0.0,
        "recall@10": 0.0,
        "mrr@10": 0.0,
    }
