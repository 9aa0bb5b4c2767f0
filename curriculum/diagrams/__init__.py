"""Drawings the toolkit makes itself, as inline HTML and SVG: printable, offline, readable.

* :mod:`.matrix`  — the curriculum matrix (modules × required competencies), one table per framework;
* :mod:`.prereq`  — the prerequisite graph in semester lanes, with its text alternative;
* :mod:`.charts`  — hours by semester, share bars with a threshold line;
* :mod:`.heatmap` — frameworks × programmes: which programmes use a standard, and how fully;
* :mod:`.workplan` — the working curriculum: cycles, modules, hours by kind and semester, control forms.

Everything from YAML goes through :mod:`curriculum.escape`; visible words are labels
(``templates/labels.yml``) in the reader's language.
"""

from __future__ import annotations

from .calendar import calendar_svg
from .charts import hours_bars, share_absent, share_bar
from .heatmap import framework_heatmap, framework_use
from .matrix import matrix_html
from .prereq import prereq_figure
from .workplan import workplan_html

__all__ = [
    "calendar_svg",
    "framework_heatmap",
    "framework_use",
    "hours_bars",
    "matrix_html",
    "prereq_figure",
    "share_absent",
    "share_bar",
    "workplan_html",
]
