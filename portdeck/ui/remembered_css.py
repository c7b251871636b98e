"""The app's parsed CSS, kept between starts.

Textual parses portdeck.tcss and every widget's default CSS on each start: ~30 ms, about
a fifth of the time to the first frame, for rules that are the same on every start with
the same Textual, the same CSS and the same theme. `RememberedStylesheet` keeps the rules
it used in the cache folder as the app ends, and takes them from there the next time; a
source whose text, origin or theme variables changed is parsed as before. It overrides
`Stylesheet._parse_rules`, Textual's one place where a source is parsed: should a later
Textual rename it, every start parses as before (and tests/ui/test_remembered_css.py fails).

The rules are Textual objects, so they are pickled, and loading a pickle runs code: the
file is loaded only when it is signed with the user's key, which lives in the data folder,
outside the cache's (cache_files.py). Textual's installed files are part of the key, so
an upgrade never meets rules pickled by another version.
"""

from __future__ import annotations

import os
import pickle
import sys
from hashlib import blake2b

import textual
import textual.css.model
import textual.css.styles
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation

from ..cache_files import read_cache, write_cache
from ..paths import cache_enabled

CSS_KIND = "css"
CSS_FORMAT = 1
MOST_SOURCES = 200  # ~45 sources per theme: every screen portdeck has, in a few themes

Rules = dict[str, list[RuleSet]]


def _installed_key() -> str:
    """This Python and this copy of Textual: the modules whose classes are pickled, stamped
    by size and time (reading Textual's version from its metadata costs ~5 ms)."""
    stamp = blake2b(sys.version.encode(), digest_size=8)
    for module in (textual, textual.css.model, textual.css.styles):
        path = module.__file__ or ""
        info = os.stat(path)
        stamp.update(f"{path}\0{info.st_size}\0{info.st_mtime_ns}".encode())
    return stamp.hexdigest()


class RememberedStylesheet(Stylesheet):
    """A Stylesheet that takes each source's parsed rules from the cache when it can."""

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._stored: Rules | None = None  # read from the cache when first needed
        self._used: Rules = {}  # by this process: Textual parses every source again each time one is added
        self._theme_digest: bytes | None = None
        self.parsed_here = 0  # sources parsed in this process rather than taken from the cache

    def set_variables(self, variables: dict[str, str]) -> None:
        super().set_variables(variables)
        self._theme_digest = None

    def _source_key(
        self, css: str, read_from: CSSLocation, is_default: bool, tie_breaker: int, scope: str
    ) -> str:
        if self._theme_digest is None:
            variables = sorted(self._variables.items())
            self._theme_digest = blake2b(repr(variables).encode(), digest_size=16).digest()
        key = blake2b(css.encode("utf-8", "surrogatepass"), digest_size=16)
        key.update(repr((read_from, is_default, tie_breaker, scope)).encode())
        key.update(self._theme_digest)
        return key.hexdigest()

    def _parse_rules(
        self,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        key = self._source_key(css, read_from, is_default_rules, tie_breaker, scope)
        rules = self._used.get(key)
        if rules is None:
            if self._stored is None:
                self._stored = load_rules()
            rules = self._stored.get(key)
            if rules is None:
                rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
                self.parsed_here += 1
            self._used[key] = rules
        return rules

    def remember(self) -> None:
        """Keep the rules for the next start if this one parsed any (the app calls this as it
        ends, so the screens it opened are kept too): those used now, and those kept before
        unless they grow past MOST_SOURCES (a new portdeck leaves its old CSS's rules behind)."""
        if not self.parsed_here or any(rule.errors for rules in self._used.values() for rule in rules):
            return
        kept = {**(self._stored or {}), **self._used}
        save_rules(kept if len(kept) <= MOST_SOURCES else self._used)
        self.parsed_here = 0


def load_rules() -> Rules:
    if not cache_enabled():  # PORTDECK_NO_CACHE
        return {}
    body = read_cache(CSS_KIND, _installed_key(), CSS_FORMAT, signed=True)
    if not isinstance(body, bytes):
        return {}
    try:
        rules = pickle.loads(body)
    except Exception:  # noqa: BLE001 - rules this Textual cannot load are parsed again
        return {}
    return rules if isinstance(rules, dict) else {}


def save_rules(rules: Rules) -> None:
    if not cache_enabled():
        return
    try:
        body = pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - rules that cannot be pickled are parsed on every start
        return
    write_cache(CSS_KIND, _installed_key(), CSS_FORMAT, body, signed=True)
