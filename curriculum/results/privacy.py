"""The only way aggregates leave the store: cells of at least k people, with complementary suppression.

Nothing about an individual is published: a cell with fewer than ``k`` contributors is suppressed, and
enough other cells are suppressed with it that no suppressed value can be recovered by differencing —
within a table (row and column totals) and across every published table sharing contributors.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import diagnostics as d
from ..diagnostics import Diagnostic
from ..settings import Settings

MINIMUM_K = 5  # the floor: a catalogue may ask for more, never for less


def k_of(settings: Settings) -> int:
    """The threshold in force: the setting, never below :data:`MINIMUM_K`."""
    return max(settings.privacy_k, MINIMUM_K)


def refused_settings(settings: Settings) -> Iterator[Diagnostic]:
    """A finding for a setting that would publish below the minimum (it is not obeyed)."""
    if settings.privacy_k < MINIMUM_K:
        yield d.make(
            d.PRIVACY_BELOW_K, settings.at("privacy_k"), name="privacy_k", value=settings.privacy_k, minimum=MINIMUM_K
        )
