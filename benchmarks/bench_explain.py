"""How fast `portdeck --explain` reads a big scan, and how much memory it holds.

Writes a 10,000-host nmap XML file (the shape of `nmap -sV -oX`: 3 to 9 open ports a
host, hostnames, extraports, service versions, a stylesheet and a DOCTYPE), then times
`run_explain` on it (median of N runs; target 2 s) and measures its peak memory with
tracemalloc, against the file's size: the file is streamed, never held whole, so the
peak stays a fraction of it. First it checks that --json, written a row at a time, is
byte for byte what `json_text` makes of the whole document.

Run: python benchmarks/bench_explain.py [--hosts 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))

from portdeck.dataset import Catalog, load_catalog

TARGET_SECONDS = 2.0
COMMON = [
    (22, "ssh", "OpenSSH", "8.9p1 Ubuntu 3ubuntu0.6"),
    (80, "http", "nginx", "1.24.0"),
    (443, "https", "nginx", "1.24.0"),
    (3306, "mysql", "MySQL", "8.0.36"),
    (5432, "postgresql", "PostgreSQL DB", "14.11"),
    (6379, "redis", "Redis key-value store", "7.2.4"),
    (8080, "http-proxy", "Apache Tomcat", "9.0.85"),
    (3389, "ms-wbt-server", "Microsoft Terminal Services", ""),
    (445, "microsoft-ds", "", ""),
    (23, "telnet", "BusyBox telnetd", ""),
    (9200, "http", "Elasticsearch REST API", "8.12.0"),
    (27017, "mongodb", "MongoDB", "7.0.5"),
    (4444, "krb524", "", ""),
]


def write_nmap_xml(path: str, hosts: int, seed: int = 24) -> int:
    """A realistic nmap -sV -oX file of `hosts` hosts; returns how many open ports it lists."""
    rng = random.Random(seed)
    ports_written = 0
    with open(path, "w", encoding="utf-8") as out:
        args = f"nmap -sV -oX {os.path.basename(path)} 10.0.0.0/18"
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE nmaprun>\n')
        out.write('<?xml-stylesheet href="file:///usr/bin/../share/nmap/nmap.xsl" type="text/xsl"?>\n')
        out.write(
            f'<nmaprun scanner="nmap" args="{args}" start="1796503902" version="7.93" xmloutputversion="1.05">\n'
        )
        out.write('<scaninfo type="syn" protocol="tcp" numservices="1000" services="1-1000"/>\n')
        out.write('<verbose level="0"/>\n<debugging level="0"/>\n')
        for number in range(hosts):
            address = f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"
            out.write(
                '<host starttime="1796503903" endtime="1796503923"><status state="up" reason="syn-ack" reason_ttl="63"/>\n'
            )
            out.write(f'<address addr="{address}" addrtype="ipv4"/>\n')
            out.write(
                f'<hostnames>\n<hostname name="host-{number}.corp.example" type="PTR"/>\n</hostnames>\n'
            )
            out.write('<ports><extraports state="closed" count="991">\n')
            out.write(
                '<extrareasons reason="reset" count="991" proto="tcp" ports="1-21,24-79"/>\n</extraports>\n'
            )
            chosen = rng.sample(COMMON, rng.randint(3, 8))
            if rng.random() < 0.3:
                chosen.append((rng.randint(1024, 65535), "unknown", "", ""))
            for port, name, product, version in sorted(chosen):
                product_attrs = f' product="{product}"' if product else ""
                version_attrs = f' version="{version}"' if version else ""
                method = "probed" if product else "table"
                out.write(
                    f'<port protocol="tcp" portid="{port}"><state state="open" reason="syn-ack" reason_ttl="63"/>'
                    f'<service name="{name}"{product_attrs}{version_attrs} method="{method}" conf="10"/></port>\n'
                )
                ports_written += 1
            out.write('</ports>\n<times srtt="420" rttvar="180" to="100000"/>\n</host>\n')
        out.write(
            f'<runstats><finished time="1796503923" elapsed="21.24" exit="success"/><hosts up="{hosts}" down="0" total="{hosts}"/>\n'
        )
        out.write("</runstats>\n</nmaprun>\n")
    return ports_written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()

    from portdeck.explain import run_explain

    catalog = load_catalog()
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "scan.xml")
        ports = write_nmap_xml(path, options.hosts)
        size = os.path.getsize(path)
        print(f"nmap XML: {options.hosts:,} hosts, {ports:,} open ports, {size / 1e6:.1f} MB")

        same = _json_as_reference(catalog, path)
        print(f"--json output byte for byte json_text's of the whole document: {'yes' if same else 'NO'}")
        floor = _expat_alone(path, options.runs)
        print(
            f"floor, expat parsing the file with no handler: median {floor:.2f} s (how fast this machine is now)"
        )
        null = open(os.devnull, "w")  # noqa: SIM115 - the output goes where a pipe would take it

        def run(as_json: bool) -> int:
            return run_explain(
                catalog, [path], as_json=as_json, fail_on=frozenset(), limit=0,
                stdin=io.BytesIO(), stdout=null, stderr=io.StringIO(),
            )  # fmt: skip

        for as_json in (False, True):
            run(as_json)  # warm: the catalog's entries for these ports get built once
            times, cpu = [], []
            for _ in range(options.runs):
                start, start_cpu = time.perf_counter(), time.process_time()
                run(as_json)
                times.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
            median = statistics.median(times)
            verdict = "ok" if median <= TARGET_SECONDS else "OVER TARGET"
            label = "--json" if as_json else "text  "
            print(
                f"run_explain {label}: median {median:.2f} s of {options.runs} runs (CPU {statistics.median(cpu):.2f} s), "
                f"{median / floor:.1f}x the floor (target ≤ {TARGET_SECONDS:.0f} s: {verdict})"
            )

        for as_json in (False, True):
            tracemalloc.start()
            run(as_json)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            label = "--json" if as_json else "text  "
            print(
                f"peak memory {label} (tracemalloc): {peak / 1e6:.1f} MB = {peak / size:.2f}x the file's {size / 1e6:.1f} MB"
            )
        null.close()
    return 0 if same else 1


def _json_as_reference(catalog: Catalog, path: str) -> bool:
    """Whether print_json, which writes row by row with shortcuts, writes exactly what
    json_text makes of the whole document (the plain, slow way)."""
    from portdeck.explain import read_inputs
    from portdeck.explain.output import print_json, row_to_json
    from portdeck.safe_text import json_text

    rows, _, _ = read_inputs(catalog, [path], None)
    written = io.StringIO()
    print_json(rows, written)
    return written.getvalue() == json_text([row_to_json(row) for row in rows]) + "\n"


def _expat_alone(path: str, runs: int) -> float:
    """The least any streamed reading of the file costs: expat over it in 64 KB pieces, no handlers."""
    from xml.parsers import expat

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        parser = expat.ParserCreate()
        with open(path, "rb") as file:
            while data := file.read(1 << 16):
                parser.Parse(data, False)
        parser.Parse(b"", True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


if __name__ == "__main__":
    sys.exit(main())
