"""The results pages: per programme (planned vs achieved, sections, indicators, partners), the catalogue
dashboard (by region and sector) and the enterprise–college network.

Everything here reads :class:`~curriculum.results.analysis.Results` — the published, privacy-safe
tables — never the store. Rows are prepared here; templates only lay them out (escaped).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from . import clock
from .diagrams.bars import bars_svg
from .escape import slug
from .results import analysis

if TYPE_CHECKING:
    from .render import Renderer

SUPPRESSED = "—"
INDICATOR_ROWS = analysis.INDICATORS  # the rows of the indicator tables, in the order computed
SHARES = {"dual_share", "employment_rate"}
COMPLETION = ("completed", "withdrawn", "continuing")


def _num(value: float | None, share: bool = False) -> str:
    if value is None:
        return SUPPRESSED
    return f"{100 * value:.0f} %" if share else f"{value:g}"


def _term(r: Renderer, vocabulary: str, code: str) -> str:
    term = r.catalogue.terms.get(vocabulary, {}).get(code)
    return r.plain(term.title) if term is not None else code


def _item_title(r: Renderer, ref: str) -> str:
    item = r.catalogue.item(ref)
    return f"{ref} {r.plain(item.title)}" if item is not None else ref


class ResultsView:
    """The results rows and charts of one rendered language."""

    def __init__(self, r: Renderer) -> None:
        self.r = r
        self.results: analysis.Results | None = getattr(r.result, "results", None)

    @property
    def k(self) -> int:
        return self.results.k if self.results else 5

    def note(self) -> str:
        return self.r.label("results_note").replace("{k}", str(self.k))

    def ratings(self, p: Any) -> dict[str, Any]:
        assert self.results is not None
        table = self.results.tables["ratings"].table("ratings")
        planned = sorted(analysis.workplace_competencies(p))
        periods = sorted({key[2] for key in table if key[0] == p.id})
        rows = []
        latest: list[tuple[str, float | None, str]] = []
        threshold = self.r.catalogue.settings.rating_threshold
        for ref in planned:
            cells = [table.get((p.id, ref, period)) for period in periods]
            if not any(cells):
                continue
            texts = [_num(c.mean if c else None, True) if c else "" for c in cells]
            rows.append({"ref": ref, "title": _item_title(self.r, ref), "cells": texts})
            last = cells[-1]
            mean = last.mean if last is not None else None
            latest.append((ref, mean, _num(mean, True)))
        chart = ""
        if latest:
            title = f"{self.r.label('results_mean_rating')} ({self.r.label('results_latest')}: {periods[-1]})"
            chart = bars_svg(
                title,
                latest,
                threshold=threshold,
                threshold_label=f"{self.r.label('results_threshold')}: {100 * threshold:.0f} %",
            )
        return {"periods": periods, "rows": rows, "chart": chart}

    def sections(self, p: Any) -> dict[str, Any]:
        assert self.results is not None
        pub = self.results.tables["sections"]
        totals, passed = pub.table("sections"), pub.table("sections-passed")
        rows = []
        chart_rows: list[tuple[str, float | None, str]] = []
        years = sorted({key[3] for key in totals if key[0] == p.id})
        shares = self._hour_shares(p, {k[1] for k in totals if k[0] == p.id})
        for key in sorted(k for k in totals if k[0] == p.id):
            _, standard, section, year = key
            total, ok = totals[key].count, passed.get((*key, "yes"))
            rate = ok.count / total if ok is not None and ok.count is not None and total else None
            item = self.r.catalogue.item(f"{standard}:{section}")
            weight = item.weight if item is not None and item.weight is not None else None
            rows.append(
                {
                    "standard": standard,
                    "section": _item_title(self.r, f"{standard}:{section}"),
                    "weight": _num(weight),
                    "hours": _num(shares.get((standard, section)), True),
                    "year": year,
                    "candidates": _num(total),
                    "rate": _num(rate, True),
                }
            )
            if year == years[-1]:
                chart_rows.append((f"{section}", rate, _num(rate, True)))
        chart = ""
        if chart_rows:
            s = self.r.catalogue.settings
            chart = bars_svg(
                f"{self.r.label('results_pass_rate')} ({years[-1]})",
                chart_rows,
                threshold=s.section_pass_rate,
                threshold_label=f"{self.r.label('results_threshold')}: {100 * s.section_pass_rate:.0f} %",
            )
        return {"rows": rows, "chart": chart}

    def _hour_shares(self, p: Any, standards: set[str]) -> dict[tuple[str, str], float]:
        """Each WorldSkills section's share of the hours the plan gives the standard (as CUR306 counts them)."""
        from .checks.coverage import section_hours

        cov = self.r.result.coverage.get(p.id)
        out: dict[tuple[str, str], float] = {}
        for standard in standards:
            index = self.r.catalogue.indexes.get(standard)
            if cov is None or index is None:
                continue
            hours = section_hours(cov, index)
            total = sum(hours.values())
            out.update({(standard, s): h / total for s, h in hours.items() if total})
        return out

    def indicators(self, level: str, name: str | None = None) -> dict[str, Any]:
        """Indicator rows (one per year) of one programme/college/region, or of all when ``name`` is None."""
        assert self.results is not None
        data = analysis.indicators(self.results, level)
        years = sorted({y for (n, y) in data if name is None or n == name})
        table = []
        for key in INDICATOR_ROWS:
            cells = []
            for y in years:
                row = data.get((name or "all", y), {})
                cells.append(_num(row.get(key), key in SHARES))
            table.append({"label": self.r.label(f"results_{key}"), "cells": cells})
        return {"years": years, "rows": table}

    def partners(self, p: Any) -> dict[str, Any]:
        assert self.results is not None
        table = self.results.tables["trainees"].table("trainees-by-partner")
        names = {x.id: self.r.plain(x.name) for x in p.partners}
        years = sorted({key[1] for key in table if key[0].startswith(p.id + "/")})
        rows = []
        for pid in names:
            cells = [table.get((f"{p.id}/{pid}", y)) for y in years]
            if any(cells):
                rows.append({"name": names[pid], "cells": [_num(c.count) if c else "" for c in cells]})
        return {"years": years, "rows": rows}

    def partner_ratings(self, p: Any) -> dict[str, Any]:
        """Mean rating (all competencies) of each partner's trainees per period."""
        assert self.results is not None
        table = self.results.tables["partner-ratings"].table("partner-ratings")
        names = {x.id: self.r.plain(x.name) for x in p.partners}
        periods = sorted({key[1] for key in table if key[0].startswith(p.id + "/")})
        rows = []
        for pid in names:
            cells = [table.get((f"{p.id}/{pid}", period)) for period in periods]
            if any(cells):
                rows.append({"name": names[pid], "cells": [_num(c.mean, True) if c else "" for c in cells]})
        return {"periods": periods, "rows": rows}

    def declared(self, p: Any = None) -> dict[str, Any]:
        """The declared figures (all, or those about programme ``p`` and its college), each with its source,
        beside the figure computed from data for the same indicator, place and year."""
        assert self.results is not None
        college = analysis._key(p.provider.name) if p is not None else None
        rows = []
        for f in self.results.declared:
            if p is not None and (f.level, f.name) not in (("programme", p.id), ("college", college)):
                continue
            x = f.declared
            computed = _num(f.computed, f.share) if f.computed is not None else SUPPRESSED
            if f.computed is not None and x.beyond_catalogue:
                computed += f" ({self.r.label('results_not_compared')})"
            rows.append(
                {
                    "label": self.r.label(f"results_{x.indicator}"),
                    "place": self._place(f.level, f.name),
                    "year": f.year,
                    "declared": f"{100 * f.value:.1f} %" if f.share else f"{f.value:g}",
                    "computed": computed,
                    "differs": f.differs,
                    "source": self._source(f),
                    "url": x.source.url if x.source is not None and x.source.url else "",
                }
            )
        return {"rows": rows}

    def _place(self, level: str, name: str) -> str:
        if level == "programme":
            p = self.r.catalogue.programmes.get(name)
            return self.r.plain(p.title) if p is not None else name
        if level == "college":
            p = next((q for q in self.r.catalogue.programmes.values() if analysis._key(q.provider.name) == name), None)
            return self.r.plain(p.provider.name) if p is not None else name
        if level == "region":
            return _term(self.r, "regions", name)
        return self.r.label("results_all")

    def _source(self, f: Any) -> str:
        x = f.declared
        s = x.source
        parts = [self.r.plain(s.document), self.r.plain(s.issuer), s.date or ""] if s is not None else []
        text = ", ".join(part for part in parts if part)
        if x.as_of:
            text += f" ({self.r.label('results_as_of').replace('{date}', x.as_of)})"
        if x.note is not None:
            text += f". {self.r.plain(x.note)}"
        return text

    def _completion_row(self, prefix: str, key: str) -> list[str]:
        """Trainees placed, completed, withdrawn and continuing of one partner, programme or sector."""
        assert self.results is not None
        pub = self.results.tables["completion"]
        total = pub.table(f"completion-by-{prefix}").get((key,))
        by_status = pub.table(f"completion-by-{prefix}-status")
        cells = [_num(total.count) if total is not None else ""]
        for status in COMPLETION:
            cell = by_status.get((key, status))
            if cell is not None:
                cells.append(_num(cell.count))
            elif total is not None:  # nobody with this status: "0" beside a published total, else withheld too
                cells.append("0" if total.count is not None else SUPPRESSED)
            else:
                cells.append("")
        return cells

    def completion(self, p: Any) -> dict[str, Any]:
        """Per partner of ``p`` (and all of them): trainees placed, completed, withdrawn, continuing."""
        assert self.results is not None
        table = self.results.tables["completion"].table("completion-by-partner")
        rows = [
            {"name": self.r.plain(x.name), "cells": self._completion_row("partner", f"{p.id}/{x.id}")}
            for x in p.partners
            if (f"{p.id}/{x.id}",) in table
        ]
        if rows:
            rows.append(
                {"name": self.r.label("results_all_partners"), "cells": self._completion_row("programme", p.id)}
            )
        return {"rows": rows}

    def completion_by_sector(self) -> dict[str, Any]:
        assert self.results is not None
        table = self.results.tables["completion"].table("completion-by-sector")
        rows = [
            {"label": _term(self.r, "sectors", code) if code else "—", "cells": self._completion_row("sector", code)}
            for (code,) in sorted(table)
        ]
        return {"rows": rows}

    def at_partner(self, p: Any, x: Any) -> dict[str, Any]:
        """One partner's published results: trainees by year, mean rating by period, completion."""
        assert self.results is not None
        key = f"{p.id}/{x.id}"
        trainees = self.results.tables["trainees"].table("trainees-by-partner")
        ratings = self.results.tables["partner-ratings"].table("partner-ratings")
        rows = [
            (f"{self.r.label('results_trainees')} {year}", _num(c.count))
            for (who, year), c in sorted(trainees.items())
            if who == key
        ]
        rows += [
            (f"{self.r.label('results_partner_ratings')} {period}", _num(c.mean, True))
            for (who, period), c in sorted(ratings.items())
            if who == key
        ]
        if (key,) in self.results.tables["completion"].table("completion-by-partner"):
            labels = ["results_placed", *(f"results_{s}" for s in COMPLETION)]
            rows += list(zip((self.r.label(x) for x in labels), self._completion_row("partner", key), strict=True))
        return {"rows": rows}

    def by_region(self) -> dict[str, Any]:
        assert self.results is not None
        data = analysis.indicators(self.results, "region")
        years = sorted({y for _, y in data})
        last = years[-1] if years else ""
        rows = []
        chart: list[tuple[str, float | None, str]] = []
        for code in sorted({n for n, _ in data}):
            label = _term(self.r, "regions", code)
            cells = [data.get((code, y), {}) for y in years]
            rows.append(
                {
                    "label": label,
                    "cells": [_num(c.get("trainees")) for c in cells],
                    "share": [_num(c.get("dual_share"), True) for c in cells],
                }
            )
            share = [c.get("dual_share") for c in cells if c.get("dual_share") is not None]
            chart.append((label, share[-1] if share else None, _num(share[-1] if share else None, True)))
        svg = bars_svg(f"{self.r.label('results_dual_share')} — {self.r.label('results_by_region')}", chart)
        return {"years": years, "rows": rows, "chart": svg, "last": last}

    def by_sector(self) -> dict[str, Any]:
        assert self.results is not None
        table = self.results.tables["trainees"].table("trainees-by-sector")
        years = sorted({key[1] for key in table})
        rows = []
        chart: list[tuple[str, float | None, str]] = []
        biggest = max((c.count or 0 for c in table.values()), default=1) or 1
        for code in sorted({key[0] for key in table}):
            label = _term(self.r, "sectors", code) if code else "—"
            cells = [table.get((code, y)) for y in years]
            rows.append({"label": label, "cells": [_num(c.count) if c else "" for c in cells]})
            last = cells[-1]
            value = float(last.count) if last is not None and last.count is not None else None
            chart.append((label, value, _num(value)))
        svg = bars_svg(f"{self.r.label('results_by_sector')} ({years[-1] if years else ''})", chart, scale=biggest)
        return {"years": years, "rows": rows, "chart": svg}

    def network(self, by: str) -> dict[str, Any]:
        assert self.results is not None
        data = analysis.network(self.results, by)
        vocabulary = "regions" if by == "region" else "sectors"
        rows: list[dict[str, Any]] = [{"label": _term(self.r, vocabulary, code), **v} for code, v in data.items()]
        biggest = max((v["enterprises"] for v in data.values()), default=1) or 1
        chart: list[tuple[str, float | None, str]] = [
            (str(row["label"]), float(row["enterprises"]), str(row["enterprises"])) for row in rows
        ]
        title = f"{self.r.label('results_enterprises')} — {self.r.label('results_' + by)}"
        return {"rows": rows, "chart": bars_svg(title, chart, scale=biggest)}

    def agreements(self) -> list[dict[str, Any]]:
        assert self.results is not None
        out = []
        for a in self.results.network:
            p = self.r.catalogue.programmes.get(a["programme"] or "")
            out.append(
                {
                    **a,
                    "programme_title": self.r.plain(p.title) if p else "",
                    "programme_link": f"programmes/{slug(p.id)}/results.md" if p else "",
                    "sector_title": _term(self.r, "sectors", a["sector"] or ""),
                    "region_title": _term(self.r, "regions", a["region"] or ""),
                }
            )
        return sorted(out, key=lambda a: (a["enterprise"], a["college"], a["number"]))

    def expiring(self) -> list[dict[str, Any]]:
        months = self.r.catalogue.settings.agreement_expiry_months
        today = clock.today()
        horizon = analysis._add_months(today, months)
        return [a for a in self.agreements() if isinstance(a["end"], datetime.date) and today <= a["end"] <= horizon]
