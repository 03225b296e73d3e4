"""The sample scenarios shipped with the package (``court_node/scenarios/samples/*.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files

from court_node.scenarios.model import Scenario
from court_node.scenarios.parse import parse_text


@dataclass(frozen=True)
class Sample:
    file_name: str
    text: str

    @property
    def stem(self) -> str:
        return self.file_name.removesuffix(".yaml")

    def scenario(self) -> Scenario:
        return parse_text(self.text, f"samples/{self.file_name}")


def samples() -> list[Sample]:
    """Every shipped sample, by file name."""
    folder = files("court_node.scenarios").joinpath("samples")
    found = [Sample(item.name, item.read_text(encoding="utf-8")) for item in folder.iterdir()
             if item.name.endswith(".yaml")]
    return sorted(found, key=lambda s: s.file_name)


def sample(name: str) -> Sample:
    """A sample by file name, with or without ``.yaml``; KeyError naming the samples there are."""
    wanted = name.removesuffix(".yaml")
    for item in samples():
        if item.stem == wanted:
            return item
    raise KeyError(f"no sample scenario {name!r}; samples: {', '.join(s.stem for s in samples())}")

