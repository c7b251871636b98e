"""Every format --explain detects, from samples in each tool's documented format.

These tools cannot run on the test machine (macOS netstat, docker without a daemon,
masscan, naabu, rustscan, iptables, nftables, ufw), so each sample below is typed
after the tool's documentation and its real output's shape; the fixtures folder holds
only output the real tools wrote (see fixtures/README.md).
"""

from __future__ import annotations

import pytest

from portdeck.dataset import Catalog, Protocol

from .conftest import Explain, Explained


def flags(done: Explained, port: int, protocol: str | None = "tcp") -> set[str]:
    return set(done.row(port, protocol)["flags"])


def test_masscan_list_json_and_console(explain: Explain) -> None:
    listing = b"#masscan\nopen tcp 27374 10.0.0.7 1700000000\nopen udp 161 10.0.0.8 1700000001\n# end\n"
    done = explain(stdin=listing)
    assert done.ports() == {(27374, "tcp"), (161, "udp")}
    assert flags(done, 27374) >= {"malware", "exposed"}
    assert done.row(161, "udp")["hosts"] == ["10.0.0.8"]
    as_json = (
        b'[\n{   "ip": "10.0.0.7",   "timestamp": "1700000000", "ports": [ {"port": 6379, "proto": "tcp", '
        b'"status": "open", "reason": "syn-ack", "ttl": 64} ] }\n,\n{   "ip": "10.0.0.9",   "timestamp": '
        b'"1700000000", "ports": [ {"port": 23, "proto": "tcp", "status": "open", "reason": "syn-ack", "ttl": 64} ] }\n]\n'
    )
    done = explain(stdin=as_json)
    assert done.ports() == {(6379, "tcp"), (23, "tcp")}
    assert done.row(23)["lines"] == [4]
    console = b"Discovered open port 3389/tcp on 192.0.2.10\nDiscovered open port 445/tcp on 192.0.2.11\n"
    assert explain(stdin=console).ports() == {(3389, "tcp"), (445, "tcp")}


def test_masscan_xml_and_grepable(explain: Explain) -> None:
    xml = (
        b'<?xml version="1.0"?>\r\n<!-- masscan v1.0 scan -->\r\n<?xml-stylesheet href="" type="text/xsl"?>\r\n'
        b'<nmaprun scanner="masscan" start="1700000000" version="1.0-BETA"  xmloutputversion="1.03">\r\n'
        b'<scaninfo type="syn" protocol="tcp" />\r\n'
        b'<host endtime="1700000001"><address addr="10.0.0.7" addrtype="ipv4"/><ports><port protocol="tcp" '
        b'portid="3389"><state state="open" reason="syn-ack" reason_ttl="64"/></port></ports></host>\r\n'
        b'<host endtime="1700000002"><address addr="10.0.0.8" addrtype="ipv4"/><ports><port protocol="tcp" '
        b'portid="3389"><state state="open" reason="syn-ack" reason_ttl="64"/></port></ports></host>\r\n'
        b'<runstats>\r\n<finished time="1700000003" timestr="2023-11-14 22:13:23" elapsed="3" />\r\n'
        b'<hosts up="2" down="0" total="2" />\r\n</runstats>\r\n</nmaprun>\r\n'
    )
    done = explain(stdin=xml)
    assert done.row(3389)["hosts"] == ["10.0.0.7", "10.0.0.8"] and done.row(3389)["lines"] == [6, 7]
    assert "exposed" in flags(done, 3389) and "nmap XML" in done.err
    grepable = (
        b"# Masscan 1.3.2 scan initiated Tue Nov 14 22:13:20 2023\n# Ports scanned: TCP(1;3389-3389) UDP(0;) "
        b"SCTP(0;) PROTOCOLS(0;)\nTimestamp: 1700000001\tHost: 10.0.0.7 ()\tPorts: 3389/open/tcp//ms-wbt-server//\n"
        b"# Masscan done at Tue Nov 14 22:13:23 2023\n"
    )
    done = explain(stdin=grepable)
    assert done.ports() == {(3389, "tcp")} and done.row(3389)["hosts"] == ["10.0.0.7"]


def test_naabu_and_rustscan(explain: Explain) -> None:
    naabu = b"scanme.example.org:22\nscanme.example.org:80\n192.0.2.4:3306\n"
    done = explain(stdin=naabu)
    assert done.ports() == {(22, "tcp"), (80, "tcp"), (3306, "tcp")}
    assert flags(done, 3306) >= {"exposed"}
    assert done.row(22)["hosts"] == ["scanme.example.org"]
    naabu_json = (
        b'{"host":"scanme.example.org","ip":"192.0.2.1","port":8080,"protocol":"tcp","timestamp":"2024"}\n'
    )
    assert explain(stdin=naabu_json).ports() == {(8080, "tcp")}
    rustscan = b"\x1b[32mOpen\x1b[0m 192.0.2.5:22\nOpen 192.0.2.5:5432\n"
    assert explain(stdin=rustscan).ports() == {(22, "tcp"), (5432, "tcp")}
    greppable = b"192.0.2.5 -> [22,80,443]\n"
    assert explain(stdin=greppable).ports() == {(22, "tcp"), (80, "tcp"), (443, "tcp")}


def test_netstat_of_macos_and_the_bsds(explain: Explain) -> None:
    sample = (
        b"Active Internet connections (including servers)\n"
        b"Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)\n"
        b"tcp4       0      0  192.168.1.5.51234      17.57.144.20.5223      ESTABLISHED\n"
        b"tcp46      0      0  *.5000                 *.*                    LISTEN\n"
        b"tcp4       0      0  127.0.0.1.6379         *.*                    LISTEN\n"
        b"tcp6       0      0  fe80::1%lo0.631        *.*                    LISTEN\n"
        b"udp4       0      0  *.5353                 *.*\n"
        b"Active LOCAL (UNIX) domain sockets\n"
        b"Address          Type   Recv-Q Send-Q            Inode             Conn             Refs          Nextref Addr\n"
    )
    done = explain(stdin=sample)
    assert done.ports() == {(5223, "tcp"), (5000, "tcp"), (6379, "tcp"), (631, "tcp"), (5353, "udp")}
    assert "exposed" in flags(done, 5000)
    assert "exposed" not in flags(done, 6379)
    assert "exposed" in flags(done, 5353, "udp")
    assert done.row(5223)["hosts"] == ["17.57.144.20"]  # a connection: read at the service side
    assert "exposed" not in flags(done, 5223)
    assert done.row(631)["hosts"] == ["fe80::1%lo0"]


def test_netstat_connections_and_windows(explain: Explain) -> None:
    linux = (
        b"Active Internet connections (servers and established)\n"
        b"Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name\n"
        b"tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      812/sshd: /usr/sbin\n"
        b"tcp        0      0 10.0.0.5:22             10.0.0.9:51515          ESTABLISHED 900/sshd: alice\n"
        b"tcp6       0      0 :::80                   :::*                    LISTEN      77/nginx: master\n"
    )
    done = explain(stdin=linux)
    assert done.row(22)["count"] == 2
    assert done.row(22)["processes"] == ["sshd: /usr/sbin", "sshd: alice"]
    assert done.row(80)["hosts"] == ["::"]
    assert "exposed" in flags(done, 80)
    windows = (
        b"\r\nActive Connections\r\n\r\n  Proto  Local Address          Foreign Address        State           PID\r\n"
        b"  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1052\r\n"
        b"  TCP    [::]:445               [::]:0                 LISTENING       4\r\n"
        b"  UDP    0.0.0.0:5353           *:*                                    2412\r\n"
    )
    done = explain(stdin=windows.decode().encode("utf-16"))  # PowerShell's > writes UTF-16
    assert done.ports() == {(135, "tcp"), (445, "tcp"), (5353, "udp")}
    assert "exposed" in flags(done, 445)


def test_ss_without_netid_and_lsof_connections(explain: Explain) -> None:
    ss = (
        b"State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n"
        b'LISTEN 0      4096         0.0.0.0:5432      0.0.0.0:*     users:(("postgres",pid=7,fd=5))\n'
        b"LISTEN 0      511             [::]:443          [::]:*\n"
    )
    done = explain(stdin=ss)
    assert done.row(5432)["processes"] == ["postgres"]
    assert "exposed" in flags(done, 5432) and "exposed" in flags(done, 443)
    lsof = (
        b"COMMAND     PID  USER   FD   TYPE             DEVICE SIZE/OFF NODE NAME\n"
        b"firefox    1200 alice   87u  IPv4 0xabc      0t0  TCP 192.168.1.5:51234->151.101.1.69:443 (ESTABLISHED)\n"
        b"cupsd       300  root    7u  IPv6 0xdef      0t0  TCP [::1]:631 (LISTEN)\n"
        b"avahi-dae   310 avahi   12u  IPv4 0x123      0t0  UDP *:5353\n"
    )
    done = explain(stdin=lsof)
    assert done.ports() == {(443, "tcp"), (631, "tcp"), (5353, "udp")}
    assert done.row(443)["hosts"] == ["151.101.1.69"]
    assert done.row(631)["hosts"] == ["::1"] and "exposed" not in flags(done, 631)
    assert "exposed" in flags(done, 5353, "udp")


def test_docker_ps_and_docker_port(explain: Explain) -> None:
    ps = (
        b"CONTAINER ID   IMAGE          COMMAND                  CREATED        STATUS        PORTS"
        b"                                                  NAMES\n"
        b'3f2a1b0c9d8e   postgres:16    "docker-entrypoint.s\xe2\x80\xa6"   2 hours ago    Up 2 hours    '
        b"0.0.0.0:5432->5432/tcp, :::5432->5432/tcp           db\n"
        b'9a8b7c6d5e4f   nginx:1.25     "/docker-entrypoint.\xe2\x80\xa6"   2 hours ago    Up 2 hours    '
        b"127.0.0.1:8080->80/tcp, 443/tcp                       web\n"
        b'1b2c3d4e5f60   redis:7        "docker-entrypoint.s\xe2\x80\xa6"   2 hours ago    Up 2 hours    '
        b"6379/tcp                                             cache\n"
    )
    done = explain(stdin=ps)
    assert done.ports() == {(5432, "tcp"), (8080, "tcp"), (80, "tcp"), (443, "tcp"), (6379, "tcp")}
    assert "exposed" in flags(done, 5432)  # published on every interface
    assert "exposed" not in flags(done, 8080)  # published on 127.0.0.1 only
    assert done.row(5432)["hosts"] == ["db", "db (container)"]
    assert done.row(80)["hosts"] == ["web (container)"]
    assert "exposed" not in flags(done, 6379)  # not published
    port = b"80/tcp -> 0.0.0.0:8080\n80/tcp -> [::]:8080\n53/udp -> 127.0.0.1:5353\n"
    done = explain(stdin=port)
    assert done.ports() == {(8080, "tcp"), (80, "tcp"), (5353, "udp"), (53, "udp")}
    assert "exposed" in flags(done, 8080) and "exposed" not in flags(done, 5353, "udp")


COMPOSE = b"""\
services:
  web:
    image: nginx
    ports:
      - "8080:80"
      - "127.0.0.1:8443:443"
      - 22:22
      - target: 6379
        published: "6380"
        host_ip: 0.0.0.0
        protocol: tcp
      - "${ADMIN_PORT:-9000}:9000"
  dns:
    image: coredns
    ports: ["53:53/udp"]
    expose: ["9153"]
"""


def test_compose_ports(explain: Explain) -> None:
    done = explain(stdin=COMPOSE)
    assert "compose" in done.err
    assert {(8080, "tcp"), (80, "tcp"), (8443, "tcp"), (443, "tcp"), (22, "tcp"), (6380, "tcp"), (6379, "tcp"),
            (53, "udp"), (9153, "tcp")} == done.ports()  # fmt: skip
    assert "exposed" in flags(done, 8080) and "exposed" not in flags(done, 80)
    assert "exposed" not in flags(done, 8443)  # 127.0.0.1 only
    assert done.row(22)["lines"] == [7]  # read as text, not YAML 1.1's base-60 number 1342
    assert "exposed" in flags(done, 6380)
    assert done.row(53, "udp")["hosts"] == ["dns", "dns (container)"]
    assert done.row(9153)["hosts"] == ["dns (container)"]


KUBERNETES = b"""\
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
spec:
  type: NodePort
  ports:
    - name: http
      port: 80
      targetPort: 8080
      nodePort: 30080
    - name: metrics
      port: 9090
      targetPort: metrics
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  type: LoadBalancer
  ports: [{port: 5432, protocol: TCP}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: not-a-service}
spec: {template: {spec: {containers: [{ports: [{containerPort: 1234}]}]}}}
"""


def test_kubernetes_services(explain: Explain) -> None:
    done = explain(stdin=KUBERNETES)
    assert "Kubernetes" in done.err
    assert done.ports() == {(80, "tcp"), (8080, "tcp"), (30080, "tcp"), (9090, "tcp"), (5432, "tcp")}
    assert "exposed" in flags(done, 30080)  # a NodePort opens every node
    assert "exposed" not in flags(done, 80)  # the Service's port: inside the cluster
    assert done.row(8080)["hosts"] == ["shop/api (pods)"]
    assert "exposed" in flags(done, 5432)  # a LoadBalancer's port
    assert done.row(30080)["lines"] == [12]


def test_kubectl_json_list(explain: Explain) -> None:
    listing = b"""{
    "apiVersion": "v1",
    "items": [
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "redis"},
         "spec": {"ports": [{"port": 6379, "targetPort": 6379}], "type": "ClusterIP"}}
    ],
    "kind": "List"
}
"""
    done = explain(stdin=listing)
    assert done.ports() == {(6379, "tcp")}
    assert done.row(6379)["count"] == 2


def test_firewall_logs(explain: Explain) -> None:
    log = (
        b"Jan 10 10:00:01 gw kernel: [UFW BLOCK] IN=eth0 OUT= MAC=00:11 SRC=203.0.113.9 DST=198.51.100.2 LEN=44 "
        b"TOS=0x00 PREC=0x00 TTL=240 ID=54321 PROTO=TCP SPT=51515 DPT=445 WINDOW=1024 RES=0x00 SYN URGP=0\n"
        b"Jan 10 10:00:02 gw kernel: nft-drop: IN=eth0 OUT= SRC=203.0.113.9 DST=198.51.100.2 PROTO=UDP SPT=5 DPT=161 LEN=40\n"
        b"Jan 10 10:00:03 gw kernel: IN=eth0 OUT= SRC=203.0.113.10 DST=198.51.100.2 PROTO=TCP SPT=40000 DPT=445\n"
        b"Jan 10 10:00:04 gw kernel: IN=eth0 OUT= SRC=203.0.113.10 DST=198.51.100.2 PROTO=ICMP TYPE=8 CODE=0\n"
    )
    done = explain(stdin=log)
    assert done.ports() == {(445, "tcp"), (161, "udp")}
    assert done.row(445)["count"] == 2 and done.row(445)["lines"] == [1, 3]
    assert done.row(445)["hosts"] == ["198.51.100.2"]
    assert "exposed" not in flags(done, 445)  # a packet arrived; nothing says the port is open


def test_iptables_listings(explain: Explain) -> None:
    listing = (
        b"Chain INPUT (policy DROP)\n"
        b"target     prot opt source               destination\n"
        b"ACCEPT     tcp  --  0.0.0.0/0            0.0.0.0/0            tcp dpt:22\n"
        b"ACCEPT     tcp  --  10.0.0.0/8           0.0.0.0/0            tcp dpt:5432\n"
        b"ACCEPT     tcp  --  0.0.0.0/0            0.0.0.0/0            multiport dports 80,443\n"
        b"DROP       udp  --  0.0.0.0/0            0.0.0.0/0            udp dpts:6000:6003\n"
        b"ACCEPT     tcp  --  0.0.0.0/0            0.0.0.0/0            tcp dpts:10000:20000\n"
    )
    done = explain(stdin=listing)
    assert done.ports() == {(22, "tcp"), (5432, "tcp"), (80, "tcp"), (443, "tcp"), (6000, "udp"), (6001, "udp"),
                            (6002, "udp"), (6003, "udp")}  # fmt: skip
    assert "exposed" in flags(done, 22) and "exposed" not in flags(done, 5432)
    assert done.row(5432)["hosts"] == ["10.0.0.0/8"]
    assert "exposed" not in flags(done, 6000, "udp")
    rules = (
        b"*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n"
        b"-A INPUT -s 192.168.0.0/16 -p tcp -m multiport --dports 3306,6379 -j ACCEPT\n"
        b"-A INPUT -p udp -m udp ! --dport 53 -j DROP\nCOMMIT\n"
    )
    done = explain(stdin=rules)
    assert done.ports() == {(22, "tcp"), (3306, "tcp"), (6379, "tcp")}
    assert "exposed" in flags(done, 22) and "exposed" not in flags(done, 6379)


def test_nftables_and_ufw(explain: Explain) -> None:
    ruleset = (
        b"table inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter; policy drop;\n"
        b"\t\ttcp dport 22 accept\n\t\ttcp dport { 80, 443 } accept\n"
        b"\t\tip saddr 10.0.0.0/8 tcp dport 5432 accept\n\t\tudp dport 8000-8002 drop\n\t}\n}\n"
    )
    done = explain(stdin=ruleset)
    assert done.ports() == {(22, "tcp"), (80, "tcp"), (443, "tcp"), (5432, "tcp"), (8000, "udp"), (8001, "udp"),
                            (8002, "udp")}  # fmt: skip
    assert "exposed" in flags(done, 443) and "exposed" not in flags(done, 5432)
    status = (
        b"Status: active\n\nTo                         Action      From\n--                         ------      ----\n"
        b"22/tcp                     ALLOW       Anywhere\n80,443/tcp                 ALLOW       Anywhere\n"
        b"5432/tcp                   ALLOW       10.0.0.0/8\nOpenSSH                    ALLOW       Anywhere\n"
        b"23                         DENY        Anywhere\n22/tcp (v6)                ALLOW       Anywhere (v6)\n"
    )
    done = explain(stdin=status)
    assert done.ports() == {(22, "tcp"), (80, "tcp"), (443, "tcp"), (5432, "tcp"), (23, None)}
    assert done.row(22)["count"] == 2 and "exposed" in flags(done, 22)
    assert "exposed" not in flags(done, 23, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b"connect to 10.1.2.3:8080 failed after 30 s\n", {(8080, None)}),
        (b"upstream db.example.org:5432 and [::1]:6379 ok\n", {(5432, None), (6379, None)}),
        (b"allow 53/udp and 443/tcp\n", {(53, "udp"), (443, "tcp")}),
        (b"2024-01-10 12:30:45 pid 4242 took 3306 ms, 22 retries, version 1.2:3\n", set()),
    ],
)
def test_unrecognised_text_reads_only_clear_ports(
    explain: Explain, text: bytes, expected: set[object]
) -> None:
    done = explain(stdin=text)
    assert done.status == 0
    assert done.ports() == expected
    assert "read as text" in done.err


def test_registry_rows_that_name_no_protocol_answer_on_every_one(explain: Explain, catalog: Catalog) -> None:
    """IANA lists some blocks with no protocol (FlexNet's 27000-27009, Business Objects'
    6400-6410): a scan that finds them open on TCP or UDP gets that entry, not "unknown",
    as a lookup (`portdeck tcp 27001`) and a check of the port answer."""
    protocol_less = sorted({e.port for e in catalog.entries if not e.protocols})
    assert len(protocol_less) >= 10
    listing = "".join(
        f"open {proto} {port} 10.0.0.7 1700000000\n" for port in protocol_less for proto in ("tcp", "udp")
    )
    done = explain(stdin=f"#masscan\n{listing}# end\n".encode())
    for port in protocol_less:
        for proto in ("tcp", "udp"):
            row = done.row(port, proto)
            assert "unknown" not in row["flags"], row
            assert row["entries"][0]["service"] == catalog.at_on(port, (Protocol(proto),))[0].service
