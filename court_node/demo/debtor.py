"""The debtor's side: his frozen Alipay money cannot pay, and once listed he cannot buy a G-train ticket."""

from __future__ import annotations

from court_node.demo.cast import ACCOUNTS, DEBTOR, G_TRAIN_TICKET, GROCERIES, TAOBAO_PURCHASE
from court_node.demo.opening import JUDGE
from court_node.demo.step import Row, expect
from court_node.demo.world import DemoWorld
from court_node.domain.money import fen_to_yuan as yuan

DEBTOR_ROLE = f"{DEBTOR.name} (debtor)"


def _pay(world: DemoWorld, provider: str, fen: int, merchant: str, category: str) -> tuple[int, str, str]:
    """The debtor pays; (status, the answer in words, the refusal code or "")."""
    status, answer = world.debtor_pays(provider, ACCOUNTS[provider], fen, merchant, category)
    if status == 201:
        return status, f"{status} paid; available now {answer['account']['available']}", ""
    error = answer.get("error", {}) if isinstance(answer, dict) else {}
    return status, f"{status} {error.get('code')}: {error.get('message')}", str(error.get("code"))


def pay_on_alipay(world: DemoWorld) -> list[Row]:
    status, refused, code = _pay(world, "alipay", TAOBAO_PURCHASE, "淘宝", "other")
    expect((status, code), (422, "BALANCE_NOT_ENOUGH"), "the Taobao payment's refusal")
    status, paid, _ = _pay(world, "alipay", GROCERIES, "盒马鲜生", "grocery")
    expect(status, 201, "the grocery payment's status (the allowance is his)")
    return [
        Row(DEBTOR_ROLE, f"pay {yuan(TAOBAO_PURCHASE)} to 淘宝 from Alipay {ACCOUNTS['alipay']}", refused),
        Row(DEBTOR_ROLE, f"pay {yuan(GROCERIES)} to 盒马鲜生 (groceries) from the same account", paid),
    ]


def list_as_dishonest(world: DemoWorld) -> list[Row]:
    case_id = world.facts.first_case
    case = world.first.case(case_id)
    listed = world.first.restrict(case_id, f"{world.facts.first_case_number}之三")
    rows = [Row(JUDGE, f"list {DEBTOR.name} as a dishonest debtor and order every provider to restrict his "
                       f"consumption (frozen {case['frozen']} does not cover the {case['amount_due']} due)",
                "listed; orders " + ", ".join(f"{o['provider']} {o['status']}" for o in listed["orders"]))]
    orders, _ = world.wait_for("every provider to confirm the restriction order",
                                     lambda: world.first.restrictions(case_id)["orders"],
                                     lambda os: all(o["status"] != "pending" for o in os))
    expect({o["provider"]: o["status"] for o in orders}, {"bank": "active", "alipay": "active", "wechat": "active"},
           "the restriction orders")
    rows.append(Row("providers", "the order (13 restricted categories, G trains among them)",
                    f"in force at {', '.join(o['provider'] for o in orders)}"))
    status, refused, code = _pay(world, "wechat", G_TRAIN_TICKET, "12306 铁路", "g_train")
    expect((status, code), (422, "CONSUMPTION_RESTRICTED"), "the G-train ticket's refusal")
    rows.append(Row(DEBTOR_ROLE, f"buy a G-train ticket, {yuan(G_TRAIN_TICKET)} to 12306, with his WeChat wallet "
                                 f"(money that is not frozen)", refused))
    return rows

