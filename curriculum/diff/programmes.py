"""Per programme, from the checked results of both sides: figures, hours and coverage, before → after.

A competency's coverage is summed up as a :class:`State` (the level required, the best level an
outcome reaches, the unwaived gaps, the waived rules); a change of state is reported with the
competency, and a gap that was not there before makes the change worse.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .. import diagnostics as d
from ..checks import Result
from ..checks.coverage import RANK, Coverage
from ..model import Programme
from ..workload import by_semester
from .identity import natural

Hours = dict[tuple[int, str], float]


@dataclass(frozen=True)
class State:
    required: str
    reached: str | None
    gaps: tuple[str, ...] = ()
    waived: tuple[str, ...] = ()

    def describe(self, required: bool = True) -> str:
        if self.gaps:
            text = "; ".join(f"{code} {d.RULES[code].title}" if code in d.RULES else code for code in self.gaps)
        else:
            text = f"met at {self.reached}" if self.reached else "met by waiver"
        if self.waived:
            text += f" (waived: {', '.join(self.waived)})"
        return f"required {self.required}: {text}" if required else text


@dataclass(frozen=True)
class CompetencyChange:
    competency: str
    title: str
    before: State | None  # None: not required on that side
    after: State | None

    @property
    def worse(self) -> bool:
        old = set(self.before.gaps) if self.before else set()
        return self.after is not None and bool(set(self.after.gaps) - old)

    def transition(self) -> str:
        """`required mastered: met at mastered → CUR301 required competency not covered`."""
        a, b = self.before, self.after
        if a and b and a.required == b.required:
            return f"required {b.required}: {a.describe(False)} → {b.describe(False)}"
        return f"{a.describe() if a else 'not required'} → {b.describe() if b else 'not required'}"


@dataclass(frozen=True)
class ProgrammeDelta:
    id: str
    status: str  # added, removed, changed, unchanged, or unread (its file unreadable on one side)
    file: str
    figures: dict[str, tuple[float | None, float | None]]
    hours: list[tuple[int, str, float, float]]  # (semester, kind, before, after), changed cells only, in order
    competencies: list[CompetencyChange]

    @property
    def changed_figures(self) -> dict[str, tuple[float | None, float | None]]:
        if self.status == "unread":  # one side's figures are unknown, not zero
            return {}
        return {k: v for k, v in self.figures.items() if v[0] != v[1]}


def states(cov: Coverage | None) -> dict[str, State]:
    if cov is None:
        return {}
    waived: dict[str, set[str]] = defaultdict(set)
    for gap, waiver in cov.waived:
        waived[waiver.competency].add(gap.code)
    out = {}
    for need in cov.needs:
        records = cov.records.get(need.competency, [])
        reached = max((r.level for r in records), key=RANK.__getitem__, default=None)
        gaps = {g.code for g in cov.gaps.get(need.competency, [])}
        if need.partner in cov.ignored_sets:
            gaps.add(d.REQUIREMENT_SET_IGNORED)
        out[need.competency] = State(need.level, reached, tuple(sorted(gaps)), tuple(sorted(waived[need.competency])))
    return out


def hours(p: Programme | None) -> Hours:
    """Hours by (semester, kind of hours) over the modules counted in the programme's totals."""
    out: Hours = defaultdict(float)
    for semester, row in (by_semester(p) if p else {}).items():
        for kind, value in row.items():
            out[(semester, kind)] += value
    return out


def programme_delta(pid: str, base: Result, head: Result, status: str) -> ProgrammeDelta:
    a, b = base.catalogue.programmes.get(pid), head.catalogue.programmes.get(pid)
    fa, fb = base.figures.get(pid, {}), head.figures.get(pid, {})
    figures = {k: (fa.get(k), fb.get(k)) for k in [*fb, *(k for k in fa if k not in fb)]}
    either = b or a
    file = either.loc.file if either else ""
    if a is None or b is None:  # added or removed: its figures say enough
        return ProgrammeDelta(pid, status, file, figures, [], [])
    ha, hb = hours(a), hours(b)
    kinds = list(dict.fromkeys(k for _, k in [*ha, *hb]))
    keys = sorted(set(ha) | set(hb), key=lambda x: (x[0], kinds.index(x[1])))
    cells = [(s, k, ha.get((s, k), 0.0), hb.get((s, k), 0.0)) for s, k in keys]
    sa, sb = states(base.coverage.get(pid)), states(head.coverage.get(pid))
    changes = [
        CompetencyChange(ref, _title(head, ref) or _title(base, ref), sa.get(ref), sb.get(ref))
        for ref in sorted(set(sa) | set(sb), key=natural)
        if sa.get(ref) != sb.get(ref)
    ]
    return ProgrammeDelta(pid, status, file, figures, [c for c in cells if c[2] != c[3]], changes)


def _title(result: Result, ref: str) -> str:
    item = result.catalogue.item(ref)
    if item is None:
        index = result.catalogue.indexes.get(ref)
        return index.framework.title.get("en") if index and ":" not in ref else ""
    return item.title.get("en")
