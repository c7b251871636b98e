"""A check's result for people (lines of text) and for scripts (one JSON object)."""

from __future__ import annotations

from ..safe_text import printable
from .probe import OPEN, CheckResult
from .tls import TlsReport

STATE_WORDS = {"open": "open", "closed": "closed", "timeout": "no answer", "error": "error"}


def summary(result: CheckResult) -> str:
    """'example.org:443 (93.184.215.14): open in 12.3 ms'."""
    where = result.target.label + (
        f" ({result.address})" if result.address and result.address != result.target.host else ""
    )
    state = STATE_WORDS[result.state]
    timing = f" in {result.rtt_ms:g} ms" if result.rtt_ms is not None else ""
    return printable(f"{where}: {state}{timing}")


def lines(result: CheckResult) -> list[str]:
    """Everything the check found, one fact a line, safe to print: the result holds what the
    server sent, and every piece of it is made printable here, once."""
    found = [summary(result)]
    if result.note:
        found.append(printable(result.note))
    if result.tls is not None:
        found += tls_lines(result.tls)
    if result.http is not None:
        server = f" · Server: {printable(result.http.server)}" if result.http.server else ""
        found.append(f"HTTP: {printable(result.http.status)}{server}")
    if result.banner:
        label = "Answer" if result.target.protocol.value == "udp" else "Banner"
        first, *rest = result.banner.split("\n")
        found.append(f"{label}: {printable(first)}")
        found += [f"  {printable(line)}" for line in rest]
    return found


def tls_lines(tls: TlsReport) -> list[str]:
    trust = (
        "verifies for this name"
        if tls.verified
        else f"does NOT verify: {printable(tls.problem or 'unknown reason')}"
    )
    expiry = (
        f"expires {tls.not_after[:10]} ({tls.days_left} days left)"
        if tls.days_left >= 0
        else (f"EXPIRED {tls.not_after[:10]} ({-tls.days_left} days ago)")
    )
    found = [
        printable(f"TLS: {tls.version}, {tls.cipher}"),
        f"Certificate: {printable(tls.subject) or '(no common name)'}, issued by {printable(tls.issuer) or '?'}"
        + (" (self-signed)" if tls.self_signed else ""),
    ]
    if tls.names:
        found.append(f"  for: {printable(', '.join(tls.names[:8]))}" + (" …" if len(tls.names) > 8 else ""))
    found += [f"  {expiry}", f"  {trust}"]
    return found


def to_json(result: CheckResult, entries: list[dict[str, object]]) -> dict[str, object]:
    """The documented JSON shape of `portdeck --check --json`."""
    tls = result.tls
    return {
        "host": result.target.host,
        "address": result.address,
        "port": result.target.port,
        "protocol": result.target.protocol.value,
        "state": result.state,
        "rtt_ms": result.rtt_ms,
        "banner": result.banner,
        "note": result.note,
        "tls": None
        if tls is None
        else {
            "version": tls.version,
            "cipher": tls.cipher,
            "subject": tls.subject,
            "subject_alt_names": list(tls.names),
            "issuer": tls.issuer,
            "not_after": tls.not_after,
            "days_left": tls.days_left,
            "self_signed": tls.self_signed,
            "verified": tls.verified,
            "problem": tls.problem,
        },
        "http": None if result.http is None else {"status": result.http.status, "server": result.http.server},
        "entries": entries,
    }


def exit_status(result: CheckResult) -> int:
    return 0 if result.state == OPEN else 1
