"""What the bot posts on Slack: long replies split within the limits, hostile text literal."""

from __future__ import annotations

import json

import pytest

from bot.render import SLACK_LIMIT, WORD_JOINER, visible_length
from handlers.types import Reply, Style
from tests.bot.slack.harness import (
    HOSTILE,
    Bot,
    a_file,
    assert_harmless,
    feedback_buttons,
    file_share,
    shown,
)
from tests.bot.slack_requests import dm_event


def _long_text(chars: int) -> str:
    sentence = (
        "Cơ quan tiếp nhận hồ sơ kiểm tra tính hợp lệ của giấy tờ, ghi vào sổ theo dõi "
        "và hẹn ngày trả kết quả cho người nộp trong thời hạn quy định. "
    )
    words = (sentence * (chars // len(sentence) + 1))[:chars].rstrip()
    return words + "."


@pytest.mark.parametrize("feedback_id", [None, 42])
@pytest.mark.asyncio
async def test_a_5000_character_reply_arrives_whole_in_messages_within_the_limit(
    bot: Bot, feedback_id: int | None
) -> None:
    original = _long_text(5000)
    assert len(original) >= 5000
    reply = Reply("vi").add(Style.PARAGRAPH, original)
    reply.feedback_id = feedback_id
    await bot.edge.post("D0ASKER", "1700000200.000100", reply)

    posts = bot.api.posted()
    assert len(posts) >= 2
    for post in posts:
        assert post.params["thread_ts"] == "1700000200.000100"
        assert visible_length(shown(post)) <= SLACK_LIMIT
        assert len(post.params["text"]) <= 4000
        assert len(json.dumps(post.params["blocks"])) < 12000
    received = " ".join(shown(post) for post in posts)
    assert received.split() == original.split()
    with_buttons = [bool(feedback_buttons(post)) for post in posts]
    assert with_buttons == [False] * (len(posts) - 1) + [feedback_id is not None]


@pytest.mark.asyncio
async def test_hostile_document_and_user_text_shows_only_as_literal_text(bot: Bot) -> None:
    hostile = " ".join(HOSTILE)
    content = f"# {hostile} Hướng dẫn\nNội dung {hostile}\n".encode()
    name = f"{hostile}.txt"
    url = bot.api.file_url("hostile.txt", content)
    assert (await bot.send.event(file_share("", [a_file(name, content, url)]))).status == 200
    [from_file] = await bot.api.wait_for("chat.postMessage")

    # User text: Slack sends "<" typed by a person as "&lt;", and @channel as <!channel>.
    typed = "/&lt;https://evil|click&gt;"
    assert (await bot.send.event(dm_event(typed, channel="D0TWO"))).status == 200
    assert (await bot.send.event(dm_event("/<!everyone>", channel="D0THREE"))).status == 200
    await bot.api.wait_for("chat.postMessage", 3)
    await bot.edge.drain()

    posts = {post.params["channel"]: post for post in bot.api.posted()}
    for post in posts.values():
        assert_harmless(post)
    file_text = shown(from_file)
    assert "<!everyone>" in file_text
    assert "<https://evil|click>" in file_text
    assert f"@{WORD_JOINER}channel" in file_text
    assert "<https://evil|click>" in shown(posts["D0TWO"])
    assert "<!everyone>" in shown(posts["D0THREE"])
    assert "&lt;!everyone&gt;" in posts["D0THREE"].params["text"]
