"""Word wrapping for the terminal answers, as `textwrap.wrap` and `textwrap.fill` do it with
their defaults, without importing `textwrap`: it compiles its patterns with `re` when
imported, ~12 ms of a one-shot lookup on a terminal (tests hold the two equal on the
dataset's own texts).

Lines break at ASCII whitespace, and after the hyphen of a hyphenated word ("well-known"
may end a line at "well-"); a word longer than the line is cut.
"""

from __future__ import annotations

_WHITESPACE = "\t\n\x0b\x0c\r "  # textwrap's: only these break lines (a no-break space does not)
_TO_SPACE = str.maketrans(dict.fromkeys(_WHITESPACE, " "))


def wrap(text: str, width: int, *, break_on_hyphens: bool = True) -> list[str]:
    """The lines of `text` wrapped at `width` columns (counted as characters); with
    `break_on_hyphens` False, only at whitespace (a URL keeps its hyphens)."""
    if width <= 0:
        raise ValueError(f"invalid width {width!r} (must be > 0)")
    chunks = _chunks(text.expandtabs().translate(_TO_SPACE), break_on_hyphens)
    lines: list[str] = []
    chunks.reverse()  # popped from the end, as textwrap does
    while chunks:
        line: list[str] = []
        used = 0
        if lines and chunks[-1].isspace():
            chunks.pop()  # whitespace at the start of a line after the first is dropped
        while chunks and used + len(chunks[-1]) <= width:
            used += len(chunks[-1])
            line.append(chunks.pop())
        if chunks and len(chunks[-1]) > width:
            # A chunk longer than any line: as much of it as fits ends this line, at its last
            # hyphen when one fits.
            long = chunks[-1]
            room = width - used
            hyphen = long.rfind("-", 0, room) if break_on_hyphens else -1
            if hyphen > 0 and long[:hyphen].strip("-"):
                room = hyphen + 1
            line.append(long[:room])
            used += room
            chunks[-1] = long[room:]
        if line and line[-1].isspace():
            used -= len(line[-1])
            line.pop()
        if line:
            lines.append("".join(line))
    return lines


def fill(text: str, width: int, *, break_on_hyphens: bool = True) -> str:
    """`wrap`'s lines, joined by newlines."""
    return "\n".join(wrap(text, width, break_on_hyphens=break_on_hyphens))


def _chunks(text: str, break_on_hyphens: bool) -> list[str]:
    """Runs of spaces, and words cut after the hyphens a line may end at."""
    chunks: list[str] = []
    start = 0
    length = len(text)
    while start < length:
        end = start
        if text[start] == " ":
            while end < length and text[end] == " ":
                end += 1
            chunks.append(text[start:end])
        else:
            while end < length and text[end] != " ":
                end += 1
            chunks += _hyphenated(text[start:end]) if break_on_hyphens else [text[start:end]]
        start = end
    return chunks


def _letter(character: str) -> bool:
    """What textwrap counts as a letter: a word character that is not a digit."""
    return (character.isalnum() or character == "_") and not character.isdecimal()


def _hyphenated(word: str) -> list[str]:
    """ "well-known" -> ["well-", "known"]: a hyphen after two letters, before a letter (and a
    second one, perhaps past another hyphen), is where a line may end."""
    parts: list[str] = []
    start = 0
    for at in range(2, len(word) - 2):
        if word[at] != "-" or at == start or not _letter(word[at - 1]) or not _letter(word[at + 1]):
            continue
        two_before = _letter(word[at - 2]) or (at >= 3 and word[at - 2] == "-" and _letter(word[at - 3]))
        after = word[at + 2]
        if two_before and (_letter(after) or (after == "-" and at + 3 < len(word) and _letter(word[at + 3]))):
            parts.append(word[start : at + 1])
            start = at + 1
    parts.append(word[start:])
    return parts
