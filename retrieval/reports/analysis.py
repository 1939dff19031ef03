"""The consolidation told in a few lines a leader can decide on (Vietnamese or English)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from retrieval.reports.consolidate import figure_key
from retrieval.reports.export import headline_column, total_row, unit_figure
from retrieval.reports.model import Consolidation

SHOWN = 3  # units named at each end of a ranking, findings quoted


def _n(value: float, language: str) -> str:
    text = f"{value:,.1f}".removesuffix(".0")
    return text.replace(",", " ").replace(".", ",") if language == "vi" else text


def analyse(
    result: Consolidation,
    language: str = "vi",
    previous: Mapping[str, Mapping[str, float]] | None = None,
) -> str:
    """Totals and change against the previous period, the best and worst units on the headline
    figure, the largest changes, what does not add up and what is missing."""
    vi = language == "vi"
    template = result.template
    lines: list[str] = []
    expected = len(result.units) + len(result.missing_units)
    lines.append(
        f"Đã tổng hợp {len(result.units)}/{expected} đơn vị."
        if vi
        else f"Consolidated {len(result.units)} of {expected} units."
    )
    row = total_row(template)
    if row is not None:
        figures = []
        for c, name in enumerate(template.columns[:4]):
            value = result.totals.get((row, c))
            if value is None:
                continue
            text = f"{name}: {_n(value, language)}"
            old = _previous_total(previous, figure_key(template, (row, c)))
            if old:
                change = (value - old) / old * 100
                text += f" ({'+' if change >= 0 else ''}{_n(change, language)}%"
                text += " so với kỳ trước)" if vi else " vs last period)"
            figures.append(text)
        if figures:
            lines.append(("Tổng: " if vi else "Totals: ") + "; ".join(figures) + ".")
    column = headline_column(template)
    if column is not None and len(result.units) > 1:
        ranked = sorted(
            (
                (value, unit.unit)
                for unit in result.units
                if (value := unit_figure(result, unit.values, column)) is not None
            ),
            reverse=True,
        )
        name = template.columns[column]
        if ranked:
            best = ", ".join(f"{u} ({_n(v, language)})" for v, u in ranked[:SHOWN])
            worst = ", ".join(f"{u} ({_n(v, language)})" for v, u in ranked[::-1][:SHOWN])
            lines.append(
                f"{name} cao nhất: {best}; thấp nhất: {worst}."
                if vi
                else f"{name}, highest: {best}; lowest: {worst}."
            )
    changes = [f for f in result.findings if f.kind == "change"]
    if changes:
        quoted = "; ".join(f"{f.unit}: {f.where}" for f in changes[:SHOWN])
        lines.append(
            f"Thay đổi lớn so với kỳ trước ({len(changes)}): {quoted}."
            if vi
            else f"Large changes against last period ({len(changes)}): {quoted}."
        )
    wrong = [f for f in result.findings if f.kind in {"sum", "negative", "text", "percent"}]
    if wrong:
        units = Counter(f.unit for f in wrong)
        quoted = "; ".join(
            f"{f.unit}, {f.where}: {f.message if vi else f.message_en}" for f in wrong[:SHOWN]
        )
        lines.append(
            f"Số liệu không khớp hoặc bất thường: {len(wrong)} chỗ ở {len(units)} đơn vị, "
            f"ví dụ {quoted}."
            if vi
            else f"Figures that do not add up or look wrong: {len(wrong)} in {len(units)} units, "
            f"e.g. {quoted}."
        )
    else:
        lines.append(
            "Các số tổng khớp với số thành phần." if vi else "Every total matches its parts."
        )
    unreadable = [f.unit for f in result.findings if f.kind == "unreadable"]
    if unreadable:
        lines.append(
            ("Không đọc được: " if vi else "Could not read: ") + ", ".join(unreadable) + "."
        )
    if result.matches:
        lines.append(
            f"Cần xác nhận {len(result.matches)} nhãn dòng/cột khớp gần đúng "
            "(trang «Cần xác nhận»)."
            if vi
            else f"{len(result.matches)} row/column labels matched approximately: please confirm "
            "(sheet «Cần xác nhận»)."
        )
    if result.duplicates:
        lines.append(
            (
                "Nộp nhiều lần (lấy bản sau cùng): "
                if vi
                else "Sent more than once (the last one counts): "
            )
            + ", ".join(result.duplicates)
            + "."
        )
    if result.missing_units:
        lines.append(
            ("Chưa nộp: " if vi else "Not yet reported: ") + ", ".join(result.missing_units) + "."
        )
    return "\n".join(lines)


def _previous_total(previous: Mapping[str, Mapping[str, float]] | None, key: str) -> float | None:
    if not previous:
        return None
    found = [figures[key] for figures in previous.values() if key in figures]
    return sum(found) if found else None
