"""One live check of one port on one host: is it open, and what answers there.

Never imported on the lookup path or at the TUI's start: `portdeck --check` and the
TUI's `t` import it when asked. portdeck is not a scanner: one host, one port, one
connection (two when a certificate does not verify: the second reads it anyway).

- `target`: parse "HOST:PORT", "[::1]:22", "HOST:53/udp";
- `probe`: resolve, connect, read the banner, shake hands over TLS, ask HTTP, query UDP;
- `certificate`: the few fields of an X.509 certificate a check reports;
- `report`: the result as lines of text and as JSON;
- `command`: `portdeck --check`.
"""
