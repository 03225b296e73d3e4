"""``freezesim scenario``: list and show the samples; a malformed file is refused (exit 2) before any stack."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from court_node.cli.main import cli
from court_node.scenarios.shipped import sample, samples


def test_list_shows_each_sample_s_file_and_name() -> None:
    result = CliRunner().invoke(cli, ["scenario", "list"])
    assert result.exit_code == 0
    for item in samples():
        assert f"{item.file_name:<34} {item.scenario().name}" in result.output


def test_show_prints_the_sample_as_shipped() -> None:
    result = CliRunner().invoke(cli, ["scenario", "show", "terms"])
    assert result.exit_code == 0 and result.output == sample("terms").text


def test_show_of_an_unknown_sample_fails_naming_the_samples() -> None:
    result = CliRunner().invoke(cli, ["scenario", "show", "nope"])
    assert result.exit_code == 1 and "terms" in result.output


def test_a_malformed_file_exits_2_naming_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(sample("terms").text.replace("term_days: 30", "term_dayz: 30"), encoding="utf-8")
    line = next(i for i, text in enumerate(bad.read_text().splitlines(), 1) if "term_dayz" in text)
    result = CliRunner().invoke(cli, ["scenario", "run", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:{line}: step 4 (freeze): unknown key 'term_dayz'" in result.output
    assert "nothing was run" in result.output


def test_a_malformed_file_is_an_error_in_the_junit_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nsteps: []\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["scenario", "run", str(bad), "--junit", str(tmp_path / "j.xml")])
    assert result.exit_code == 2 and "errors=\"1\"" in (tmp_path / "j.xml").read_text()


def test_a_missing_file_is_malformed_too(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["scenario", "run", str(tmp_path / "none.yaml")])
    assert result.exit_code == 2 and "cannot read the file" in result.output


def test_run_needs_files_or_samples() -> None:
    result = CliRunner().invoke(cli, ["scenario", "run"])
    assert result.exit_code == 2 and "--sample" in result.output


def test_an_unknown_sample_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["scenario", "run", "--sample", "nope"])
    assert result.exit_code == 2 and "no sample scenario 'nope'" in result.output
