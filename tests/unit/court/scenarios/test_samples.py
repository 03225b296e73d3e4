"""The shipped samples: each parses, names the DOMAIN.md rules it shows, and can be found by name."""

from __future__ import annotations

import re

import pytest

from court_node.scenarios.shipped import Sample, sample, samples

SHIPPED = samples()


def test_samples_ship_with_the_package() -> None:
    assert len(SHIPPED) >= 10


@pytest.mark.parametrize("item", SHIPPED, ids=lambda s: s.stem)
def test_each_sample_parses(item: Sample) -> None:
    scenario = item.scenario()
    assert scenario.name and scenario.description and scenario.steps


@pytest.mark.parametrize("item", SHIPPED, ids=lambda s: s.stem)
def test_each_sample_opens_with_the_rules_it_shows(item: Sample) -> None:
    header = item.text.split("\nname:")[0]
    assert header.startswith("# ") and re.search(r"DOMAIN\.md", header), item.file_name


def test_every_domain_rule_the_node_encodes_is_shown_by_a_sample() -> None:
    headers = " ".join(s.text.split("\nname:")[0] for s in SHIPPED)
    shown = {int(n) for n in re.findall(r"rule (\d+)", headers)}
    assert set(range(1, 14)) <= shown


def test_sample_names_are_unique() -> None:
    names = [s.scenario().name for s in SHIPPED]
    assert len(set(names)) == len(names)


def test_a_sample_is_found_with_or_without_its_suffix() -> None:
    assert sample("terms").file_name == sample("terms.yaml").file_name == "terms.yaml"


def test_an_unknown_sample_lists_the_samples() -> None:
    with pytest.raises(KeyError, match="terms"):
        sample("no-such-sample")
