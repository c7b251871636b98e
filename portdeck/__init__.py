"""portdeck: a fast, keyboard-driven port-number reference for the terminal."""

__version__ = "0.3.0"
