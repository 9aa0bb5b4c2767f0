"""The example catalogue checks clean, and breaking it in each rule's way makes that rule fire."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from curriculum.catalogue import load_catalogue
from curriculum.checks import check_path
from curriculum.checks.coverage import needs_of
from curriculum.diagnostics import Severity

ROOT = Path(__file__).resolve().parent.parent
Data = dict[str, Any]


def test_example_catalogue_is_clean_and_big_enough() -> None:
    result = check_path(ROOT)
    errors = [f"{x.file}:{x.line} {x.code} {x.message}" for x in result.failing(Severity.ERROR)]
    assert errors == []
    catalogue = result.catalogue
    programmes = list(catalogue.programmes.values())
    assert len(programmes) >= 5
    assert sum(p.level == "tvet" for p in programmes) >= 3
    assert sum(p.level == "bachelor" for p in programmes) >= 2
    modules = sum(len(p.modules) for p in programmes)
    outcomes = sum(len(m.outcomes) for p in programmes for m in p.modules)
    assert modules >= 48 and outcomes >= 200, (modules, outcomes)
    assert all(p.illustrative for p in programmes)
    assert all(len(p.partners) >= 3 for p in programmes)
    assert any(p.waivers for p in programmes)
    assert all(
        w.justification and w.justification.has("kk") and w.justification.has("ru")
        for p in programmes
        for w in p.waivers
    )
    # deliberate gaps are waived, and the waivers are in use
    assert any(cov.waived for cov in result.coverage.values())
    assert not [x for x in result.diagnostics if x.code in ("CUR702", "CUR704")]


# -- mutations: each takes the programme's YAML data and the names of one of its requirements
def _outcomes(data: Data) -> list[Data]:
    return [o for m in data["modules"] for o in m.get("outcomes", [])]


def _covering(data: Data, ref: str) -> list[Data]:
    return [o for o in _outcomes(data) if any(k == ref or k.startswith(ref + ".") for k in o.get("covers", {}))]


def uncover(data: Data, ref: str) -> None:
    for o in _covering(data, ref):
        for k in [k for k in o["covers"] if k == ref or k.startswith(ref + ".")]:
            del o["covers"][k]
        if not o["covers"]:
            o["covers"] = {k: v for k, v in list(_outcomes(data)[0]["covers"].items())[:1]}


def unassess(data: Data, ref: str) -> None:
    for o in _covering(data, ref):
        o["assessed_by"] = []


def college_only(data: Data, ref: str) -> None:
    for o in _covering(data, ref):
        o["venue"] = "college"


def lower_level(data: Data, ref: str) -> None:
    for o in _covering(data, ref):
        for k in o["covers"]:
            if k == ref or k.startswith(ref + "."):
                o["covers"][k] = "introduced"


def _last_semester(m: Data) -> int:
    return max(x["semester"] for x in m["semesters"])


def mastered_first(data: Data, ref: str) -> None:
    modules = sorted(data["modules"], key=_last_semester)
    first = next(m for m in modules if m.get("outcomes"))
    last = next(m for m in reversed(modules) if m.get("outcomes") and _last_semester(m) > _last_semester(first))
    first["outcomes"][0]["covers"][ref] = "mastered"
    last["outcomes"][0]["covers"][ref] = "introduced"


def clear_waivers(data: Data, ref: str) -> None:
    data.pop("waivers", None)


MUTATIONS: dict[str, Callable[[Data, str], None]] = {
    "CUR301": uncover,
    "CUR302": unassess,
    "CUR303": college_only,
    "CUR304": lower_level,
    "CUR305": mastered_first,
}


def _programme_files(root: Path) -> list[Path]:
    return sorted((root / "programmes").glob("*.yml"))


def _load(path: Path) -> Data:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _save(path: Path, data: Data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "example"
    for name in ("programmes", "competencies"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def _first_programme(root: Path, test: Callable[[Data], bool] = lambda d: True) -> tuple[Path, Data]:
    for path in _programme_files(root):
        data = _load(path)
        if test(data):
            return path, data
    pytest.fail("the example catalogue has no programme of that kind: the rule can no longer be shown on it")


def _codes(root: Path, programme: str) -> set[str]:
    return {x.code for x in check_path(root).diagnostics if x.programme == programme}


@pytest.mark.parametrize("code", sorted(MUTATIONS))
def test_coverage_rules_fire_on_the_example(example: Path, code: str) -> None:
    path, data = _first_programme(example)
    catalogue = load_catalogue(example)
    programme = catalogue.programmes[data["id"]]
    waived = {w.competency for w in programme.waivers}
    ref = next(n.competency for n in needs_of(catalogue, programme) if n.competency not in waived)
    MUTATIONS[code](data, ref)
    _save(path, data)
    assert code in _codes(example, data["id"])


def _set(key: str, value: Any) -> Callable[[Data], None]:
    def mutate(data: Data) -> None:
        data[key] = value

    return mutate


def _partner(fn: Callable[[Data], None]) -> Callable[[Data], None]:
    return lambda data: fn(data["partners"][0])


def _all_practice(data: Data) -> None:
    """Every hour at the college: no semester keeps hours at the workplace, and workplace-only kinds of
    practice become educational practice (venue `both`, at the college unless `workplace:` says otherwise)."""
    for m in data["modules"]:
        for x in m["semesters"]:
            x.pop("workplace", None)
            for kind in ("practice-industrial", "practice-prediploma", "practice-pedagogical"):
                if kind in x["hours"]:
                    hours = x["hours"].pop(kind)
                    x["hours"]["practice-educational"] = x["hours"].get("practice-educational", 0) + hours


def _plan_off_by_one(partner: Data) -> None:
    partner["training_plan"][0]["hours"] += 1


def _no_plans(data: Data) -> None:
    for x in data["partners"]:
        x["training_plan"] = [e for e in x["training_plan"] if e["hours"] == -1]


def _drop_kk(data: Data) -> None:
    data["modules"][0]["title"].pop("kk")


def _hours_total(data: Data) -> None:
    data.setdefault("hours", {})["total"] = 1


def _credits(data: Data) -> None:
    module = next(m for m in data["modules"] if m.get("credits"))
    module["credits"] += 1


def _small_discipline(data: Data) -> None:
    module = next(m for m in data["modules"] if m["cycle"] in ("ood", "bd", "pd") and m.get("credits"))
    module["credits"] = 2
    module["semesters"] = [{"semester": module["semesters"][0]["semester"], "hours": {"contact": 40, "sro": 20}}]


def _one_mentor(partner: Data) -> None:
    partner["mentors"] = [{k: v for k, v in partner["mentors"][0].items() if k != "trainees"}]
    partner["places"] = 9


def _unjustified(data: Data) -> None:
    data["waivers"][0].pop("justification")


def _stale_waiver(data: Data) -> None:
    waived = {w["competency"] for w in data.get("waivers", [])}
    required = [o for o in _outcomes(data) for k in o.get("covers", {}) if k.startswith("ws-") and k not in waived]
    ref = next(k for k in required[0]["covers"] if k.startswith("ws-"))
    data.setdefault("waivers", []).append(
        {"competency": ref, "rules": ["CUR301"], "justification": {"kk": "ә", "ru": "я"}}
    )


def _general_education_in_one_semester(data: Data) -> None:
    """As the mechanically migrated example had it: all general education in semester 2."""
    for m in data["modules"]:
        if m["cycle"] == "ood":
            hours: dict[str, int] = {}
            for x in m["semesters"]:
                for kind, h in x["hours"].items():
                    hours[kind] = hours.get(kind, 0) + h
            m["semesters"] = [{"semester": 2, "hours": hours, "control": ["exam"]}]


def _five_credits_more_in_semester_1(data: Data) -> None:
    module = next(m for m in data["modules"] if m.get("credits") == 5 and m["semesters"][0]["semester"] > 1)
    for x in module["semesters"]:
        x["semester"] = 1


def _drop_intermediate_attestation(data: Data) -> None:
    data["modules"] = [m for m in data["modules"] if m["cycle"] != "pa"]


def _with_calendar(level: str) -> Callable[[Data], bool]:
    return lambda d: d["level"] == level and bool(d.get("calendar"))


def _requires_worldskills_sections(data: Data) -> bool:
    """Programmes whose outcomes cover WorldSkills sections directly (their qualifications require them)."""
    return any(k.startswith("ws-") and k.count(".") == 0 for o in _outcomes(data) for k in o.get("covers", {}))


RULE_MUTATIONS: dict[str, tuple[Callable[[Data], bool], Callable[[Data], None]]] = {
    "CUR307": (lambda d: True, lambda d: _outcomes(d)[0].__setitem__("covers", {})),
    "CUR401": (lambda d: d["level"] == "tvet", _all_practice),  # no workplace-share rule for HE
    "CUR402": (lambda d: True, _partner(lambda x: x["agreement"].__setitem__("end", "2020-01-01"))),
    "CUR403": (lambda d: True, _partner(lambda x: x.__setitem__("mentors", []))),
    "CUR404": (lambda d: True, _partner(_one_mentor)),
    "CUR405": (lambda d: True, lambda d: [x.__setitem__("places", 0) for x in d["partners"]]),
    "CUR406": (lambda d: True, _partner(_plan_off_by_one)),
    "CUR407": (lambda d: True, _no_plans),
    "CUR408": (lambda d: True, _set("partners", [])),
    "CUR501": (lambda d: True, _hours_total),
    "CUR502": (lambda d: any(m.get("credits") for m in d["modules"]), _credits),
    "CUR503": (lambda d: d["level"] == "bachelor", _small_discipline),
    "CUR504": (lambda d: d["level"] == "bachelor", _set("credits", 120)),
    "CUR510": (_with_calendar("tvet"), _general_education_in_one_semester),
    "CUR511": (lambda d: d.get("base_education") == "grade-9", _drop_intermediate_attestation),
    "CUR512": (lambda d: d["level"] == "bachelor", _five_credits_more_in_semester_1),
    "CUR601": (lambda d: isinstance(d["modules"][0]["title"], dict), _drop_kk),
    "CUR701": (lambda d: bool(d.get("waivers")), _unjustified),
    "CUR702": (_requires_worldskills_sections, _stale_waiver),
}


@pytest.mark.parametrize("code", sorted(RULE_MUTATIONS))
def test_rules_fire_on_the_example(example: Path, code: str) -> None:
    test, mutate = RULE_MUTATIONS[code]
    path, data = _first_programme(example, test)
    mutate(data)
    _save(path, data)
    assert code in _codes(example, data["id"])


def test_requirement_set_ignored_fires_on_the_example(example: Path) -> None:
    path, data = _first_programme(example, lambda d: any(x.get("requirement_set") for x in d["partners"]))
    partner = next(x for x in data["partners"] if x.get("requirement_set"))
    prefix = partner["requirement_set"] + ":"
    for o in _outcomes(data):
        for k in [k for k in o.get("covers", {}) if k.startswith(prefix)]:
            del o["covers"][k]
    _save(path, data)
    assert "CUR308" in _codes(example, data["id"])


def test_weighting_rule_fires_on_the_example(example: Path) -> None:
    catalogue = load_catalogue(example)
    ws = {fid for fid, ix in catalogue.indexes.items() if ix.framework.type == "worldskills"}
    path, data = _first_programme(
        example, lambda d: any(k.split(":")[0] in ws for o in _outcomes(d) for k in o.get("covers", {}))
    )
    target = next(o for o in _outcomes(data) if any(k.split(":")[0] in ws for k in o.get("covers", {})))
    target["hours"] = 100000
    _save(path, data)
    assert "CUR306" in _codes(example, data["id"])
