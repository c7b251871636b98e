"""The Textual user interface. The only package in portdeck that imports Textual."""
