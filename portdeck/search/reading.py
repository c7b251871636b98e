"""How the words of a query are read: which decide, which only qualify, which are filler.

People ask "what port does smtp use", "mongodb port", "couchdb https", "vault cluster".
Only some words name what they want (content words: every one must match); the
others are read for what they are:

- **Filler** never removes an entry: question and function words ("what", "does",
  "the"), words of a port question ("port", "default", "number", "use"), and the
  words so frequent in the data that they name nothing ("protocol", "server",
  "service": those in at least `COMMON_SHARE` of all titles, found when the index is
  built). A filler word that matches an entry's name or title raises it a little.
- **Qualifiers** choose the member of a product: "https", "cluster", "console",
  "metrics" … An entry whose name, aliases, title or tags carry a qualifier (or a word
  of its group: "ssl" and "secure" for "tls") ranks before those that do not.
- When a query has no content word ("https", "web ui", "what port"), its qualifiers,
  then its filler words, are read as content: something typed is always searched.
"""

from __future__ import annotations

from portdeck.typed_tuple import NamedTuple

# A word in at least this share of all entries' titles and names names nothing (index.py).
COMMON_SHARE = 0.05

QUESTION_WORDS = frozenset(
    [
        "what",
        "which",
        "where",
        "who",
        "whom",
        "whose",
        "why",
        "how",
        "is",
        "are",
        "was",
        "does",
        "do",
        "did",
        "can",
        "could",
        "should",
        "would",
        "will",
        "whats",
        "wheres",
        "hows",
        "isnt",
        "doesnt",
    ]
)
FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "for",
        "to",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "and",
        "or",
        "as",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "my",
        "our",
        "your",
        "me",
        "i",
        "we",
        "you",
        "be",
        "been",
        "being",
        "there",
        "here",
        "about",
        "into",
        "onto",
        "via",
        "vs",
        "versus",
        "than",
        "then",
        "also",
        "please",
        "over",
        "under",
        "through",
        "based",
    ]
)
# Words of a question about ports rather than of an answer.
PORT_QUESTION_WORDS = frozenset(
    [
        "port",
        "ports",
        "number",
        "numbers",
        "num",
        "nr",
        "no",
        "default",
        "defaults",
        "standard",
        "usual",
        "usually",
        "typical",
        "typically",
        "common",
        "commonly",
        "use",
        "uses",
        "used",
        "using",
        "run",
        "runs",
        "running",
        "listen",
        "listens",
        "listening",
        "open",
        "opened",
        "find",
        "look",
        "lookup",
        "need",
        "needed",
    ]
)
FILLER = QUESTION_WORDS | FUNCTION_WORDS | PORT_QUESTION_WORDS

# Qualifier groups: any word of a group selects the entries carrying any word of it.
QUALIFIER_GROUPS: tuple[frozenset[str], ...] = tuple(
    frozenset(group.split())
    for group in (
        "tls ssl secure https ldaps imaps pop3s smtps ftps",
        "http",
        "ui web webui gui console dashboard admin administration management panel portal frontend",
        "api rest grpc",
        "client",
        "server",
        "broker",
        "cluster peer peers gossip raft interconnect",
        "transport",
        "replication replica",
        "metrics exporter prometheus telemetry",
        "submission",
        "agent",
        "debug debugger debugging",
        "health healthcheck",
        "discovery",
        "proxy",
        "rpc",
        "control controller",
        "worker",
        "sentinel",
        "websocket websockets ws",
    )
)
QUALIFIER_OF = {word: group for group in QUALIFIER_GROUPS for word in group}


class Reading(NamedTuple):
    """A query's words, sorted by what they do."""

    content: tuple[str, ...]  # every one must match
    qualifiers: tuple[frozenset[str], ...]  # groups: matching one ranks an entry first
    filler: tuple[str, ...]  # optional: a match raises an entry a little

    words: tuple[str, ...] = ()  # every word, in the order typed

    @property
    def ignored(self) -> tuple[str, ...]:
        """The words that did not decide the result (shown as 'ignored')."""
        return self.filler


def read_words(words: tuple[str, ...], common: frozenset[str] = frozenset()) -> Reading:
    """Sort `words` into content, qualifiers and filler; `common` are the data's too-common words."""
    content: list[str] = []
    qualifiers: list[str] = []
    filler: list[str] = []
    for word in words:
        if word in QUALIFIER_OF:
            qualifiers.append(word)
        elif word in FILLER or word in common:
            filler.append(word)
        else:
            content.append(word)
    if not content:
        # Nothing names a product: the qualifiers do ("https", "web ui"), else the filler
        # words that are not mere grammar ("port", "protocol").
        if qualifiers:
            content, qualifiers = qualifiers, []
        else:
            content = [w for w in filler if w not in QUESTION_WORDS and w not in FUNCTION_WORDS]
            content = content or list(filler)  # "who" (port 513) is a name too
            filler = [w for w in filler if w not in content]
    groups = tuple(dict.fromkeys(QUALIFIER_OF[word] for word in qualifiers))
    return Reading(tuple(content), groups, tuple(filler), tuple(words))
