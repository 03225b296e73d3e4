"""Scenario files: random YAML documents, random text and mutations of the shipped samples are either read or
refused with a ScenarioError naming a line of the file; never any other exception."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from court_node.scenarios.errors import ScenarioError
from court_node.scenarios.parse import STACK, SUBJECT, TOP, parse_text
from tests.fuzz.sizing import fuzz_settings

SAMPLES = sorted((Path(__file__).parents[2] / "court_node" / "scenarios" / "samples").glob("*.yaml"))
TEXTS = [path.read_text(encoding="utf-8") for path in SAMPLES]
WORDS = [*TOP, *STACK, *SUBJECT, "freeze", "inspect", "deduct", "renew", "release", "amount", "account", "court",
         "expect", "provider", "bank", "alipay", "wechat", "1000.00", "30d", "-1", "0x10", "1e9", "~", "null",
         "yes", "2026-02-30", "&a", "*a", "!!python/object:os.system", "[", "{", "'", '"', ":", "- ", "\t", "京0101"]
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12) | st.sampled_from(WORDS)
DOCUMENTS = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.sampled_from(WORDS) | st.text(max_size=8), inner, max_size=5), max_leaves=25)


def _read(text: str) -> None:
    """Parse; the only allowed failure is ScenarioError with a line inside the file (or just after its end)."""
    try:
        parse_text(text, "fuzz.yaml")
    except ScenarioError as exc:
        assert 1 <= exc.line <= text.count("\n") + 2, (exc.line, str(exc))
        assert str(exc).startswith(f"fuzz.yaml:{exc.line}: ")


def test_every_shipped_sample_is_read() -> None:
    for text in TEXTS:
        parse_text(text, "sample.yaml")


@fuzz_settings(scale=4)
@given(document=DOCUMENTS)
def test_random_yaml_documents_are_read_or_refused_with_a_line(document: object) -> None:
    _read(yaml.safe_dump(document, allow_unicode=True))


@fuzz_settings(scale=4)
@given(text=st.text(st.sampled_from([*list(":-[]{}&*!|>'\"#%@` \n\tab1"), "\x00", "\ufeff", "é"]), max_size=80))
def test_random_text_is_read_or_refused_with_a_line(text: str) -> None:
    _read(text)


@st.composite
def mutated_samples(draw: st.DrawFn) -> str:
    lines = draw(st.sampled_from(TEXTS)).split("\n")
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["drop", "twice", "value", "indent", "characters", "swap"]))
        line = lines[at]
        if how == "drop":
            del lines[at]
        elif how == "twice":
            lines.insert(at, line)
        elif how == "value" and ":" in line:
            key = line.split(":", 1)[0]
            lines[at] = f"{key}: {draw(st.sampled_from(WORDS) | st.text(max_size=10))}"
        elif how == "indent":
            lines[at] = draw(st.sampled_from(["  ", "", "\t", "    "])) + line.lstrip()
        elif how == "characters" and line:
            spot = draw(st.integers(0, len(line) - 1))
            lines[at] = line[:spot] + draw(st.text(max_size=3)) + line[spot + 1:]
        else:
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], line
        if not lines:
            lines = [""]
    return "\n".join(lines)


@fuzz_settings(scale=8)
@given(text=mutated_samples())
def test_mutated_samples_are_read_or_refused_with_a_line(text: str) -> None:
    _read(text)
