"""Freeze status reads against a bank slower than a read waits: one outstanding query per freeze, read later."""

from __future__ import annotations

import json
import threading
import time

import pytest
import requests

from court_node.adapters import registry
from court_node.adapters.bank import BankAdapter
from court_node.adapters.bank.status import StatusQueries, freeze_key
from court_node.adapters.base import AdapterError
from court_node.adapters.types import ControlRequest, FreezeState, Operation, OutcomeState
from court_node.config import settings_from_mapping
from tests.unit.court.test_adapter_bank.support import (
    BASE,
    COURT,
    NODE_ID,
    SECRET,
    Answer,
    FakeBank,
    Responder,
    accepted,
    account,
    adapter,
    control_request,
    error,
    feedback,
    measure,
    signed,
)

QUERIES = "/judicial/v1/queries"


def path(request_no: str) -> str:
    return f"/judicial/v1/requests/{request_no}/feedback"


def read(request_no: str, original: str = "C0") -> ControlRequest:
    """A status read as the node makes it, about the freeze placed by ``original``."""
    return control_request(Operation.RENEW, request_no, original_request_no=original, provider_ref=original)


def answered(request_no: str, status: str = "active", completed_at: str = "2026-03-01T10:00:00+08:00") -> Responder:
    data = feedback(request_no, "query", results=[account(measures=[
        measure(authority_code=COURT.code, request_no="C0", status=status)])])
    data["completed_at"] = completed_at
    return lambda request: signed(request, 200, data)


def still_working(request_no: str) -> Responder:
    return lambda request: signed(request, 200, feedback(request_no, "query", "accepted"))


def accept_any(request: requests.PreparedRequest) -> Answer:
    return signed(request, 202, accepted(json.loads(request.body or b"{}")["request_no"]))


def posted(bank: FakeBank) -> list[str]:
    return [b["request_no"] for b in bank.bodies()]


def test_the_next_read_asks_for_the_outstanding_querys_answer_instead_of_a_new_query(bank: FakeBank) -> None:
    bank.on("POST", QUERIES, accept_any)
    bank.on("GET", path("S1"), still_working("S1"), answered("S1"))
    reader = adapter()
    assert reader.freeze_status(read("S1")).state is OutcomeState.PENDING
    outcome = reader.freeze_status(read("S2"))
    assert (outcome.state, outcome.freeze_status, outcome.request_no) == (OutcomeState.COMPLETED,
                                                                          FreezeState.ACTIVE, "S1")
    assert posted(bank) == ["S1"]


def test_a_read_with_a_query_outstanding_does_not_wait(bank: FakeBank) -> None:
    bank.on("POST", QUERIES, accept_any)
    bank.on("GET", path("S1"), still_working("S1"))
    reader = adapter()
    reader.freeze_status(read("S1"))
    reader.status_wait_s = 30.0
    started = time.monotonic()
    assert reader.freeze_status(read("S2")).state is OutcomeState.PENDING
    assert time.monotonic() - started < 5.0
    assert posted(bank) == ["S1"]


def test_once_answered_the_next_read_sends_a_new_query(bank: FakeBank) -> None:
    bank.on("POST", QUERIES, accept_any)
    bank.on("GET", path("S1"), answered("S1"))
    bank.on("GET", path("S2"), answered("S2", status="expired"))
    reader = adapter()
    assert reader.freeze_status(read("S1")).freeze_status is FreezeState.ACTIVE
    assert reader.freeze_status(read("S2")).freeze_status is FreezeState.EXPIRED
    assert posted(bank) == ["S1", "S2"]
    assert len(reader.status_queries) == 0


def test_a_query_the_bank_does_not_know_is_asked_again_under_the_new_number(bank: FakeBank) -> None:
    bank.on("POST", QUERIES, accept_any)
    bank.on("GET", path("S1"), still_working("S1"),
            lambda request: signed(request, 404, error("REQUEST_NOT_FOUND")))
    bank.on("GET", path("S2"), answered("S2"))
    reader = adapter()
    reader.freeze_status(read("S1"))
    outcome = reader.freeze_status(read("S2"))
    assert (outcome.request_no, outcome.freeze_status) == ("S2", FreezeState.ACTIVE)
    assert posted(bank) == ["S1", "S2"]


def test_an_answer_older_than_the_maximum_age_is_dropped_and_asked_again(bank: FakeBank) -> None:
    bank.on("POST", QUERIES, accept_any)
    bank.on("GET", path("S1"), still_working("S1"), answered("S1", completed_at="2026-02-01T10:00:00+08:00"))
    bank.on("GET", path("S2"), answered("S2", status="expired"))
    reader = adapter()
    reader.freeze_status(read("S1"))
    outcome = reader.freeze_status(read("S2"))
    assert (outcome.request_no, outcome.freeze_status) == ("S2", FreezeState.EXPIRED)
    assert posted(bank) == ["S1", "S2"]


def test_an_answer_within_the_maximum_age_is_used(bank: FakeBank) -> None:
    bank.on("POST", QUERIES, accept_any)
    bank.on("GET", path("S1"), still_working("S1"), answered("S1", completed_at="2026-03-01T09:55:00+08:00"))
    reader = adapter(status_max_age_s=600)
    reader.freeze_status(read("S1"))
    assert reader.freeze_status(read("S2")).request_no == "S1"
    assert posted(bank) == ["S1"]


def test_each_freeze_has_its_own_outstanding_query(bank: FakeBank) -> None:
    bank.on("POST", QUERIES, accept_any)
    bank.on("GET", path("S1"), still_working("S1"))
    bank.on("GET", path("S2"), still_working("S2"))
    reader = adapter()
    reader.freeze_status(read("S1", original="C0"))
    reader.freeze_status(read("S2", original="C9"))
    reader.freeze_status(read("S3", original="C0"))
    assert posted(bank) == ["S1", "S2"]


def test_a_query_that_never_left_is_not_remembered(bank: FakeBank) -> None:
    bank.on("POST", QUERIES, requests.ConnectTimeout("connect timed out"))
    reader = adapter(retries=0)
    with pytest.raises(AdapterError):
        reader.freeze_status(read("S1"))
    assert len(reader.status_queries) == 0


def test_a_query_whose_acceptance_was_lost_is_looked_for_at_the_next_read(bank: FakeBank) -> None:
    bank.on("POST", QUERIES, requests.ReadTimeout("read timed out"))
    bank.on("GET", path("S1"), answered("S1"))
    reader = adapter(retries=0)
    with pytest.raises(AdapterError):
        reader.freeze_status(read("S1"))
    assert reader.freeze_status(read("S2")).request_no == "S1"
    assert posted(bank) == ["S1"]


def test_a_bad_status_option_fails_at_construction() -> None:
    with pytest.raises(ValueError, match="status_max_age_s"):
        adapter(status_max_age_s="long")
    with pytest.raises(ValueError, match="at least one"):
        adapter(status_queries_kept=0)


# ---- the memory ----------------------------------------------------------------------------------------
def test_the_least_recently_read_freeze_is_forgotten_first() -> None:
    queries = StatusQueries(capacity=2)
    first, second, third = (freeze_key(read("S", original=n)) for n in ("C1", "C2", "C3"))
    queries.claim(first, "S1", 0.0)
    queries.claim(second, "S2", 0.0)
    assert queries.claim(first, "S9", 1.0) is not None  # read again: now the most recent
    queries.claim(third, "S3", 2.0)
    assert queries.outstanding(first) is not None and queries.outstanding(third) is not None
    assert queries.outstanding(second) is None and len(queries) == 2


def test_forgetting_an_older_number_keeps_the_query_sent_since() -> None:
    queries = StatusQueries()
    key = freeze_key(read("S"))
    queries.claim(key, "S1", 0.0)
    queries.forget(key, "S1")
    queries.claim(key, "S2", 0.0)
    queries.forget(key, "S1")
    held = queries.outstanding(key)
    assert held is not None and held.request_no == "S2"


def test_one_reader_of_many_at_once_gets_to_send_the_query() -> None:
    queries = StatusQueries()
    key = freeze_key(read("S"))
    senders: list[str] = []
    start = threading.Barrier(16)

    def claim(n: int) -> None:
        start.wait()
        if queries.claim(key, f"S{n}", 0.0) is None:
            senders.append(f"S{n}")

    threads = [threading.Thread(target=claim, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    held = queries.outstanding(key)
    assert held is not None and senders == [held.request_no]


def test_the_status_options_come_from_the_nodes_provider_entry() -> None:
    settings = settings_from_mapping({"providers": [{
        "name": "bank", "adapter": "bank", "base_url": BASE, "credentials": {"node_id": NODE_ID, "secret": SECRET},
        "options": {"status_wait_s": 0.5, "status_max_age_s": 60, "status_queries_kept": 10}}]})
    built = registry.build(settings.providers[0])
    assert isinstance(built, BankAdapter)
    assert (built.status_wait_s, built.status_max_age_s, built.status_queries.capacity) == (0.5, 60.0, 10)


def test_a_read_while_another_waits_for_the_same_freeze_shares_that_wait(bank: FakeBank) -> None:
    bank.on("GET", path("S1"), still_working("S1"), answered("S1"))
    reader = adapter()
    assert reader.status_queries.claim(freeze_key(read("S1")), "S1", time.monotonic() + 5.0) is None  # S1 on its way
    outcome = reader.freeze_status(read("S2"))
    assert (outcome.state, outcome.request_no, outcome.freeze_status) == (OutcomeState.COMPLETED, "S1",
                                                                          FreezeState.ACTIVE)
    assert posted(bank) == []


def test_renewing_releasing_or_deducting_a_freeze_drops_its_outstanding_query(bank: FakeBank) -> None:
    bank.on("POST", QUERIES, accept_any)
    bank.on("POST", "/judicial/v1/controls", lambda request: signed(request, 202, accepted("C5")))
    bank.on("GET", path("S1"), still_working("S1"))
    bank.on("GET", path("S2"), answered("S2"))
    reader = adapter()
    reader.freeze_status(read("S1"))
    reader.control(control_request(Operation.DEDUCT, "C5"))
    assert reader.freeze_status(read("S2")).request_no == "S2"
    assert [b["request_no"] for b in bank.bodies()] == ["S1", "C5", "S2"]
