"""`--json` is written by portdeck itself (the json module and the `re` it imports cost every
`--json` lookup ~12 ms): what it writes is what json.dumps writes, plus the escapes that make
it safe on a terminal."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portdeck.safe_text import json_text

# What the writer escapes beyond JSON's own escaping: DEL, C1 controls, bidi and line
# separators, and the invisible characters (safe_text.py).
RAW_IN_JSON = "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b\u2060-\u2064\ufeff\U000e0000-\U000e007f]"


def reference(document: object) -> str:
    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        if code <= 0xFFFF:
            return f"\\u{code:04x}"
        high, low = divmod(code - 0x10000, 0x400)
        return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"

    return re.sub(RAW_IN_JSON, escape, json.dumps(document, indent=2, ensure_ascii=False))


scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
documents = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8) | st.integers(), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=500, deadline=None)
@given(document=documents)
def test_any_document_is_written_as_json_dumps_writes_it_made_safe(document: object) -> None:
    assert json_text(document) == reference(document)


def test_the_text_parses_back_to_the_document() -> None:
    document = {"port": 22, "title": "a\x1b[2Jb\u202e", "tags": [], "on": True, "none": None, "ratio": 0.5}
    written = json_text(document)
    assert "\x1b" not in written and "\u202e" not in written
    assert json.loads(written) == document


def test_what_json_cannot_hold_is_refused_as_json_refuses_it() -> None:
    with pytest.raises(TypeError):
        json_text({"when": object()})


def test_printable_escapes_exactly_what_the_loader_refuses() -> None:
    # One list of unsafe characters makes the loader's pattern, the terminal's escapes and
    # JSON's: a character escaped on screen is one a data file may not hold, and back.
    from portdeck.safe_text import UNSAFE, printable

    for code in [*range(0x3000), 0xFEFF, *range(0xE0000, 0xE0081)]:
        character = chr(code)
        unsafe = re.fullmatch(UNSAFE, character) is not None
        assert (printable(character) != character) == unsafe, hex(code)
        assert ("\\u" in json_text(character)) == (unsafe and character not in "\n\r\t\b\f"), hex(code)
