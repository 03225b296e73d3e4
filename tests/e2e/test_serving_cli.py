"""``main()``'s argument handling, without starting a server."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from payment_mocks import serving
from tests.integration import control_generic


@pytest.fixture
def generic(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "payment_mocks.generic", control_generic)


def test_an_unknown_provider_is_exit_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert serving.main("no_such_provider", []) == 2
    assert "no_such_provider" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["--workers", "0"], ["--threads", "0"], ["--port", "70000"], ["--server", "uwsgi"],
                                  ["--port", "eighty"]])
def test_bad_arguments_are_exit_status_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert serving.main("generic", argv) == 2
    assert capsys.readouterr().err


def test_help_is_exit_status_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert serving.main("bank", ["--help"]) == 0
    help_text = capsys.readouterr().out
    assert "--seed-file" in help_text and "8101" in help_text


@pytest.mark.usefixtures("generic")
def test_an_unknown_profile_is_exit_status_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert serving.main("generic", ["--data-dir", str(tmp_path), "--profile", "2019"]) == 2
    assert "unknown profile" in capsys.readouterr().err


@pytest.mark.usefixtures("generic")
def test_a_missing_seed_file_is_exit_status_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert serving.main("generic", ["--data-dir", str(tmp_path), "--seed-file", str(tmp_path / "none.json")]) == 2
    assert "cannot read seed file" in capsys.readouterr().err


def test_default_ports_follow_the_product() -> None:
    assert serving.DEFAULT_PORTS == {"bank": 8101, "alipay": 8102, "wechat": 8103}
    assert serving.build_parser("alipay").parse_args([]).port == 8102
    assert serving.build_parser("wechat").parse_args([]).data_dir == Path(".freezesim/data/wechat")
