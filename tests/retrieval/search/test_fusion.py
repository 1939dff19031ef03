"""Rank fusion: weighted reciprocal rank fusion and z-score fusion."""

from __future__ import annotations

import math

import pytest

from retrieval.search.fusion import (
    adaptive_weights,
    group_bonus,
    peakedness,
    reciprocal_rank_fusion,
    zscore_fusion,
)

# --- reciprocal_rank_fusion ----------------------------------------------------------------


def test_rrf_scores_are_sums_of_weight_over_k_plus_rank() -> None:
    fused = dict(reciprocal_rank_fusion([["a", "b", "c"], ["c", "a"]], k=10))
    assert fused["a"] == pytest.approx(1 / 11 + 1 / 12)
    assert fused["b"] == pytest.approx(1 / 12)
    assert fused["c"] == pytest.approx(1 / 13 + 1 / 11)


def test_rrf_item_in_both_lists_beats_single_list_leader() -> None:
    fused = reciprocal_rank_fusion([["dieu_1", "dieu_2"], ["dieu_2", "dieu_3"]])
    assert [item for item, _ in fused] == ["dieu_2", "dieu_1", "dieu_3"]


def test_rrf_default_k_is_60() -> None:
    ((item, score),) = reciprocal_rank_fusion([["a"]])
    assert item == "a"
    assert score == pytest.approx(1 / 61)


def test_rrf_weights_change_the_winner() -> None:
    rankings = [["bm25_top", "dense_top"], ["dense_top", "bm25_top"]]
    assert reciprocal_rank_fusion(rankings, weights=[2.0, 1.0], k=1)[0][0] == "bm25_top"
    assert reciprocal_rank_fusion(rankings, weights=[1.0, 2.0], k=1)[0][0] == "dense_top"
    scores = dict(reciprocal_rank_fusion(rankings, weights=[2.0, 1.0], k=1))
    assert scores["bm25_top"] == pytest.approx(2 / 2 + 1 / 3)
    assert scores["dense_top"] == pytest.approx(2 / 3 + 1 / 2)


def test_rrf_zero_weight_ignores_a_ranking_but_keeps_its_items() -> None:
    fused = reciprocal_rank_fusion([["a"], ["b"]], weights=[1.0, 0.0])
    assert [item for item, _ in fused] == ["a", "b"]
    assert [score for _, score in fused] == pytest.approx([1 / 61, 0.0])


def test_rrf_small_k_favours_the_top_rank_more() -> None:
    # "a" is first in one list only; "b" is second and third.
    rankings = [["a", "b"], ["c", "d", "b"]]
    assert reciprocal_rank_fusion(rankings, k=0)[0][0] == "a"  # 1 > 1/2 + 1/3
    assert reciprocal_rank_fusion(rankings, k=60)[0][0] == "b"  # 1/61 < 1/62 + 1/63


@pytest.mark.parametrize(
    ("rankings", "expected_order"),
    [
        ([["a", "b"], ["b", "a"]], ["a", "b"]),
        ([["b", "a"], ["a", "b"]], ["b", "a"]),
        ([["x"], ["y"], ["z"]], ["x", "y", "z"]),
        ([["p", "q"], ["r", "s"]], ["p", "r", "q", "s"]),
    ],
)
def test_rrf_ties_keep_first_seen_order(
    rankings: list[list[str]], expected_order: list[str]
) -> None:
    assert [item for item, _ in reciprocal_rank_fusion(rankings)] == expected_order


def test_rrf_weight_count_mismatch_raises() -> None:
    with pytest.raises(ValueError, match="one weight per ranking"):
        reciprocal_rank_fusion([["a"], ["b"]], weights=[1.0])


def test_rrf_empty_inputs() -> None:
    assert reciprocal_rank_fusion([]) == []
    assert reciprocal_rank_fusion([[], []]) == []


def test_rrf_works_with_integer_ids() -> None:
    assert [i for i, _ in reciprocal_rank_fusion([[3, 1], [1, 2]])] == [1, 3, 2]


# --- zscore_fusion ---------------------------------------------------------------------


def test_zscore_document_strong_in_both_lists_wins() -> None:
    bm25 = {"a": 10.0, "b": 5.0, "c": 1.0}
    dense = {"a": 0.90, "b": 0.95, "c": 0.10}
    fused = zscore_fusion([bm25, dense])
    assert [item for item, _ in fused] == ["a", "b", "c"]
    assert fused[0][1] == pytest.approx(1.9094411833616287)


def test_zscore_values_are_standardised_per_list() -> None:
    # mean 2, population standard deviation sqrt(2/3) -> z-scores ±1.2247, 0.
    fused = dict(zscore_fusion([{"a": 3.0, "b": 2.0, "c": 1.0}]))
    assert fused == pytest.approx({"a": 1.5**0.5, "b": 0.0, "c": -(1.5**0.5)})
    # The same ranking on another scale and offset gives the same z-scores.
    scaled = dict(zscore_fusion([{"a": 310.0, "b": 210.0, "c": 110.0}]))
    assert scaled == pytest.approx(fused)


def test_zscore_weights_change_the_winner() -> None:
    bm25 = {"a": 10.0, "b": 5.0, "c": 1.0}
    dense = {"a": 0.90, "b": 0.95, "c": 0.10}
    assert zscore_fusion([bm25, dense], weights=[1.0, 1.0])[0][0] == "a"
    assert zscore_fusion([bm25, dense], weights=[0.0, 1.0])[0][0] == "b"
    assert zscore_fusion([bm25, dense], weights=[0.05, 1.0])[0][0] == "b"
    assert zscore_fusion([bm25, dense], weights=[1.0, 0.05])[0][0] == "a"


def test_zscore_missing_candidate_counts_as_lowest_score() -> None:
    bm25 = {"a": 10.0, "b": 9.0}  # mean 9.5, spread 0.5; "c" counts as 9.0 -> -1
    dense = {"b": 1.0, "c": 0.5}  # mean 0.75, spread 0.25; "a" counts as 0.5 -> -1
    fused = zscore_fusion([bm25, dense])
    assert dict(fused) == pytest.approx({"a": 0.0, "b": 0.0, "c": -2.0})
    assert [item for item, _ in fused] == ["a", "b", "c"]  # the a/b tie keeps first-seen order


def test_zscore_constant_list_does_not_divide_by_zero() -> None:
    assert zscore_fusion([{"a": 1.0, "b": 1.0}]) == [("a", 0.0), ("b", 0.0)]
    assert zscore_fusion([{"a": 3.0}]) == [("a", 0.0)]


def test_zscore_depth_limits_the_statistics_to_the_top() -> None:
    scores = {"a": 4.0, "b": 2.0, "c": 0.0}
    # depth 2: mean 3, spread 1 -> a=1, b=-1, c=-3
    assert dict(zscore_fusion([scores], depth=2)) == pytest.approx({"a": 1, "b": -1, "c": -3})


def test_zscore_empty_lists() -> None:
    assert zscore_fusion([]) == []
    assert zscore_fusion([{}, {}]) == []
    # An empty list neither fails nor penalises the candidates of the other list.
    assert dict(zscore_fusion([{}, {"a": 2.0, "b": 0.0}])) == pytest.approx({"a": 1.0, "b": -1.0})


def test_zscore_weight_count_mismatch_raises() -> None:
    with pytest.raises(ValueError, match="one weight per score list"):
        zscore_fusion([{"a": 1.0}], weights=[1.0, 2.0])


# --- adaptive weights -----------------------------------------------------------------------


def test_peakedness_is_zero_for_a_flat_list_and_grows_with_a_clear_winner() -> None:
    assert peakedness([]) == 0.0
    assert peakedness([0.5, 0.5, 0.5]) == pytest.approx(0.0)
    winner = [10.0] + [1.0] * 19
    close = [10.0, 9.9, 9.8] + [1.0] * 17
    assert peakedness(winner) > peakedness(close) > 0
    assert peakedness(winner) < math.log(20)


def test_peakedness_of_two_values_is_log2_minus_entropy() -> None:
    p = 1 / (1 + math.exp(-2))  # softmax of z-scores (+1, -1)
    entropy = -(p * math.log(p) + (1 - p) * math.log(1 - p))
    assert peakedness([3.0, 1.0]) == pytest.approx(math.log(2) - entropy)


def test_peakedness_looks_at_the_top_depth_only() -> None:
    values = [5.0, 4.0, 3.0, -100.0]
    assert peakedness(values, depth=3) == pytest.approx(peakedness([5.0, 4.0, 3.0]))


def test_adaptive_weights_favour_the_peaked_list_and_keep_the_mean() -> None:
    peaked = {f"d{i}": 1.0 for i in range(19)} | {"top": 10.0}
    flat = {f"d{i}": 1.0 + i / 100 for i in range(20)}
    weights = adaptive_weights([peaked, flat], [1.0, 1.0])
    assert weights[0] > 1.0 > weights[1]
    assert sum(weights) == pytest.approx(2.0)
    assert weights[0] / weights[1] == pytest.approx(
        peakedness(list(peaked.values())) / peakedness(list(flat.values()))
    )


def test_adaptive_weights_power_sharpens_or_switches_off() -> None:
    peaked = {f"d{i}": 1.0 for i in range(19)} | {"top": 10.0}
    flat = {f"d{i}": 1.0 + i / 100 for i in range(20)}
    ratio = peakedness(list(peaked.values())) / peakedness(list(flat.values()))
    once = adaptive_weights([peaked, flat], [1.0, 1.0], power=1.0)
    twice = adaptive_weights([peaked, flat], [1.0, 1.0], power=2.0)
    assert once[0] / once[1] == pytest.approx(ratio)
    assert twice[0] / twice[1] == pytest.approx(ratio**2)
    assert adaptive_weights([peaked, flat], [1.0, 2.0], power=0.0) == [1.0, 2.0]
    bm25 = {"a": 20.0, "b": 12.0} | {f"x{i}": 1.0 + i / 20 for i in range(18)}
    assert zscore_fusion([bm25, flat], adaptive=0.0) == zscore_fusion([bm25, flat])


def test_adaptive_weights_keep_zero_weights_and_flat_lists_unchanged() -> None:
    peaked = {"a": 10.0, "b": 1.0, "c": 1.0}
    assert adaptive_weights([peaked, {"a": 0.1, "b": 0.9}], [1.0, 0.0]) == [1.0, 0.0]
    assert adaptive_weights([{"a": 1.0}, {"a": 2.0, "b": 2.0}], [1.0, 3.0]) == [1.0, 3.0]
    assert adaptive_weights([{}, peaked], [1.0, 1.0])[0] == 0.0


def test_adaptive_zscore_fusion_follows_the_surer_list() -> None:
    # BM25 puts "a" far above the rest; the dense list's scores are spread evenly, "b" first.
    bm25 = {"a": 20.0, "b": 12.0} | {f"x{i}": 1.0 + i / 20 for i in range(18)}
    dense = {"b": 0.90, "a": 0.84} | {f"x{i}": 0.80 + i / 300 for i in range(18)}
    assert zscore_fusion([bm25, dense])[0][0] == "b"
    assert zscore_fusion([bm25, dense], adaptive=1.0)[0][0] == "a"
    weights = adaptive_weights([bm25, dense], [1.0, 1.0])
    assert dict(zscore_fusion([bm25, dense], adaptive=1.0)) == pytest.approx(
        dict(zscore_fusion([bm25, dense], weights))
    )


# --- group bonus ----------------------------------------------------------------------------


def test_group_bonus_adds_the_best_other_score_of_the_group() -> None:
    fused = [("a1", 3.0), ("b1", 2.9), ("a2", 2.0), ("a3", 1.0), ("c", 0.5)]
    groups = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "c": "C"}
    boosted = dict(group_bonus(fused, groups, 0.1))
    assert boosted == pytest.approx(
        {"a1": 3.2, "a2": 2.3, "a3": 1.3, "b1": 2.9, "c": 0.5}  # a1 + 0.1 a2; a2, a3 + 0.1 a1
    )


def test_group_bonus_lets_an_article_matched_twice_overtake() -> None:
    fused = [("single", 2.0), ("clause1", 1.9), ("clause2", 1.5)]
    groups = {"single": 1, "clause1": 2, "clause2": 2}
    assert [i for i, _ in group_bonus(fused, groups, 0.1)] == ["clause1", "single", "clause2"]
    assert [i for i, _ in group_bonus(fused, groups, 0.0)] == ["single", "clause1", "clause2"]


def test_group_bonus_leaves_ungrouped_items_and_sorts() -> None:
    fused = [("x", 1.0), ("y", 2.0)]
    assert group_bonus(fused, {}, 0.5) == [("y", 2.0), ("x", 1.0)]
    assert group_bonus([], {}, 0.5) == []
