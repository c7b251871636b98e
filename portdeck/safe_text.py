"""Text portdeck did not write, made safe to show: every output path goes through here.

Data files, the user's own files, process names and whatever a server sends can
hold characters a terminal acts on instead of showing: C0 and C1 control codes
(ESC starts sequences that retitle the window, clear the screen or write the
clipboard; U+009B is an 8-bit CSI), and bidirectional controls (U+202E turns text
around, so what is read is not what is there). Files are refused when they hold
them (the loader names the line); text that cannot be refused, such as a process
name, is shown with each such character escaped visibly: ESC becomes `\\x1b`.
"""

from __future__ import annotations

from .typed_tuple import TYPE_CHECKING

if TYPE_CHECKING:
    import re

# C0 controls, DEL, C1 controls; the Unicode line separators; the bidirectional marks,
# embeddings, overrides and isolates; the invisible characters that hide text or make two
# strings that look alike differ (zero-width space, word joiner and invisible operators,
# a byte-order mark inside text, the tag characters U+E0000-U+E007F). Zero-width joiners
# (U+200C, U+200D) are kept: Persian, Indic scripts and emoji need them. Every one is a
# character `str.isprintable()` rejects, so printable text (nearly all of it) is passed
# over at once. One list of (first, last) code points, from which the escape tables and
# the loader's pattern are made.
_CONTROLS = ((0x00, 0x1F), (0x7F, 0x9F))
_DIRECTION_AND_LINES = (
    (0x061C, 0x061C),
    (0x200E, 0x200F),
    (0x2028, 0x2029),
    (0x202A, 0x202E),
    (0x2066, 0x2069),
)
_INVISIBLE = ((0x200B, 0x200B), (0x2060, 0x2064), (0xFEFF, 0xFEFF), (0xE0000, 0xE007F))
_UNSAFE_RANGES = (*_CONTROLS, *_DIRECTION_AND_LINES, *_INVISIBLE)
_UNSAFE_CODES = [code for first, last in _UNSAFE_RANGES for code in range(first, last + 1)]
UNSAFE = "[" + "".join(f"{chr(first)}-{chr(last)}" for first, last in _UNSAFE_RANGES) + "]"


def first_unsafe(text: str) -> re.Match[str] | None:
    """The match of the first unsafe character of `text` (its `.start()` is where), or None."""
    if text.isprintable():
        return None
    import re

    return re.search(UNSAFE, text)


def printable(text: str) -> str:
    """`text` with every unsafe character written as a visible escape (`\\x1b`, `\\u202e`,
    `\\U000e0041`); the rest is unchanged, a zero-width joiner or a soft hyphen included."""
    return text if text.isprintable() else text.translate(_VISIBLE_ESCAPES)


def _visible_escape(code: int) -> str:
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


_VISIBLE_ESCAPES = {code: _visible_escape(code) for code in _UNSAFE_CODES}


def describe_character(character: str) -> str:
    """'a control character (U+001B)', 'an invisible text-direction or line control (U+202E)'
    or 'an invisible character (U+200B)'."""
    code = ord(character)
    if code <= 0x9F:
        kind = "a control character"
    elif _is_invisible(character):
        kind = "an invisible character"
    else:
        kind = "an invisible text-direction or line control"
    return f"{kind} (U+{code:04X})"


def _is_invisible(character: str) -> bool:
    return any(first <= ord(character) <= last for first, last in _INVISIBLE)


def json_text(document: object) -> str:
    """`document` as indented JSON, readable (accents stay) and safe: what `json.dumps(document,
    indent=2, ensure_ascii=False)` writes, but with every unsafe character escaped (JSON's own
    escaping leaves DEL, C1 controls and bidi marks raw): `\\n`, `\\t` and the like as JSON
    writes them, every other one as a `\\u` escape (a surrogate pair above U+FFFF).

    Written here rather than with the json module: importing it (and the `re` it imports)
    costs every `--json` lookup ~12 ms. A test holds the two equal.
    """
    parts: list[str] = []
    _write_json(document, "", parts)
    return "".join(parts)


def _write_json(value: object, indent: str, parts: list[str]) -> None:
    if isinstance(value, str):
        parts.append(_json_string(value))
    elif value is None or isinstance(value, bool):
        parts.append("null" if value is None else "true" if value else "false")
    elif isinstance(value, int):
        parts.append(int.__repr__(value))
    elif isinstance(value, float):
        parts.append(_json_float(value))
    elif isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        inner = indent + "  "
        parts.append("{")
        for number, (key, item) in enumerate(value.items()):
            parts.append(f"{',' if number else ''}\n{inner}{_json_string(_json_key(key))}: ")
            _write_json(item, inner, parts)
        parts.append(f"\n{indent}}}")
    elif isinstance(value, (list, tuple)):
        if not value:
            parts.append("[]")
            return
        inner = indent + "  "
        parts.append("[")
        for number, item in enumerate(value):
            parts.append(f"{',' if number else ''}\n{inner}")
            _write_json(item, inner, parts)
        parts.append(f"\n{indent}]")
    else:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _json_key(key: object) -> str:
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, bool):
        return "null" if key is None else "true" if key else "false"
    if isinstance(key, int):
        return int.__repr__(key)
    if isinstance(key, float):
        return _json_float(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _json_float(value: float) -> str:
    if value != value:  # noqa: PLR0124 - NaN, the one float unequal to itself
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _json_escape(code: int) -> str:
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)  # JSON writes astral characters as a surrogate pair
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"


# Every unsafe character as a \\u escape (JSON escapes the C0 controls itself, and leaves DEL,
# C1, bidi and line separators and the invisible characters raw), then JSON's own escapes.
_JSON_ESCAPES: dict[int, str] = {code: _json_escape(code) for code in _UNSAFE_CODES}
_JSON_ESCAPES.update(
    {ord('"'): '\\"', ord("\\"): "\\\\", 0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t", 0x08: "\\b", 0x0C: "\\f"}
)


def _json_string(text: str) -> str:
    if text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'  # nearly every string: every character it escapes is unprintable
    return f'"{text.translate(_JSON_ESCAPES)}"'
