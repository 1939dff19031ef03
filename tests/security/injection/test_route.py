"""Route level: each hostile document quoted as inert text, and no command run."""

from __future__ import annotations

import pytest

from bot.render import TELEGRAM_LIMIT, SlackMessage
from handlers.messages import text
from handlers.types import Reply, Style
from tests.security.hostile import COUNT
from tests.security.injection.effects import (
    command_effects,
    quoted_shape,
    slack_effects,
    telegram_effects,
)
from tests.security.injection.runs import COLLECTION, DOCUMENTS, Run


def test_the_effect_detectors_see_real_effects() -> None:
    """The checks below are not vacuous: unsafe renderings and command output are caught."""
    assert telegram_effects(['<a href="http://evil.example">x</a> @channel &x'])
    assert telegram_effects(["<b>x</b> " + "y" * TELEGRAM_LIMIT])
    broadcast = {"type": "broadcast", "range": "channel"}
    section = {"type": "rich_text_section", "elements": [broadcast]}
    assert slack_effects(
        [SlackMessage("<!channel>", [{"type": "rich_text", "elements": [section]}])]
    )
    assert slack_effects([SlackMessage("@here", [])])
    listing = Reply("vi").add(Style.TITLE, text("docs_title", "vi", count=50))
    assert command_effects(listing) == ["command output docs_title"]
    assert quoted_shape(listing)


@pytest.mark.parametrize("index", range(COUNT), ids=[f"{d.code}{d.suffix}" for d in DOCUMENTS])
def test_each_hostile_document_is_quoted_as_inert_text(plain: Run, index: int) -> None:
    asked = plain.asked[index]
    assert asked.document.marker in asked.said, asked.said[:500]
    assert asked.quoted
    assert asked.missing_probes == []  # every attack beside the marker reached the reply
    assert asked.effects() == []
    assert quoted_shape(asked.reply) == []


def test_text_in_documents_runs_no_command(plain: Run) -> None:
    assert plain.after == plain.before
    assert [d.collection for d in plain.after.documents] == [COLLECTION] * COUNT
    assert len(plain.after.subscriptions) == 1  # the seeded one, still there
    assert plain.posted == []  # no digest posted
    assert plain.recorded == COUNT  # one recorded question per question asked, nothing else
