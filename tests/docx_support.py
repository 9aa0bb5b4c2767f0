"""Reading a generated DOCX (the self-assessment report) in tests: its tables by the heading they follow."""

from __future__ import annotations

from typing import Any


def tables_under(doc: Any) -> dict[str, list[list[list[str]]]]:
    """Every table of a ``docx.Document``, by the number of the criterion heading (Heading 1) it follows:
    ``{"2": [table, …]}``, a table being its rows of cell texts, in document order."""
    under: dict[str, list[list[list[str]]]] = {}
    current = ""
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p" and child.xpath("string(.//w:pStyle/@w:val)") == "Heading1":
            current = child.xpath("string(.)").split(" ", 1)[0]
        elif tag == "tbl" and current:
            rows = [
                [c.xpath("string(.)") for c in r.iterchildren() if c.tag.endswith("}tc")]
                for r in child.iterchildren()
                if r.tag.endswith("}tr")
            ]
            under.setdefault(current, []).append(rows)
    return under
