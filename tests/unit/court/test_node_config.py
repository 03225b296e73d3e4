"""The node's settings: defaults, file, FREEZESIM_NODE_* variables and the mapping, in that order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from court_node.app import create_app
from court_node.config import ConfigError, load_settings
from court_node.context import EXTENSION_KEY, NodeContext
from court_node.store.courts_repo import all_courts

COURT = {"code": "京0101", "name": "北京市东城区人民法院", "enforcement_account": "0200000709014400123"}


def test_defaults(tmp_path: Path) -> None:
    settings = load_settings({"data_dir": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{tmp_path / 'court.sqlite3'}"
    assert (settings.grace_days, settings.living_allowance, settings.default_freeze_days) == (0, 150_000, 365)
    assert (settings.demo, settings.providers, settings.courts) == (False, (), ())


def test_the_file_then_the_environment_then_the_mapping(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "node.json"
    path.write_text(json.dumps({"grace_days": 10, "living_allowance": "1000.00", "default_freeze_days": 180,
                                "courts": [COURT]}))
    monkeypatch.setenv("FREEZESIM_NODE_CONFIG", str(path))
    monkeypatch.setenv("FREEZESIM_NODE_GRACE_DAYS", "60")
    monkeypatch.setenv("FREEZESIM_NODE_DEMO", "true")
    settings = load_settings({"data_dir": str(tmp_path), "default_freeze_days": 30})
    assert (settings.grace_days, settings.living_allowance, settings.default_freeze_days) == (60, 100_000, 30)
    assert settings.demo and settings.courts[0].code == "京0101"


def test_a_toml_file_named_in_the_mapping(tmp_path: Path) -> None:
    path = tmp_path / "node.toml"
    path.write_text('grace_days = 5\n[[courts]]\ncode = "沪0115"\nname = "上海市浦东新区人民法院"\n'
                    'enforcement_account = "1001190709006600789"\n', encoding="utf-8")
    settings = load_settings({"config_file": str(path), "data_dir": str(tmp_path)})
    assert settings.grace_days == 5 and settings.courts[0].name == "上海市浦东新区人民法院"


@pytest.mark.parametrize(("config", "says"), [
    ({"grace_dayz": 1}, "unknown setting 'grace_dayz'"),
    ({"grace_days": -1}, "grace_days"),
    ({"grace_days": "60"}, "grace_days"),
    ({"default_freeze_days": 366}, "default_freeze_days"),
    ({"living_allowance": 1500}, "living_allowance"),
    ({"living_allowance": "1500.001"}, "living_allowance"),
    ({"demo": "yes"}, "demo"),
    ({"courts": [{**COURT, "code": "BJ01"}]}, "courts[0].code"),
    ({"courts": [{"code": "京0101"}]}, "courts[0].name"),
    ({"providers": [{"name": "bank", "adapter": "bank"}]}, "providers[0].base_url"),
    ({"provider_order": ["bank"]}, "provider_order"),
])
def test_bad_settings_fail_naming_the_setting(tmp_path: Path, config: dict[str, object], says: str) -> None:
    with pytest.raises(ConfigError, match=says.replace("[", r"\[").replace("]", r"\]")):
        load_settings({"data_dir": str(tmp_path), **config})


def test_a_bad_environment_variable_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FREEZESIM_NODE_GRACE_DAYS", "sixty")
    with pytest.raises(ConfigError, match="FREEZESIM_NODE_GRACE_DAYS"):
        load_settings({"data_dir": str(tmp_path)})


def test_a_missing_config_file_fails(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"nothing\.json"):
        load_settings({"config_file": str(tmp_path / "nothing.json")})


def test_an_unknown_adapter_fails_at_startup(tmp_path: Path) -> None:
    provider = {"name": "bank", "adapter": "no-such-adapter", "base_url": "http://127.0.0.1:8101"}
    with pytest.raises(ConfigError, match="no-such-adapter"):
        create_app({"data_dir": str(tmp_path), "providers": [provider]})


def test_configured_courts_are_seeded_once(tmp_path: Path) -> None:
    for _ in range(2):
        app = create_app({"data_dir": str(tmp_path), "courts": [COURT]})
        ctx: NodeContext = app.extensions[EXTENSION_KEY]
        with ctx.store.read() as conn:
            assert [c.code for c in all_courts(conn)] == ["京0101"]
        assert ctx.adapters == {}
        ctx.close()


def test_the_admin_token_is_generated_once(tmp_path: Path) -> None:
    tokens = []
    for _ in range(2):
        app = create_app({"data_dir": str(tmp_path)})
        tokens.append(app.extensions[EXTENSION_KEY].admin_token)
        app.extensions[EXTENSION_KEY].close()
    assert tokens[0] == tokens[1] == (tmp_path / "admin-token").read_text().strip()
    assert (tmp_path / "admin-token").stat().st_mode & 0o077 == 0
