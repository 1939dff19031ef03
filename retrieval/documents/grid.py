"""The ruled table on a scanned page: its grid from the printed rules, its cells from OCR words.

Tesseract reads a ruled table as noise: the rules between cells become letters. Report forms
are ruled, so the rules give the grid: rows of ink longer than a third of the page are the
horizontal rules, columns of ink crossing most of the table the vertical ones. The rules are
painted out, the table is read as one block, and each word goes to the cell its centre falls
in. A rule that stops short marks merged cells (a heading over several columns): their words
go to the merged cell's first cell, as a workbook keeps a merged cell's value.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

INK = 128  # darker than this is ink
ACROSS = 0.3  # a horizontal rule is at least this share of the page's width
DOWN = 0.4  # a vertical rule crosses at least this share of the table's height
PRESENT = 0.8  # a rule segment is there when this share of its pixels is ink
MIN_LINES = 3  # a grid needs at least this many rules each way

Band = tuple[int, int]  # first and last pixel row (or column) of a rule


@dataclass(frozen=True)
class Grid:
    """The rules of a ruled table, and which cells are merged with the one before them."""

    rows: list[Band]  # horizontal rules, top to bottom
    columns: list[Band]  # vertical rules, left to right
    merged_right: set[tuple[int, int]]  # (row, column): no rule between it and column + 1
    merged_down: set[tuple[int, int]]  # (row, column): no rule between it and row + 1

    def owner(self, row: int, column: int) -> tuple[int, int]:
        """The first cell of the merged cell this one belongs to."""
        moved = True
        while moved:
            moved = False
            if column > 0 and (row, column - 1) in self.merged_right:
                column, moved = column - 1, True
            if row > 0 and (row - 1, column) in self.merged_down:
                row, moved = row - 1, True
        return row, column


def _longest_runs(ink: npt.NDArray[np.bool_]) -> npt.NDArray[np.int32]:
    """For each row, its longest run of ink pixels."""
    best = np.zeros(ink.shape[0], dtype=np.int32)
    current = np.zeros(ink.shape[0], dtype=np.int32)
    for column in range(ink.shape[1]):
        current = np.where(ink[:, column], current + 1, 0).astype(np.int32)
        np.maximum(best, current, out=best)
    return best


def _bands(flags: npt.NDArray[np.bool_]) -> list[Band]:
    """Runs of consecutive True indices as (first, last)."""
    found: list[Band] = []
    for index in np.flatnonzero(flags).tolist():
        if found and index == found[-1][1] + 1:
            found[-1] = (found[-1][0], index)
        else:
            found.append((index, index))
    return found


def find_grid(gray: npt.NDArray[np.uint8]) -> Grid | None:
    """The ruled table of a page (grayscale pixels), or None when the page has none."""
    ink = gray < INK
    rows = _bands(_longest_runs(ink) > ACROSS * ink.shape[1])
    if len(rows) < MIN_LINES:
        return None
    top, bottom = rows[0][0], rows[-1][1]
    table = ink[top : bottom + 1]
    columns = _bands(_longest_runs(table.T) > DOWN * table.shape[0])
    if len(columns) < MIN_LINES:
        return None
    merged_right: set[tuple[int, int]] = set()
    merged_down: set[tuple[int, int]] = set()
    for r in range(len(rows) - 1):
        y0, y1 = rows[r][1] + 1, rows[r + 1][0]
        for c in range(1, len(columns) - 1):
            x0, x1 = columns[c]
            if y1 > y0 and ink[y0:y1, x0 : x1 + 1].any(axis=1).mean() < PRESENT:
                merged_right.add((r, c - 1))
    for c in range(len(columns) - 1):
        x0, x1 = columns[c][1] + 1, columns[c + 1][0]
        for r in range(1, len(rows) - 1):
            y0, y1 = rows[r]
            if x1 > x0 and ink[y0 : y1 + 1, x0:x1].any(axis=0).mean() < PRESENT:
                merged_down.add((r - 1, c))
    return Grid(rows, columns, merged_right, merged_down)


def without_rules(gray: npt.NDArray[np.uint8], grid: Grid) -> npt.NDArray[np.uint8]:
    """The table's part of the page with its rules painted white (a margin of 2 pixels)."""
    top, bottom = grid.rows[0][0], grid.rows[-1][1]
    left, right = grid.columns[0][0], grid.columns[-1][1]
    clean = gray[top : bottom + 1, left : right + 1].copy()
    rows, columns = grid.rows, grid.columns
    for r, (first, last) in enumerate(rows):  # rule by rule, only where it is printed
        for c in range(len(columns) - 1):
            if 0 < r < len(rows) - 1 and (r - 1, c) in grid.merged_down:
                continue
            x0, x1 = columns[c][0] - left, columns[c + 1][1] - left
            clean[max(0, first - top - 2) : last - top + 3, max(0, x0) : x1 + 1] = 255
    for c, (first, last) in enumerate(columns):
        for r in range(len(rows) - 1):
            if 0 < c < len(columns) - 1 and (r, c - 1) in grid.merged_right:
                continue
            y0, y1 = rows[r][0] - top, rows[r + 1][1] - top
            clean[max(0, y0) : y1 + 1, max(0, first - left - 2) : last - left + 3] = 255
    return clean


def cells_of(
    grid: Grid, words: list[tuple[str, float, float, tuple[int, int, int, int]]]
) -> list[list[str]]:
    """The table's rows of cell texts from OCR words (text, x and y of the word's centre in the
    table's picture, Tesseract's block, paragraph, line and left edge for the order)."""
    top, left = grid.rows[0][0], grid.columns[0][0]
    ys = [(a + b) / 2 - top for a, b in grid.rows]
    xs = [(a + b) / 2 - left for a, b in grid.columns]
    found: dict[tuple[int, int], list[tuple[tuple[int, int, int, int], str]]] = {}
    for word, x, y, order in words:
        row = next((r for r in range(len(ys) - 1) if ys[r] <= y < ys[r + 1]), None)
        column = next((c for c in range(len(xs) - 1) if xs[c] <= x < xs[c + 1]), None)
        if row is not None and column is not None:
            found.setdefault(grid.owner(row, column), []).append((order, word))
    return [
        [" ".join(word for _, word in sorted(found.get((r, c), []))) for c in range(len(xs) - 1)]
        for r in range(len(ys) - 1)
    ]
