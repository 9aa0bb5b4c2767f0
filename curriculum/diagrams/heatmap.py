"""Frameworks × programmes: which programmes use a standard, and how fully.

A cell is the share of the framework's items (at the lowest level) that outcomes of the
programme cover, directly or through an item above them; it shows the share and the count
as text, the colour only repeats it. A framework the programme is required to meet (by a
qualification or a partner's requirement set) is marked "required".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..escape import escape_html, slug
from ..model import Programme

if TYPE_CHECKING:
    from ..catalogue import FrameworkIndex
    from ..render import Renderer

BINS = (0.0, 0.25, 0.5, 0.75)  # heat-1 … heat-4; heat-0 is "not used"
TYPE_ORDER = ("worldskills", "professional-standard", "nqf", "employer", "other")


@dataclass(frozen=True)
class Use:
    covered: int
    leaves: int
    required: bool

    @property
    def share(self) -> float:
        return self.covered / self.leaves if self.leaves else 0.0


def use_of(p: Programme, index: FrameworkIndex, r: Renderer) -> Use:
    fw = index.framework.id
    reached = {item for item in _reached(p, r).get(fw, ()) if item in index.items}
    leaves = r.memo.get(("leaves", fw))
    if leaves is None:
        leaves = r.memo[("leaves", fw)] = index.leaves()
    covered = sum(1 for leaf in leaves if leaf in reached or any(a in reached for a in index.ancestors(leaf)))
    required = fw in _required(p, r)
    return Use(covered, len(leaves), required)


def _reached(p: Programme, r: Renderer) -> dict[str, set[str]]:
    """The items each framework's covers of programme ``p`` name (by framework), read once per programme."""
    found: dict[str, set[str]] | None = r.memo.get(("reached", p.id))
    if found is None:
        found = r.memo[("reached", p.id)] = {}
        for m in p.modules:
            for o in m.outcomes:
                for c in o.covers:
                    f, _, item = c.competency.partition(":")
                    found.setdefault(f, set()).add(item)
    return found


def _required(p: Programme, r: Renderer) -> set[str]:
    """The frameworks programme ``p`` is required to meet (by its qualifications and partners)."""
    found: set[str] | None = r.memo.get(("required", p.id))
    if found is None:
        cov = r.result.coverage.get(p.id)
        found = r.memo[("required", p.id)] = {n.competency.partition(":")[0] for n in cov.needs} if cov else set()
    return found


def heat_class(use: Use) -> str:
    if not use.covered:
        return "heat-0"
    return f"heat-{sum(use.share > b for b in BINS)}"


def framework_use(r: Renderer, fid: str) -> str:
    """For a framework's page: the programmes that use it, each with its cell of the heatmap."""
    cat = r.catalogue
    index = cat.indexes[fid]
    rows = []
    for pid in sorted(cat.programmes):
        p = cat.programmes[pid]
        use = use_of(p, index, r)
        if use.covered or use.required:
            link = escape_html(r.hlink(f"programmes/{slug(p.id)}/matrix.md"))
            rows.append(f'<tr><th scope="row"><a href="{link}">{r.h(p.title)}</a></th>{_cell(use, r)}</tr>')
    if not rows:
        return f"<p>{escape_html(r.label('none'))}</p>"
    head = f'<th scope="col">{escape_html(r.label("programme"))}</th><th scope="col">{escape_html(r.label("covered"))}</th>'
    return f'<table class="heatmap heatmap-one"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def framework_heatmap(r: Renderer, only: str | None = None) -> str:
    """The table of every framework (or only one) against every programme."""
    cat = r.catalogue
    programmes = [cat.programmes[k] for k in sorted(cat.programmes)]
    ids = [only] if only else sorted(cat.frameworks, key=lambda f: (_type_rank(cat.frameworks[f].type), f))
    head = "".join(
        f'<th scope="col"><a href="{escape_html(r.hlink(f"programmes/{slug(p.id)}/index.md"))}">{r.h(p.title)}</a></th>'
        for p in programmes
    )
    rows = []
    for fid in ids:
        fw, index = cat.frameworks[fid], cat.indexes[fid]
        cells = "".join(_cell(use_of(p, index, r), r) for p in programmes)
        name = f'<a href="{escape_html(r.hlink(f"frameworks/{slug(fid)}.md"))}">{r.h(fw.title)}</a>'
        rows.append(f'<tr><th scope="row">{name} <code>{escape_html(fid)}</code></th>{cells}</tr>')
    corner = escape_html(r.label("frameworks"))
    return (
        '<div class="heatmap-wrap scroll-x" tabindex="0" role="region" '
        f'aria-label="{escape_html(r.label("heatmap"))}"><table class="heatmap">'
        f'<thead><tr><th scope="col" class="corner">{corner}</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _cell(use: Use, r: Renderer) -> str:
    if not use.covered and not use.required:
        return '<td class="heat-0">—</td>'
    req = f'<span class="heat-req">{escape_html(r.label("required_mark"))}</span>' if use.required else ""
    return (
        f'<td class="{heat_class(use)}"><span class="heat-share">{100 * use.share:.0f} %</span> '
        f'<span class="heat-count">{use.covered} / {use.leaves}</span> {req}</td>'
    )


def _type_rank(kind: str) -> int:
    return TYPE_ORDER.index(kind) if kind in TYPE_ORDER else len(TYPE_ORDER)
