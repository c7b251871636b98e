"""portdeck's widgets, one module each."""

from .card_text import Vacancy
from .detail import DetailPane
from .entry_card import EntryCard
from .range_tabs import RangeTabs
from .results import ResultsView
from .search_input import SearchInput
from .title_bar import TitleBar

__all__ = ["DetailPane", "EntryCard", "RangeTabs", "ResultsView", "SearchInput", "TitleBar", "Vacancy"]
