"""The only way aggregates leave the store: cells of at least k people, with complementary suppression.

Nothing about an individual is published: a cell with fewer than ``k`` contributors is suppressed, and
enough other cells are suppressed with it that no suppressed value can be recovered by differencing —
within a table (row and column totals) and across every published table sharing contributors.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

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


# -- publishing --------------------------------------------------------------------------------------

Atom = tuple[str, ...]
Dims = tuple[str, ...]


@dataclass(frozen=True)
class View:
    """A published table: the atoms grouped by ``dims`` (names of attributes of an atom)."""

    table: str
    dims: Dims


@dataclass
class Family:
    """Tables that count the same people: every cell is a sum of atom counts (the finest breakdown, never
    published). ``attrs`` gives an atom's value for each dimension (programme → college → region …)."""

    name: str
    fields: Dims  # the atom's own fields
    atoms: dict[Atom, int]
    attrs: dict[Atom, dict[str, str]]
    views: tuple[View, ...]
    sums: dict[Atom, float] = field(default_factory=dict)  # optional: a measure summed over the same people
    counts_public: bool = True  # False: only the measure's means are published, never how many people


@dataclass(frozen=True)
class Cell:
    table: str
    key: tuple[str, ...]
    count: int | None  # None: suppressed, or a family that publishes means only
    mean: float | None = None  # the measure's mean over the cell's people (None: suppressed or no measure)
    primary: bool = False  # suppressed because fewer than k people are in it (else: to protect another)


@dataclass
class Published:
    """The safe tables of one family, and (for the audit, never rendered) each cell's atoms."""

    family: str
    dims: dict[str, Dims]
    cells: dict[str, list[Cell]]
    members: dict[tuple[str, tuple[str, ...]], frozenset[Atom]] = field(default_factory=dict, repr=False)

    def suppressed(self, cell: Cell) -> bool:
        return cell.count is None and cell.mean is None

    def table(self, name: str) -> dict[tuple[str, ...], Cell]:
        return {c.key: c for c in self.cells.get(name, [])}


def _cells(family: Family) -> list[tuple[str, tuple[str, ...], frozenset[Atom]]]:
    out = []
    for view in family.views:
        groups: dict[tuple[str, ...], set[Atom]] = {}
        for atom, n in family.atoms.items():
            if n > 0:
                values = family.attrs[atom]
                groups.setdefault(tuple(values[x] for x in view.dims), set()).add(atom)
        out += [(view.table, key, frozenset(atoms)) for key, atoms in sorted(groups.items())]
    return out


def publish(family: Family, k: int, rounding: int | None = None) -> Published:
    """The family's tables with every cell of fewer than ``k`` people suppressed, and enough others
    suppressed with them that no suppressed count follows from the published ones by any linear
    combination (across all the family's tables). Counts are rounded to ``rounding`` when given."""
    cells = _cells(family)
    counts = [sum(family.atoms[a] for a in atoms) for _, _, atoms in cells]
    order = {a: i for i, a in enumerate(sorted(family.atoms))}
    vectors = [{order[a]: 1 for a in atoms} for _, _, atoms in cells]
    primary = {i for i, n in enumerate(counts) if 0 < n < k}
    hidden = set(primary)
    while family.counts_public:  # without published counts there is nothing to difference
        basis = _basis([i for i in range(len(cells)) if i not in hidden], vectors)
        exposed = next(((i, combo) for i in sorted(hidden) if (combo := _solve(basis, vectors[i])) is not None), None)
        if exposed is None:
            break
        _, combo = exposed
        helpers = [j for j, f in combo.items() if f != 0]
        hidden.add(min(helpers, key=lambda j: (counts[j], j)))
    out = Published(family.name, {v.table: v.dims for v in family.views}, {v.table: [] for v in family.views})
    for i, (table, key, atoms) in enumerate(cells):
        out.members[(table, key)] = atoms
        if i in hidden:
            out.cells[table].append(Cell(table, key, None, None, i in primary))
            continue
        mean = None
        if family.sums and counts[i]:
            mean = sum(family.sums.get(a, 0.0) for a in atoms) / counts[i]
        count = _round(counts[i], rounding) if family.counts_public else None
        out.cells[table].append(Cell(table, key, count, mean))
    return out


def _round(n: int, base: int | None) -> int:
    if not base or base <= 1:
        return n
    return int(base * ((2 * n + base) // (2 * base)))  # half up


# Linear algebra modulo a large prime: exact for these 0/1 systems in practice and far faster than
# fractions; the tests audit the published tables again over the rationals.
PRIME = (1 << 61) - 1
Row = tuple[dict[int, int], dict[int, int], int]  # vector, combination of cells, pivot


def _basis(rows: list[int], vectors: list[dict[int, int]]) -> list[Row]:
    """Row echelon form of the published cells' vectors, each row remembering which cells make it."""
    basis: list[Row] = []
    for i in rows:
        vec, combo = _reduce(basis, dict(vectors[i]), {})
        if vec:
            combo = {j: -f % PRIME for j, f in combo.items()}
            combo[i] = (combo.get(i, 0) + 1) % PRIME
            pivot = min(vec)
            inverse = pow(vec[pivot], PRIME - 2, PRIME)
            vec = {j: x * inverse % PRIME for j, x in vec.items()}
            combo = {j: x * inverse % PRIME for j, x in combo.items()}
            basis.append((vec, combo, pivot))
    return basis


def _reduce(basis: list[Row], vec: dict[int, int], combo: dict[int, int]) -> tuple[dict[int, int], dict[int, int]]:
    for row, rcombo, pivot in basis:
        f = vec.get(pivot)
        if not f:
            continue
        for j, x in row.items():
            value = (vec.get(j, 0) - f * x) % PRIME
            if value:
                vec[j] = value
            else:
                vec.pop(j, None)
        for j, x in rcombo.items():
            combo[j] = (combo.get(j, 0) + f * x) % PRIME
    return vec, combo


def _solve(basis: list[Row], target: dict[int, int]) -> dict[int, int] | None:
    """The published cells whose combination equals ``target``, or None when no combination does."""
    vec, combo = _reduce(basis, dict(target), {})
    return None if vec else combo
