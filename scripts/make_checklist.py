"""Write data/sources/checklist.toml: the port numbers a default nmap scan probes.

Usage: python scripts/make_checklist.py [PATH-TO-nmap-services]

Nmap's `nmap-services` (Debian package `nmap`) ranks ports by how often scans find
them open. Its licence does not allow copying its names, comments or figures, so
only the port numbers are kept, sorted by number: the 1,000 TCP ports a default
`nmap` scan probes and the 100 UDP ports of `nmap -sU --top-ports 100`. The curated
data must explain every one of them (scripts/build_ports.py --report measures it).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "data" / "sources" / "checklist.toml"
DEFAULT_SOURCE = Path("/usr/share/nmap/nmap-services")
TOP = {"tcp": 1000, "udp": 100}


def top_ports(source: Path) -> dict[str, list[int]]:
    """The most frequently open ports per protocol, as sorted port numbers only."""
    ranked: dict[str, list[tuple[float, int]]] = {protocol: [] for protocol in TOP}
    for line in source.read_text(encoding="utf-8", errors="replace").splitlines():
        fields = line.split("\t")
        if line.startswith("#") or len(fields) < 3:
            continue
        number, _, protocol = fields[1].partition("/")
        if protocol in ranked:
            ranked[protocol].append((-float(fields[2]), int(number)))
    return {
        protocol: sorted(port for _, port in sorted(rows)[: TOP[protocol]])
        for protocol, rows in ranked.items()
    }


def render(ports: dict[str, list[int]]) -> str:
    lines = [
        "# Port numbers the curated data must explain: the 1,000 TCP ports a default nmap scan",
        "# probes and nmap's 100 most frequent UDP ports. Port numbers only, sorted by number;",
        "# nothing else is taken from nmap-services. Regenerate: python scripts/make_checklist.py",
    ]
    for protocol, numbers in ports.items():
        lines.append(f"{protocol} = [")
        lines += ["    " + ", ".join(map(str, numbers[i : i + 16])) + "," for i in range(0, len(numbers), 16)]
        lines.append("]")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else DEFAULT_SOURCE
    if not source.is_file():
        print(f"{source} not found: install nmap (Debian: apt-get install nmap)", file=sys.stderr)
        return 1
    ports = top_ports(source)
    OUTPUT.write_text(render(ports), encoding="utf-8")
    print(f"wrote {OUTPUT}: {len(ports['tcp'])} tcp, {len(ports['udp'])} udp")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
