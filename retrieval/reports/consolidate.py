"""Many units' reports in, one checked consolidation out (pure: files are read before)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from retrieval.reports.model import Consolidation, Submission


def consolidate(
    template: Submission | None,
    submissions: Sequence[Submission],
    *,
    expected_units: Sequence[str] = (),
    previous: Mapping[str, Mapping[str, float]] | None = None,
) -> Consolidation:
    """Align every submission to the template (the first submission when None), check each,
    and sum them. `previous` holds each unit's values of the last period, keyed
    "row label\\x1fcolumn label" (as `previous_values` reads them from `to_json`)."""
    raise NotImplementedError("being written: issue 16")
