"""Declared figures (``kind: figures``): checked, placed on the levels the computed indicators use, and
set beside the figure computed from the store for the same indicator, place and year.

A declared figure is a number typed by hand from a source (a college report, a ministry statement); it is
never mixed into the computed tables. It is shown with its source, beside the computed figure where one is
published, and a disagreement beyond ``declared_tolerance`` is a finding (CUR919). The privacy rule holds
for declared counts too: a count of fewer than ``privacy_k`` people (or a share over fewer) is refused
(CUR918) and not shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .. import clock
from .. import diagnostics as d
from ..diagnostics import Diagnostic
from ..model import Declared, Figures
from . import analysis, privacy

SHARES = ("dual_share", "employment_rate")
ORGANISATIONS = ("enterprises", "colleges", "agreements")  # organisations, not people: no threshold
INDICATORS = (*analysis.INDICATORS, *ORGANISATIONS)
PEOPLE = tuple(x for x in analysis.INDICATORS if x not in SHARES)
YEAR = re.compile(r"^(19|20)\d\d$")


@dataclass
class Figure:
    """A declared figure that passed the checks, placed like a computed one: ``level`` (programme, college,
    region or all) and ``name`` (its key there), ``year``; a share as a fraction (0.943)."""

    declared: Declared
    origin: Figures
    level: str
    name: str
    year: str
    value: float
    computed: float | None = None  # the published figure computed from the store, where there is one
    compared: bool = False  # both published and comparable (the same people)
    differs: bool = False

    @property
    def share(self) -> bool:
        return self.declared.indicator in SHARES


def _colleges(catalogue: Any) -> dict[str, str]:
    """Any language's name of a provider → the key the computed tables use for its college."""
    out: dict[str, str] = {}
    for p in catalogue.programmes.values():
        for text in p.provider.name.values.values():
            out.setdefault(text, analysis._key(p.provider.name))
    return out


def check(catalogue: Any) -> tuple[list[Figure], list[Diagnostic]]:
    """The usable declared figures of the catalogue, and the findings about the others."""
    from ..validate import check_term

    k = privacy.k_of(catalogue.settings)
    colleges = _colleges(catalogue) if catalogue.figures else {}  # no programme is read for nothing
    this_year = clock.today().year
    out: list[Figure] = []
    found: list[Diagnostic] = []
    for origin in sorted(catalogue.figures.values(), key=lambda f: f.id):
        for x in origin.figures:
            problems: list[Diagnostic] = []
            if x.indicator not in INDICATORS:
                problems.append(
                    d.make(
                        d.DECLARED_INDICATOR,
                        x.at("indicator"),
                        indicator=x.indicator,
                        suggest=d.closest(x.indicator, INDICATORS),
                        indicators=", ".join(INDICATORS),
                    )
                )
            source = x.source
            if source is None or (source.document is None and not source.url):
                problems.append(d.make(d.DECLARED_SOURCE, x.at("source") if source else x.loc))
            if not YEAR.match(x.period):
                problems.append(d.make(d.DECLARED_PERIOD, x.at("period"), period=x.period))
            elif int(x.period) > this_year:
                problems.append(
                    d.make(
                        d.DECLARED_PERIOD, x.at("period"), variant="future", period=x.period, today=clock.today_iso()
                    )
                )
            if x.as_of and x.valid("as_of") and x.as_of > clock.today_iso():
                problems.append(
                    d.make(d.DECLARED_PERIOD, x.at("as_of"), variant="as-of", date=x.as_of, today=clock.today_iso())
                )
            level, name, problem = _place(catalogue, x, colleges, check_term)
            if problem is not None:
                problems.append(problem)
            if x.indicator in SHARES and not 0 <= x.value <= 100:
                problems.append(d.make(d.DECLARED_VALUE, x.at("value"), variant="share", indicator=x.indicator))
            elif x.indicator in (*PEOPLE, *ORGANISATIONS) and (x.value < 0 or x.value != int(x.value)):
                problems.append(d.make(d.DECLARED_VALUE, x.at("value"), indicator=x.indicator))
            elif x.indicator in PEOPLE and 0 < x.value < k:
                problems.append(
                    d.make(d.DECLARED_BELOW_K, x.at("value"), indicator=x.indicator, value=f"{x.value:g}", k=k)
                )
            elif x.indicator in SHARES and x.of is not None and 0 < x.of < k:
                problems.append(
                    d.make(d.DECLARED_BELOW_K, x.at("of"), variant="share", indicator=x.indicator, value=x.of, k=k)
                )
            found += problems
            if not problems:
                value = x.value / 100 if x.indicator in SHARES else x.value
                out.append(Figure(x, origin, level, name, x.period, value))
    return out, found


def _place(
    catalogue: Any, x: Declared, colleges: dict[str, str], check_term: Any
) -> tuple[str, str, Diagnostic | None]:
    given = [name for name in ("programme", "college", "region") if getattr(x, name) is not None]
    if len(given) > 1:
        return "", "", d.make(d.DECLARED_SCOPE, x.at(given[1]), variant="several", fields=", ".join(given))
    if not given:
        return "all", "all", None
    level = given[0]
    value = str(getattr(x, level))
    if level == "programme":
        if value in catalogue.programmes:
            return level, value, None
        suggest = d.closest(value, catalogue.programmes)
        return "", "", d.make(d.DECLARED_SCOPE, x.at(level), programme=value, suggest=suggest)
    if level == "college":
        if value in colleges:
            return level, colleges[value], None
        suggest = d.closest(value, colleges)
        return "", "", d.make(d.DECLARED_SCOPE, x.at(level), variant="college", college=value, suggest=suggest)
    problem = check_term(catalogue, "regions", value, x.at(level))
    return level, value, problem


def compare(catalogue: Any, figures: list[Figure], results: analysis.Results) -> list[Diagnostic]:
    """Set each figure's computed counterpart (a published cell only) and report disagreements."""
    tolerance = catalogue.settings.declared_tolerance
    tables = {level: analysis.indicators(results, level) for level in ("programme", "college", "region", "all")}
    out = []
    for f in figures:
        indicator = f.declared.indicator
        if indicator in ORGANISATIONS:
            f.computed = float(analysis.organisations(results, f.level, f.name, f.year)[indicator])
        else:
            f.computed = tables[f.level].get((f.name, f.year), {}).get(indicator)
        if f.computed is None or f.declared.beyond_catalogue:
            continue
        f.compared = True
        gap = abs(f.value - f.computed)
        allowed = tolerance if f.share else tolerance * abs(f.computed)
        if gap > allowed + 1e-9:
            f.differs = True
            out.append(
                d.make(
                    d.DECLARED_DIFFERS,
                    f.declared.at("value"),
                    variant="share" if f.share else "default",
                    indicator=indicator,
                    declared=f.value,
                    computed=f.computed,
                    year=f.year,
                    tolerance=round(100 * tolerance, 6) if f.share else tolerance,
                )
            )
    return out
