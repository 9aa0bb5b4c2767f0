"""Input text made safe to show: control, bidirectional and zero-width characters become escapes.

A title or id in the YAML may carry ESC sequences (which a terminal obeys), BEL, C1 controls, or
bidi overrides (which reorder what a reader sees, "Trojan Source"). Every reporter passes input
text through :func:`visible`; the JSON reporters keep the data exact with ``\\uXXXX`` escapes.
"""

from __future__ import annotations

import re

WIDE = "\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff"  # DEL, C1, bidi, zero-width
CONTROLS = re.compile(f"[\x00-\x1f{WIDE}]")
BEYOND_C0 = re.compile(f"[{WIDE}]")
SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in SHORT:
        return SHORT[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control, bidi and zero-width character written as an escape (``\\x1b``, ``\\u202e``)."""
    if text.isprintable():  # none of CONTROLS is printable: nothing to escape
        return text
    return CONTROLS.sub(_escape, text)


def json_safe(text: str) -> str:
    """JSON text with the characters above as ``\\uXXXX`` escapes: the same data once parsed, but nothing
    in the bytes that a terminal or viewer would act on (``json.dumps`` escapes only C0 itself)."""
    return BEYOND_C0.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
