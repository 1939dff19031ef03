"""The `vanthu` command line: one Typer application, its commands in a module per concern."""

from __future__ import annotations

from bot.cli import db, digests, evaluation, library, people, report_templates, reports
from bot.cli.app import app

__all__ = [
    "app",
    "db",
    "digests",
    "evaluation",
    "library",
    "main",
    "people",
    "report_templates",
    "reports",
]


def main() -> None:
    """Entry point of the `vanthu` command."""
    app()
