"""`vanthu reports ...`: many units' report files consolidated into one checked workbook."""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePath
from typing import Annotated

import typer

from bot.cli.app import app, setup_guard, state
from bot.settings import Settings
from bot.wiring import make_library, read_file
from handlers.reports import SCANNED_CODES
from retrieval.documents.readers import ReadFile, load_path
from retrieval.documents.sandbox import read_isolated_many
from retrieval.errors import UnreadableFile
from retrieval.records.rounds import ReportStore
from retrieval.reports.analysis import analyse
from retrieval.reports.consolidate import TemplateError, consolidate, finding
from retrieval.reports.export import previous_values, to_json, write_workbook
from retrieval.reports.model import Finding, Submission

reports_app = typer.Typer(
    help="Consolidate the reports units send in one template.", no_args_is_help=True
)
app.add_typer(reports_app, name="reports")


def read_submissions(paths: list[Path], settings: Settings) -> list[Submission | UnreadableFile]:
    """Report files read in sandboxed children, their tables kept: one child per core, each
    reading its share of the files one after another."""
    loaded: list[tuple[bytes, str] | UnreadableFile] = []
    for path in paths:
        try:
            file_type, data = load_path(path, max_bytes=settings.max_file_mb * 1024 * 1024)
            loaded.append((data, file_type))
        except UnreadableFile as exc:
            loaded.append(exc)
    readable = [item for item in loaded if not isinstance(item, UnreadableFile)]
    workers = max(1, min(os.cpu_count() or 2, len(readable)))
    shares = [readable[i::workers] for i in range(workers)]

    def read(share: list[tuple[bytes, str]]) -> list[ReadFile | UnreadableFile]:
        return read_isolated_many(
            share,
            max_pages=settings.max_pages,
            timeout_s=settings.parse_timeout_s,
            memory_mb=settings.parse_memory_mb,
            tables=True,
        )

    with ThreadPoolExecutor(max_workers=workers) as pool:
        done = list(pool.map(read, shares))
        results: dict[int, ReadFile | UnreadableFile] = {}
        for i, share_results in enumerate(done):
            for k, result in enumerate(share_results):
                results[i + k * workers] = result
        # Scans (no text layer, or a picture) are read again, alone, with OCR and their tables.
        scans = [
            at
            for at, result in results.items()
            if isinstance(result, UnreadableFile) and result.code in SCANNED_CODES
        ]
        again = pool.map(lambda at: _read_scan(readable[at], settings), scans)
        results.update(zip(scans, again, strict=True))
    out: list[Submission | UnreadableFile] = []
    at = 0
    for path, item in zip(paths, loaded, strict=True):
        if isinstance(item, UnreadableFile):
            out.append(item)
            continue
        result = results[at]
        at += 1
        out.append(result if isinstance(result, UnreadableFile) else Submission(path.name, result))
    return out


def _read_scan(item: tuple[bytes, str], settings: Settings) -> ReadFile | UnreadableFile:
    try:
        return read_file(settings, *item, tables=True)
    except UnreadableFile as exc:
        return exc


@reports_app.command("consolidate")
def consolidate_command(
    files: Annotated[list[Path], typer.Argument(help="the units' reports: XLSX, DOCX, PDF")],
    template: Annotated[
        str | None,
        typer.Option(
            "--template", "-t", help="the template: a file, or a registered template's name"
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="the workbook to write")
    ] = None,
    units: Annotated[
        Path | None, typer.Option("--units", help="a text file: the expected units, one per line")
    ] = None,
    previous: Annotated[
        Path | None, typer.Option("--previous", help="the JSON of the previous period's run")
    ] = None,
    unit: Annotated[
        list[str] | None,
        typer.Option("--unit", help="FILE=UNIT: who sent a file, when the file says it wrongly"),
    ] = None,
    same: Annotated[
        list[str] | None,
        typer.Option("--same", help="FOUND=TEMPLATE: a label confirmed as a template's label"),
    ] = None,
    not_same: Annotated[
        list[str] | None,
        typer.Option("--not-same", help="FOUND: a label that is none of the template's"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the result as JSON")] = False,
    language: Annotated[str, typer.Option("--language", "-l", help="vi or en")] = "vi",
) -> None:
    """Align each file to the template, check it, sum them, and tell what was found. Labels
    matched by similarity are listed: confirm them with --same, refuse them with --not-same."""
    settings = state.get()
    named = dict(_pair(item, "--unit") for item in unit or [])
    decided: dict[str, str | None] = dict(_pair(item, "--same") for item in same or [])
    decided |= dict.fromkeys(not_same or [])
    with tempfile.TemporaryDirectory(prefix="vanthu-mau-") as folder:
        base_path = _template_path(template, settings, Path(folder)) if template else None
        paths = ([base_path] if base_path is not None else []) + list(files)
        read = read_submissions(paths, settings)
    failed = [
        (path, error)
        for path, error in zip(paths, read, strict=True)
        if isinstance(error, UnreadableFile)
    ]
    for path, error in failed:
        typer.echo(f"cannot read {path}: {error.code}: {error.detail}", err=True)
    if template is not None and isinstance(read[0], UnreadableFile):
        raise typer.Exit(1)
    base = read.pop(0) if template is not None else None
    submissions = [
        dataclasses.replace(s, unit=named.get(s.file)) for s in read if isinstance(s, Submission)
    ]
    try:
        expected = _lines(units) if units is not None else []
        before = previous_values(json.loads(previous.read_text("utf-8"))) if previous else None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        typer.echo(f"cannot read --units or --previous: {exc}", err=True)
        raise typer.Exit(2) from exc
    try:
        result = consolidate(
            base if isinstance(base, Submission) else None,
            submissions,
            expected_units=expected,
            previous=before,
            decided=decided,
        )
    except TemplateError as exc:
        typer.echo(f"cannot consolidate: {exc}", err=True)
        raise typer.Exit(1) from exc
    for path, error in failed:
        if path != base_path:
            result.findings.append(_unreadable(path, error))
    if output is not None:
        output.write_bytes(write_workbook(result))
    if as_json:
        typer.echo(json.dumps(to_json(result), ensure_ascii=False, indent=1))
    else:
        typer.echo(analyse(result, language, before))
        if output is not None:
            typer.echo(f"\n→ {output}")


def _template_path(template: str, settings: Settings, folder: Path) -> Path:
    """The template's file: the path given, or a registered template written to `folder`."""
    if Path(template).exists():
        return Path(template)
    engine = setup_guard(lambda: make_library(settings, with_embedder=False).engine)
    stored = ReportStore(engine).template(" ".join(template.split()))
    if stored is None:
        typer.echo(
            f"no file or registered template {template!r} (vanthu reports template list)", err=True
        )
        raise typer.Exit(2)
    path = folder / PurePath(stored.file_name).name
    path.write_bytes(stored.data)
    return path


def _unreadable(path: Path, error: UnreadableFile) -> Finding:
    return finding("unreadable", path.stem, path.name, f"{error.code}: {error.detail}")


def _pair(item: str, option: str) -> tuple[str, str]:
    left, sign, right = item.partition("=")
    if not sign or not left.strip() or not right.strip():
        typer.echo(f"{option} takes LEFT=RIGHT, not {item!r}", err=True)
        raise typer.Exit(2)
    return left.strip(), right.strip()


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
