"""Slack's slash commands and feedback buttons: acked at once, answered privately (files
shared in the channel)."""

from __future__ import annotations

import pytest

from tests.bot.slack.harness import (
    ACK_BUDGET_S,
    QUESTION,
    Bot,
    a_file,
    feedback_buttons,
    leaves,
    shown,
)
from tests.bot.slack_requests import BOT_USER, block_actions, dm_event
from tests.report_files import FIGURES, report_xlsx


@pytest.mark.asyncio
async def test_the_help_slash_command_is_acked_at_once_and_answered_by_response_url(
    bot: Bot,
) -> None:
    url = bot.api.response_url("cmd-help")
    sent = await bot.send.command("help", url)
    assert sent.status == 200
    assert sent.seconds < ACK_BUDGET_S

    [response] = await bot.api.wait_for("respond")
    assert response.params["_id"] == "cmd-help"
    assert response.params["response_type"] == "ephemeral"
    body = "".join(str(leaf["text"]) for leaf in leaves(response.params["blocks"]))
    assert "Trợ lý văn thư vanthu" in body
    assert "/help" in body
    await bot.edge.drain()
    assert bot.api.posted() == []


@pytest.mark.asyncio
async def test_a_slash_command_question_is_answered_privately(bot: Bot) -> None:
    sent = await bot.send.command(QUESTION, bot.api.response_url("cmd-ask"))
    assert sent.status == 200
    assert sent.seconds < ACK_BUDGET_S
    responses = await bot.api.wait_for("respond")
    body = "".join(str(leaf["text"]) for r in responses for leaf in leaves(r.params["blocks"]))
    assert "Điều" in body


@pytest.mark.asyncio
async def test_a_feedback_click_is_stored_and_thanked_privately(bot: Bot) -> None:
    assert (await bot.send.event(dm_event(QUESTION))).status == 200
    [post] = await bot.api.wait_for("chat.postMessage")
    value = feedback_buttons(post)[0]["value"]
    question_id = value.partition(":")[0]
    events = bot.services.events
    assert events is not None

    sent = await bot.send.action(block_actions("feedback_useful", value))
    assert sent.status == 200
    assert sent.seconds < ACK_BUDGET_S
    [thanks] = await bot.api.wait_for("chat.postEphemeral")
    assert thanks.params["user"] == "U0ASKER"
    assert thanks.params["channel"] == "D0ASKER"
    assert "cảm ơn" in thanks.params["text"].lower()
    assert events.feedback(int(question_id)) == {"U0ASKER": True}

    # A second click replaces the first; a forged id stores nothing.
    await bot.send.action(block_actions("feedback_not_useful", value))
    await bot.send.action(block_actions("feedback_useful", "999999:vi", user="U0FORGER"))
    await bot.api.wait_for("chat.postEphemeral", 3)
    assert events.feedback(int(question_id)) == {"U0ASKER": False}
    assert events.feedback(999999) == {}
    [unknown] = [c for c in bot.api.of("chat.postEphemeral") if c.params["user"] == "U0FORGER"]
    assert unknown.params["text"] != thanks.params["text"]

    # A person the office does not know, in another channel, on the real answer: not counted.
    stranger = block_actions("feedback_not_useful", value, user="U0STRANGER", channel="C0OTHER")
    await bot.send.action(stranger)
    await bot.api.wait_for("chat.postEphemeral", 4)
    [told] = [c for c in bot.api.of("chat.postEphemeral") if c.params["user"] == "U0STRANGER"]
    assert "không được tính" in told.params["text"]
    assert events.feedback(int(question_id)) == {"U0ASKER": False}


@pytest.mark.asyncio
async def test_a_report_round_run_by_slash_commands_shares_its_workbook_in_the_channel(
    bot: Bot,
) -> None:
    """`/vanthu tonghop ...` opens a round in the channel it was typed in (a channel's round,
    listed in office digests, though the answer is private); a report sent with a mention is
    counted; `/vanthu tonghop xong` answers privately and shares the workbook in the channel."""
    bot.services.access.grant_role("slack:U0ASKER", "leader")
    opening = "tonghop Báo cáo tháng, đơn vị: UBND xã A; UBND xã B"
    assert (await bot.send.command(opening, bot.api.response_url("open"))).status == 200
    [opened] = await bot.api.wait_for("respond")
    assert "Đã mở đợt tổng hợp" in "".join(str(x["text"]) for x in leaves(opened.params["blocks"]))
    data = report_xlsx("UBND xã A", FIGURES)
    mention = dm_event(f"<@{BOT_USER}> báo cáo xã A", channel="C0OFFICE")
    mention.update(type="app_mention", channel_type="channel")
    mention["files"] = [a_file("xa-a.xlsx", data, bot.api.file_url("xa-a.xlsx", data))]
    assert (await bot.send.event(mention)).status == 200
    [counted] = await bot.api.wait_for("chat.postMessage")
    assert "UBND xã A (1/2)" in shown(counted)
    assert [r.title for r in bot.services.reports.open_rounds(groups_only=True)] == [
        "Báo cáo tháng"
    ]
    assert (await bot.send.command("tonghop xong", bot.api.response_url("done"))).status == 200
    [complete] = await bot.api.wait_for("files.completeUploadExternal")
    assert complete.params["channel_id"] == "C0OFFICE" and not complete.params.get("thread_ts")
    [(name, _)] = bot.api.uploads.values()
    assert name == "tong-hop-bao-cao-thang.xlsx"
    closed = [r for r in bot.api.of("respond") if r.params["_id"] == "done"]
    body = "".join(str(x["text"]) for r in closed for x in leaves(r.params["blocks"]))
    assert "Đã tổng hợp 1/2 đơn vị." in body
