"""ESCO references: each ESCO URI of a framework item or learning outcome against the releases recorded
in the catalogue (``esco/VERSION.json``, written by ``curriculum esco import``)."""

from __future__ import annotations

from collections.abc import Iterator

from .. import diagnostics as d
from ..diagnostics import Diagnostic
from ..exchange.esco import URI, Release, nearest
from ..load import Loc
from ..model import Framework, Item, Programme, Text


def refs_of_framework(fw: Framework) -> Iterator[tuple[str, Loc, Text]]:
    def walk(items: tuple[Item, ...]) -> Iterator[tuple[str, Loc, Text]]:
        for x in items:
            for i, uri in enumerate(x.esco):
                yield uri, x.at("esco", i), x.title
            yield from walk(x.items)

    yield from walk(fw.items)


def refs_of_programme(p: Programme) -> Iterator[tuple[str, Loc, Text]]:
    for m in p.modules:
        for o in m.outcomes:
            for i, uri in enumerate(o.esco):
                yield uri, o.at("esco", i), o.text


def not_recorded(refs: list[tuple[str, Loc, Text]]) -> list[Diagnostic]:
    """One note at the first ESCO URI when the catalogue has URIs but no release to check them against."""
    if not refs:
        return []
    return [d.make(d.ESCO_NOT_RECORDED, refs[0][1], count=len(refs))]


def check_refs(releases: list[Release], refs: list[tuple[str, Loc, Text]]) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    current = releases[-1]
    for uri, loc, text in refs:
        concept = current.concepts.get(uri)
        if concept is None:
            older = next((r for r in reversed(releases[:-1]) if uri in r.concepts), None)
            if older is not None:
                out.append(
                    d.make(
                        d.ESCO_REPLACED,
                        loc,
                        uri=uri,
                        label=older.label(uri),
                        old=older.version,
                        new=current.version,
                    )
                )
            elif not URI.match(uri):
                out.append(d.make(d.ESCO_UNKNOWN, loc, variant="form", uri=uri))
            else:
                labels = nearest(current, text.get("en"))
                if labels:
                    out.append(d.make(d.ESCO_UNKNOWN, loc, uri=uri, version=current.version, labels=labels))
                else:
                    out.append(d.make(d.ESCO_UNKNOWN, loc, variant="no-match", uri=uri, version=current.version))
        elif concept.status and concept.status != "released":
            by = concept.replaced_by
            out.append(
                d.make(
                    d.ESCO_REPLACED,
                    loc,
                    variant="status",
                    uri=uri,
                    label=concept.label,
                    status=concept.status,
                    new=current.version,
                    by=f"{by} ({current.label(by)})" if by else "—",
                )
            )
    return out
