"""The debtors and cases a benchmark works on: seeded at every provider, filed at the node, notices served."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from court_node.client import CourtClient, Party
from court_node.domain.money import fen_to_yuan
from court_node.scenarios.generate import resident_id
from court_node.stack.launcher import PROVIDERS, parse_iso

COURT = "京0101"
JUDGE_TOKEN = "demo-judge-0101"
CREDITOR = Party("某网络借贷信息中介公司", "uscc", "91110000600037341L")
CLIENT_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Debtor:
    """A natural person with one account at each provider."""

    name: str
    id_number: str
    accounts: dict[str, str]  # provider -> account number

    @property
    def party(self) -> Party:
        return Party(self.name, "resident_id", self.id_number)


def debtor(serial: int) -> Debtor:
    """The ``serial``-th benchmark debtor: distinct ID and account numbers, the same in every run."""
    born = date(1960, 1, 1) + timedelta(days=serial // 1000)  # a thousand sequence codes per birthday
    id_number = resident_id(f"110101{born:%Y%m%d}{serial % 1000:03d}")
    return Debtor(f"测试债务人{serial}", id_number,
                  {"bank": f"6222{serial:015d}", "alipay": f"2088{serial:012d}", "wechat": f"oBench{serial:020d}"})


def judge(stack: Any, token: str = JUDGE_TOKEN) -> CourtClient:
    """A judge's client of the stack's node, with its own connection pool."""
    return CourtClient(stack.url("node"), token, timeout=CLIENT_TIMEOUT_S)


def seed(stack: Any, debtors: list[Debtor], balance_fen: int) -> None:
    """Every debtor's account at every provider, each with ``balance_fen``."""
    for provider in PROVIDERS:
        subjects = [{"name": d.name, "id_type": "resident_id", "id_number": d.id_number,
                     "accounts": [{"account_no": d.accounts[provider], "balance": fen_to_yuan(balance_fen)}]}
                    for d in debtors]
        stack.admin(provider, "POST", "/seed", {"subjects": subjects})


def file_case(stack: Any, client: CourtClient, serial: int, who: Debtor, principal_fen: int) -> int:
    """A case against ``who`` at 京0101 with its notice served (so deductions are allowed); its id."""
    today = parse_iso(stack.admin("node", "GET", "/clock")["now_beijing"]).date()
    case_number = f"（2026）{COURT}执{serial + 1}号"
    case = client.file_case(case_number, CREDITOR, who.party, fen_to_yuan(principal_fen), "0.00",
                            judgment_date=date.isoformat(today - timedelta(days=30)))
    client.serve_notice(case["id"], f"{case_number}执行通知书")
    return case["id"]


#: subjects sent to a provider's /_admin/seed in one request
SEED_CHUNK = 2_000


def seed_many(stack: Any, debtors: list[Debtor], balance_fen: int, chunk: int = SEED_CHUNK) -> None:
    """``seed`` for many debtors, ``chunk`` at a time (one request each stays small)."""
    for start in range(0, len(debtors), chunk):
        seed(stack, debtors[start:start + chunk], balance_fen)


def case_body(serial: int, who: Debtor, principal_fen: int, today: date) -> dict[str, Any]:
    """The body ``POST /api/v1/cases`` takes for the ``serial``-th benchmark case against ``who``."""
    return {"case_number": f"（2026）{COURT}执{serial + 1}号", "creditor": CREDITOR.as_json(),
            "debtor": who.party.as_json(), "principal": fen_to_yuan(principal_fen), "costs": "0.00",
            "delay_interest": False, "judgment_date": date.isoformat(today - timedelta(days=30))}


def node_today(stack: Any) -> date:
    """The node's simulated calendar day (Beijing)."""
    return parse_iso(stack.admin("node", "GET", "/clock")["now_beijing"]).date()
