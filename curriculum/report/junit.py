"""JUnit XML: a test suite per programme (and one for shared files), a test case per rule."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from ..checks import Result
from ..diagnostics import RULES, Diagnostic
from ..messages import Count, label, title
from .visible import visible

CATALOGUE = "(catalogue)"


def _lines(found: list[Diagnostic], lang: str) -> str:
    out = []
    for x in found:
        out.append(f"{x.where}: {x.message_in(lang)}")
        out += [f"  {label('note', lang)}: {r.note_in(lang)}" for r in x.related]
    return "\n".join(visible(line) for line in out)


def render(result: Result, lang: str = "en") -> str:
    threshold = result.threshold
    by_suite: dict[str, dict[str, list[Diagnostic]]] = defaultdict(lambda: defaultdict(list))
    for x in result.diagnostics:
        by_suite[x.programme or CATALOGUE][x.code].append(x)
    suites = ET.Element("testsuites", name="curriculum check")
    total = failures = 0
    for suite_name in [CATALOGUE, *sorted(result.catalogue.programmes)]:
        found = by_suite.get(suite_name, {})
        shown = label("catalogue", lang) if suite_name == CATALOGUE else visible(suite_name)
        suite = ET.SubElement(suites, "testsuite", name=shown)
        n = fails = 0
        for code in sorted(RULES):
            case = ET.SubElement(suite, "testcase", classname=shown, name=f"{code} {title(code, lang)}")
            n += 1
            failing = [x for x in found.get(code, []) if x.severity >= threshold]
            if failing:
                fails += 1
                count = Count(len(failing), "finding").render(lang)
                failure = ET.SubElement(case, "failure", message=count, type=code)
                failure.text = _lines(failing, lang)
            elif found.get(code):
                out = ET.SubElement(case, "system-out")
                out.text = _lines(found[code], lang)
        suite.set("tests", str(n))
        suite.set("failures", str(fails))
        suite.set("errors", "0")
        total += n
        failures += fails
    suites.set("tests", str(total))
    suites.set("failures", str(failures))
    suites.set("errors", "0")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
