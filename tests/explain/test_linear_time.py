"""Untrusted text must not make a pattern backtrack without end: every format's detection
and reader get long hostile lines (and a 64 KB head of blank lines) and must answer
quickly. Each of these took minutes, or forever, with a careless pattern."""

from __future__ import annotations

import time

import pytest

from portdeck.explain.detect import _SIGNATURES, TEXT, detect, reader_for

SIZE = 200_000
HOSTILE = [
    "\n" * SIZE,
    " " * SIZE,
    "\t \n" * (SIZE // 3),
    ":" * SIZE,
    "1:" * (SIZE // 2),
    "a." * (SIZE // 2),
    "0.0.0.0:" * (SIZE // 8),
    " TCP" * (SIZE // 4),
    '"port":1,' * (SIZE // 9),
    '"port":{' * (SIZE // 8),
    "PROTO=a " * (SIZE // 8),
    "DPT=1 " * (SIZE // 6),
    "22/open/tcp//" * (SIZE // 13),
    "1-" * (SIZE // 2) + ">1/tcp",
    "80/tcp -> x\n\n\n\n" * (SIZE // 15),
    "dport { " + "1, " * (SIZE // 3),
    "22/tcp ALLOW " + " " * SIZE + "x",
    "Open " + "a:" * (SIZE // 2),
    "tcp 0 0 " + ":" * SIZE,
    "tcp4 0 0 " + "." * SIZE,
    "<!--" * (SIZE // 4),
]
FORMATS = {found.key: found for found, _ in _SIGNATURES} | {"text": TEXT}


@pytest.mark.parametrize("text", HOSTILE, ids=lambda text: repr(text[:14]))
def test_detection_is_linear(text: str) -> None:
    start = time.perf_counter()
    detect(text[: 64 * 1024])
    assert time.perf_counter() - start < 2


@pytest.mark.parametrize("key", sorted(FORMATS))
def test_every_reader_is_linear(key: str) -> None:
    read = reader_for(FORMATS[key])
    for text in HOSTILE:
        start = time.perf_counter()
        lines = [(1, text.replace("\n", " "))]  # one long line, as the line reader hands over
        list(read(lines))
        assert time.perf_counter() - start < 2, (key, text[:20])
