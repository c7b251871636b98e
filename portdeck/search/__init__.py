"""Query parsing and ranking over the port catalog. Never imports Textual."""

from .engine import SearchEngine
from .query import Query, parse_query
from .result import Match, SearchResult

__all__ = ["Match", "Query", "SearchEngine", "SearchResult", "parse_query"]
