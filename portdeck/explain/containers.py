"""Containers and their orchestrators: `docker ps`, `docker port`, compose files' `ports:`
and Kubernetes Service manifests (`kubectl get svc -o yaml` too, and JSON).

A published port is read twice: the host port (exposed when published on every
interface, as Docker does unless an address is given) and the container port it leads
to (what the image serves: 80 behind 8080). PyYAML is imported here only, when a
YAML file is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TextIO

from .sighting import Sighting, is_wildcard, port_span, protocol_of
from .source import BadInput

# 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp, :::8080->80/tcp, 127.0.0.1:5000-5001->5000-5001/tcp, 443/tcp
_DOCKER_PORT = re.compile(
    r"(?<![0-9A-Fa-f:.\]])(?:(\[[0-9A-Fa-f:.]*\]|[0-9A-Fa-f:.]*?):)?(\d{1,5})(?:-(\d{1,5}))?->(\d{1,5})(?:-(\d{1,5}))?/(tcp|udp|sctp)"
    r"|(?<![\d>:.-])(\d{1,5})(?:-(\d{1,5}))?/(tcp|udp|sctp)"
)
_DOCKER_PORT_LINE = re.compile(r"^(\d{1,5})/(tcp|udp|sctp) -> (\S+)$")
# Enough ports for any real manifest; anchors that repeat one list without end are not one.
MOST_PORTS = 1_000_000


def _published(
    host_ip: str | None,
    published: list[int],
    target: list[int],
    protocol: str | None,
    number: int,
    where: str | None,
) -> Iterator[Sighting]:
    everywhere = host_ip is None or is_wildcard(host_ip.strip("[]"))
    for port in published:
        yield Sighting(port, protocol, number, where, everywhere)
    for port in target:
        yield Sighting(port, protocol, number, f"{where} (container)" if where else "container", False)


def read_docker_ps(lines: Iterable[tuple[int, str]]) -> Iterator[Sighting]:
    for number, line in lines:
        if line.startswith("CONTAINER ID") or "/" not in line:
            continue
        name = line.split()[-1]
        seen: set[tuple[int, str | None, bool]] = set()  # 0.0.0.0 and :: publish the same port
        for found in _DOCKER_PORT.finditer(line):
            if found[7]:
                published: list[int] = []
                target = port_span(found[7], found[8])
                protocol, host_ip = found[9], None
            else:
                published, target = port_span(found[2], found[3]), port_span(found[4], found[5])
                protocol, host_ip = found[6], found[1] or "0.0.0.0"
            for sighting in _published(host_ip, published, target, protocol, number, name):
                key = (sighting.port, sighting.host, sighting.exposed)
                if key not in seen:
                    seen.add(key)
                    yield sighting


def read_docker_port(lines: Iterable[tuple[int, str]]) -> Iterator[Sighting]:
    """`docker port NAME`: `80/tcp -> 0.0.0.0:8080`, one line per address."""
    for number, line in lines:
        found = _DOCKER_PORT_LINE.match(line.strip())
        if found is None:
            continue
        host_ip, _, published = found[3].rpartition(":")
        yield from _published(
            host_ip or None, port_span(published), port_span(found[1]), found[2], number, None
        )


# -- YAML: compose and Kubernetes, read from the node tree (line numbers come with it) -------


def _yaml_nodes(stream: TextIO, name: str) -> list[object]:
    try:
        import yaml  # type: ignore[import-untyped]
    except ImportError:
        raise BadInput(
            f"{name}: reading compose and Kubernetes files needs PyYAML: pip install 'portdeck[explain]'"
        ) from None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return [node for node in yaml.compose_all(stream, Loader=loader) if node is not None]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise BadInput(f"{name}: not valid YAML{where}: {error.problem or error.context}") from None
    except (yaml.YAMLError, RecursionError, ValueError) as error:
        raise BadInput(
            f"{name}: not valid YAML: {str(error).splitlines()[0] if str(error) else 'too deep'}"
        ) from None


def _mapping(node: object) -> dict[str, object]:
    """A YAML mapping node as {key: value node} (keys that are not scalars left out). Nodes are
    told apart by their `id` ("scalar", "sequence", "mapping"), as PyYAML names them."""
    if getattr(node, "id", None) != "mapping":
        return {}
    return {key.value: value for key, value in node.value if getattr(key, "id", None) == "scalar"}  # type: ignore[attr-defined]


def _items(node: object) -> list[object]:
    return list(node.value) if getattr(node, "id", None) == "sequence" else []  # type: ignore[attr-defined]


def _scalar(node: object) -> str | None:
    return str(node.value) if getattr(node, "id", None) == "scalar" else None  # type: ignore[attr-defined]


def _line(node: object) -> int:
    mark = getattr(node, "start_mark", None)
    return mark.line + 1 if mark is not None else 0


# "8080:80", "127.0.0.1:8080:80/udp", "3000-3005", "[::1]:6001:6001", "9090"
_COMPOSE_SHORT = re.compile(
    r"^(?:(\[[^\]]*\]|[^:\[\]]*):)??(?:(\d{1,5})(?:-(\d{1,5}))?:)?(\d{1,5})(?:-(\d{1,5}))?(?:/(tcp|udp|sctp))?$"
)


def read_yaml(stream: TextIO, name: str) -> Iterator[Sighting]:
    """Compose files (`services:` with `ports:` and `expose:`) and Kubernetes Services."""
    documents = _yaml_nodes(stream, name)
    count = 0
    for document in documents:
        top = _mapping(document)
        found = _compose(top["services"]) if "services" in top else _kubernetes(document, 0)
        for sighting in found:
            count += 1
            if count > MOST_PORTS:
                raise BadInput(f"{name}: over {MOST_PORTS:,} ports (YAML anchors repeated without end?)")
            yield sighting


def _compose(services: object) -> Iterator[Sighting]:
    for service, body in _mapping(services).items():
        fields = _mapping(body)
        for item in _items(fields.get("ports")):
            yield from _compose_port(item, str(service))
        for item in _items(fields.get("expose")):  # to other containers only
            text = _scalar(item) or ""
            found = _COMPOSE_SHORT.match(text.strip().strip("\"'"))
            if found and not found[2]:
                for port in port_span(found[4], found[5]):
                    yield Sighting(port, found[6] or "tcp", _line(item), f"{service} (container)", False)


def _compose_port(item: object, service: str) -> Iterator[Sighting]:
    number = _line(item)
    long_form = _mapping(item)
    if long_form:  # target, published, host_ip, protocol
        target = port_span(_scalar(long_form.get("target")))
        published_text = _scalar(long_form.get("published")) or ""
        low, _, high = published_text.partition("-")
        published = port_span(low, high or None)
        protocol = protocol_of(_scalar(long_form.get("protocol"))) or "tcp"
        host_ip = _scalar(long_form.get("host_ip"))
        yield from _published(host_ip, published, target, protocol, number, service)
        return
    text = (_scalar(item) or "").strip()
    found = _COMPOSE_SHORT.match(text)
    if found is None:
        return  # "${WEB_PORT}:80" and other interpolations: not a number to read
    protocol = found[6] or "tcp"
    target = port_span(found[4], found[5])
    if found[2]:
        published = port_span(found[2], found[3])
        yield from _published(found[1], published, target, protocol, number, service)
    else:  # a container port published on a random host port
        for port in target:
            yield Sighting(port, protocol, number, f"{service} (container)", False)


def _kubernetes(node: object, depth: int) -> Iterator[Sighting]:
    """A Service, or a List of them (`kubectl get svc -o yaml`)."""
    fields = _mapping(node)
    kind = _scalar(fields.get("kind"))
    if kind and kind.endswith("List") and depth < 4:
        for item in _items(fields.get("items")):
            yield from _kubernetes(item, depth + 1)
        return
    if kind != "Service":
        return
    metadata = _mapping(fields.get("metadata"))
    service = _scalar(metadata.get("name")) or "service"
    namespace = _scalar(metadata.get("namespace"))
    where = f"{namespace}/{service}" if namespace else service
    spec = _mapping(fields.get("spec"))
    kind_of = _scalar(spec.get("type")) or "ClusterIP"
    public = kind_of == "LoadBalancer" or bool(_items(spec.get("externalIPs")))
    for item in _items(spec.get("ports")):
        port = _mapping(item)
        protocol = protocol_of(_scalar(port.get("protocol"))) or "tcp"
        for key in ("port", "targetPort", "nodePort"):
            value = port.get(key)
            for number in port_span(_scalar(value)):
                exposed = key == "nodePort" or (key == "port" and public)
                label = where if key != "targetPort" else f"{where} (pods)"
                yield Sighting(number, protocol, _line(value), label, exposed, hint=_scalar(port.get("name")))
