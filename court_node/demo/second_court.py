"""The second court: its freeze waits in line behind the first court's, takes effect when that one is released,
and lapses a year later because nobody renewed it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from court_node.client import CourtApiError
from court_node.demo.cast import (
    ACCOUNTS,
    DEBTOR,
    FIRST_COURT,
    SECOND_COSTS,
    SECOND_COURT,
    SECOND_CREDITOR,
    SECOND_PRINCIPAL,
    second_due,
)
from court_node.demo.inspection import found_by_provider, inspect
from court_node.demo.step import Row, StepFailed, expect
from court_node.demo.world import DemoWorld
from court_node.domain.money import fen_to_yuan as yuan

JUDGE = f"judge {SECOND_COURT}"
BANK_ACCOUNT = ACCOUNTS["bank"]


def bank_freezes(world: DemoWorld) -> dict[str, dict[str, Any]]:
    """The bank's own record of the freezes on the debtor's account, by court."""
    freezes = world.provider("bank", f"/freezes?account_no={BANK_ACCOUNT}")["freezes"]
    return {f["authority_code"]: f for f in freezes}


def _at_bank(freeze: dict[str, Any]) -> str:
    place = f" #{freeze['queue_position']} in line" if freeze["queue_position"] else ""
    return f"{freeze['authority_code']} {freeze['status']}{place}, holds {freeze['held']}"


def second_court_waits(world: DemoWorld) -> list[Row]:
    number = world.facts.second_case_number = f"（{world.today().year}）{SECOND_COURT}执2048号"
    judgment = world.today() - timedelta(days=30)
    case = world.second.file_case(number, SECOND_CREDITOR, DEBTOR, yuan(SECOND_PRINCIPAL), yuan(SECOND_COSTS),
                                  judgment_date=judgment)
    world.facts.second_case = case["id"]
    expect(case["amount_due"], yuan(second_due()), "the second case's amount due")
    rows = [Row(JUDGE, f"file case {number}: {SECOND_CREDITOR.name} v {DEBTOR.name}, principal "
                       f"{yuan(SECOND_PRINCIPAL)}, costs {yuan(SECOND_COSTS)}",
                f"case {case['id']} {case['status']}; amount due {case['amount_due']}")]
    done, inspected = inspect(world, world.second, case["id"], JUDGE)
    rows += inspected
    bank = found_by_provider(done)["bank"]
    expect(bank["available"], "0.00", "the bank account's available balance (all of it frozen by the first court)")
    expect([m["authority_code"] for m in bank["measures"]], [FIRST_COURT], "the prior measures on the bank account")
    batch = world.second.freeze(case["id"], f"{number}之一")
    items = [(i["provider"], i["amount"], i["expected_hold"]) for i in batch["plan"]["items"]]
    expect(items, [("bank", yuan(second_due()), "0.00")], "the second court's plan (wait in line at the bank)")
    reason = batch["plan"]["items"][0]["reason"]
    rows.append(Row(JUDGE, f"freeze for case {case['id']}, planned by the node",
                    f"bank {BANK_ACCOUNT}: {items[0][1]}, holds 0.00 now; {reason}"))
    freeze_id = batch["freezes"][0]["id"]
    world.facts.second_freeze = freeze_id
    freeze, seconds = world.wait_for("the bank's feedback to the second court's freeze",
                                     lambda: world.second.get_freeze(freeze_id, refresh=True),
                                     lambda f: f["status"] != "pending")
    expect((freeze["status"], freeze["queue_position"], freeze["held"]), ("waiting", 1, "0.00"),
           "the second court's freeze (status, place in line, held)")
    rows.append(Row(f"bank ({seconds:.1f} s later)", f"freeze {yuan(second_due())} on {BANK_ACCOUNT}",
                    f"{freeze['status']}, #{freeze['queue_position']} in line"))
    at_bank = bank_freezes(world)
    expect({c: f["status"] for c, f in at_bank.items()}, {FIRST_COURT: "active", SECOND_COURT: "waiting"},
           "the bank's freezes on the account")
    rows.append(Row("bank books", f"freezes on {BANK_ACCOUNT}", "; ".join(_at_bank(f) for f in at_bank.values())))
    return rows


def waiting_freeze_takes_effect(world: DemoWorld) -> list[Row]:
    freeze, _ = world.wait_for("the second court's freeze to take effect",
                               lambda: world.second.get_freeze(world.facts.second_freeze, refresh=True),
                               lambda f: f["status"] != "waiting")
    expect((freeze["status"], freeze["held"]), ("active", yuan(second_due())),
           "the second court's freeze (status, held)")
    world.tally["bank"].frozen += second_due()
    at_bank = bank_freezes(world)
    expect({c: f["status"] for c, f in at_bank.items()}, {FIRST_COURT: "released", SECOND_COURT: "active"},
           "the bank's freezes on the account")
    account = world.provider("bank", f"/accounts/{BANK_ACCOUNT}")
    return [
        Row(JUDGE, f"read freeze {freeze['id']} (refreshed from the bank)",
            f"{freeze['status']}, holds {freeze['held']}, until {freeze['end_date']}"),
        Row("bank books", f"freezes on {BANK_ACCOUNT}", "; ".join(_at_bank(f) for f in at_bank.values())),
        Row("bank books", f"account {BANK_ACCOUNT}",
            f"balance {account['balance']}, available {account['available']}"),
    ]


def freeze_lapses(world: DemoWorld) -> list[Row]:
    clocks = world.stack.advance("366d")
    freeze, _ = world.wait_for("the unrenewed freeze to lapse",
                               lambda: world.second.get_freeze(world.facts.second_freeze, refresh=True),
                               lambda f: f["status"] != "active")
    expect((freeze["status"], freeze["held"]), ("expired", "0.00"), "the second court's freeze after a year")
    world.tally["bank"].lapsed += second_due()
    at_bank = bank_freezes(world)
    expect(at_bank[SECOND_COURT]["status"], "expired", "the bank's record of the second court's freeze")
    account = world.provider("bank", f"/accounts/{BANK_ACCOUNT}")
    expect(account["available"], account["balance"], "the bank account's available balance (nothing frozen)")
    try:
        world.second.renew(freeze["id"], f"{world.facts.second_case_number}之二", days=30)
    except CourtApiError as exc:
        expect((exc.status, exc.code), (422, "FREEZE_EXPIRED"), "the late renewal's refusal")
        refused = f"{exc.status} {exc.code}: {exc.message}"
    else:
        raise StepFailed("a renewal after expiry to be refused", "it was accepted")
    now = clocks["node"]["now_beijing"][:10]
    return [
        Row("clock", "advance 366 days on every service", f"now {now} on the node, bank, alipay and wechat"),
        Row(JUDGE, f"read freeze {freeze['id']} (refreshed from the bank)",
            f"{freeze['status']}, holds {freeze['held']}"),
        Row("bank books", f"freezes on {BANK_ACCOUNT}", "; ".join(_at_bank(f) for f in at_bank.values())),
        Row("bank books", f"account {BANK_ACCOUNT}",
            f"balance {account['balance']}, available {account['available']}"),
        Row(JUDGE, f"renew freeze {freeze['id']} by 30 days, too late", refused),
    ]

