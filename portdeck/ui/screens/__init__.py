"""Screens pushed over the main view."""

from .entry import EntryScreen
from .help import HelpScreen

__all__ = ["EntryScreen", "HelpScreen"]
