"""The root of the `vanthu` command line: settings read once, set-up errors as one line."""

from __future__ import annotations

import dataclasses
import getpass
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from sqlalchemy.exc import SQLAlchemyError

from bot.database import SchemaError
from bot.settings import Settings, load_settings
from bot.wiring import make_library
from retrieval.documents.readers import PageProgress
from retrieval.privacy import MaskingFilter
from retrieval.search.library import Library

SAMPLES = Path(__file__).parents[1] / "samples"
SAMPLE_COLLECTION = "mau"
T = TypeVar("T")

app = typer.Typer(
    help="vanthu: cited answers from the office's own documents.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
docs_app = typer.Typer(help="The document library.", no_args_is_help=True)
eval_app = typer.Typer(help="Measurements.", no_args_is_help=True)
digest_app = typer.Typer(help="Scheduled digests for leadership channels.", no_args_is_help=True)
app.add_typer(docs_app, name="docs")
app.add_typer(digest_app, name="digest")
app.add_typer(eval_app, name="eval")
access_app = typer.Typer(
    help="People, roles and who may read which collection.", no_args_is_help=True
)
app.add_typer(access_app, name="access")


@dataclasses.dataclass
class _State:
    config: Path | None = None
    settings: Settings | None = None

    def get(self) -> Settings:
        if self.settings is None:
            try:
                self.settings = load_settings(self.config)
            except (FileNotFoundError, ValueError) as exc:
                typer.echo(f"Settings error: {exc}", err=True)
                raise typer.Exit(2) from exc
        return self.settings


state = _State()


@app.callback()
def _root(
    config: Annotated[
        Path | None, typer.Option("--config", "-c", help="TOML settings file")
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Read the settings once for the command that follows."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets DEBUG on import
    for handler in logging.getLogger().handlers:
        handler.addFilter(MaskingFilter())
    state.config = config
    state.settings = None


def operator() -> str:
    """Who runs the command line, for the audit log."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:unknown"


def setup_guard(build: Callable[[], T]) -> T:
    """Build a service; a bad setting or an unreachable database is a message, not a traceback."""
    try:
        return build()
    except (ValueError, OSError, SQLAlchemyError, SchemaError) as exc:
        typer.echo(f"Setup error: {exc}", err=True)
        raise typer.Exit(2) from exc


def open_library(
    settings: Settings, *, dense: bool = True, ocr_progress: PageProgress | None = None
) -> Library:
    return setup_guard(
        lambda: make_library(settings, with_embedder=dense, ocr_progress=ocr_progress)
    )
