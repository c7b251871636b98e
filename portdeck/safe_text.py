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

import re

# C0 controls, DEL, C1 controls; the Unicode line separators; the bidirectional marks,
# embeddings, overrides and isolates; the invisible characters that hide text or make two
# strings that look alike differ (zero-width space, word joiner and invisible operators,
# a byte-order mark inside text, the tag characters U+E0000-U+E007F). Zero-width joiners
# (U+200C, U+200D) are kept: Persian, Indic scripts and emoji need them. Every one is a
# character `str.isprintable()` rejects, so printable text (nearly all of it) skips the
# pattern, and a one-shot lookup never pays for compiling it (re compiles a pattern on its
# first use and keeps it).
_INVISIBLE = "\u200b\u2060-\u2064\ufeff\U000e0000-\U000e007f"
UNSAFE = f"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069{_INVISIBLE}]"


def first_unsafe(text: str) -> re.Match[str] | None:
    """Where the first unsafe character of `text` is, if it has one."""
    return None if text.isprintable() else re.search(UNSAFE, text)


def printable(text: str) -> str:
    """`text` with every unsafe character written as a visible escape (`\\x1b`, `\\u202e`)."""
    if text.isprintable():
        return text
    return re.sub(UNSAFE, _escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def describe_character(character: str) -> str:
    """'a control character (U+001B)', 'an invisible text-direction or line control (U+202E)'
    or 'an invisible character (U+200B)'."""
    code = ord(character)
    if code <= 0x9F:
        kind = "a control character"
    elif re.fullmatch(f"[{_INVISIBLE}]", character):
        kind = "an invisible character"
    else:
        kind = "an invisible text-direction or line control"
    return f"{kind} (U+{code:04X})"


# What json.dumps leaves raw inside strings (it escapes C0 controls itself; the newlines
# left are its own indentation).
_RAW_IN_JSON = f"[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069{_INVISIBLE}]"


def json_text(document: object) -> str:
    """`document` as indented JSON, readable (accents stay) and safe: unsafe characters are
    written as \\u escapes, which JSON's own escaping leaves raw for DEL, C1 and bidi."""
    import json

    text = json.dumps(document, indent=2, ensure_ascii=False)
    return re.sub(_RAW_IN_JSON, _json_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)  # JSON writes astral characters as a surrogate pair
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"
