"""Make a catalogue N times the example: every programme copied N times under new ids."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOP_ID = re.compile(r"^id: (\S+)$", re.MULTILINE)


def scaled_catalogue(target: Path, factor: int, source: Path = ROOT) -> Path:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source / "competencies", target / "competencies")
    shutil.copy(source / "mkdocs.yml", target / "mkdocs.yml")
    (target / "programmes").mkdir(parents=True)
    for path in sorted((source / "programmes").glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        for i in range(factor):
            copy = TOP_ID.sub(lambda m, i=i: f"id: {m.group(1)}-{i:03d}", text, count=1)
            (target / "programmes" / f"{path.stem}-{i:03d}.yml").write_text(copy, encoding="utf-8")
    return target
