"""The format reference for programme developers, generated from the model, settings and rules.

`curriculum reference -o docs/reference/format.md` writes it; a test keeps the committed copy current.
"""

from __future__ import annotations

import dataclasses
import typing
from pathlib import Path
from typing import Any, Literal

from .diagnostics import RULES
from .graph import EDGE_KINDS, NODE_KINDS
from .messages import title
from .model import KINDS, Date, Text
from .schema import _fields, _hints, _optional, keyed_by, required
from .settings import Settings

PACKAGE = Path(__file__).resolve().parent
SCAFFOLD = PACKAGE / "scaffold"
EXAMPLES = {
    "framework": "competencies/ws-webtech.yml",
    "qualification": "competencies/qualifications/4S06130103.yml",
    "programme": "programmes/example-web.yml",
}
SHIPPED = {"vocabulary": "vocabularies/regions.yml", "standard": "standards/esg-2015.yml"}
DOCUMENTED = {"figures": "results/figures-example.yml"}  # examples kept beside the code that reads them
INTRO = """\
# Format reference

This page is generated from the toolkit's data model (`curriculum reference`); the JSON Schemas in
`schemas/` come from the same definitions, so editors, the checker and this page always agree.

A catalogue is a folder with:

| path | holds |
|---|---|
| `competencies/*.yml` | frameworks: professional standards, WorldSkills occupational standards, employer requirement sets, NQF descriptors (`kind: framework`) |
| `competencies/qualifications/*.yml` | qualifications (`kind: qualification`) |
| `programmes/*.yml` | one dual programme per file (`kind: programme`) |
| `competencies/vocabularies/*.yml` | coded lists (`kind: vocabulary`), e.g. regions; replace the toolkit's list of the same id |
| `programmes/*.yml`, `competencies/*.yml` | declared figures (`kind: figures`): indicators typed by hand from a published source, shown apart from (and beside) those computed from the results store |
| `standards/*.yml` | accreditation standards (`kind: standard`): criteria, ESG crosswalk, evidence; replace the toolkit's `esg-2015` with a file of the same id |
| `programmes/<file>-sar/<lang>/<criterion>.md` | the self-assessment narrative of a programme's pending accreditation, per criterion of its standard and language (Markdown) |
| `mkdocs.yml` | the site's configuration, and the toolkit's settings under `extra: curriculum:` |

**Conventions.** One YAML document per file. Ids and codes are text: quote anything YAML 1.1 would
read as a number, a boolean or a date (`'012'`, `'07130100'`, `'1.10'`, `'no'`); the checker reports
unquoted ones (CUR104). A *text* is either one string, used in every language, or a map of
languages `{kk: …, ru: …, en: …}`. A competency is referenced as `FRAMEWORK:ITEM` (`ws-webtech:4`,
`ps-electrician:TF2.S3`); covering an item counts for every item above it in its framework.
Levels are `introduced` < `reinforced` < `mastered`. Dates are `YYYY-MM-DD`.

**Formats.** Every data file states its format, `format: 2`. A file without it is format 1 (modules
with `type`, one `semester` and `hours: {theory, practice, workplace}`; regions as text): the
toolkit reads it by migrating it in memory and notes so (CUR120); `curriculum migrate [PATH]`
rewrites such files in the current format, keeping comments and key order. Old revisions of a
catalogue read by `curriculum diff` go through the same migration. A format newer than the
toolkit's cannot be read (CUR121). A format-1 region that names no region of the vocabulary is
reported (CUR122) and left for its author.

**Hours.** A module spreads its hours over the semesters it runs in (`semesters`), each by kind
(`hours: {KIND: HOURS}`, kinds from the vocabulary `hour-kinds`: TVET theory, ЛПЗ, course project,
industrial training, consultations; HE contact hours, СРОП, СРО; practice by kind; attestation).
Each kind has a venue in the vocabulary: a `workplace` kind is at the enterprise, a `college` kind
at the college or university, and of a `both` kind the semester's `workplace: {KIND: HOURS}` says
how many are at the enterprise (CUR230). Modules of an elective group count once per choice: the
first `choose` of its modules enter the totals (CUR231). An outcome's hours are its `hours`;
outcomes without `hours` share equally what the others leave of the module's hours. An outcome's
hours are split equally among the items of a framework it covers (used for the WorldSkills
weighting rule, CUR306).
Shares of required competencies (covered, assessed, at the workplace, at level, WorldSkills
weighted) count waived gaps as not met: a waiver explains a gap, it does not close it.

**Rules of the working curriculum, their settings and sources.** Each limit is a setting under
`extra: curriculum:`; where the source is unsure, so is the default, and the catalogue decides.

| rule | setting (default) | source |
|---|---|---|
| CUR510 weekly load of a semester: hours of the kinds taught in theory weeks over the calendar's theory weeks (and practice over practice weeks); a semester exactly at the limit passes; no calendar, no finding; TVET only by default | `max_weekly_hours` (36), `weekly_load_levels` (`[tvet]`) | the compulsory weekly study load of the TVET state standard (Order No. 348 of 3 Aug 2022, amended by Order No. 132 of 31 May 2024). Higher education counts its load in credits (CUR512, CUR513), not in classroom hours a week |
| CUR511 a TVET programme's volume for its base education: all its hours in credits of `tvet_hours_per_credit` at least the credits for its `base_education`; exactly at the minimum passes; a base not listed, or no `base_education`, is not checked | `tvet_base_credits` (`{grade-9: 240, grade-11: 180}`), `tvet_hours_per_credit` (24) | TVET state standard (Order No. 348 of 3 Aug 2022, annex 5, ch. 5): 240 credits after grade 9, 180 after grade 11, as colleges' programme documents quote it — second-hand [P]; the same documents give larger loads for some years (274 credits / 6,576 h after grade 9), hence a minimum. The nominal durations that follow (3 years 10 months after grade 9, 2 years 10 months after grade 11, 40 weeks of 36 h a year) are not checked [U] |
| CUR512 / CUR513 HE credits per semester and per course year: a module's credits shared among its semesters by their hours (a module without credits: its hours over `he_hours_per_credit`); course years from the calendar, else semesters paired; exactly at the limit passes | `he_semester_credits` (30), `he_year_credits` (60) | higher-education state standard (Order No. 2 of 20 Jul 2022): an academic year of 60 credits, 1 credit = 30 h [P] for the yearly figure; 30 a semester is half of it |
| CUR514 hours at the enterprise a week of trainees under 18 (and under 16): in the course years `minor_years` (`under16_years`) gives for the base education, against the lower cap that holds in the year, the hours at the enterprise in practice weeks over the practice weeks and, with day release, in theory weeks over the theory weeks (with block alternation the blocks' weeks are not in the calendar and are not computed); exactly at the cap passes; where the weekly load is already over a limit no higher (CUR510), that finding stands alone | `minor_weekly_hours` (36), `minor_years` (`{grade-9: 2, grade-11: 1}`), `under16_weekly_hours` (24), `under16_years` (`{grade-9: 1}`) | Labour Code of the Republic of Kazakhstan of 23 Nov 2015, art. 69 §1: reduced working time of at most 36 h a week for workers aged 16 to 18 and 24 h from 14 to 16 [C] (tkrk.kz, text of art. 69 with commentary). Which course years are under 18 and under 16 is an assumption about entrants' ages (15–16 after grade 9, 17 after grade 11) [U] |
| CUR401 / CUR410 workplace share: hours at the enterprise of the industrial training and professional practice (`dual_share_kinds`) of the professional modules and practice (`dual_share_cycles`), not physical education, general-education labs or ЛПЗ at the college | `workplace_share` (0.6), `workplace_share_bound` (`minimum`), `workplace_share_base` (`practical`), `workplace_share_levels` (`[tvet]`) | Rules for organising dual training, Order No. 50 of 21 Jan 2016 (amended 2023); wording varies: "not less than 60 %" (Atameken; a 2022 college collection) vs "up to 60 % of study time" (Ministry, 2025) [P], hence minimum *or* maximum. No such rule is known for bachelor programmes (KAZDUAL: "flexible"), so HE is off by default. The official "share of dual training" is a share of *students* (enrolment data), not of hours: the dashboard figure is called "share of all hours at the workplace" |
| CUR411 a partner's training plan hosts hours of modules counted in the programme; CUR414 a plan entry lies in a semester its module runs in | — | the dual-training agreement names the enterprise's workplace training (Order No. 50 of 21 Jan 2016) [P] |
| CUR412 / CUR413 the workplace share per partner: the base hours its training plan hosts over the programme's base, the share of a trainee placed there; shown per partner on the programme page and in the JSON report whatever the setting | `workplace_share_per_partner` (off), with the programme rule's settings | as CUR401; whether the share binds each enterprise or the programme as a whole is not stated [U] — trainees often rotate between enterprises, hence off by default |
| CUR232 a TVET qualification belongs to the programme's specialty: the first `tvet_specialty_prefix` digits after level and letter are the specialty's (07130100 awards 4S07130103, not 4S07140102) | `tvet_specialty_prefix` (6), `tvet_qualification_code` | TVET classifier of specialties and qualifications [P] |
| CUR233 an HE programme code lies in the group of its qualification's specialty (6B01301 is in 6B013) | `he_code` | Register of educational programmes, Order MSHE No. 106 of 12 Oct 2022 (codes by area, direction, group) [P] |
| CUR503 / CUR504 HE credits: a discipline (cycles ООД, БД, ПД; practice excluded) at least 5 credits; a bachelor programme at least 240 | `he_min_discipline_credits` (5), `min_credits_bachelor` (240), `min_credits_master` (60) | higher-education state standard (Order No. 2 of 20 Jul 2022) [C] |
| CUR234 every kind of practice the standard requires is planned (hours > 0 in a counted module) | the kinds' `required` (levels) and `required_codes` (programme-code beginnings) in the vocabulary `hour-kinds`: TVET and bachelor — educational, industrial (technological) and pre-diploma practice; teaching practice for codes `6B01…` (education) | TVET state standard (Order No. 348 of 3 Aug 2022, amended by Order No. 132 of 31 May 2024) and higher-education state standard (Order No. 2 of 20 Jul 2022) list the kinds of professional practice; the lists are second-hand [P], and whether teaching practice is required beyond group 6B01 (e.g. for master's programmes) is not confirmed — hence a warning, and a vocabulary the catalogue can replace |
| CUR235 pre-diploma practice last: after the last semester with pre-diploma hours, only final attestation | `final_practice_kinds` (`[practice-prediploma]`), `final_attestation_kinds` (`[final-attestation]`) | the standards place pre-diploma practice before the final attestation [P]; the check works by semester (other hours in the same semester pass) |
| CUR236 / CUR237 a final attestation is planned; for TVET it includes a demonstration exam (form of control `demo-exam` or an assessment of type `demonstration-exam`) | `final_attestation_kinds`, `demo_exam_levels` (`[tvet]`) | final attestation: both state standards [C]; demonstration exams to the WorldSkills format in colleges since 2020 [C], but whether every dual programme's final attestation must include one is not confirmed [P] — hence a warning |
| CUR238 forms of control: a module's last semester has one, and so does every semester with hours (a module of attestation hours only — the exam sessions of intermediate attestation — is the control itself) | — | the working curriculum closes each semester by intermediate attestation (экзамен, зачёт, дифференцированный зачёт) [P] |


**Vocabularies.** Coded lists that fields refer to by code: the toolkit ships regions of Kazakhstan
(KATO codes), kinds of hours (`hour-kinds`), cycles (`cycles`), HE components (`components`), forms
of control (`control-forms`), bases of education (`base-education`) and forms of study
(`study-forms`); a catalogue replaces one with a file of the same `id` (another country,
another edition). A term that a later edition replaced stays readable, with a warning (CUR217).

**Requirements.** A programme must cover what its qualifications require (each `requires` entry:
one item, a whole framework's top-level items when no item is given, or every leaf below the item
with `subtree: true`) and every leaf of each partner's `requirement_set` at the partner's
`required_level`. A deliberate gap needs a waiver with a justification; the site shows it.
"""


def _type_name(tp: Any) -> str:
    tp, optional = _optional(tp)
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        keyed = keyed_by(tp)[1]
        return f"map of {keyed.key} → {keyed.value}"
    if origin is Literal:
        return " \\| ".join(f"`{a}`" for a in typing.get_args(tp))
    if origin is tuple:
        return f"list of {_type_name(typing.get_args(tp)[0])}"
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return f"[{tp.__name__}](#{tp.__name__.lower()})"
    return {str: "text (id)", int: "whole number", float: "number", bool: "true/false", Text: "text", Date: "date"}.get(
        tp, str(tp)
    )


def _table(cls: type) -> tuple[list[str], list[type]]:
    lines = ["| field | type | required | default | meaning |", "|---|---|---|---|---|"]
    nested: list[type] = []
    for f in _fields(cls):
        tp = _hints(cls)[f.name]
        base = _optional(tp)[0]
        inner = typing.get_args(base)[0] if typing.get_origin(base) is tuple else base
        if typing.get_origin(inner) is typing.Annotated:
            inner = None  # written as a map `KEY: value` (its row says so): no table of fields, no list form
        if dataclasses.is_dataclass(inner):
            nested.append(inner)  # type: ignore[arg-type]
        default = "" if required(f) else _default(f)
        doc = f.metadata.get("doc", "").replace("|", "\\|")
        lines.append(f"| `{f.name}` | {_type_name(tp)} | {'yes' if required(f) else ''} | {default} | {doc} |")
    return lines, nested


def _default(f: dataclasses.Field[Any]) -> str:
    if f.default_factory is not dataclasses.MISSING:
        value = f.default_factory()
        if value and dataclasses.is_dataclass(value[0]):
            return f"`{{{', '.join(_pair(x) for x in value)}}}`"  # keyed: `{KEY: VALUE, …}` as written
        return f"`{list(value)}`" if value else ""
    return "" if f.default is None else f"`{str(f.default).lower() if isinstance(f.default, bool) else f.default}`"


def _pair(node: Any) -> str:
    key, value = (getattr(node, g.name) for g in dataclasses.fields(node) if not g.metadata.get("internal"))
    return f"{key}: {value:g}" if isinstance(value, float) else f"{key}: {value}"


def render() -> str:
    out = [INTRO]
    seen: set[type] = set()
    for kind, cls in KINDS.items():
        out.append(f"## {kind.capitalize()} files\n")
        queue = [cls]
        while queue:
            current = queue.pop(0)
            if current in seen:
                continue
            seen.add(current)
            lines, nested = _table(current)
            out += [f"### {current.__name__}\n", *lines, ""]
            queue += [n for n in nested if n not in seen]
        if kind in DOCUMENTED:
            example = (PACKAGE / DOCUMENTED[kind]).read_text(encoding="utf-8")
            where = "A set of declared figures (any data folder, e.g. `programmes/figures-2025.yml`):\n"
        elif kind in SHIPPED:
            example = (PACKAGE / SHIPPED[kind]).read_text(encoding="utf-8")
            where = f"`curriculum/{SHIPPED[kind]}`, shipped with the toolkit:\n"
        else:
            example = (SCAFFOLD / EXAMPLES[kind]).read_text(encoding="utf-8")
            where = f"`{EXAMPLES[kind]}`, as `curriculum init` creates it:\n"
        out += [
            f"### A complete {kind}\n",
            where,
            "```yaml",
            example.rstrip(),
            "```",
            "",
        ]
    out.append("## Settings (`extra: curriculum:` in `mkdocs.yml`)\n")
    out += _table(Settings)[0]
    out += [
        "",
        "## Diagnostics\n",
        "Codes are stable; severities are the defaults. `curriculum check --lang kk|ru|en` reports them in Kazakh,",
        "Russian or English (default).\n",
        "| code | severity | meaning | мағынасы | значение |",
        "|---|---|---|---|---|",
    ]
    out += [
        f'| <a id="{r.code.lower()}"></a>`{r.code}` | {r.severity} | {r.title} | {title(r.code, "kk")} | {title(r.code, "ru")} |'
        for r in RULES.values()
    ]
    out += ["", ADDING_A_CODE, JSON_REPORT, GRAPH_INTRO, "| node kind | id | attributes |", "|---|---|---|"]
    out += [f"| `{k}` | `{i}` | {a} |" for k, i, a in NODE_KINDS]
    out += ["", "| edge kind | from → to | attributes |", "|---|---|---|"]
    out += [f"| `{k}` | {w} | {a} |" for k, w, a in EDGE_KINDS]
    return "\n".join(out) + "\n"


GRAPH_INTRO = """
## The coverage graph (`curriculum graph`)

`curriculum graph [PROGRAMME] --format dot|graphml|json` exports the graph the checks run on.
Coverage is read along `covers` edges; an item's coverage counts for the items above it
(`contains` edges inside a framework).
"""

ADDING_A_CODE = """\
### Adding a code

Every finding's words come from one catalogue, `curriculum/messages/`: `common.yml` (report labels,
notes of related locations, shared phrases, enumerations such as levels and statuses, counted nouns
with their plural forms) and one file per block of codes (`cur0xx.yml` … `cur8xx.yml`). To add a code:

1. Register it in `curriculum/diagnostics.py`, in its stage's block:
   `NAME = rule("CUR3nn", W, "english title")` (a published code keeps its meaning).
2. Give it an entry in the block's file, with the same English title and the words in all three
   languages. Parameters are named in braces and are the same in every language:

   ```yaml
   CUR3nn:
     title: {en: "english title", ru: "русское название", kk: "қазақша атауы"}
     default:
       message:
         en: "`{competency}` is … in `{programme}`"
         ru: "компетенция `{competency}` … в `{programme}`"
         kk: "`{competency}` құзыреті `{programme}` бағдарламасында …"
       hint: {en: "…", ru: "…", kk: "…"}
     other-wording:          # further variants: a message and/or a hint (a hint alone reuses the default message)
       hint: {en: "…", ru: "…", kk: "…"}
   ```

3. Emit it with exactly those parameters:
   `d.make(d.NAME, loc, competency=ref, programme=p.id)`; `variant="other-wording"` picks a variant,
   `suggest=` a close match (the hint becomes "did you mean …?"), `related=[d.related(loc, "required")]`
   adds related locations (notes from `common.yml`). A parameter may be a model text (shown in the
   reader's language), `term("level", value)` for an enumerated value, `Phrase(key, …)`,
   `Count(n, noun)` or `Exact(value, bound)` (a number printed precisely enough to keep its side of a
   threshold).
4. Add a case folder in `tests/cases/` (exact code, file, line, column, related locations, exit code).

`tests/test_messages.py` fails when a registered code has no entry, a language is missing, the
languages name different parameters, or a call site passes other parameters than its template names.
Sites and other tools render a finding in any language with `diagnostic.message_in(lang)`,
`hint_in(lang)`, `title_in(lang)`, and a related location's note with `related.note_in(lang)`.

"""

JSON_REPORT = """\
## The JSON report (`--format json`, version 1)

```json
{
  "version": 1,
  "lang": "en",
  "tool": {"name": "curriculum", "version": "0.1.0"},
  "summary": {"error": 0, "warning": 0, "info": 0, "files": 3},
  "programmes": {"example-web": {"required": 5, "covered": 1.0, "assessed": 1.0, "workplace": 1.0,
                 "at_level": 1.0, "gaps": 0, "waived": 0, "workplace_hours": 740,
                 "workplace_share": 0.84, "weighted:ws-webtech": 1.0, "blocking_total": 10,
                 "delay_total": 25, "centrality_total": 23, "complexity_total": 35}},
  "partners": {"example-web": [{"partner": "alpha-soft", "places": 12, "hours": 770, "workplace_hours": 740,
                                 "base_hours": 880, "workplace_share": 0.84, "part": 0.48}]},
  "metrics": {"example-web": {"PM02": {"blocking": 2, "delay": 5, "centrality": 9, "complexity": 7}}},
  "diagnostics": [{"code": "CUR301", "severity": "error", "title": "…", "message": "…", "hint": "…",
                   "file": "programmes/x.yml", "line": 12, "column": 5, "path": "modules[0]", "programme": "x",
                   "related": [{"file": "competencies/qualifications/q.yml", "line": 19, "column": 5,
                                "note": "required at competencies/qualifications/q.yml:19:5"}]}]
}
```
Texts (`title`, `message`, `hint`, `note`) are in the language asked with `--lang`; `related` lists the
other places a finding concerns (where a competency is required, where an id was first defined).
Shares are between 0 and 1. A programme's `workplace_share` is given only where the workplace-share rule
applies at its level of education (`workplace_share_levels`, TVET by default).
A new field may be added within version 1; a change of meaning raises the version.

`partners` says, per programme and partner enterprise, what the partner's `training_plan` hosts: `hours`
at the enterprise per trainee placed there (an outcome's hours count for its module; modules an elective
group leaves out of the totals do not count), `workplace_hours` — of those, the hours of the workplace
share's base (industrial training and professional practice of the professional modules, at most each
module's own hours at the enterprise), `base_hours` — the programme's base, `workplace_share` — their
ratio, the share of a trainee placed there (the rule per partner, CUR412/CUR413, applies it when
`workplace_share_per_partner` is on), and `part` — its training places × hours over the same for every
partner: the part of all workplace training this enterprise carries.

`metrics` holds each module's curricular-analytics metrics, computed on the requisite graph (an edge from
each prerequisite and co-requisite to the module that names it, as in CurricularAnalytics):
**blocking** — the modules reachable from it; **delay** — the vertices on the longest path through it;
**centrality** — the summed lengths (in vertices) of the source-to-sink paths that pass through it strictly
inside; **complexity** — delay + blocking. The figures carry their sums as `blocking_total`, `delay_total`,
`centrality_total`, `complexity_total`. A programme whose requisites form a cycle (CUR208, CUR803) has
neither. They are computed by dynamic programming over the graph, never by listing paths.
"""
