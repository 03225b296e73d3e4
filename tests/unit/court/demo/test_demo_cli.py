"""`freezesim demo` refuses bad options and unsafe folders before it starts anything."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from court_node.cli.main import cli


def test_a_pace_that_is_neither_seconds_nor_enter_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["demo", "--data-dir", str(tmp_path / "demo"), "--pace", "slowly"])
    assert result.exit_code == 2
    assert "'slowly' is neither a number of seconds nor 'enter'" in result.output
    assert not (tmp_path / "demo").exists()


def test_a_data_folder_with_other_files_is_refused_before_anything_starts(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = CliRunner().invoke(cli, ["demo", "--data-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "notes.txt" in result.output and "choose another --data-dir" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_the_demo_is_a_freezesim_command() -> None:
    result = CliRunner().invoke(cli, ["demo", "--help"])
    assert result.exit_code == 0
    for option in ("--keep-running", "--pace", "--data-dir", "--node-port", "--base-port", "--plain"):
        assert option in result.output
