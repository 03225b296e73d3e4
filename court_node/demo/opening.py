"""The opening: the case is filed and the notice served; later, what is due is frozen without over-freezing."""

from __future__ import annotations

from datetime import timedelta

from court_node.demo.cast import (
    ACCOUNTS,
    BALANCES,
    DEBTOR,
    FIRST_COSTS,
    FIRST_COURT,
    FIRST_PRINCIPAL,
    GRACE_DAYS,
    LIVING_ALLOWANCE,
    P2P_PLATFORM,
    first_due,
)
from court_node.demo.step import Row, expect
from court_node.demo.world import DemoWorld
from court_node.domain.money import fen_to_yuan as yuan

JUDGE = f"judge {FIRST_COURT}"



def file_the_case(world: DemoWorld) -> list[Row]:
    number = world.facts.first_case_number = f"（{world.today().year}）{FIRST_COURT}执1024号"
    judgment = world.today() - timedelta(days=45)
    case = world.first.file_case(number, P2P_PLATFORM, DEBTOR, yuan(FIRST_PRINCIPAL), yuan(FIRST_COSTS),
                                 judgment_date=judgment)
    world.facts.first_case = case["id"]
    expect(case["amount_due"], yuan(first_due()), "the amount due")
    expect(case["status"], "filed", "the case's status")
    notice = world.first.serve_notice(case["id"], f"{number}执行通知书")
    served = world.today()
    allowed = str(served + timedelta(days=GRACE_DAYS))
    expect(notice["deductions_allowed_from"], allowed, "deductions allowed from")
    return [
        Row(JUDGE, f"file case {number}: {P2P_PLATFORM.name} v {DEBTOR.name} ({DEBTOR.id_number}), "
                   f"judgment of {judgment}, principal {yuan(FIRST_PRINCIPAL)}, costs {yuan(FIRST_COSTS)}",
            f"case {case['id']} {case['status']}; amount due {case['amount_due']}"),
        Row(JUDGE, f"serve the enforcement notice {number}执行通知书",
            f"served {served}; deductions allowed from {notice['deductions_allowed_from']}"),
    ]


def first_plan() -> dict[str, int]:
    """What the planner should ask the bank and Alipay for, in fen."""
    # free money less the allowance, in provider order (the figures in cast.py make the bank and Alipay share it),
    # and the rest as credits the bank captures later
    freezable = sum(BALANCES.values()) - LIVING_ALLOWANCE
    return {"bank": BALANCES["bank"] + first_due() - freezable, "alipay": freezable - BALANCES["bank"]}


def freeze_what_is_due(world: DemoWorld) -> list[Row]:
    case_id = world.facts.first_case
    batch = world.first.freeze(case_id, f"{world.facts.first_case_number}之一")
    plan = batch["plan"]
    wanted = first_plan()
    expect({i["provider"]: i["amount"] for i in plan["items"]}, {p: yuan(f) for p, f in wanted.items()},
           "the planned freezes")
    expect((plan["total"], plan["allowance_left"], plan["shortfall"]),
           (yuan(first_due()), yuan(LIVING_ALLOWANCE), "0.00"), "the plan's total, allowance left and shortfall")
    rows = [Row(JUDGE, f"freeze for case {case_id}, planned by the node (amount due {batch['due']})",
                f"plan {plan['total']} = the amount due, {plan['allowance_left']} left to {DEBTOR.name}")]
    for item in plan["items"]:
        rows.append(Row("node plan", f"{item['provider']} {item['account_no']}: {item['amount']}",
                        f"holds {item['expected_hold']} now; {item['reason']}"))
    ids = {f["provider"]: f["id"] for f in batch["freezes"]}
    world.facts.first_freezes = ids
    first_states = {f["provider"]: f["status"] for f in batch["freezes"]}
    expect(first_states, {"bank": "pending", "alipay": "active"}, "the freezes' first states")
    bank, seconds = world.wait_for("the bank's feedback to the freeze",
                                   lambda: world.first.get_freeze(ids["bank"], refresh=True),
                                   lambda f: f["status"] != "pending")
    held = BALANCES["bank"]
    expect((bank["status"], bank["held"], bank["unmet"]), ("active", yuan(held), yuan(wanted["bank"] - held)),
           "the bank freeze (status, held, unmet)")
    alipay = world.first.get_freeze(ids["alipay"])
    expect((alipay["status"], alipay["held"]), ("active", yuan(wanted["alipay"])), "the Alipay freeze")
    rows += [
        Row("alipay", f"freeze {yuan(wanted['alipay'])} on {ACCOUNTS['alipay']}",
            f"{alipay['status']} at once, holds {alipay['held']} until {alipay['end_date']}"),
        Row(f"bank ({seconds:.1f} s later)", f"freeze {yuan(wanted['bank'])} on {ACCOUNTS['bank']}",
            f"{bank['status']}, holds {bank['held']}; captures later credits for the unmet {bank['unmet']}"),
    ]
    world.tally["bank"].frozen += held
    world.tally["alipay"].frozen += wanted["alipay"]
    case = world.first.case(case_id)
    expect(case["frozen"], yuan(held + wanted["alipay"]), "the case's frozen total")
    wallet = world.provider("wechat", f"/accounts/{ACCOUNTS['wechat']}")
    expect(wallet["available"], yuan(BALANCES["wechat"]), "the WeChat wallet's available balance (not frozen)")
    rows.append(Row("node", f"case {case_id}", f"frozen {case['frozen']} of {case['amount_due']} due; "
                                               f"WeChat wallet untouched, {wallet['available']} available"))
    return rows
