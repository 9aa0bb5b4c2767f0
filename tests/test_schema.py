"""The JSON Schemas derived from the model reject what the checker rejects for types and fields."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from curriculum.commands.schema import dump
from curriculum.schema import json_schema

from .conftest import case_dirs, materialise

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_CODES = {"CUR101", "CUR102", "CUR103", "CUR104", "CUR105", "CUR106", "CUR107"}
KIND_BY_SCHEMA = {"framework": "framework", "qualification": "qualification", "programme": "programme"}


def _schema_for(path: Path) -> dict[str, Any]:
    rel = path.as_posix()
    if "\nkind: figures\n" in path.read_text(encoding="utf-8"):  # declared figures sit in any data folder
        kind = "figures"
    elif "/vocabularies/" in rel:
        kind = "vocabulary"
    elif "/standards/" in rel:
        kind = "standard"
    elif "/programmes/" in rel:
        kind = "programme"
    elif "/qualifications/" in rel:
        kind = "qualification"
    else:
        kind = "framework"
    return json_schema(kind)


def _errors(path: Path) -> list[str]:
    try:
        data = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: an impossible date such as 2025-09-31
        return [str(exc)]
    data = _dates_as_text(data)
    validator = jsonschema.Draft202012Validator(_schema_for(path), format_checker=jsonschema.FormatChecker())
    return [e.message for e in validator.iter_errors(data)]


def _format_1(path: Path) -> bool:
    try:
        data = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    except (yaml.YAMLError, ValueError):
        return False
    return isinstance(data, dict) and "format" not in data and data.get("kind") in KIND_BY_SCHEMA


def _dates_as_text(value: Any) -> Any:
    """Editors read YAML 1.2, where an unquoted date is text; PyYAML (1.1) makes it a date object."""
    import datetime

    if isinstance(value, dict):
        return {k: _dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def test_committed_schemas_are_current() -> None:
    for kind in ("framework", "qualification", "programme", "vocabulary", "standard", "figures"):
        committed = (ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")
        assert committed == dump(kind), f"schemas/{kind}.schema.json is stale: run `curriculum schema -o schemas`"


def test_example_catalogue_is_valid() -> None:
    files = sorted((ROOT / "programmes").rglob("*.yml")) + sorted((ROOT / "competencies").rglob("*.yml"))
    files += sorted((ROOT / "curriculum" / "vocabularies").glob("*.yml"))
    files += sorted((ROOT / "standards").glob("*.yml")) + sorted((ROOT / "curriculum" / "standards").glob("*.yml"))
    assert files
    for path in files:
        assert _errors(path) == [], path


@pytest.mark.parametrize("case", case_dirs(), ids=lambda p: p.name)
def test_schema_agrees_with_checker(case: Path, tmp_path: Path) -> None:
    root = tmp_path / "catalogue"
    spec = materialise(case, root)
    if spec.get("schema_cannot_express"):
        pytest.skip(spec["schema_cannot_express"])
    flagged = {x["file"] for x in spec.get("expect", []) if x["code"] in SCHEMA_CODES}
    for path in sorted(list((root / "programmes").rglob("*.yml")) + list((root / "competencies").rglob("*.yml"))):
        rel = path.relative_to(root).as_posix()
        if any(x["file"] == rel and x["code"].startswith("CUR0") for x in spec.get("expect", [])):
            continue  # not readable YAML (syntax, encoding, alias bomb…): no schema question
        if _format_1(path):
            continue  # an older format is migrated before it is checked; the editor schemas describe the current one
        errors = _errors(path)
        if rel in flagged:
            assert errors, f"{rel}: the checker reports a schema problem that the JSON Schema accepts"
        else:
            assert errors == [], f"{rel}: the JSON Schema rejects a file the checker accepts: {errors}"


def test_format_reference_is_current() -> None:
    from curriculum.reference import render

    committed = (ROOT / "docs" / "reference" / "format.md").read_text(encoding="utf-8")
    assert committed == render(), (
        "docs/reference/format.md is stale: run `curriculum reference -o docs/reference/format.md`"
    )


def test_type_hints_are_typings_own() -> None:
    """The schema's quick reading of the model's type hints gives what ``typing.get_type_hints`` gives,
    for every model class (and for a class whose names shadow the module's, through typing itself)."""
    import dataclasses
    import inspect
    import typing

    from curriculum import model, schema

    classes = {
        cls
        for module in vars(model).values()
        if inspect.ismodule(module) and module.__name__.startswith("curriculum.model")
        for cls in vars(module).values()
        if inspect.isclass(cls) and dataclasses.is_dataclass(cls) and cls.__module__.startswith("curriculum.model")
    }
    assert len(classes) > 20
    for cls in classes:
        assert schema.hints(cls) == typing.get_type_hints(cls, include_extras=True), cls

    @dataclasses.dataclass
    class Shadow:
        Text: type = int
        other: Text | None = None  # here ``Text`` is the class's own attribute (int), as typing reads it

    assert (
        schema.hints(Shadow)
        == typing.get_type_hints(Shadow, include_extras=True)
        == {"Text": type, "other": int | None}
    )
