"""Counting the Zalo load's replies: Zalo quotes nothing, so a chat's messages are grouped into
replies (a split answer's later parts join the first) and handed to the chat's updates."""

from __future__ import annotations

from collections import Counter

from benchmarks.replies import kinds_per_asker, tally
from benchmarks.zalo_load import deliveries_of, per_update, replies_per_chat
from bot.render import plain_messages
from handlers.messages import text
from handlers.types import Style
from tests.benchmarks.test_replies import answer
from tests.bot.recorded import Call


def calls(*sent: tuple[str, str]) -> list[Call]:
    """sendMessage calls to chats, a second apart, in this order."""
    return [
        Call(float(n), "sendMessage", {"chat_id": chat, "text": words})
        for n, (chat, words) in enumerate(sent)
    ]


def test_split_answers_are_one_reply_each_and_counted_per_update() -> None:
    """A reply split in three parts counts once; a chat with a reply too many or too few
    shows as an update answered twice or not at all."""
    long = answer()
    while len(plain_messages(long)) < 3:
        long.add(Style.PARAGRAPH, "Hồ sơ gồm tờ khai và bản sao giấy tờ. " * 40)
    short = plain_messages(answer())[0]
    error = text("internal_error", "vi")
    sent = calls(
        *(("c1", part) for part in plain_messages(long)),
        ("c1", short),
        ("c2", short),
        ("c2", short),
        ("c2", short),
        ("g3", error),
    )
    replies = replies_per_chat(sent)
    assert [len(reply) for reply in replies["c1"]] == [3, 1]
    updates = [
        {"message": {"chat": {"id": chat}, "message_id": f"{chat}-{n}"}}
        for chat, count in (("c1", 2), ("c2", 2), ("g3", 1), ("c4", 1))
        for n in range(count)
    ]
    got = kinds_per_asker(per_update(replies, updates))
    assert got["c1-0"] == got["c1-1"] == got["c2-0"] == Counter(answer=1)
    assert got["c2-1"] == Counter(answer=2)
    counts = tally(got)
    assert (counts["answered"], counts["more_than_one"], counts["error"]) == (3, 1, 1)
    assert counts["none"] == 1


def test_the_load_has_a_tenth_duplicates_over_its_chats() -> None:
    """500 deliveries of 450 updates over 50 chats; group messages name the bot."""
    updates, deliveries = deliveries_of(50, 9, seed=7)
    assert (len(deliveries), len(updates)) == (500, 450)
    chats = Counter(update["message"]["chat"]["id"] for update in updates)
    assert len(chats) == 50 and set(chats.values()) == {9}
    groups = [u for u in updates if u["message"]["chat"]["chat_type"] == "GROUP"]
    assert len({u["message"]["chat"]["id"] for u in groups}) == 10
    assert all(u["message"]["text"].startswith("@") for u in groups)
    assert len({u["message"]["message_id"] for u in deliveries}) == 450
