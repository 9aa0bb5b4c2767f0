"""Read and check the catalogue's YAML files (a malformed catalogue is a bug: it raises)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

try:  # pragma: no cover - which branch runs depends on the PyYAML build
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from . import LANGS, RESERVED, Catalogue, Entry, Variant, fields


class CatalogueError(ValueError):
    """The message catalogue itself is malformed."""


def _texts(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or set(value) != set(LANGS):
        raise CatalogueError(f"{where}: give exactly {', '.join(LANGS)}")
    for lang, text in value.items():
        if not isinstance(text, str) or not text.strip():
            raise CatalogueError(f"{where}.{lang}: empty or not text")
    return dict(value)


def _variant(raw: Any, default: Variant | None, where: str) -> Variant:
    if not isinstance(raw, dict) or not set(raw) <= {"message", "hint", "untranslated"} or not raw:
        raise CatalogueError(f"{where}: a variant has `message`, `hint` and `untranslated` only")
    if "message" not in raw and default is None:
        raise CatalogueError(f"{where}: the default variant needs a message")
    message = _texts(raw["message"], f"{where}.message") if "message" in raw else dict(default.message)  # type: ignore[union-attr]
    hint = _texts(raw["hint"], f"{where}.hint") if raw.get("hint") is not None else {}
    untranslated = frozenset(raw.get("untranslated", ()))
    used = {lang: fields(message[lang]) | (fields(hint[lang]) if hint else set()) for lang in LANGS}
    params = frozenset(used["en"])
    for lang in LANGS:
        if not used[lang] <= params or not params - untranslated <= used[lang]:
            raise CatalogueError(
                f"{where}: the {lang} texts name {sorted(used[lang])}, the English ones {sorted(params)}"
            )
    if params & RESERVED:
        raise CatalogueError(f"{where}: {sorted(params & RESERVED)} is reserved")
    return Variant(message, hint, params, untranslated)


def _entry(code: str, raw: Any) -> Entry:
    if not isinstance(raw, dict) or "title" not in raw or "default" not in raw:
        raise CatalogueError(f"{code}: needs `title` and a `default` variant")
    default = _variant(raw["default"], None, f"{code}.default")
    variants = {"default": default}
    for name, value in raw.items():
        if name not in ("title", "default"):
            variants[name] = _variant(value, default, f"{code}.{name}")
    return Entry(_texts(raw["title"], f"{code}.title"), variants)


def _section(raw: dict[str, Any], name: str) -> dict[str, dict[str, str]]:
    return {key: _texts(value, f"common.{name}.{key}") for key, value in raw.get(name, {}).items()}


def _nouns(raw: dict[str, Any]) -> dict[str, dict[str, tuple[str, ...]]]:
    out = {}
    for key, value in raw.get("nouns", {}).items():
        if not isinstance(value, dict) or set(value) != set(LANGS):
            raise CatalogueError(f"common.nouns.{key}: give exactly {', '.join(LANGS)}")
        out[key] = {lang: tuple(forms if isinstance(forms, list) else [forms]) for lang, forms in value.items()}
    return out


def _phrases(raw: dict[str, Any]) -> dict[str, dict[str, str]]:
    """``phrases`` as given, plus the enumerations of ``terms`` as ``group.value`` phrases."""
    out = _section(raw, "phrases")
    for group, values in raw.get("terms", {}).items():
        for value, texts in values.items():
            out[f"{group}.{value}"] = _texts(texts, f"common.terms.{group}.{value}")
    return out


def read(path: Path) -> dict[str, Any]:
    data = yaml.load(path.read_bytes(), Loader=_Loader) or {}
    if not isinstance(data, dict):
        raise CatalogueError(f"{path.name}: must be a mapping")
    return data


def load(folder: Path) -> Catalogue:
    common = read(folder / "common.yml")
    codes: dict[str, Entry] = {}
    for path in sorted(folder.glob("cur*.yml")):
        for code, raw in read(path).items():
            if code in codes:
                raise CatalogueError(f"{path.name}: {code} is already in another file")
            codes[code] = _entry(code, raw)
    return Catalogue(
        codes=codes,
        labels=_section(common, "labels"),
        notes=_section(common, "notes"),
        phrases=_phrases(common),
        nouns=_nouns(common),
    )
