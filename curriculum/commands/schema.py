"""`curriculum schema`: write the JSON Schemas derived from the model."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..model import KINDS
from ..schema import json_schema


def dump(kind: str) -> str:
    return json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"


def run(kind: str, output_dir: Path | None) -> int:
    kinds = sorted(KINDS) if kind == "all" else [kind]
    if output_dir is None:
        if len(kinds) > 1:
            print(json.dumps({k: json_schema(k) for k in kinds}, ensure_ascii=False, indent=2))
        else:
            sys.stdout.write(dump(kinds[0]))
        return 0
    if output_dir.exists() and not output_dir.is_dir():
        print(
            f"curriculum: error: {output_dir} is a file; -o names the folder that gets one <kind>.schema.json"
            " per kind (e.g. -o schemas)",
            file=sys.stderr,
        )
        return 2
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        for k in kinds:
            (output_dir / f"{k}.schema.json").write_text(dump(k), encoding="utf-8")
    except OSError as exc:
        print(f"curriculum: error: cannot write the schemas to {output_dir}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    return 0
