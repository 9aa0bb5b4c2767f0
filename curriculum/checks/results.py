"""Results: the store brought up to date from the catalogue's exports, its findings (rejected rows,
privacy settings refused), and planned vs achieved from the published aggregates."""

from __future__ import annotations

from ..cache import Store
from ..catalogue import Catalogue
from ..diagnostics import Diagnostic
from ..results import analysis, declared, privacy, store, sync
from ..results.analysis import Results


def check_results(catalogue: Catalogue, cache: Store | None = None) -> tuple[Results | None, list[Diagnostic]]:
    """The published results (None when the catalogue has none) and the findings about results (``cache``:
    the check's cache, which keeps the published tables while the store and their settings stay the same)."""
    found = list(privacy.refused_settings(catalogue.settings))
    figures, problems = declared.check(catalogue)
    found += problems
    target, problems = sync.ensure(catalogue, catalogue.root, cache)
    found += problems
    if target is None:
        return None, found
    try:
        results = analysis.analyse(catalogue, target, cache)
    except store.StoreError as exc:
        return None, [*found, exc.diagnostic]
    results.declared = figures
    return results, found + results.diagnostics + declared.compare(catalogue, figures, results)
