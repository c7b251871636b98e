"""portdeck's widgets, one module each."""

from .card_text import CardContext, Vacancy
from .empty_state import EmptyState
from .entry_card import EntryCard
from .key_footer import KeyFooter
from .range_tabs import RangeTabs
from .results import ResultsView
from .search_input import SearchInput
from .title_bar import TitleBar

__all__ = [
    "CardContext",
    "EmptyState",
    "EntryCard",
    "KeyFooter",
    "RangeTabs",
    "ResultsView",
    "SearchInput",
    "TitleBar",
    "Vacancy",
]
