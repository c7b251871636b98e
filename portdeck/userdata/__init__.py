"""What belongs to the user: personal ports and pinned favourites. Never imports Textual."""

from .paths import config_file, data_dir
from .personal import load_personal
from .pins import PinKey, PinStore, pin_key

__all__ = ["PinKey", "PinStore", "config_file", "data_dir", "load_personal", "pin_key"]
