"""Steps the end-to-end tests share: debtors at the providers, cases, and waiting for asynchronous answers."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from typing import Any, TypeVar

from court_node.client import CaseJson, CourtClient, InspectionJson, Party
from court_node.stack.launcher import Stack

T = TypeVar("T")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_serial = itertools.count(100)
_case_serial = itertools.count(1)
CREDITOR = Party("某网络借贷信息中介公司", "uscc", "91110000600037341L")


def resident_id(seq: int) -> str:
    """A valid resident ID (GB 11643 check character) for sequence ``seq``."""
    first = f"110101199001{(seq // 1000) % 28 + 1:02d}{seq % 1000:03d}"
    return first + "10X98765432"[sum(int(d) * w for d, w in zip(first, _WEIGHTS, strict=True)) % 11]


def new_debtor(stack: Stack, name: str, accounts: dict[str, list[tuple[str, str]]]) -> Party:
    """A debtor with ``{provider: [(account_no, balance yuan)]}`` seeded at each provider."""
    party = Party(name, "resident_id", resident_id(next(_serial)))
    for provider, accts in accounts.items():
        stack.admin(provider, "POST", "/seed", {"subjects": [{
            "name": party.name, "id_type": party.id_type, "id_number": party.id_number,
            "accounts": [{"account_no": no, "balance": bal} for no, bal in accts]}]})
    return party


def file_case(client: CourtClient, court: str, debtor: Party, principal: str) -> CaseJson:
    number = f"（2026）{court}执{next(_case_serial) + 500}号"
    return client.file_case(number, CREDITOR, debtor, principal, "0.00", judgment_date="2026-06-01")


def wait_for(what: str, probe: Callable[[], T], done: Callable[[T], bool], timeout: float = 30.0) -> T:
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if done(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout}s; last: {value!r}")
        time.sleep(0.2)


def inspect_all(client: CourtClient, case_id: int) -> InspectionJson:
    """Inspect every provider and wait until the bank's asynchronous answer is in."""
    first = client.inspect(case_id)
    return wait_for("the inspection to complete", lambda: client.inspection(first["id"]),
                    lambda i: all(r["state"] != "pending" for r in i["results"]))


def accounts_found(inspection: InspectionJson) -> dict[str, list[dict[str, Any]]]:
    return {r["provider"]: r["accounts"] for r in inspection["results"]}
