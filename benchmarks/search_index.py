"""Size of a built site's search index, per language: entries, bytes, pages, entries of print pages,
and words glued across table cells or drawing labels (a letter run straight into a module code).

    python -m benchmarks.search_index site/ kk ru en

Sizes, not times: the print views are left out of the index (one hit per page) and the drawings'
labels are not indexed, so the index shrinks; this prints what it holds.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

GLUED = re.compile(r"[a-zа-яёәіңғүұқөһ][A-Z]{2}\d{2}|\d{2}[А-ЯЁӘІҢҒҮҰҚӨҺа-яёәіңғүұқөһ]{2}")


def stats(site: Path, lang: str) -> dict[str, object]:
    path = site / lang / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    docs = index["docs"]
    pages = [d["location"].split("#")[0] for d in docs]
    return {
        "lang": lang,
        "entries": len(docs),
        "bytes": path.stat().st_size,
        "pages": len(set(pages)),
        "print_entries": sum(p.endswith("print.html") for p in pages),
        "glued": sum(len(GLUED.findall(d["text"])) for d in docs),
        "search_lang": index["config"]["lang"],
        "pipeline": index["config"]["pipeline"],
    }


def main(argv: list[str]) -> int:
    site = Path(argv[0]) if argv else Path("site")
    for lang in argv[1:] or ["kk", "ru", "en"]:
        print(json.dumps(stats(site, lang), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
