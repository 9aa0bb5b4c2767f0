"""Generate a national-scale catalogue for the scale benchmarks.

    python -m benchmarks.scale --programmes 1000 -o /tmp/national [--seed 1]

The example catalogue's six programmes (four TVET, two bachelor's) are the templates. Each generated
programme takes one of them and becomes a programme of its own: another college or university in
another region, its own partner enterprises (some shared with other programmes of the same specialty,
some its own), an employer requirement set per partner (new ones are written to ``competencies/``),
more or fewer learning outcomes, fewer partners now and then, and a realistic sprinkle of what
``curriculum check`` reports: a missing Kazakh text, a waiver dropped, an extra employer requirement
nobody teaches. A bachelor's programme gets its university's own qualification (HE codes are unique
per university). The same ``--seed`` and ``--programmes`` give the same bytes.

Everything generated is illustrative: the organisations are fictional.

:func:`catalogue_of` is the size the older benchmarks name by a factor: 6 × N programmes (the example's
six, N times).
"""

from __future__ import annotations

import argparse
import copy
import random
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("kk", "ru", "en")

try:  # pragma: no cover - which branch runs depends on the PyYAML build
    from yaml import CSafeDumper as _Dumper
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


# Name parts, (kk, ru, en): combined into fictional colleges, universities and enterprises.
WORDS = [
    ("Алтын", "Алтын", "Altyn"),
    ("Темір", "Темир", "Temir"),
    ("Сарыарқа", "Сарыарка", "Saryarka"),
    ("Көкше", "Кокше", "Kokshe"),
    ("Ақжайық", "Акжайык", "Akzhaiyk"),
    ("Алатау", "Алатау", "Alatau"),
    ("Ертіс", "Ертис", "Ertis"),
    ("Есіл", "Есиль", "Esil"),
    ("Тұран", "Туран", "Turan"),
    ("Ұлытау", "Улытау", "Ulytau"),
    ("Жетісу", "Жетысу", "Zhetysu"),
    ("Байқоңыр", "Байконур", "Baikonur"),
    ("Каспий", "Каспий", "Kaspiy"),
    ("Арал", "Арал", "Aral"),
    ("Тарлан", "Тарлан", "Tarlan"),
    ("Самұрық", "Самрук", "Samruk"),
    ("Қыран", "Кыран", "Kyran"),
    ("Бәйтерек", "Байтерек", "Baiterek"),
    ("Шұғыла", "Шугыла", "Shugyla"),
    ("Мұнай", "Мунай", "Munai"),
    ("Атлас", "Атлас", "Atlas"),
    ("Орда", "Орда", "Orda"),
    ("Дала", "Дала", "Dala"),
    ("Нұр", "Нур", "Nur"),
]
# Regions (KATO codes of the shipped vocabulary) with one city each.
REGIONS = [
    ("110000000", ("Көкшетау", "Кокшетау", "Kokshetau")),
    ("150000000", ("Ақтөбе", "Актобе", "Aktobe")),
    ("190000000", ("Қонаев", "Конаев", "Konaev")),
    ("230000000", ("Атырау", "Атырау", "Atyrau")),
    ("270000000", ("Орал", "Уральск", "Oral")),
    ("310000000", ("Тараз", "Тараз", "Taraz")),
    ("350000000", ("Қарағанды", "Караганда", "Karaganda")),
    ("390000000", ("Қостанай", "Костанай", "Kostanay")),
    ("470000000", ("Ақтау", "Актау", "Aktau")),
    ("550000000", ("Павлодар", "Павлодар", "Pavlodar")),
    ("590000000", ("Петропавл", "Петропавловск", "Petropavl")),
    ("630000000", ("Өскемен", "Усть-Каменогорск", "Oskemen")),
    ("710000000", ("Астана", "Астана", "Astana")),
    ("750000000", ("Алматы", "Алматы", "Almaty")),
]
# Clauses that make an outcome a programme's own variant of a template outcome.
CLAUSES = [
    (
        "серіктес кәсіпорынның жабдығында",
        "на оборудовании предприятия-партнёра",
        "on the partner enterprise's equipment",
    ),
    ("тәлімгердің бақылауымен", "под контролем наставника", "under a mentor's supervision"),
    (
        "өңірдің кәсіпорындарының талаптарына сай",
        "с учётом требований предприятий региона",
        "to regional employers' needs",
    ),
    ("цифрлық құралдарды қолданып", "с применением цифровых инструментов", "using digital tools"),
    ("еңбек қауіпсіздігі талаптарын сақтай отырып", "соблюдая требования охраны труда", "following safety rules"),
]


def _load(path: Path) -> Any:
    return yaml.load(path.read_bytes(), Loader=_Loader)


def _dump(data: Any, path: Path, note: str) -> None:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120, default_flow_style=None)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(note + text, encoding="utf-8")


def _rename(data: Any, pairs: dict[str, str]) -> Any:
    """``data`` with every string that contains one of ``pairs``' keys rewritten (longest key first)."""
    if not pairs:
        return data
    pattern = re.compile("|".join(re.escape(k) for k in sorted(pairs, key=len, reverse=True)))

    def walk(x: Any) -> Any:
        if isinstance(x, str):
            return pattern.sub(lambda m: pairs[m.group(0)], x) if pattern.search(x) else x
        if isinstance(x, dict):
            return {walk(k): walk(v) for k, v in x.items()}
        if isinstance(x, list):
            return [walk(v) for v in x]
        return x

    return walk(data)


def _texts(data: Any) -> list[dict[str, Any]]:
    """Every kk/ru text map inside ``data``."""
    out: list[dict[str, Any]] = []
    stack = [data]
    while stack:
        x = stack.pop()
        if isinstance(x, dict):
            if "kk" in x and "ru" in x and all(isinstance(v, str) for v in x.values()):
                out.append(x)
            else:
                stack.extend(x.values())
        elif isinstance(x, list):
            stack.extend(x)
    return out


def _names(rng: random.Random, used: set[tuple[str, str, str]]) -> tuple[str, str, str]:
    while True:
        a, b = rng.sample(WORDS, 2)
        name = (f"{a[0]} {b[0]}", f"{a[1]} {b[1]}", f"{a[2]} {b[2]}")
        if name not in used or len(used) >= len(WORDS) * (len(WORDS) - 1):
            used.add(name)
            return name


class _Generator:
    def __init__(self, programmes: int, seed: int, source: Path) -> None:
        self.n = programmes
        self.rng = random.Random(seed)
        self.source = source
        self.templates = [(p.stem, _load(p)) for p in sorted((source / "programmes").glob("*.yml"))]
        self.frameworks = {p.stem: _load(p) for p in sorted((source / "competencies").glob("*.yml"))}
        self.quals = {p.stem: _load(p) for p in sorted((source / "competencies" / "qualifications").glob("*.yml"))}
        self.used_names: set[tuple[str, str, str]] = set()
        self.enterprises: dict[str, list[tuple[str, tuple[str, str, str]]]] = {}  # template set → variants
        self.written_sets: dict[str, Any] = {}
        self.written_quals: dict[str, Any] = {}
        self.run_by: dict[str, list[tuple[str, str]]] = {}  # provider → the programmes generated for it
        # Colleges and universities run several programmes each.
        self.colleges = [self._provider("college") for _ in range(max(1, programmes * 2 // 5))]
        self.universities = [self._provider("university") for _ in range(max(1, programmes // 12))]

    def _provider(self, what: str) -> dict[str, Any]:
        kk, ru, en = _names(self.rng, self.used_names)
        region, city = self.rng.choice(REGIONS)
        if what == "college":
            name = (f"«{kk}» жоғары колледжі", f"Высший колледж «{ru}»", f"{en} Higher College")
        else:
            name = (f"«{kk}» университеті", f"Университет «{ru}»", f"{en} University")
        slug = en.lower().replace(" ", "-")
        return {"slug": slug, "name": name, "region": region, "city": city}

    def _enterprise(self, template_set: str, programme_id: str) -> tuple[str, tuple[str, str, str]]:
        """A partner enterprise whose requirements follow ``template_set``: the original one, one of a pool
        shared by programmes of the specialty, or the programme's own."""
        pool = self.enterprises.setdefault(template_set, [])
        roll = self.rng.random()
        if roll < 0.15:
            return template_set, ("", "", "")
        if roll < 0.85 and pool and (len(pool) >= max(2, self.n // 10) or self.rng.random() < 0.5):
            return self.rng.choice(pool)
        kk, ru, en = _names(self.rng, self.used_names)
        set_id = f"{template_set}-{en.lower().replace(' ', '-')}"
        if set_id in self.written_sets:
            set_id += f"-{programme_id}"
        names = (f"«{kk}» ЖШС", f"ТОО «{ru}»", f"{en} LLP")
        self._write_set(template_set, set_id, names)
        if roll < 0.85:
            pool.append((set_id, names))
        return set_id, names

    def _write_set(self, template_set: str, set_id: str, names: tuple[str, str, str]) -> None:
        data = copy.deepcopy(self.frameworks[template_set])
        org = data.get("organisation", {})
        pairs = {org[lang]: names[i] for i, lang in enumerate(LANGS) if isinstance(org.get(lang), str)}
        data = _rename(data, pairs)
        data["id"] = set_id
        if self.rng.random() < 0.1 and data.get("items"):  # a requirement no programme was built for
            extra = copy.deepcopy(data["items"][-1])
            extra["id"] = f"{extra['id']}X"
            extra.pop("items", None)
            data["items"].append(extra)
        self.written_sets[set_id] = data

    def _qualification(self, code: str, university: dict[str, Any]) -> None:
        key = f"{code}-{university['slug']}"
        if key in self.written_quals:
            return
        data = copy.deepcopy(self.quals[code])
        data["provider"] = university["name"][2]
        self.written_quals[key] = data

    def programme(self, i: int) -> tuple[str, str, Any]:
        rng = self.rng
        stem, template = self.templates[rng.randrange(len(self.templates))]
        data = copy.deepcopy(template)
        he = data.get("level") != "tvet"
        provider = rng.choice(self.universities if he else self.colleges)
        specialty = stem.split("-", 1)[1]
        pid = f"{provider['slug']}-{specialty}-{i:04d}"
        old = data["provider"]
        pairs: dict[str, str] = {}
        for j, lang in enumerate(LANGS):
            for field, new in (("name", provider["name"][j]), ("city", provider["city"][j])):
                value = old.get(field, {}).get(lang)
                if isinstance(value, str):
                    pairs[value] = new
        # Partners: each becomes an enterprise of its own; now and then two merge into one.
        partners = data.get("partners", [])
        if len(partners) > 1 and rng.random() < 0.15:
            gone = partners.pop(rng.randrange(1, len(partners)))
            keep = partners[0]
            units = {str(row.get("unit")).split(".")[0] for row in keep.get("training_plan", [])}
            more = [row for row in gone.get("training_plan", []) if str(row.get("unit")).split(".")[0] not in units]
            keep["training_plan"] = keep.get("training_plan", []) + more
            keep["places"] = keep.get("places", 0) + gone.get("places", 0)
            keep["mentors"] = keep.get("mentors", []) + gone.get("mentors", [])
        for partner in partners:
            template_set = partner.get("requirement_set")
            if not template_set or template_set not in self.frameworks:
                continue
            set_id, names = self._enterprise(template_set, pid)
            if set_id == template_set:
                continue
            pairs[partner["id"]] = set_id.removeprefix("emp-")  # its id, its set and what refers to them
            pairs[template_set + ":"] = set_id + ":"
            for j, lang in enumerate(LANGS):
                value = partner.get("name", {}).get(lang)
                if isinstance(value, str):
                    pairs[value] = names[j]
        data = _rename(data, pairs)
        data["id"] = pid
        data["provider"]["region"] = provider["region"]
        siblings = dict(reversed(self.run_by.setdefault(provider["slug"], [])))  # template → its first programme here
        for accreditation in data.get("accreditation", []):
            follows = [f for f in accreditation.get("follows", []) if f.get("programme") in siblings]
            for follow in follows:  # the university's programme of that template was accredited earlier
                follow["programme"] = siblings[follow["programme"]]
            if follows:
                accreditation["follows"] = follows
            else:
                accreditation.pop("follows", None)
        self.run_by[provider["slug"]].append((stem, pid))
        data["cohort"] = max(10, data.get("cohort", 25) - rng.randrange(0, 8))
        if he:
            for code in data.get("qualifications", []):
                self._qualification(code, provider)
        self._vary_outcomes(data)
        if data.get("waivers") and rng.random() < 0.1:  # a waiver dropped: its gap comes back
            data["waivers"].pop(rng.randrange(len(data["waivers"])))
        if rng.random() < 0.08:  # a few texts not yet translated into Kazakh
            texts = [t for t in _texts(data.get("modules", [])) if len(t) > 1]
            for text in rng.sample(texts, min(len(texts), rng.randint(1, 3))):
                del text["kk"]
        return stem, pid, data

    def _vary_outcomes(self, data: dict[str, Any]) -> None:
        """Programmes differ in size: some modules get further outcomes; some outcome texts
        get a programme's own wording."""
        rng = self.rng
        grow = rng.choice((0.0, 0.0, 0.1, 0.3, 0.6))
        for module in data.get("modules", []):
            outcomes = module.get("outcomes")
            if not outcomes:
                continue
            for outcome in outcomes:
                text = outcome.get("text")
                if isinstance(text, dict) and rng.random() < 0.3:
                    clause = rng.choice(CLAUSES)
                    for j, lang in enumerate(LANGS):
                        if isinstance(text.get(lang), str):
                            text[lang] = text[lang].rstrip(".") + f" ({clause[j]})."
            if rng.random() < grow:
                extra = copy.deepcopy(rng.choice(outcomes))
                extra["id"] = f"{module['id']}.{len(outcomes) + 1}"
                outcomes.append(extra)

    def write(self, target: Path) -> None:
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(self.source / "competencies", target / "competencies")
        shutil.copytree(self.source / "standards", target / "standards")
        shutil.copy(self.source / "mkdocs.yml", target / "mkdocs.yml")
        note = (
            "# Illustrative data generated by `python -m benchmarks.scale` from the example catalogue:"
            " the organisations are fictional.\n"
        )
        for i in range(self.n):
            stem, pid, data = self.programme(i)
            _dump(data, target / "programmes" / f"{pid}.yml", note)
            sar = self.source / "programmes" / f"{stem}-sar"
            if sar.is_dir():  # the self-evaluation narratives travel with the programme
                shutil.copytree(sar, target / "programmes" / f"{pid}-sar")
        for set_id, data in self.written_sets.items():
            _dump(data, target / "competencies" / f"{set_id}.yml", note)
        for key, data in self.written_quals.items():
            _dump(data, target / "competencies" / "qualifications" / f"{key}.yml", note)


def generate_catalogue(target: Path, programmes: int, seed: int = 1, source: Path = ROOT) -> Path:
    """Write a catalogue of ``programmes`` generated programmes to ``target`` (replacing it)."""
    _Generator(programmes, seed, source).write(target)
    return target


def catalogue_of(target: Path, factor: int, source: Path = ROOT) -> Path:
    """A generated catalogue the size of the example's ``factor`` times (its programmes × ``factor``)."""
    count = len([p for p in (source / "programmes").glob("*.yml")])
    return generate_catalogue(target, count * factor, source=source)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--programmes", type=int, default=100, help="how many programmes (default 100)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the folder to write (replaced)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    generate_catalogue(args.output, args.programmes, args.seed)
    files = sum(1 for _ in args.output.rglob("*.yml"))
    size = sum(p.stat().st_size for p in args.output.rglob("*.yml")) / 1e6
    print(f"{args.output}: {args.programmes} programmes, {files} files, {size:.1f} MB")


if __name__ == "__main__":
    main()
