"""`vanthu reports template ...`: the report templates an office registers, by name, for rounds
opened in chat (`/tonghop ..., mẫu: NAME`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.cli.app import open_library, operator, state
from bot.cli.reports import read_submissions, reports_app
from retrieval.errors import UnreadableFile
from retrieval.records.audit import AuditLog, Entry
from retrieval.records.rounds import ReportStore
from retrieval.reports.consolidate import TemplateError, consolidate

template_app = typer.Typer(help="Registered report templates.", no_args_is_help=True)
reports_app.add_typer(template_app, name="template")


@template_app.command("add")
def add_command(
    file: Annotated[Path, typer.Argument(help="the template: XLSX, DOCX or PDF", exists=True)],
    name: Annotated[str, typer.Option("--name", "-n", help='e.g. "TTHC quý"')],
) -> None:
    """Register a template under a name (replacing one of that name), once it is read and
    holds a table with labelled rows and columns."""
    settings = state.get()
    name = " ".join(name.split())
    if not name:
        typer.echo("--name must not be empty", err=True)
        raise typer.Exit(2)
    (template,) = read_submissions([file], settings)
    if isinstance(template, UnreadableFile):
        typer.echo(f"cannot read {file}: {template.code}: {template.detail}", err=True)
        raise typer.Exit(1)
    try:
        read = consolidate(template, [])
    except TemplateError as exc:
        typer.echo(f"{file} cannot be a template: {exc}", err=True)
        raise typer.Exit(1) from exc
    engine = open_library(settings, dense=False).engine
    replaced = ReportStore(engine).add_template(name, file.name, file.read_bytes(), operator())
    AuditLog(engine).record(
        Entry(operator(), "report_template", detail=f"{name}: {file.name}", documents=[file.name])
    )
    shape = f"{len(read.template.rows)} rows x {len(read.template.columns)} columns"
    typer.echo(f"{'replaced' if replaced else 'added'} template {name!r}: {file.name} ({shape})")


@template_app.command("list")
def list_command() -> None:
    """The registered templates: name, file, who added it and when."""
    engine = open_library(state.get(), dense=False).engine
    templates = ReportStore(engine).templates()
    if not templates:
        typer.echo("no template registered (vanthu reports template add FILE --name NAME)")
    for found in templates:
        typer.echo(f"{found.name}\t{found.file_name}\t{found.added_by}\t{found.added_at:%Y-%m-%d}")
