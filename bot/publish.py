"""Digests out through the same edges as answers: rendering, limits and flood control included."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from telegram import LinkPreviewOptions
from telegram.constants import ParseMode

from bot.console import render_plain
from bot.render import slack_messages, telegram_messages
from bot.slack import SlackEdge
from bot.telegram import TelegramEdge
from handlers.digest_reply import digest_chart, render_digest
from scheduler.digest import Digest
from scheduler.runner import Part
from scheduler.schedule import Subscription


class EdgePublisher:
    """The messages of a digest for the channel's platform (Telegram gets the chart too)."""

    def __init__(
        self,
        telegram: TelegramEdge | None = None,
        slack: SlackEdge | None = None,
        console: Callable[[str], None] | None = None,
    ) -> None:
        self.telegram, self.slack, self.console = telegram, slack, console

    async def parts(self, subscription: Subscription, digest: Digest) -> list[Part]:
        """One sender per message, in order; unknown platforms are an error, not silence."""
        reply = render_digest(digest, subscription.language)
        channel = subscription.channel
        if subscription.platform == "telegram" and self.telegram is not None:
            bot = self.telegram.application.bot
            chart = await asyncio.to_thread(digest_chart, digest, subscription.language)

            def message(chunk: str) -> Part:
                async def send() -> None:
                    await bot.send_message(
                        channel,
                        chunk,
                        parse_mode=ParseMode.HTML,
                        link_preview_options=LinkPreviewOptions(is_disabled=True),
                    )

                return send

            parts = [message(chunk) for chunk in telegram_messages(reply)]
            if chart is not None:

                async def photo() -> None:
                    await bot.send_photo(channel, chart)

                parts.append(photo)
            return parts
        if subscription.platform == "slack" and self.slack is not None:
            client = self.slack.client

            def post(text: str, blocks: list[dict[str, object]]) -> Part:
                async def send() -> None:
                    await client.chat_postMessage(
                        channel=channel,
                        text=text,
                        blocks=blocks,
                        unfurl_links=False,
                        unfurl_media=False,
                    )

                return send

            return [post(m.text, m.blocks) for m in slack_messages(reply)]
        if subscription.platform == "console" and self.console is not None:
            write = self.console

            async def show() -> None:
                write(render_plain(reply))

            return [show]
        raise ValueError(f"no {subscription.platform} edge runs in this process")
