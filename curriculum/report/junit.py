"""JUnit XML: a test suite per programme (and one for shared files), a test case per rule."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from ..checks import Result
from ..diagnostics import RULES, Diagnostic

CATALOGUE = "(catalogue)"


def render(result: Result) -> str:
    threshold = result.threshold
    by_suite: dict[str, dict[str, list[Diagnostic]]] = defaultdict(lambda: defaultdict(list))
    for x in result.diagnostics:
        by_suite[x.programme or CATALOGUE][x.code].append(x)
    suites = ET.Element("testsuites", name="curriculum check")
    total = failures = 0
    for suite_name in [CATALOGUE, *sorted(result.catalogue.programmes)]:
        found = by_suite.get(suite_name, {})
        suite = ET.SubElement(suites, "testsuite", name=suite_name)
        n = fails = 0
        for code in sorted(RULES):
            case = ET.SubElement(suite, "testcase", classname=suite_name, name=f"{code} {RULES[code].title}")
            n += 1
            failing = [x for x in found.get(code, []) if x.severity >= threshold]
            if failing:
                fails += 1
                failure = ET.SubElement(case, "failure", message=f"{len(failing)} finding(s)", type=code)
                failure.text = "\n".join(f"{x.file}:{x.line}:{x.column}: {x.message}" for x in failing)
            elif found.get(code):
                out = ET.SubElement(case, "system-out")
                out.text = "\n".join(f"{x.file}:{x.line}:{x.column}: {x.message}" for x in found[code])
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
