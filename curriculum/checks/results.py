"""Results: the store brought up to date from the catalogue's exports, and its findings (rejected rows,
privacy settings refused, and — from the published aggregates — planned vs achieved)."""

from __future__ import annotations

from pathlib import Path

from .. import diagnostics as d
from ..catalogue import Catalogue
from ..diagnostics import Diagnostic
from ..results import privacy, sync


def check_results(catalogue: Catalogue) -> tuple[Path | None, list[Diagnostic]]:
    """The store (None when the catalogue has no results) and the findings about results."""
    found = list(privacy.refused_settings(catalogue.settings))
    target, problems = sync.ensure(catalogue, catalogue.root)
    return target, found + problems


__all__ = ["check_results", "d"]
