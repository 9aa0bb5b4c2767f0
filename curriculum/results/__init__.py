"""Results behind one door: what was achieved, beside what was planned.

Exports (CSV or XLSX from a college's or a monitoring platform's system) are the source of truth and
live in the catalogue (``results/`` by default); the DuckDB store is derived from them.

* :mod:`.kinds` — the record kinds, their fields and natural keys (no I/O)
* :mod:`.ingest` — reads exports into checked rows; a rejected cell is ``file:ROW:COLUMN``
* :mod:`.store` — the only module that speaks SQL (schema, migrations, imports, aggregates)
* :mod:`.privacy` — the only way aggregates leave the store (k contributors, complementary suppression)
* :mod:`.analysis` — planned vs achieved, indicators and findings, from published aggregates only
"""
