"""Hostile files forwarded in chat: only summarized; no invisible control reaches the chat."""

from __future__ import annotations

from tests.security.injection.effects import observations, summarized
from tests.security.injection.runs import GeneratedRun, Run


def test_forwarded_hostile_files_are_only_summarized(forwarded: Run) -> None:
    assert forwarded.after == forwarded.before  # nothing ingested, nothing removed
    for asked in forwarded.asked:
        assert asked.effects() == []
        assert summarized(asked.reply), asked.said[:300]


def test_no_invisible_controls_reach_the_chat(forwarded: Run, generated: GeneratedRun) -> None:
    replies = [*forwarded.asked, *(a for _, a, _ in generated.asked)]
    shown_controls = [a.said[:60] for a in replies if "invisible control shown" in observations(a)]
    assert shown_controls == []
