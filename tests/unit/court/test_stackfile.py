"""The stack file: the shipped default stack, every error with its file, line and key, and command-line overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from court_node.stack.launcher import Stack
from court_node.stack.stackfile import (
    DEFAULT_STACK_FILE,
    StackFileError,
    apply_overrides,
    load_stack_file,
    parse_stack,
)

MINIMAL = """\
[node]
port = 9000

[providers.bank]
port = 9101
"""


def _load(tmp_path: Path, text: str) -> None:
    path = tmp_path / "stack.toml"
    path.write_text(text, encoding="utf-8")
    load_stack_file(path)


def _error(tmp_path: Path, text: str) -> str:
    with pytest.raises(StackFileError) as caught:
        _load(tmp_path, text)
    return str(caught.value)


def test_the_default_stack_serves_four_courts_with_demo_users_and_sample_debtors(tmp_path: Path) -> None:
    options = load_stack_file(cwd=tmp_path)
    assert [c["code"] for c in (options.node_settings or {})["courts"]] == ["京0101", "京0105", "浙0106", "沪0115"]
    assert options.providers == ("bank", "alipay", "wechat")
    assert options.ports == {"node": 8000, "bank": 8101, "alipay": 8102, "wechat": 8103}
    assert options.demo and options.node_server == "gunicorn" and options.node_workers == 1
    assert all(options.provider_options[p].sample_data for p in options.providers)
    assert options.data_dir == tmp_path / ".freezesim" / "stack"  # the current folder, not the package's
    assert options.stack_file == DEFAULT_STACK_FILE


def test_a_provider_left_out_is_not_started(tmp_path: Path) -> None:
    options = parse_stack(MINIMAL, tmp_path / "s.toml")
    assert options.providers == ("bank",) and set(options.ports) == {"node", "bank"}
    assert set(Stack(options).services) == {"bank", "node"}


def test_relative_paths_are_read_from_the_stack_files_folder(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "bank.json").write_text("{}")
    text = '[stack]\ndata_dir = "run"\n[providers.bank]\nport = 9101\nseed = "seeds/bank.json"\n'
    options = parse_stack(text, tmp_path / "s.toml", cwd=Path("/elsewhere"))
    assert options.data_dir == tmp_path / "run"
    assert options.provider_options["bank"].seed_file == tmp_path / "seeds" / "bank.json"


def test_each_providers_workers_seed_and_profile_reach_its_command_line(tmp_path: Path) -> None:
    (tmp_path / "bank.json").write_text("{}")
    text = ('[providers.bank]\nport = 9101\nworkers = 3\nthreads = 2\nseed = "bank.json"\n'
            '[providers.wechat]\nport = 9103\nseed = "none"\nprofile = "2019"\n'
            '[providers.alipay]\nport = 9102\n')
    stack = Stack(parse_stack(text, tmp_path / "s.toml"))
    bank, wechat, alipay = stack.services["bank"].args, stack.services["wechat"].args, stack.services["alipay"].args
    assert bank[bank.index("--workers") + 1] == "3" and bank[bank.index("--threads") + 1] == "2"
    assert bank[bank.index("--seed-file") + 1] == str(tmp_path / "bank.json") and "--sample-data" not in bank
    assert "--sample-data" not in wechat and "--seed-file" not in wechat
    assert wechat[wechat.index("--profile") + 1] == "2019"
    assert "--sample-data" in alipay  # the default seed is the sample data


def test_the_node_runs_under_gunicorn_with_the_files_workers(tmp_path: Path) -> None:
    options = parse_stack('[node]\nworkers = 2\nthreads = 4\nserver = "gunicorn"\n', tmp_path / "s.toml")
    args = Stack(options).node.args
    assert args[args.index("--server") + 1] == "gunicorn" and args[args.index("--workers") + 1] == "2"
    assert args[args.index("--threads") + 1] == "4"


def test_a_toml_syntax_error_keeps_its_line(tmp_path: Path) -> None:
    message = _error(tmp_path, '[node]\nport = 9000\ngrace_days = = 3\n')
    assert "stack.toml" in message and "not valid TOML" in message and "line 3" in message


def test_an_unknown_key_is_named_with_its_line(tmp_path: Path) -> None:
    message = _error(tmp_path, "[node]\nport = 9000\nprot = 9001\n")
    assert "stack.toml:3: [node] prot: unknown key" in message


def test_an_unknown_table_is_refused(tmp_path: Path) -> None:
    assert "unknown table or key 'nodes'" in _error(tmp_path, "[nodes]\nport = 1\n")


def test_an_unknown_provider_is_refused(tmp_path: Path) -> None:
    assert "stack.toml:1: [providers.paypal]: unknown provider" in _error(tmp_path, "[providers.paypal]\nport = 1\n")


def test_a_port_out_of_range_names_the_provider_and_line(tmp_path: Path) -> None:
    message = _error(tmp_path, "[providers.bank]\nworkers = 1\nport = 70000\n")
    assert "stack.toml:3: [providers.bank] port: 70000 is outside 1..65535" in message


def test_a_port_must_be_a_whole_number(tmp_path: Path) -> None:
    assert "[node] port: '9000' is not a whole number" in _error(tmp_path, '[node]\nport = "9000"\n')


def test_two_services_on_one_port_are_refused(tmp_path: Path) -> None:
    message = _error(tmp_path, "[node]\nport = 9000\n[providers.alipay]\nport = 9000\n")
    assert "stack.toml:4: [providers.alipay] port: 9000 is already the port of node" in message


def test_a_bad_court_code_names_the_court_and_line(tmp_path: Path) -> None:
    text = ('[[courts]]\ncode = "京0101"\nname = "a"\nenforcement_account = "1"\n'
            '[[courts]]\nname = "b"\ncode = "XX01"\nenforcement_account = "2"\n')
    assert "stack.toml:7: [[courts]] #2 code: 'XX01' is not a court code" in _error(tmp_path, text)


def test_a_court_without_its_account_is_refused(tmp_path: Path) -> None:
    message = _error(tmp_path, '[[courts]]\ncode = "京0101"\nname = "a"\n')
    assert "[[courts]] #1 enforcement_account: a non-empty string is required" in message


def test_a_bad_living_allowance_names_the_node_key(tmp_path: Path) -> None:
    message = _error(tmp_path, '[node]\nport = 9000\nliving_allowance = "abc"\n')
    assert "stack.toml:3: [node] living_allowance:" in message


def test_a_grace_period_out_of_range_is_refused(tmp_path: Path) -> None:
    assert "[node] grace_days: 9999 is outside 0..3650" in _error(tmp_path, "[node]\ngrace_days = 9999\n")


def test_an_unknown_server_is_refused(tmp_path: Path) -> None:
    assert "[node] server: 'uwsgi' is not one of gunicorn, werkzeug" in _error(tmp_path, '[node]\nserver = "uwsgi"\n')


def test_a_missing_seed_file_is_named(tmp_path: Path) -> None:
    message = _error(tmp_path, '[providers.bank]\nport = 9101\nseed = "nowhere.json"\n')
    assert "stack.toml:3: [providers.bank] seed: no seed file" in message and "nowhere.json" in message


def test_demo_users_must_be_true_or_false(tmp_path: Path) -> None:
    assert "[node] demo_users: 'yes' is not true or false" in _error(tmp_path, '[node]\ndemo_users = "yes"\n')


def test_a_missing_stack_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(StackFileError, match="no such stack file"):
        load_stack_file(tmp_path / "absent.toml")


def test_the_command_line_overrides_the_file(tmp_path: Path) -> None:
    options = apply_overrides(load_stack_file(), data_dir=tmp_path, node_port=9000, base_port=9100, grace_days=60)
    assert options.data_dir == tmp_path
    assert options.ports == {"node": 9000, "bank": 9100, "alipay": 9101, "wechat": 9102}
    assert (options.node_settings or {})["grace_days"] == 60
    assert len((options.node_settings or {})["courts"]) == 4  # the rest of the file is kept


def test_without_overrides_the_file_wins(tmp_path: Path) -> None:
    options = load_stack_file(cwd=tmp_path)
    assert apply_overrides(options) == options
