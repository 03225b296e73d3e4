"""Idempotency-Key: replay the first answer, refuse a reused key, 409 while in flight, never store a 5xx."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from flask import Flask

from court_node.api.idempotency import request_fingerprint
from court_node.clock import real_now, to_us
from court_node.context import NodeContext
from court_node.services import cases as service
from court_node.store.tables import idempotency_keys
from tests.unit.court.node_requests import CLERK, JUDGE, JsonClient, auth, filing, json_client


def _post(client: JsonClient, body: Any, key: str, token: str = JUDGE, path: str = "/api/v1/cases") -> Any:
    return client.post(path, json=body, headers=auth(token, **{"Idempotency-Key": key}))


def test_a_replay_returns_the_first_answer_and_files_once(client: JsonClient) -> None:
    first = _post(client, filing(), "k-1")
    again = _post(client, filing(), "k-1")
    assert (again.status_code, again.get_data()) == (first.status_code, first.get_data())
    assert again.headers["Idempotent-Replayed"] == "true"
    assert client.get("/api/v1/cases", headers=auth(JUDGE)).json["total"] == 1


def test_key_order_and_spacing_do_not_make_another_request(client: JsonClient) -> None:
    first = _post(client, filing(), "k-1")
    body = json.dumps(dict(reversed(list(filing().items()))), indent=4)
    again = client.post("/api/v1/cases", data=body, content_type="application/json",
                        headers=auth(JUDGE, **{"Idempotency-Key": "k-1"}))
    assert again.get_data() == first.get_data() and again.headers.get("Idempotent-Replayed") == "true"


def test_an_error_answer_is_replayed_too(client: JsonClient) -> None:
    first = _post(client, filing(principal="-1"), "k-bad")
    again = _post(client, filing(principal="-1"), "k-bad")
    assert first.status_code == again.status_code == 400 and again.get_data() == first.get_data()


def test_the_same_key_with_another_body_is_refused(client: JsonClient) -> None:
    _post(client, filing(), "k-1")
    other = _post(client, filing(serial=124), "k-1")
    assert other.status_code == 422 and other.json["error"]["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert client.get("/api/v1/cases", headers=auth(JUDGE)).json["total"] == 1


def test_the_same_key_on_another_path_is_refused(client: JsonClient) -> None:
    case_id = _post(client, filing(), "k-1").json["id"]
    other = _post(client, {"document_no": "N1"}, "k-1", path=f"/api/v1/cases/{case_id}/notice")
    assert other.status_code == 422


def test_keys_belong_to_one_user(client: JsonClient) -> None:
    _post(client, filing(), "k-1", token=JUDGE)
    other_user = _post(client, filing(), "k-1", token=CLERK)
    assert other_user.status_code == 409 and other_user.json["error"]["code"] == "CASE_NUMBER_TAKEN"
    assert "Idempotent-Replayed" not in other_user.headers


def test_a_5xx_is_not_stored_so_the_retry_runs(client: JsonClient, monkeypatch: pytest.MonkeyPatch) -> None:
    real_file_case = service.file_case
    calls: list[int] = []

    def flaky(*args: Any, **kwargs: Any) -> service.CaseView:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("the disk went away")
        return real_file_case(*args, **kwargs)

    monkeypatch.setattr(service, "file_case", flaky)
    failed = _post(client, filing(), "k-1")
    assert failed.status_code == 500 and failed.json["error"]["code"] == "INTERNAL_ERROR"
    assert "disk" not in failed.get_data(as_text=True)
    assert _post(client, filing(), "k-1").status_code == 201


def test_a_request_in_flight_under_the_key_is_409(node_app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    entered, release = threading.Event(), threading.Event()
    real_file_case = service.file_case

    def slow(*args: Any, **kwargs: Any) -> service.CaseView:
        entered.set()
        release.wait(10)
        return real_file_case(*args, **kwargs)

    monkeypatch.setattr(service, "file_case", slow)
    answers: list[int] = []
    first = threading.Thread(target=lambda: answers.append(_post(json_client(node_app), filing(), "k-1").status_code))
    first.start()
    try:
        assert entered.wait(10)
        second = _post(json_client(node_app), filing(), "k-1")
        assert second.status_code == 409 and second.json["error"]["code"] == "IDEMPOTENCY_KEY_IN_FLIGHT"
    finally:
        release.set()
        first.join(10)
    assert answers == [201]


def _claim(node_app: Flask, node: NodeContext, locked_at: int) -> None:
    body = json.dumps(filing())
    with node_app.test_request_context("/api/v1/cases", method="POST", data=body, content_type="application/json"):
        fingerprint = request_fingerprint()
    with node.store.write() as conn:
        conn.execute(idempotency_keys.insert().values(user_id=1, key="k-1", fingerprint=fingerprint,
                                                      state="in_flight", created_at=0, locked_at=locked_at))


def test_a_fresh_claim_by_another_worker_is_409(node_app: Flask, node: NodeContext, client: JsonClient) -> None:
    _claim(node_app, node, to_us(real_now()))
    assert _post(client, filing(), "k-1").status_code == 409


def test_an_abandoned_claim_is_taken_over(node_app: Flask, node: NodeContext, client: JsonClient) -> None:
    _claim(node_app, node, to_us(real_now()) - 61_000_000)
    assert _post(client, filing(), "k-1").status_code == 201


@pytest.mark.parametrize(("key", "status"), [("k" * 255, 201), ("k" * 256, 400), ("", 400), ("a\tb", 400)])
def test_keys_are_1_to_255_printable_characters(client: JsonClient, key: str, status: int) -> None:
    answer = _post(client, filing(), key)
    assert answer.status_code == status
    if status == 400:
        assert answer.json["error"]["code"] == "IDEMPOTENCY_KEY_INVALID"
