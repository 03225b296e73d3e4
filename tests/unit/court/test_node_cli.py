"""The node's commands: users create a working token; courts are added once; tokens are never listed."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from flask import Flask

from court_node.app import create_app
from court_node.cli.main import cli
from court_node.context import EXTENSION_KEY
from court_node.store.tables import users
from tests.unit.court.node_requests import auth, filing, json_client


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def _app(data_dir: Path) -> Flask:
    return create_app({"data_dir": str(data_dir)})


def _add_court(data_dir: Path) -> None:
    code, output = _run("courts", "add", "--code", "京0101", "--name", "北京市东城区人民法院",
                        "--enforcement-account", "0200000709014400123", "--data-dir", str(data_dir))
    assert code == 0, output


def test_a_created_users_token_works(tmp_path: Path) -> None:
    _add_court(tmp_path)
    code, output = _run("users", "create", "--court", "京0101", "--name", "张法官", "--role", "judge",
                        "--data-dir", str(tmp_path))
    assert code == 0, output
    match = re.search(r"token \(shown once, keep it safe\): (\S+)", output)
    assert match is not None
    app = _app(tmp_path)
    try:
        answer = json_client(app).post("/api/v1/cases", json=filing(), headers=auth(match.group(1)))
        assert answer.status_code == 201 and answer.json["filed_by"]["name"] == "张法官"
    finally:
        app.extensions[EXTENSION_KEY].close()


def test_only_the_tokens_hash_is_stored(tmp_path: Path) -> None:
    _add_court(tmp_path)
    output = _run("users", "create", "--court", "京0101", "--name", "李书记员", "--role", "clerk",
                  "--data-dir", str(tmp_path))[1]
    token = output.rsplit(" ", 1)[-1].strip()
    app = _app(tmp_path)
    try:
        with app.extensions[EXTENSION_KEY].store.read() as conn:
            row = conn.execute(users.select()).one()
    finally:
        app.extensions[EXTENSION_KEY].close()
    assert token not in row.token_hash and len(row.token_hash) == 64


def test_users_list_shows_no_tokens(tmp_path: Path) -> None:
    _add_court(tmp_path)
    created = _run("users", "create", "--court", "京0101", "--name", "王科长", "--role", "viewer",
                   "--data-dir", str(tmp_path))[1]
    token = created.rsplit(" ", 1)[-1].strip()
    code, listing = _run("users", "list", "--data-dir", str(tmp_path))
    assert code == 0 and "王科长" in listing and "viewer" in listing and token not in listing


def test_a_user_needs_a_known_court(tmp_path: Path) -> None:
    code, output = _run("users", "create", "--court", "京0199", "--name", "张法官", "--role", "judge",
                        "--data-dir", str(tmp_path))
    assert code != 0 and "no court" in output


def test_a_user_needs_a_known_role(tmp_path: Path) -> None:
    _add_court(tmp_path)
    code, _ = _run("users", "create", "--court", "京0101", "--name", "张法官", "--role", "admin",
                   "--data-dir", str(tmp_path))
    assert code != 0


def test_a_court_is_added_once(tmp_path: Path) -> None:
    _add_court(tmp_path)
    code, output = _run("courts", "add", "--code", "京0101", "--name", "x", "--enforcement-account", "1",
                        "--data-dir", str(tmp_path))
    assert code != 0 and "already" in output
    assert "北京市东城区人民法院" in _run("courts", "list", "--data-dir", str(tmp_path))[1]


def test_a_bad_court_code_is_refused(tmp_path: Path) -> None:
    code, output = _run("courts", "add", "--code", "BJ0101", "--name", "x", "--enforcement-account", "1",
                        "--data-dir", str(tmp_path))
    assert code != 0 and "court code" in output
