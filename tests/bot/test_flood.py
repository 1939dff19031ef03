"""The flood limiter on a fake clock: every wait is read off its timeline, none is slept."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections import Counter
from collections.abc import Awaitable
from datetime import timedelta
from typing import Any, TypeVar

import pytest
from telegram.error import RetryAfter

from bot import flood
from bot.flood import FloodLimiter, MovingWindows

T = TypeVar("T")
# RetryAfter(3) itself warns that its retry_after will be a timedelta in a later major.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
SETTLE_TURNS = 50
"""Turns of the event loop that let every task go as far as it can before the clock moves:
nothing here waits on real input or output, so a few are enough."""


class FakeClock:
    """Virtual time: `sleep` parks a task until `run` moves the clock to its wake-up time."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        wake = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + seconds, next(self._order), wake))
        await wake

    async def run(self, *calls: Awaitable[T]) -> list[T]:
        """Run the calls side by side; whenever all of them wait, move the clock to the first
        wake-up and wake that sleeper."""
        tasks = [asyncio.ensure_future(call) for call in calls]
        try:
            while True:
                for _ in range(SETTLE_TURNS):
                    await asyncio.sleep(0)
                if all(task.done() for task in tasks):
                    return [task.result() for task in tasks]
                assert self._sleepers, "stuck: a task waits for something other than the clock"
                at, _, wake = heapq.heappop(self._sleepers)
                self.now = max(self.now, at)
                wake.set_result(None)
        finally:
            for task in tasks:
                task.cancel()


class Api:
    """A Bot API stand-in that notes when each call reached it, on the fake clock."""

    def __init__(self, clock: FakeClock, took: float = 0.0, busy: int = 0, wait: int = 3) -> None:
        self.clock, self.took = clock, took
        self.busy, self.wait = busy, wait
        self.calls: list[tuple[float, str]] = []

    def at(self, chat: str) -> list[float]:
        return [moment for moment, called in self.calls if called == chat]

    async def request(self, limiter: FloodLimiter, endpoint: str, chat: int | None) -> Any:
        data = {} if chat is None else {"chat_id": chat}

        async def call() -> dict[str, Any]:
            self.calls.append((self.clock.now, str(chat)))
            if self.busy:
                self.busy -= 1
                raise RetryAfter(self.wait)
            if self.took:
                await self.clock.sleep(self.took)
            return {"ok": True}

        return await limiter.process_request(call, (), {}, endpoint, data, None)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def limiter_on(clock: FakeClock, **options: Any) -> FloodLimiter:
    return FloodLimiter(clock=clock, sleep=clock.sleep, **options)


@pytest.mark.asyncio
async def test_messages_to_one_chat_go_a_second_apart_and_hold_back_no_one_else(
    clock: FakeClock,
) -> None:
    """Three messages to one chat take two seconds; other chats and other calls go at once."""
    limiter, api = limiter_on(clock), Api(clock)
    await clock.run(
        *(api.request(limiter, "sendMessage", 5) for _ in range(3)),
        api.request(limiter, "getMe", None),
        api.request(limiter, "sendMessage", 6),
        api.request(limiter, "sendChatAction", 5),
    )
    assert api.at("5") == [0.0, 0.0, 1.0, 2.0]  # the typing signal is not a message
    assert api.at("None") == [0.0]
    assert api.at("6") == [0.0]
    assert clock.now == 2.0


@pytest.mark.asyncio
async def test_a_chats_interval_counts_from_when_its_message_arrived(clock: FakeClock) -> None:
    """A request that takes half a second on the way delays the next by as much."""
    limiter, api = limiter_on(clock), Api(clock, took=0.5)
    await clock.run(*(api.request(limiter, "sendMessage", 5) for _ in range(3)))
    assert api.at("5") == [0.0, 1.5, 3.0]


@pytest.mark.asyncio
async def test_a_group_gets_twenty_messages_a_minute(clock: FakeClock) -> None:
    """The 21st message to a group waits until the first is a minute old; a second group and
    a private chat are not held back by it."""
    limiter, api = limiter_on(clock), Api(clock)
    await clock.run(
        *(api.request(limiter, "sendMessage", -100) for _ in range(22)),
        *(api.request(limiter, "sendMessage", -200) for _ in range(3)),
        api.request(limiter, "sendMessage", 7),
    )
    assert api.at("-100") == [float(n) for n in range(20)] + [60.0, 61.0]
    assert api.at("-200") == [0.0, 1.0, 2.0]
    assert api.at("7") == [0.0]


@pytest.mark.asyncio
async def test_the_group_window_moves(clock: FakeClock) -> None:
    """Two in any two seconds: a window that moves, not one that restarts every two seconds."""
    limiter, api = limiter_on(clock, chat_interval_s=0.0, per_group="2 per 2 seconds"), Api(clock)

    async def later(seconds: float) -> Any:
        await clock.sleep(seconds)
        return await api.request(limiter, "sendMessage", -5)

    await clock.run(api.request(limiter, "sendMessage", -5), later(1.5), later(1.6), later(1.7))
    assert api.at("-5") == [0.0, 1.5, 2.0, 3.5]


@pytest.mark.asyncio
async def test_the_bot_sends_at_most_28_a_second_in_all(clock: FakeClock) -> None:
    """Sixty messages to sixty chats and a few other calls: 28 in each second, in order."""
    limiter, api = limiter_on(clock), Api(clock)
    await clock.run(
        *(api.request(limiter, "sendMessage", chat) for chat in range(1, 61)),
        *(api.request(limiter, "getMe", None) for _ in range(2)),
    )
    per_second = Counter(moment for moment, _ in api.calls)
    assert per_second == {0.0: 28, 1.0: 28, 2.0: 6}


@pytest.mark.asyncio
async def test_retry_after_is_waited_out_and_holds_the_chat(clock: FakeClock) -> None:
    """Asked to wait 3 s, the limiter waits exactly that, delivers, and the chat's next message
    comes a second after the delivered one."""
    limiter, api = limiter_on(clock), Api(clock, busy=1, wait=3)
    results = await clock.run(*(api.request(limiter, "sendMessage", 5) for _ in range(2)))
    assert results == [{"ok": True}, {"ok": True}]
    assert api.at("5") == [0.0, 3.0, 4.0]
    assert clock.sleeps == [3.0, 1.0]


@pytest.mark.asyncio
async def test_retry_after_as_a_timedelta(clock: FakeClock) -> None:
    """A later Bot API library gives the wait as a timedelta: waited out all the same."""
    limiter, calls = limiter_on(clock), [0]

    async def call() -> dict[str, Any]:
        calls[0] += 1
        if calls[0] == 1:
            raise RetryAfter(timedelta(seconds=7))
        return {}

    await clock.run(limiter.process_request(call, (), {}, "sendMessage", {"chat_id": 1}, None))
    assert clock.now == 7.0 and calls == [2]


@pytest.mark.asyncio
async def test_retry_after_gives_up_after_max_retries(clock: FakeClock) -> None:
    """After `max_retries` waits the last RetryAfter reaches the caller."""
    limiter, api = limiter_on(clock, max_retries=2), Api(clock, busy=10, wait=5)
    with pytest.raises(RetryAfter):
        await clock.run(api.request(limiter, "sendMessage", 5))
    assert api.at("5") == [0.0, 5.0, 10.0]


@pytest.mark.asyncio
async def test_idle_chats_and_group_windows_are_forgotten(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the number of chats it keeps track of, the limiter drops the free ones, and the
    group windows whose messages are all more than a minute old."""
    monkeypatch.setattr(flood, "MAX_TRACKED_CHATS", 3)
    limiter, api = limiter_on(clock), Api(clock)
    await clock.run(*(api.request(limiter, "sendMessage", -chat) for chat in range(1, 4)))
    clock.now = 30.0
    await clock.run(api.request(limiter, "sendMessage", 4))
    assert sorted(limiter._chat_free_at) == ["4"]
    assert len(limiter._per_group) == 3  # their messages are within the minute
    clock.now = 61.0
    await clock.run(*(api.request(limiter, "sendMessage", chat) for chat in (5, 6, 7)))
    assert sorted(limiter._chat_free_at) == ["5", "6", "7"]
    assert len(limiter._per_group) == 0


def test_moving_windows_keep_only_what_decides() -> None:
    """A window keeps the last `amount` hits; it has room when the oldest of them is out."""
    windows = MovingWindows("3 per 10 seconds")
    for moment in (0.0, 1.0, 2.0):
        assert windows.free_at("k", moment) == moment
        windows.hit("k", moment)
    assert windows.free_at("k", 3.0) == 10.0
    assert windows.free_at("other", 3.0) == 3.0
    windows.hit("k", 10.0)  # the hit at 0 is out of the window and of the memory
    assert windows.free_at("k", 10.5) == 11.0
    windows.forget_idle(19.9)
    assert len(windows) == 1
    windows.forget_idle(20.0)
    assert len(windows) == 0
