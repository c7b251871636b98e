"""What belongs to the user: personal ports, pins and settings. Never imports Textual.

Import from the modules themselves: `userdata.personal` is on the one-shot lookup's
path, `userdata.pins` and `userdata.settings` only the TUI's (they need json).
"""
