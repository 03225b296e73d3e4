"""Collecting the money: a deduction refused before the notice period ends, allowed after it; then the case is
satisfied and what its freezes still hold is released."""

from __future__ import annotations

from typing import Any

from court_node.client import CourtApiError
from court_node.demo.cast import (
    ACCOUNTS,
    BALANCES,
    DEBTOR,
    FIRST_COURT,
    FIRST_DEDUCTION,
    G_TRAIN_TICKET,
    GRACE_DAYS,
    first_due,
)
from court_node.demo.opening import JUDGE, first_plan
from court_node.demo.step import Row, StepFailed, expect
from court_node.demo.world import DemoWorld
from court_node.domain.money import fen_to_yuan as yuan


def _deduction_documents(world: DemoWorld, part: str) -> tuple[str, str]:
    number = world.facts.first_case_number
    return f"{number}之{part}", f"{number}协助执行通知书{part}"


def deduct_after_the_notice_period(world: DemoWorld) -> list[Row]:
    case_id, bank_freeze = world.facts.first_case, world.facts.first_freezes["bank"]
    ruling, notice = _deduction_documents(world, "二")
    rows: list[Row] = []
    try:
        world.first.deduct(case_id, ruling, notice, freeze_id=bank_freeze, amount=yuan(FIRST_DEDUCTION))
    except CourtApiError as exc:
        expect((exc.status, exc.code), (422, "DEDUCTION_TOO_EARLY"), "the early deduction's refusal")
        rows.append(Row(JUDGE, f"deduct {yuan(FIRST_DEDUCTION)} from the bank freeze on {world.today()}",
                        f"{exc.status} {exc.code}: {exc.message}"))
    else:
        raise StepFailed(f"a deduction before {GRACE_DAYS} days after the notice to be refused (422 "
                         "DEDUCTION_TOO_EARLY)", "it was accepted")
    clocks = world.stack.advance(f"{GRACE_DAYS}d")
    rows.append(Row("clock", f"advance {GRACE_DAYS} days on every service",
                    f"now {clocks['node']['now_beijing'][:10]} on the node, bank, alipay and wechat"))
    batch = world.first.deduct(case_id, ruling, notice, freeze_id=bank_freeze, amount=yuan(FIRST_DEDUCTION))
    first = batch["deductions"][0]
    rows.append(Row(JUDGE, f"deduct {yuan(FIRST_DEDUCTION)} from the bank freeze again, into {FIRST_COURT}'s "
                           "enforcement account", f"{first['status']} (the bank answers later)"))
    done, seconds = world.wait_for("the bank's feedback to the deduction", lambda: world.first.deductions(case_id),
                                   lambda ds: all(d["status"] != "pending" for d in ds))
    expect([(d["provider"], d["amount"], d["status"]) for d in done], [("bank", yuan(FIRST_DEDUCTION), "completed")],
           "the case's deductions")
    world.tally["bank"].collected += FIRST_DEDUCTION
    case = world.first.case(case_id)
    due = first_due() - FIRST_DEDUCTION
    expect((case["collected"], case["amount_due"]), (yuan(FIRST_DEDUCTION), yuan(due)), "collected and due")
    account = world.provider("bank", f"/accounts/{ACCOUNTS['bank']}")
    expect(account["balance"], yuan(BALANCES["bank"] - FIRST_DEDUCTION), "the bank account's balance")
    expect(world.paid_to(FIRST_COURT, "bank"), FIRST_DEDUCTION, f"what the bank paid to {FIRST_COURT}")
    rows += [
        Row(f"bank ({seconds:.1f} s later)", f"deduction of {yuan(FIRST_DEDUCTION)}", f"{done[0]['status']}"),
        Row("node", f"case {case_id}", f"collected {case['collected']}, amount due {case['amount_due']}, "
                                       f"frozen {case['frozen']}"),
        Row("bank books", f"account {ACCOUNTS['bank']}", f"balance {account['balance']}; paid "
                                                         f"{yuan(FIRST_DEDUCTION)} to {FIRST_COURT}"),
    ]
    return rows


def case_satisfied(world: DemoWorld) -> list[Row]:
    case_id, freezes = world.facts.first_case, world.facts.first_freezes
    alipay_held = first_plan()["alipay"]
    ruling, notice = _deduction_documents(world, "四")
    batch = world.first.deduct(case_id, ruling, notice, freeze_id=freezes["alipay"], amount=yuan(alipay_held))
    expect([(d["provider"], d["status"]) for d in batch["deductions"]], [("alipay", "completed")],
           "the Alipay deduction")
    world.tally["alipay"].collected += alipay_held
    rest = first_due() - FIRST_DEDUCTION - alipay_held
    expect(batch["case"]["amount_due"], yuan(rest), "the amount due after the Alipay deduction")
    rows = [Row(JUDGE, f"deduct the {yuan(alipay_held)} the Alipay freeze holds",
                f"completed at once; collected {batch['case']['collected']}, due {batch['case']['amount_due']}")]
    receipt = f"{world.facts.first_case_number}收据1号"
    paid = world.first.record_payment(case_id, yuan(rest), receipt)
    world.tally.paid_directly += rest
    expect((paid["status"], paid["amount_due"], paid["collected"]), ("satisfied", "0.00", yuan(first_due())),
           "the case after the direct payment (status, due, collected)")
    rows.append(Row(JUDGE, f"record {DEBTOR.name}'s family paying the remaining {yuan(rest)} to the court "
                           f"(receipt {receipt})",
                    f"case {paid['status']}: collected {paid['collected']}, due {paid['amount_due']}"))
    ended, seconds = world.wait_for("the bank to release the first court's freeze",
                                    lambda: world.first.freezes(case_id, refresh=True),
                                    lambda fs: all(f["status"] not in ("active", "pending", "waiting") for f in fs))
    by_provider = {f["provider"]: f for f in ended}
    expect({p: f["status"] for p, f in by_provider.items()}, {"bank": "released", "alipay": "deducted"},
           "the first court's freezes")
    released = BALANCES["bank"] - FIRST_DEDUCTION
    world.tally["bank"].released += released
    rows.append(Row(f"bank ({seconds:.1f} s later)", f"release the freeze on {ACCOUNTS['bank']} (case satisfied)",
                    f"released {yuan(released)}; the Alipay freeze ended fully deducted"))
    orders, _ = world.wait_for("every restriction order to be lifted",
                               lambda: world.first.restrictions(case_id)["orders"],
                               lambda os: all(o["status"] == "lifted" for o in os))
    rows.append(Row("providers", "lift the restriction orders", ", ".join(f"{o['provider']} {o['status']}"
                                                                           for o in orders)))
    status, answer = world.debtor_pays("wechat", ACCOUNTS["wechat"], G_TRAIN_TICKET, "12306 铁路", "g_train")
    expect(status, 201, "the G-train ticket's status once the order is lifted")
    rows.append(Row(f"{DEBTOR.name} (debtor)", f"buy the G-train ticket again, {yuan(G_TRAIN_TICKET)}",
                    f"{status} paid; available now {_available(answer)}"))
    return rows


def _available(answer: Any) -> str:
    return str(answer["account"]["available"]) if isinstance(answer, dict) and "account" in answer else "?"
