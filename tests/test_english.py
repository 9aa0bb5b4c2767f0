"""Every Kazakh and Russian page in its language: no English word in what a reader sees (see
``tests/english.py`` for the rule), on the scaffold's site and on the example catalogue's; the words
the catalogue's own Kazakh and Russian texts write in Latin letters (technologies, enterprises) are
the authors', everything else is the toolkit's and must be Kazakh or Russian. Then the words that were wrong (labels over the wrong thing) and the coded values
(enumerations, durations, languages), each asserted on the rendered page.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from curriculum import sitecheck, words
from curriculum.catalogue import Catalogue, load_catalogue
from curriculum.commands import build as build_cmd
from curriculum.commands.scaffold import init

from .english import ALLOWED, authors_words, catalogue_ids, english_words, scan

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module", autouse=True)
def shared_cache() -> Iterator[None]:
    mp = pytest.MonkeyPatch()
    if not os.environ.get("CURRICULUM_CACHE"):
        mp.setenv("CURRICULUM_CACHE", str(Path.home() / ".cache" / "curriculum"))
    yield
    mp.undo()


@pytest.fixture(scope="module")
def scaffold_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Catalogue]:
    root = tmp_path_factory.mktemp("english-scaffold") / "cat"
    init(root)
    path = root / "programmes" / "example-web.yml"
    text = path.read_text(encoding="utf-8")
    region = "  region: '750000000'\n"
    assert region in text
    path.write_text(
        text.replace(
            region, region + "  city: {kk: Алматы, ru: Алматы, en: Almaty}\n  url: https://college.example.org/\n", 1
        ),
        encoding="utf-8",
    )
    assert build_cmd.run(root, False, None, None, False, quiet=True) == 0
    return root / "site", load_catalogue(root)


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Catalogue]:
    root = tmp_path_factory.mktemp("english-example") / "cat"
    for name in ("programmes", "competencies", "standards", "results", "docs"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    shutil.copyfile(REPO / "mkdocs.yml", root / "mkdocs.yml")
    assert build_cmd.run(root, False, None, None, False, quiet=True) == 0
    return root / "site", load_catalogue(root)


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- the rule itself
def test_the_rule_finds_english_and_spares_codes_and_names() -> None:
    html = (
        "<html><head><title>Дуальные программы</title><style>.a{}</style></head><body>"
        "<p>Модуль PM03 покрывает <code>ws-webtech:4</code> и ws-webtech:5 (4S07130103), XIX век, WorldSkills</p>"
        '<td title="qualification 4S07130103">exam</td><td data-label="Тип">mentor-report</td>'
        "<p>См. https://stat.gov.kz/ и (subtree)</p><script>var hidden = 'english';</script></body></html>"
    )
    found = english_words(html)
    assert found == [("<td title>", "qualification"), ("<td>", "exam"), ("<td>", "mentor-report"), ("<p>", "subtree")]
    assert english_words("<p>Scrum-команды и JavaScript</p>", allowed={"Scrum", "JavaScript"}) == []
    assert english_words("<title>Dual programmes</title>") == [("<title>", "Dual"), ("<title>", "programmes")]


def test_the_allowlist_is_short_and_only_names() -> None:
    assert len(ALLOWED) <= 15
    assert all(name[0].isupper() for name in ALLOWED)


# --------------------------------------------------------------------------- whole sites
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_no_english_on_the_scaffolds_pages(scaffold_site: tuple[Path, Catalogue], lang: str) -> None:
    site, catalogue = scaffold_site
    pages = sorted((site / lang).rglob("*.html"))
    assert len(pages) >= 15
    found = sorted(
        {(page, word) for page, _, word in scan(site, lang, catalogue_ids(catalogue), authors_words(catalogue, lang))}
    )
    assert found == []


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_no_english_on_the_examples_pages(example_site: tuple[Path, Catalogue], lang: str) -> None:
    site, catalogue = example_site
    pages = sorted((site / lang).rglob("*.html"))
    assert len(pages) > 200
    found = sorted(
        {(page, word) for page, _, word in scan(site, lang, catalogue_ids(catalogue), authors_words(catalogue, lang))}
    )
    assert found == []


def test_english_pages_are_english(example_site: tuple[Path, Catalogue]) -> None:
    """The rule can fail: the English site of the same catalogue is full of English words."""
    site, catalogue = example_site
    found = list(scan(site, "en", catalogue_ids(catalogue), authors_words(catalogue, "kk")))
    assert len(found) > 1000


# --------------------------------------------------------------------------- words, page by page
WEB = "ru/programmes/koktobe-software-web"
WEB_KK = "kk/programmes/koktobe-software-web"
UNI = "programmes/6b01301-primary-education-ict"


def cells(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", html, re.S)]


def test_site_name_in_every_header(example_site: tuple[Path, Catalogue]) -> None:
    site, _ = example_site
    names = {
        "kk": "Дуалды бағдарламалар — мысал каталог",
        "ru": "Дуальные программы — пример каталога",
        "en": "Dual programmes — example catalogue",
    }
    for lang, name in names.items():
        for page in ("index.html", "programmes/koktobe-software-web/index.html", "404.html"):
            html = read(site, f"{lang}/{page}")
            assert re.search(rf"<title>(.* - )?{name}</title>", html), (lang, page)
            topic = re.search(
                r'<div class="md-header__topic">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>', html, re.S
            )
            assert topic and topic.group(1) == name, (lang, page)


def test_format_reference_only_on_the_english_site(example_site: tuple[Path, Catalogue]) -> None:
    site, _ = example_site
    assert (site / "en" / "reference" / "format.html").is_file()
    for lang in ("kk", "ru"):
        assert not (site / lang / "reference").exists()
        assert "reference/format.html" not in read(site, f"{lang}/index.html")
    # the language switcher on the English-only page sends the other languages home, and the example's
    # whole site has no broken link (the same check the Zensical canary runs in CI)
    page = read(site, "en/reference/format.html")
    assert 'href="../../ru/index.html" hreflang="ru"' in page and 'href="../../kk/index.html" hreflang="kk"' in page
    assert sitecheck.check(site) == []


def test_programme_overview_words(example_site: tuple[Path, Catalogue]) -> None:
    site, _ = example_site
    ru, kk = cells(read(site, f"{WEB}/index.html")), cells(read(site, f"{WEB_KK}/index.html"))
    assert ru[ru.index("Продолжительность") + 1] == "3 года 10 месяцев"
    assert kk[kk.index("Ұзақтығы") + 1] == "3 жыл 10 ай"
    assert ru[ru.index("Языки обучения") + 1] == "казахский, русский"
    assert kk[kk.index("Оқыту тілдері") + 1] == "қазақ тілі, орыс тілі"
    assert "Цикл" in ru and "Профессиональные модули" in ru and "Базовые модули" in ru  # the cycles vocabulary
    assert "Практика орындары" in kk and "Оқу орындары" not in kk


def test_university_pages_say_university(example_site: tuple[Path, Catalogue]) -> None:
    site, _ = example_site
    ru, kk = read(site, f"ru/{UNI}/index.html"), read(site, f"kk/{UNI}/index.html")
    assert "Теория в вузе" in ru and "в колледже" not in ru
    assert "ЖОО-дағы теория" in kk and "Колледждегі" not in kk
    assert "Теория в колледже" in read(site, f"{WEB}/index.html")


def test_module_page_words(example_site: tuple[Path, Catalogue]) -> None:
    site, _ = example_site
    ru = read(site, f"ru/{UNI}/modules/BD01.html")
    assert "вузовский компонент" in ru.lower() or "обязательный компонент" in ru.lower()
    assert "экзамен" in cells(ru) or "портфолио" in cells(ru)
    kk = read(site, f"{WEB_KK}/modules/PM03.html")
    assert "нығайтылған" in kk or "меңгерілген" in kk
    assert "бекітілген" not in kk


def test_partner_page_labels(example_site: tuple[Path, Catalogue]) -> None:
    site, catalogue = example_site
    x = catalogue.programmes["koktobe-software-web"].partners[0]
    ru = cells(read(site, f"{WEB}/partners/{x.id}.html"))
    kk = cells(read(site, f"{WEB_KK}/partners/{x.id}.html"))
    assert "Должность" in ru and "Тип" not in ru
    assert "Лауазымы" in kk and "Түрі" not in kk
    assert x.agreement is not None
    assert ru[ru.index("Номер") + 1] == x.agreement.number
    assert kk[kk.index("Нөмірі") + 1] == x.agreement.number
    assert "Код" not in ru


def test_accreditation_page_words(example_site: tuple[Path, Catalogue]) -> None:
    site, catalogue = example_site
    pid = next(
        pid for pid, p in sorted(catalogue.programmes.items()) if any(a.recommendations for a in p.accreditation)
    )
    p = catalogue.programmes[pid]
    ru = read(site, f"ru/programmes/{pid}/accreditation.html")
    kk = read(site, f"kk/programmes/{pid}/accreditation.html")
    assert "Статус выполнения" in cells(ru) and "Статус аккредитации" not in cells(ru)
    assert "Орындалу мәртебесі" in cells(kk)
    a = p.accreditation[0]
    assert f"{a.agency} (аккредитация программы)" in cells(ru)
    assert f"{a.agency} (бағдарламалық аккредиттеу)" in cells(kk)


def test_qualification_page_words(example_site: tuple[Path, Catalogue]) -> None:
    site, catalogue = example_site
    key = next(k for k, q in sorted(catalogue.qualifications.items()) if q.specialty and q.level == "tvet")
    q = catalogue.qualifications[key]
    assert q.specialty is not None
    ru = cells(read(site, f"ru/qualifications/{key}.html"))
    kk = cells(read(site, f"kk/qualifications/{key}.html"))
    assert ru[ru.index("Специальность") + 1].startswith(q.specialty.code)
    assert kk[kk.index("Мамандық") + 1].startswith(q.specialty.code)
    assert ru[ru.index("Уровень образования") + 1] == "ТиПО"
    assert kk[kk.index("Білім беру деңгейі") + 1] == "ТжКБ"


def test_findings_in_the_pages_language(example_site: tuple[Path, Catalogue]) -> None:
    site, _ = example_site
    pid = "esil-warehouse-logistics"
    ru = read(site, f"ru/programmes/{pid}/coverage.html")
    kk = read(site, f"kk/programmes/{pid}/coverage.html")
    assert "<td>предупреждение</td>" in ru and "<td>ескерту</td>" in kk
    assert re.findall(r"<td>(?:info|warning|error)</td>", ru + kk) == []
    assert "<code>status: closed</code>" in ru or "<code>" in ru.split("<td>предупреждение</td>", 1)[1]


def test_every_enumeration_has_words_in_every_language() -> None:
    from typing import Literal, get_args, get_origin, get_type_hints

    from curriculum import model

    groups = {
        (model.Assessment, "type"): "assessment",
        (model.Assessment, "venue"): "venue-college",
        (model.Outcome, "venue"): "venue-college",
        (model.Framework, "type"): "framework",
        (model.Item, "type"): "item",
        (model.Qualification, "level"): "education",
        (model.Programme, "level"): "education",
        (model.Accreditation, "type"): "accreditation",
        (model.Accreditation, "decision"): "decision",
        (model.Recommendation, "status"): "status",
        (model.Coverage, "level"): "level",
        (model.Programme, "languages"): "language-name",
    }
    for (cls, name), group in groups.items():
        hint = get_type_hints(cls)[name]
        values = set()
        stack = [hint]
        while stack:
            t = stack.pop()
            if get_origin(t) is Literal:
                values.update(get_args(t))
            else:
                stack.extend(get_args(t))
        assert values, (cls, name)
        for value in values:
            assert words.known(group, value), (group, value)
            texts = {lang: words.word(group, value, lang) for lang in ("kk", "ru", "en")}
            assert all(texts.values()) and texts["kk"] != value or group == "language-name", (group, value, texts)


def test_every_shipped_vocabulary_term_has_words_in_every_language() -> None:
    """Cycles, components, kinds of hours, forms of control… are vocabularies, not enumerations."""
    from curriculum.catalogue import PACKAGE_VOCABULARIES

    for path in sorted(PACKAGE_VOCABULARIES.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for t in data["terms"]:
            assert isinstance(t["title"], dict) and all(t["title"].get(lang) for lang in ("kk", "ru", "en")), (
                path.name,
                t["id"],
            )


def test_durations_with_plural_forms() -> None:
    assert words.duration("3 years 10 months", "ru") == "3 года 10 месяцев"
    assert words.duration("1 year 1 month", "ru") == "1 год 1 месяц"
    assert words.duration("5 years", "ru") == "5 лет"
    assert words.duration("2 years 11 months", "ru") == "2 года 11 месяцев"
    assert words.duration("3 years 10 months", "kk") == "3 жыл 10 ай"
    assert words.duration("10 months", "kk") == "10 ай"
    assert words.duration("1 year", "en") == "1 year"
    assert words.duration("about four years", "ru") == "about four years"


# --------------------------------------------------------------------------- in the browser
def page_types(site: Path, catalogue: Catalogue, lang: str) -> dict[str, Path]:
    """One page of every type, in ``lang``."""
    pid = "koktobe-software-web"
    p = catalogue.programmes[pid]
    base = site / lang / "programmes" / pid
    qual = next(k for k, q in sorted(catalogue.qualifications.items()) if q.code in p.qualifications)
    return {
        "home": site / lang / "index.html",
        "programme overview": base / "index.html",
        "matrix": base / "matrix.html",
        "coverage": base / "coverage.html",
        "graph": base / "graph.html",
        "module": base / "modules" / f"{p.modules[0].id}.html",
        "partner": base / "partners" / f"{p.partners[0].id}.html",
        "accreditation": base / "accreditation.html",
        "print view": base / "print.html",
        "framework": site / lang / "frameworks" / "ws-webtech.html",
        "frameworks": site / lang / "frameworks.html",
        "qualification": site / lang / "qualifications" / f"{qual}.html",
        "404": site / lang / "404.html",
        "self-assessment report": base / "sar.html",
        "results": site / lang / "results.html",
        "network": site / lang / "network.html",
    }


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from .browser_support import ARGS, CHROMIUM, require_browser

    sync_playwright = require_browser()
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_no_english_in_the_browser_on_every_page_type(
    example_site: tuple[Path, Catalogue], browser: object, lang: str
) -> None:
    from .browser_support import Watch
    from .english import VISIBLE_TEXTS_JS, english_in

    site, catalogue = example_site
    ids, allowed = catalogue_ids(catalogue), authors_words(catalogue, lang)
    w = Watch(browser)
    found: dict[str, list[str]] = {}
    seen = 0
    try:
        for kind, path in page_types(site, catalogue, lang).items():
            assert path.is_file(), path
            w.page.goto(path.as_uri(), wait_until="load")
            texts = [tuple(x) for x in w.page.evaluate(VISIBLE_TEXTS_JS)]
            seen += len(texts)
            bad = english_in(texts, ids, allowed)
            if bad:
                found[kind] = sorted({word for _, word in bad})
        assert found == {}
        assert seen > 1000
        assert w.errors == [] and w.outside == []
    finally:
        w.close()


def search(w: object, url: str, term: str) -> tuple[int, list[str]]:
    """The number of results Material reports for ``term`` (one per page: a page's matching sections
    are shown inside its result), and the pages of the results it shows first."""
    page = w.page  # type: ignore[attr-defined]
    page.goto(f"{url}?q={term}", wait_until="load")
    page.wait_for_selector(".md-search-result__item", timeout=20000)
    meta = page.locator(".md-search-result__meta").inner_text()
    shown = page.evaluate(
        """() => [...document.querySelectorAll('li.md-search-result__item')]
              .map(li => new URL(li.querySelector('a.md-search-result__link').href).pathname)"""
    )
    return int(re.findall(r"\d+", meta)[-1]), shown


def pages_with_prefix(site: Path, lang: str, prefix: str, exact: bool = False) -> set[str]:
    """The pages of the search index with a word that begins with ``prefix`` (or is ``prefix``)."""
    import json

    from curriculum.render import SEARCH_SEPARATOR

    index = json.loads(read(site, f"{lang}/search/search_index.json"))
    separator = re.compile(SEARCH_SEPARATOR)
    out = set()
    for doc in index["docs"]:
        words = separator.split(re.sub(r"<[^>]+>", " ", f"{doc['title']} {doc['text']}").lower())
        if any(word == prefix if exact else word.startswith(prefix) for word in words):
            out.add(doc["location"].split("#")[0])
    return out


@pytest.mark.browser
def test_kazakh_prefix_search_one_hit_per_page(example_site: tuple[Path, Catalogue], browser: object) -> None:
    from .browser_support import Watch

    site, _ = example_site
    index = read(site, "kk/search/search_index.json").replace(" ", "")
    assert '"lang":["en"]' in index and '"pipeline":[]' in index  # no Russian stemmer or stop words
    expected = pages_with_prefix(site, "kk", "тәлімгер")
    forms = {"тәлімгерлер": pages_with_prefix(site, "kk", "тәлімгерлер"), "тәлімгерді": set()}
    forms["тәлімгерді"] = {
        p
        for p in pages_with_prefix(site, "kk", "тәлімгерді")
        if re.search(r"тәлімгерді(?![а-яәіңғүұқөһ])", read(site, f"kk/{p}").lower())
    }
    assert forms["тәлімгерлер"] and "programmes/6b01301-primary-education-ict/modules/MD01.html" in forms["тәлімгерді"]
    assert forms["тәлімгерлер"] - pages_with_prefix(site, "kk", "тәлімгер", exact=True)  # pages with the plural only
    w = Watch(browser)
    try:
        count, shown = search(w, (site / "kk" / "index.html").as_uri(), "тәлімгер")
        assert count == len(expected) > 50  # every page with тәлімгер, тәлімгерлер, тәлімгерді …, once
        assert len(shown) == len(set(shown)) >= 10
        assert not [h for h in shown if h.endswith("/print.html")]
        count, shown = search(w, (site / "kk" / "index.html").as_uri(), "тәлімгерді")
        assert any(h.endswith("/modules/MD01.html") for h in shown)
        count, shown = search(w, (site / "ru" / "index.html").as_uri(), "наставник")
        assert count > 10 and len(shown) == len(set(shown))
        assert not [h for h in shown if h.endswith("/print.html")]
        assert w.errors == [] and w.outside == []
    finally:
        w.close()


def test_search_index_has_no_print_pages_and_no_glued_words(example_site: tuple[Path, Catalogue]) -> None:
    import json

    site, catalogue = example_site
    for lang in ("kk", "ru", "en"):
        docs = json.loads(read(site, f"{lang}/search/search_index.json"))["docs"]
        pages = [d["location"].split("#")[0] for d in docs]
        assert not [p for p in pages if p.endswith("print.html")]
        module_ids = {m.id for p in catalogue.programmes.values() for m in p.modules}
        glued = [
            token
            for d in docs
            for token in re.findall(r"[а-яёәіңғүұқөһ]([A-Z]{2,3}\d{2})", d["text"])
            if token in module_ids
        ]
        assert glued == [], (lang, glued[:5])


def test_no_enumeration_is_defined_twice() -> None:
    """A second group of the same name in common.yml would silently replace the first."""
    import yaml

    class Strict(yaml.SafeLoader):
        pass

    def mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[object, object]:
        keys = [loader.construct_object(k) for k, _ in node.value]
        assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
        return loader.construct_mapping(node)

    Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    path = Path(words.__file__).parent / "messages" / "common.yml"
    assert yaml.load(path.read_text(encoding="utf-8"), Loader=Strict)["terms"]["language-name"]


# --------------------------------------------------------------------------- regions by code, fields shown
def test_regions_counted_by_code_and_named_in_the_pages_language(example_site: tuple[Path, Catalogue]) -> None:
    site, catalogue = example_site
    from curriculum.render import region_code

    codes = {region_code(catalogue, p.provider.region) for p in catalogue.programmes.values()}
    codes |= {x.region for p in catalogue.programmes.values() for x in p.partners}
    assert codes == {"750000000", "710000000", "110000000", "350000000", "630000000"}
    regions = catalogue.terms["regions"]
    for lang, label in (("kk", "Өңірлер"), ("ru", "Регионы"), ("en", "Regions")):
        home = read(site, f"{lang}/index.html")
        assert f'<li><span class="figure">5</span> {label}</li>' in home
        names = {regions[c].title.get(lang) for c in codes}
        assert len(names) == 5 and all(f"<li>{n}</li>" in home for n in names), lang
    x = next(x for x in catalogue.programmes["koktobe-software-web"].partners if x.region == "750000000")
    ru = cells(read(site, f"{WEB}/partners/{x.id}.html"))
    kk = cells(read(site, f"{WEB_KK}/partners/{x.id}.html"))
    assert ru[ru.index("Регион") + 1].startswith("город Алматы")
    assert kk[kk.index("Өңір") + 1].startswith("Алматы қаласы")


def test_provider_city_and_website_shown(scaffold_site: tuple[Path, Catalogue]) -> None:
    site, _ = scaffold_site
    ru = read(site, "ru/programmes/example-web/index.html")
    assert "Колледж-пример, Алматы, город Алматы" in ru
    assert '<a href="https://college.example.org/">https://college.example.org/</a>' in ru
    kk = cells(read(site, "kk/programmes/example-web/index.html"))
    assert kk[kk.index("Сайты") + 1] == "https://college.example.org/"
    assert "https://college.example.org/" in read(site, "kk/programmes/example-web/print.html")


def test_occupation_code_and_item_descriptions_shown(example_site: tuple[Path, Catalogue]) -> None:
    site, catalogue = example_site
    fw = catalogue.frameworks["ps-electrician"]
    assert fw.occupation_code
    ru = cells(read(site, "ru/frameworks/ps-electrician.html"))
    assert ru[ru.index("Код занятия") + 1] == fw.occupation_code
    ws = catalogue.frameworks["ws-mechatronics"]
    described = [i for i in ws.items if i.description]
    assert described
    kk = read(site, "kk/frameworks/ws-mechatronics.html")
    for item in described:
        assert f'<p class="fw-desc">{item.description.get("kk")}</p>' in kk
