"""The terminal answers wrap as textwrap would (portdeck wraps by itself: importing textwrap
costs a lookup on a terminal ~12 ms)."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portdeck.dataset import load_catalog
from portdeck.text_wrap import fill, wrap

WIDTHS = (12, 24, 40, 57, 60, 72, 80, 100)


def test_every_text_of_the_dataset_wraps_as_textwrap_wraps_it() -> None:
    texts = {text for e in load_catalog() for text in (e.title, e.description, e.security) if text}
    assert len(texts) > 5000
    for text in texts:
        for width in WIDTHS:
            assert wrap(text, width) == textwrap.wrap(text, width), (width, text)


@settings(max_examples=500, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("ab1 -\t\n._,!?'\"é\u00a0") | st.characters(), max_size=120),
    width=st.integers(min_value=1, max_value=30),
)
def test_any_text_wraps_as_textwrap_wraps_it(text: str, width: int) -> None:
    assert wrap(text, width) == textwrap.wrap(text, width)
    assert fill(text, width) == textwrap.fill(text, width)
    assert wrap(text, width, break_on_hyphens=False) == textwrap.wrap(text, width, break_on_hyphens=False)


def test_a_width_below_one_is_refused_as_textwrap_refuses_it() -> None:
    with pytest.raises(ValueError):
        wrap("port", 0)
