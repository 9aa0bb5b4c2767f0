"""Exchange with outside formats, one module per format, each converting between the model and that
format with the toolkit's diagnostics (none reaches into the checks or the rendering):

* :mod:`.jsonpos` — where a value stands in a JSON file (line and column), for findings;
* :mod:`.case` — 1EdTech CASE 1.1 packages: frameworks in and out, programmes out;
* :mod:`.analytics_csv` — the CurricularAnalytics curriculum CSV, in and out;
* :mod:`.elm` — Europass ELM (European Learning Model) JSON-LD records of a programme's qualification;
* :mod:`.esco` — ESCO CSV releases: a compact index for checking ESCO URIs offline.
"""
