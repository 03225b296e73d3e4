"""A scenario file as YAML nodes that remember their line, so every error can name where it is."""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from court_node.scenarios.errors import ScenarioError

NULL_TAG = "tag:yaml.org,2002:null"
BOOL_TAG = "tag:yaml.org,2002:bool"
INT_TAG = "tag:yaml.org,2002:int"


@dataclass(frozen=True)
class Scalar:
    """A scalar exactly as written: ``text`` is the source text (no float or date was ever made of it)."""

    line: int
    text: str
    tag: str
    quoted: bool

    @property
    def is_null(self) -> bool:
        return self.tag == NULL_TAG and not self.quoted


@dataclass(frozen=True)
class Mapping:
    line: int
    entries: tuple[tuple[Scalar, Node], ...]

    def keys(self) -> list[str]:
        return [key.text for key, _ in self.entries]

    def get(self, key: str) -> Node | None:
        for k, value in self.entries:
            if k.text == key:
                return value
        return None


@dataclass(frozen=True)
class Sequence:
    line: int
    items: tuple[Node, ...]


Node = Scalar | Mapping | Sequence


def kind_of(node: Node) -> str:
    """What a tester calls the node's kind in an error message."""
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    return "nothing" if node.is_null else f"{node.text!r}"


def load_nodes(text: str, source: str) -> Node:
    """Compose ``text`` (one YAML document) into located nodes; a syntax error names its line."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = " ".join(p for p in (exc.context, exc.problem) if p)
        raise ScenarioError(source, line, f"YAML syntax: {problem}") from None
    except yaml.YAMLError as exc:
        raise ScenarioError(source, 1, f"YAML syntax: {exc}") from None
    if root is None:
        raise ScenarioError(source, 1, "the file is empty; a scenario needs at least name and steps")
    return _convert(root, source)


def _convert(node: yaml.Node, source: str) -> Node:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        return Scalar(line, str(node.value), str(node.tag), node.style not in (None, ""))
    if isinstance(node, yaml.SequenceNode):
        return Sequence(line, tuple(_convert(item, source) for item in node.value))
    if isinstance(node, yaml.MappingNode):
        entries: list[tuple[Scalar, Node]] = []
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, source)
            if not isinstance(key, Scalar) or key.is_null:
                raise ScenarioError(source, key.line, "a key must be a plain word")
            if key.text == "<<":
                raise ScenarioError(source, key.line, "merge keys (<<) are not supported; write the keys out")
            if key.text in seen:
                raise ScenarioError(source, key.line,
                                    f"duplicate key {key.text!r} (first on line {seen[key.text]})")
            seen[key.text] = key.line
            entries.append((key, _convert(value_node, source)))
        return Mapping(line, tuple(entries))
    raise ScenarioError(source, line, "unsupported YAML node")
