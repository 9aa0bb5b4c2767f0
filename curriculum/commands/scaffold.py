"""`curriculum init` and `curriculum new`: start a catalogue, add a skeleton programme."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from ..catalogue import find_root, load_catalogue
from .schema import dump

SCAFFOLD = Path(__file__).resolve().parent.parent / "scaffold"
SCHEMA_KINDS = ("framework", "qualification", "programme", "vocabulary", "standard")
ID = re.compile(r"[a-z0-9][a-z0-9._-]*")
YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def write_schemas(root: Path) -> None:
    (root / "schemas").mkdir(parents=True, exist_ok=True)
    for kind in SCHEMA_KINDS:
        (root / "schemas" / f"{kind}.schema.json").write_text(dump(kind), encoding="utf-8")


def init(directory: Path) -> int:
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        print(f"curriculum: error: {directory} exists and is not an empty folder; choose a new folder", file=sys.stderr)
        return 2
    try:
        shutil.copytree(SCAFFOLD, directory, dirs_exist_ok=True)
        (directory / "gitignore").rename(directory / ".gitignore")
        write_schemas(directory)
    except OSError as exc:
        print(f"curriculum: error: cannot create the catalogue in {directory}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"created a catalogue in {directory}: run `cd {directory} && curriculum check`")
    return 0


SKELETON = """\
# yaml-language-server: $schema=../schemas/programme.schema.json
# A new programme. Fill in each field; `curriculum check` says what is still missing.
format: 2
kind: programme
id: {ident}
title:                     # the programme's name in each language the site publishes
  kk: {ident}
  ru: {ident}
  en: {ident}
level: tvet                # tvet (college), bachelor or master
code: '00000000'           # specialty code (TVET, 8 digits) or programme code (HE, e.g. 6B01705); quote it
provider:
  name: {{kk: Колледж, ru: Колледж, en: College}}
  region: {{kk: Аймақ, ru: Регион, en: Region}}
qualifications: []         # codes of the qualifications awarded, from competencies/qualifications/
languages: [kk, ru]        # languages of instruction
semesters: 2
run: {{start: 2026-09-01, end: 2027-06-30}}   # the cohort's run; partner agreements must cover it
cohort: 5
modules:                   # modules with their hours by semester and by kind (vocabulary hour-kinds)
  - id: PP01
    title: {{kk: Өндірістік практика, ru: Производственная практика, en: Industrial practice}}
    cycle: practice        # ood, bm, pm, practice, pa, ia (TVET); ood, bd, pd, ia (HE)
    semesters:
      - {{semester: 2, hours: {{practice-industrial: 72}}, control: [graded-credit]}}
    outcomes:              # what a learner can do; `covers` maps FRAMEWORK:ITEM to a level
      - id: PP01.1
        text: {{kk: Кәсіпорында жұмыс орнын ұйымдастырады, ru: Организует рабочее место на предприятии, en: Organises the workplace at the enterprise}}
{covers}        venue: workplace       # college, workplace or both
        assessed_by: [PP01-MR]
    assessments:
      - {{id: PP01-MR, type: mentor-report, venue: workplace, title: {{kk: Тәлімгердің есебі, ru: Отчёт наставника, en: Mentor report}}}}
partners:                  # enterprises with an agreement, mentors and a training plan
  - id: partner-1
    name: {{kk: Серіктес кәсіпорын, ru: Предприятие-партнёр, en: Partner enterprise}}
    region: '750000000'    # KATO code of the region (vocabulary regions)
    places: 5
    agreement: {{number: '1', parties: [College, Partner enterprise], signed: 2026-06-01, start: 2026-09-01, end: 2027-06-30}}
    mentors:
      - {{name: Mentor, position: {{kk: Шебер, ru: Мастер, en: Foreman}}}}
    training_plan:
      - {{unit: PP01, semester: 2, hours: 72}}
"""


def new_programme(ident: str, root: Path | None) -> int:
    folder = find_root(root or Path.cwd())
    if folder is None:
        print("curriculum: error: no catalogue here; run `curriculum init DIR` first", file=sys.stderr)
        return 2
    if not ID.fullmatch(ident) or ident in YAML11_WORDS or ident.replace(".", "").isdigit():
        print(
            f"curriculum: error: `{ident}` is not a usable programme id; use lower-case letters, digits, `.`, `_`"
            " and `-`, starting with a letter or digit (e.g. web-2026)",
            file=sys.stderr,
        )
        return 2
    target = folder / "programmes" / f"{ident}.yml"
    catalogue = load_catalogue(folder)
    if target.exists() or ident in catalogue.programmes:
        print(f"curriculum: error: a programme `{ident}` exists already", file=sys.stderr)
        return 2
    first = next((f"{fid}:{next(iter(ix.items))}" for fid, ix in sorted(catalogue.indexes.items()) if ix.items), None)
    covers = f"        covers: {{{first}: introduced}}\n" if first else ""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(SKELETON.format(ident=ident, covers=covers), encoding="utf-8")
    print(f"created {target.relative_to(folder)}")
    return 0
