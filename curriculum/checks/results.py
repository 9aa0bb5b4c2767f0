"""Results: the store brought up to date from the catalogue's exports, its findings (rejected rows,
privacy settings refused), and planned vs achieved from the published aggregates."""

from __future__ import annotations

from ..catalogue import Catalogue
from ..diagnostics import Diagnostic
from ..results import analysis, declared, privacy, store, sync
from ..results.analysis import Results


def check_results(catalogue: Catalogue) -> tuple[Results | None, list[Diagnostic]]:
    """The published results (None when the catalogue has none) and the findings about results."""
    found = list(privacy.refused_settings(catalogue.settings))
    figures, problems = declared.check(catalogue)
    found += problems
    target, problems = sync.ensure(catalogue, catalogue.root)
    found += problems
    if target is None:
        return None, found
    try:
        results = analysis.analyse(catalogue, target)
    except store.StoreError as exc:
        return None, [*found, exc.diagnostic]
    results.declared = figures
    return results, found + results.diagnostics + declared.compare(catalogue, figures, results)
