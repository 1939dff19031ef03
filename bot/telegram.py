"""The Telegram edge: updates in (long polling or webhook), rendered replies out, within limits."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
    User,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.flood import FloodLimiter
from bot.render import telegram_messages
from bot.settings import Settings
from bot.webhook_auth import secret_matches
from handlers.commands import COMMANDS, find
from handlers.messages import text
from handlers.publish import Post
from handlers.router import record_feedback, route
from handlers.services import Services
from handlers.types import Attachment, IncomingMessage, Reply
from retrieval.errors import UnreadableFile
from retrieval.records.inbox import Inbox
from retrieval.text import detect_language

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
FEEDBACK_PATTERN = r"^fb:[01]:\d{1,18}$"
_ADDRESSABLE = filters.UpdateType.MESSAGE & (
    filters.TEXT | filters.CAPTION | filters.Document.ALL | filters.PHOTO
)
TYPING_EVERY_S = 4.5
# The photos of an album arrive as separate messages within a moment of each other.
ALBUM_WAIT_S = 1.5


def _mentions_bot(message: Message, username: str, bot_id: int) -> tuple[bool, str]:
    """Whether the message mentions the bot, and its text with that mention removed."""
    body = message.text or message.caption or ""
    entities = message.parse_entities() if message.text else message.parse_caption_entities()
    mentioned = False
    for entity, shown in entities.items():
        is_ours = (
            entity.type == MessageEntity.MENTION and shown.lower() == f"@{username}".lower()
        ) or (
            entity.type == MessageEntity.TEXT_MENTION
            and entity.user is not None
            and entity.user.id == bot_id
        )
        if is_ours:
            mentioned = True
            body = body.replace(shown, " ")
    return mentioned, " ".join(body.split())


def language_of(user: User | None) -> str:
    """English for people whose Telegram is in English, Vietnamese otherwise."""
    code = (user.language_code if user is not None else None) or ""
    return "en" if code.startswith("en") else "vi"


def addressed_text(message: Message, username: str, bot_id: int) -> str | None:
    """The text of a message the bot owes an answer, or None for group chatter."""
    mentioned, body = _mentions_bot(message, username, bot_id)
    if body.startswith("/"):
        name, _, target = body.split(maxsplit=1)[0].partition("@")
        if target:
            return body if target.lower() == username.lower() else None  # another bot's
        # In a group a bare command may be another bot's (or a path): answer only ours.
        private = message.chat.type == ChatType.PRIVATE
        return body if private or find(name, "telegram") is not None else None
    if message.chat.type == ChatType.PRIVATE or mentioned:
        return body
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return body
    return None


TelegramApplication = Application[Any, Any, Any, Any, Any, Any]


def telegram_application(settings: Settings) -> TelegramApplication:
    """The python-telegram-bot Application for the settings: Bot API URLs, flood limits."""
    if settings.telegram_token is None:
        raise ValueError("telegram_token is not set (VANTHU_TELEGRAM_TOKEN)")
    if settings.telegram_mode == "webhook" and not settings.telegram_webhook_secret:
        raise ValueError("webhook mode needs telegram_webhook_secret")
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_token.get_secret_value())
        .base_url(settings.telegram_api_url)
        .base_file_url(settings.telegram_file_url)
        .rate_limiter(FloodLimiter())
        .concurrent_updates(64)
    )
    if settings.telegram_mode == "webhook":
        builder = builder.updater(None)
    return builder.build()


class TelegramSender:
    """Posts a reply to a chat unasked (digests): HTML messages, then the chart as a photo."""

    platform = "telegram"
    pictures = True

    def __init__(self, application: TelegramApplication) -> None:
        self.bot = application.bot

    def posts(self, channel: str, reply: Reply, chart: bytes | None = None) -> list[Post]:
        """One callable per message, in order; each sends exactly that message."""

        def message(chunk: str) -> Post:
            async def send() -> None:
                await self.bot.send_message(
                    channel,
                    chunk,
                    parse_mode=ParseMode.HTML,
                    link_preview_options=LinkPreviewOptions(is_disabled=True),
                )

            return send

        posts = [message(chunk) for chunk in telegram_messages(reply)]
        if chart is not None:

            async def photo() -> None:
                await self.bot.send_photo(channel, chart)

            posts.append(photo)
        return posts


def menu(language: str) -> list[BotCommand]:
    """The commands Telegram offers in its menu, described in a language."""
    return [
        BotCommand(command.name, command.describe(language))
        for command in COMMANDS
        if command.menu and "telegram" in command.platforms
    ]


class TelegramStatus:
    """A status line in a chat: sent once, then edited in place, deleted when the reply comes."""

    def __init__(self, message: Message) -> None:
        self.message = message
        self._line: Message | None = None

    async def show(self, line: str) -> None:
        """Send the line, or edit the one sent."""
        if self._line is None:
            self._line = await self.message.reply_text(line, do_quote=False)
        else:
            await self._line.edit_text(line)

    async def clear(self) -> None:
        """Delete the line (a bot may delete its own messages)."""
        if self._line is not None:
            await self._line.delete()


@dataclass
class _Album:
    """The photos of one album gathered so far, when the last came, and when it is answered."""

    parts: list[Message]
    last: float
    answered: asyncio.Future[None] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class TelegramEdge:
    """python-telegram-bot Application wired to the handlers."""

    def __init__(
        self,
        settings: Settings,
        application: TelegramApplication,
        services: Services,
        inbox: Inbox,
    ) -> None:
        self.settings, self.services, self.inbox = settings, services, inbox
        self.application = application
        self._albums: dict[tuple[int, str], _Album] = {}
        self.application.add_handler(TypeHandler(Update, self._claim), group=-1)
        self.application.add_handler(MessageHandler(_ADDRESSABLE, self._on_message))
        self.application.add_handler(
            MessageHandler(filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE, self._on_other)
        )
        self.application.add_handler(CallbackQueryHandler(self._on_feedback, FEEDBACK_PATTERN))
        self.application.add_handler(TypeHandler(Update, self._done), group=1)
        self.application.add_error_handler(self._on_error)

    async def start(self) -> None:
        """Start receiving: long polling, or register the webhook when a public URL is set."""
        await self.application.initialize()
        await self._register_menu()
        await self.application.start()
        if self.settings.telegram_mode == "polling":
            assert self.application.updater is not None
            await self.application.updater.start_polling(
                allowed_updates=[Update.MESSAGE, Update.CALLBACK_QUERY]
            )
        elif self.settings.telegram_webhook_url:
            secret = self.settings.telegram_webhook_secret
            assert secret is not None
            await self.application.bot.set_webhook(
                self.settings.telegram_webhook_url,
                secret_token=secret.get_secret_value(),
                allowed_updates=[Update.MESSAGE, Update.CALLBACK_QUERY],
            )

    async def _register_menu(self) -> None:
        """The command menu from the command table: Vietnamese, and English for English users.
        A courtesy: a Bot API that refuses it does not stop the bot."""
        bot = self.application.bot
        try:
            await bot.set_my_commands(menu("vi"))
            await bot.set_my_commands(menu("en"), language_code="en")
        except TelegramError as exc:
            log.warning("could not register the command menu: %s", exc)

    async def stop(self) -> None:
        """Stop receiving and finish the updates in hand."""
        if self.application.updater is not None and self.application.updater.running:
            await self.application.updater.stop()
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()

    async def webhook(self, request: web.Request) -> web.Response:
        """A webhook POST: 403 without the right secret (constant-time), else queue the update."""
        if not secret_matches(request, SECRET_HEADER, self.settings.telegram_webhook_secret):
            return web.Response(status=403)
        try:
            update = Update.de_json(await request.json(), self.application.bot)
        except Exception:  # a signed but malformed update: nothing to process
            return web.Response(status=400, text="malformed update")
        await self.application.update_queue.put(update)
        return web.Response(text="ok")

    async def _claim(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """Handle each update_id once, also when Telegram delivers it again."""
        try:
            fresh = await asyncio.to_thread(self.inbox.claim, "telegram", str(update.update_id))
        except Exception:  # the database is down: better a rare double answer than none
            log.exception("inbox claim failed; handling update %d anyway", update.update_id)
            return
        if not fresh:
            raise ApplicationHandlerStop

    async def _done(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """Mark the update handled once every handler has run."""
        try:
            await asyncio.to_thread(self.inbox.done, "telegram", str(update.update_id))
        except Exception:
            log.exception("inbox could not mark update %d done", update.update_id)

    def to_incoming(self, message: Message) -> IncomingMessage | None:
        """The platform-free message, or None when the bot is not addressed."""
        bot = self.application.bot
        body = addressed_text(message, bot.username, bot.id)
        return None if body is None else self._incoming(message, body)

    async def _round_file(self, message: Message) -> IncomingMessage | None:
        """A file sent to a group without addressing the bot: a unit's report when a report
        round is open in that group (Telegram delivers such files only when privacy mode is
        off or the bot is an admin there)."""
        if message.document is None or message.chat.type == ChatType.PRIVATE:
            return None
        chat = f"telegram:{message.chat.id}"
        if await asyncio.to_thread(self.services.reports.open_round_in, chat) is None:
            return None
        return self._incoming(message, " ".join((message.caption or "").split()))

    def _incoming(self, message: Message, body: str) -> IncomingMessage:
        attachments: tuple[Attachment, ...] = ()
        if message.document is not None:
            document = message.document
            attachments = (
                Attachment(
                    name=document.file_name or "file",
                    size=document.file_size,
                    fetch=lambda: self._download(document.file_id, document.file_size),
                ),
            )
        elif message.photo:
            # A photo of a page (Telegram re-encodes it as JPEG): the largest size is read by OCR.
            photo = message.photo[-1]
            attachments = (
                Attachment(
                    name=f"anh-{photo.file_unique_id}.jpg",
                    size=photo.file_size,
                    fetch=lambda: self._download(photo.file_id, photo.file_size),
                ),
            )
        user = message.from_user
        # Sent as a channel or by an anonymous group admin: Telegram puts one shared placeholder
        # account in from_user for all of them, so there is no person to clear; such messages
        # get the id of the chat they speak for, which matches no account (always unknown).
        if message.sender_chat is not None or user is None:
            speaker = message.sender_chat or message.chat
            user_id = f"chat{speaker.id}"
        else:
            user_id = str(user.id)
        return IncomingMessage(
            text=body,
            user_id=user_id,
            chat_id=str(message.chat.id),
            platform="telegram",
            is_private=message.chat.type == ChatType.PRIVATE,
            attachments=attachments,
            status=TelegramStatus(message),
        )

    async def _download(self, file_id: str, size: int | None) -> bytes:
        limit = self.settings.telegram_download_limit_mb * 1024 * 1024
        if limit and size is not None and size > limit:
            raise UnreadableFile("over_platform_limit", "Telegram cloud Bot API: 20 MB")
        file = await self.application.bot.get_file(file_id)
        return bytes(await file.download_as_bytearray())

    async def _on_message(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """A message the bot may owe an answer: route it and reply in the same thread."""
        message = update.effective_message
        if message is None:
            return
        if message.media_group_id and message.photo:
            await self._album_part(message)
            return
        incoming = self.to_incoming(message) or await self._round_file(message)
        if incoming is None:
            return
        await self._answer(message, incoming)

    async def _album_part(self, message: Message) -> None:
        """A photo of an album: Telegram sends each photo as its own message, moments apart.
        The first part gathers the others until none has come for ALBUM_WAIT_S, then the
        album is answered once, as one document; every part's update is done only then."""
        key = (message.chat.id, str(message.media_group_id))
        album = self._albums.get(key)
        if album is not None:
            album.parts.append(message)
            album.last = time.monotonic()
            await asyncio.shield(album.answered)
            return
        album = self._albums[key] = _Album([message], time.monotonic())
        try:
            while (left := album.last + ALBUM_WAIT_S - time.monotonic()) > 0:
                await asyncio.sleep(left)
            del self._albums[key]
            parts = sorted(album.parts, key=lambda part: part.message_id)
            addressed = [(part, self.to_incoming(part)) for part in parts]
            spoken = [(part, found) for part, found in addressed if found is not None]
            if spoken:
                first, incoming = next(((p, f) for p, f in spoken if f.text), spoken[0])
                photos = tuple(a for part in parts for a in self._incoming(part, "").attachments)
                album_message = dataclasses.replace(incoming, attachments=photos, album=True)
                await self._answer(first, album_message)
        finally:
            self._albums.pop(key, None)
            album.answered.set_result(None)

    async def _answer(self, message: Message, incoming: IncomingMessage) -> None:
        """Route a message and send the reply, "typing..." shown meanwhile."""
        typing = asyncio.create_task(self._typing(message))
        try:
            reply = await route(incoming, self.services)
        finally:
            typing.cancel()
        await self.send(message, reply)

    async def _typing(self, message: Message) -> None:
        """Show "typing..." until cancelled (Telegram shows it for about five seconds)."""
        while True:
            try:
                await message.reply_chat_action(ChatAction.TYPING)
            except TelegramError as exc:  # the signal is a courtesy; the answer still goes out
                log.info("typing signal failed: %s", exc)
                return
            await asyncio.sleep(TYPING_EVERY_S)

    async def _on_other(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """A photo, voice note or sticker in a private chat: say what the bot can take."""
        message = update.effective_message
        if message is not None:
            language = language_of(message.from_user)
            await message.reply_text(text("unsupported_message", language))

    async def send(self, message: Message, reply: Reply) -> None:
        """Send a reply as one or more HTML messages; the first one quotes the question."""
        chunks = telegram_messages(reply)
        markup = None
        if reply.feedback_id is not None:
            markup = InlineKeyboardMarkup(
                [
                    [
                        InlineKeyboardButton(
                            text("feedback_useful", reply.language),
                            callback_data=f"fb:1:{reply.feedback_id}",
                        ),
                        InlineKeyboardButton(
                            text("feedback_not_useful", reply.language),
                            callback_data=f"fb:0:{reply.feedback_id}",
                        ),
                    ]
                ]
            )
        quote = ReplyParameters(message.message_id, allow_sending_without_reply=True)
        for index, chunk in enumerate(chunks):
            await message.reply_text(
                chunk,
                parse_mode=ParseMode.HTML,
                reply_parameters=quote if index == 0 else None,
                do_quote=False,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                reply_markup=markup if index == len(chunks) - 1 else None,
            )
        for file in reply.files:
            await message.reply_document(
                file.data, filename=file.name, do_quote=False, disable_content_type_detection=True
            )

    async def _on_feedback(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """A click on a feedback button: store it and say thanks in a small pop-up."""
        query = update.callback_query
        if query is None or query.data is None:
            return
        _, verdict, question_id = query.data.split(":")
        language = language_of(query.from_user)
        chat = query.message.chat if query.message is not None else None
        clicker = IncomingMessage(
            text="",
            user_id=str(query.from_user.id),
            chat_id=str(chat.id) if chat is not None else "",
            platform="telegram",
            is_private=chat is not None and chat.type == "private",
        )
        thanks = await record_feedback(
            int(question_id),
            clicker,
            useful=verdict == "1",
            services=self.services,
            language=language,
        )
        await query.answer(thanks)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log once with the traceback and tell the user something useful."""
        log.error("failed to handle a Telegram update", exc_info=context.error)
        if not isinstance(update, Update) or update.effective_message is None:
            return
        message = update.effective_message
        language = detect_language(message.text or message.caption or "")
        try:
            await message.reply_text(text("internal_error", language))
        except TelegramError:
            log.warning("could not even send the error reply")
