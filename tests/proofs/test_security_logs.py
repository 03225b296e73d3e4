"""No secret or token appears in any log: a whole stack runs a case through the court node (file, inspect,
freeze, deduct) as users created with ``freezesim users create``, people sign in to the console and the back
offices (and fail to, with wrong tokens), then every log file under the stack's logs/ and every provider's request
journal is searched for every admin token, user token, HMAC secret, cookie-signing secret and piece of private key
material. The demo tokens are public by design (documented, printed by the demo banner) and are not searched."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from court_node.cli.main import cli
from court_node.client import CourtClient
from court_node.stack.launcher import Stack, StackOptions
from payment_mocks.testing import free_port
from tests.e2e.court.flows import file_case, inspect_all, new_debtor, wait_for

pytestmark = pytest.mark.slow

PROVIDERS = ("bank", "alipay", "wechat")
USER_TOKEN = re.compile(r"token \(shown once, keep it safe\): (\S+)")
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_PEM_BODY = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----(.*?)-----END", re.S)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    ports = {name: free_port() for name in ("node", *PROVIDERS)}
    options = StackOptions(data_dir=Path(tmp_path_factory.mktemp("secrets")), ports=ports, sample_data=False,
                           node_settings={"living_allowance": "0.00", "grace_days": 0})
    running = Stack(options).start()
    try:
        yield running
    finally:
        running.stop()


def _sign_in(url: str, token: str) -> int:
    """Open the sign-in form, post the token with the form's CSRF token; the answer's status."""
    with requests.Session() as browser:
        form = browser.get(url, timeout=30)
        match = _CSRF.search(form.text)
        data = {"token": token, **({"csrf_token": match.group(1)} if match else {})}
        return browser.post(url, data=data, timeout=30, allow_redirects=False).status_code


def _create_user(stack: Stack, name: str, role: str) -> str:
    """A real user of 京0101 on the running node's store; its token."""
    result = CliRunner().invoke(cli, ["users", "create", "--court", "京0101", "--name", name, "--role", role,
                                      "--data-dir", str(stack.data_dir / "court")])
    assert result.exit_code == 0, result.output
    match = USER_TOKEN.search(result.output)
    assert match is not None, result.output
    return match.group(1)


def _secrets(stack: Stack, users: dict[str, str]) -> dict[str, str]:
    """Every secret the stack holds, by where it comes from; private keys as the lines of their PEM bodies."""
    found: dict[str, str] = {f"{role}'s user token": token for role, token in users.items()}
    for name, service in stack.services.items():
        found[f"{name} admin token"] = service.admin_token()
    for path in stack.data_dir.rglob("*"):
        if path.is_file() and path.name in ("console-secret", "backoffice-secret"):
            found[str(path.relative_to(stack.data_dir))] = path.read_text().strip()
        if path.is_file() and path.suffix in (".pem", ".json") and "logs" not in path.parts:
            for i, body in enumerate(_PEM_BODY.findall(path.read_text(errors="replace").replace("\\n", "\n"))):
                for j, line in enumerate(line.strip() for line in body.splitlines()):
                    if len(line) >= 40:
                        found[f"{path.name} key {i} line {j}"] = line
    credentials = json.loads((stack.data_dir / "node-credentials.json").read_text())
    found["bank HMAC secret"] = credentials["bank"]["secret"]
    assert all(len(v) >= 8 for v in found.values()), "a secret too short to search for"
    return found


def _run_a_case(stack: Stack, judge_token: str) -> None:
    judge = CourtClient(stack.url("node"), judge_token, timeout=30)
    debtor = new_debtor(stack, "周四", {"bank": [("6222000000000909", "6000.00")],
                                      "alipay": [("2088000000000909", "800.00")],
                                      "wechat": [("oE2eWallet0000000000000000909", "300.00")]})
    case = file_case(judge, "京0101", debtor, "5000.00")
    inspect_all(judge, case["id"])
    placed = judge.freeze(case["id"], "（2026）京0101执冻9号")["freezes"]
    bank = next(f for f in placed if f["provider"] == "bank")
    wait_for("the bank freeze", lambda: judge.get_freeze(bank["id"], refresh=True), lambda f: f["status"] == "active")
    judge.serve_notice(case["id"], "（2026）京0101执通9号")
    judge.deduct(case["id"], "（2026）京0101执扣9号", "（2026）京0101执协9号", freeze_id=bank["id"], amount="100.00")
    wait_for("the deduction", lambda: judge.deductions(case["id"]), lambda ds: all(d["status"] == "completed"
                                                                                  for d in ds))


def test_no_secret_appears_in_any_log_or_journal(stack: Stack) -> None:
    users = {role: _create_user(stack, name, role) for role, name in
             (("judge", "郑法官"), ("clerk", "冯书记员"), ("viewer", "卫科长"))}
    _run_a_case(stack, users["judge"])
    node = stack.url("node")
    assert _sign_in(f"{node}/console/sign-in", users["clerk"]) == 303
    assert _sign_in(f"{node}/console/sign-in", users["viewer"] + "x") == 401
    requests.get(f"{node}/api/v1/cases", headers={"Authorization": f"Bearer {users['viewer']}"}, timeout=30)
    requests.get(f"{node}/api/v1/cases", headers={"Authorization": f"Bearer {users['viewer']}x"}, timeout=30)
    requests.get(f"{node}/_admin/clock", headers={"Authorization": f"Bearer {stack.node.admin_token()}x"}, timeout=30)
    for provider in PROVIDERS:
        token = stack.services[provider].admin_token()
        assert _sign_in(f"{stack.url(provider)}/_backoffice/sign-in", token) == 303
        assert _sign_in(f"{stack.url(provider)}/_backoffice/sign-in", token + "x") == 401
        requests.get(f"{stack.url(provider)}/_admin/info", headers={"Authorization": f"Bearer {token}x"}, timeout=30)
    secrets = _secrets(stack, users)
    key_files = {what.split(" key ")[0] for what in secrets if " key " in what}
    assert key_files >= {"node-credentials.json", "platform-key.pem"}, key_files
    texts = {str(p.relative_to(stack.data_dir)): p.read_text(errors="replace")
             for p in (stack.data_dir / "logs").rglob("*") if p.is_file()}
    assert texts, "the stack wrote no logs"
    for provider in PROVIDERS:
        texts[f"{provider} journal"] = str(stack.admin(provider, "GET", "/journal?limit=1000"))
    leaks = [f"{what} in {where}" for where, text in texts.items() for what, secret in secrets.items()
             if secret in text]
    assert leaks == []
