"""End to end, every service a real process: courts freeze, wait in line, deduct, satisfy and lapse.

The court node reaches the bank, Alipay-like and WeChat-like mocks only over HTTP, through its adapters,
with signatures checked both ways. Checks are made on both sides: the node's API and each provider's books.
"""

from __future__ import annotations

import threading

import pytest

from court_node.client import CourtApiError, CourtClient, PlanItem
from court_node.stack.launcher import Stack
from tests.e2e.court.flows import accounts_found, file_case, inspect_all, new_debtor, wait_for

pytestmark = pytest.mark.slow

ALIPAY_USER = "2088{:012d}"


def _provider_freezes(stack: Stack, provider: str, account_no: str) -> list[dict[str, object]]:
    answer = stack.admin(provider, "GET", f"/freezes?account_no={account_no}")
    return list(answer["freezes"])


def test_inspection_finds_the_debtor_everywhere_and_the_bank_answers_later(stack: Stack,
                                                                         dongcheng: CourtClient) -> None:
    debtor = new_debtor(stack, "赵一", {"bank": [("6222000000000101", "8600.00")],
                                      "alipay": [(ALIPAY_USER.format(101), "3250.50")],
                                      "wechat": [("oE2eWallet0000000000000000101", "1280.00")]})
    case = file_case(dongcheng, "京0101", debtor, "20000.00")
    first = dongcheng.inspect(case["id"])
    assert {r["provider"]: r["state"] for r in first["results"]}["alipay"] == "completed"
    found = accounts_found(inspect_all(dongcheng, case["id"]))
    assert found["bank"][0]["balance"] == "8600.00"
    assert found["alipay"][0]["balance"] == "3250.50"
    assert found["wechat"][0]["available"] == "1280.00"


def test_a_second_court_waits_in_line_and_takes_effect_when_the_first_releases(
    stack: Stack, dongcheng: CourtClient, chaoyang: CourtClient
) -> None:
    user = ALIPAY_USER.format(202)
    debtor = new_debtor(stack, "钱二", {"alipay": [(user, "1000.00")]})
    first_case = file_case(dongcheng, "京0101", debtor, "1000.00")
    inspect_all(dongcheng, first_case["id"])
    first = dongcheng.freeze(first_case["id"], "（2026）京0101执冻1号")["freezes"]
    assert [(f["provider"], f["status"], f["held"]) for f in first] == [("alipay", "active", "1000.00")]

    second_case = file_case(chaoyang, "京0105", debtor, "500.00")
    inspect_all(chaoyang, second_case["id"])
    second = chaoyang.freeze(second_case["id"], "（2026）京0105执冻1号")["freezes"]
    assert [(f["status"], f["queue_position"], f["held"]) for f in second] == [("waiting", 1, "0.00")]

    with pytest.raises(CourtApiError) as refused:  # a court may not release another court's freeze
        chaoyang.release(first[0]["id"], "（2026）京0105执解1号")
    assert refused.value.status == 404

    dongcheng.release(first[0]["id"], "（2026）京0101执解1号")
    taken = wait_for("the waiting freeze to take effect", lambda: chaoyang.get_freeze(second[0]["id"], refresh=True),
                     lambda f: f["status"] == "active")
    assert taken["held"] == "500.00"
    at_provider = {f["authority_code"]: f["status"] for f in _provider_freezes(stack, "alipay", user)}
    assert at_provider == {"京0101": "released", "京0105": "active"}
    assert stack.admin("alipay", "GET", "/invariants")["ok"]


def test_a_deduction_at_the_asynchronous_bank_collects_the_money(stack: Stack, dongcheng: CourtClient) -> None:
    debtor = new_debtor(stack, "孙三", {"bank": [("6222000000000303", "6000.00")]})
    case = file_case(dongcheng, "京0101", debtor, "5000.00")
    inspect_all(dongcheng, case["id"])
    placed = dongcheng.freeze(case["id"], "（2026）京0101执冻3号")["freezes"]
    freeze = wait_for("the bank freeze to take effect", lambda: dongcheng.get_freeze(placed[0]["id"], refresh=True),
                      lambda f: f["status"] == "active")
    assert freeze["held"] == "5000.00"
    dongcheng.serve_notice(case["id"], "（2026）京0101执通3号")
    dongcheng.deduct(case["id"], "（2026）京0101执扣3号", "（2026）京0101执协3号", freeze_id=freeze["id"],
                     amount="2000.00")
    deductions = wait_for("the deduction to complete", lambda: dongcheng.deductions(case["id"]),
                          lambda ds: all(d["status"] == "completed" for d in ds))
    assert [d["amount"] for d in deductions] == ["2000.00"]
    after = dongcheng.case(case["id"])
    assert (after["collected"], after["amount_due"]) == ("2000.00", "3000.00")
    bank_view = stack.admin("bank", "GET", "/accounts/6222000000000303")
    assert bank_view["balance_fen"] == 400_000
    payouts = stack.admin("bank", "GET", "/payouts")["payouts"]
    assert sum(p["amount_fen"] for p in payouts if p["authority_code"] == "京0101") >= 200_000


def test_a_satisfied_case_releases_what_it_still_holds(stack: Stack, dongcheng: CourtClient) -> None:
    wallet = "oE2eWallet0000000000000000404"
    debtor = new_debtor(stack, "李四", {"wechat": [(wallet, "400.00")], "bank": [("6222000000000404", "900.00")]})
    case = file_case(dongcheng, "京0101", debtor, "1000.00")
    inspect_all(dongcheng, case["id"])
    items = [PlanItem("wechat", wallet, "400.00", "account"), PlanItem("bank", "6222000000000404", "600.00")]
    placed = {f["provider"]: f for f in dongcheng.freeze(case["id"], "（2026）京0101执冻4号", items=items)["freezes"]}
    wait_for("both freezes to take effect", lambda: dongcheng.freezes(case["id"], refresh=True),
             lambda fs: all(f["status"] == "active" for f in fs))
    stack.admin("wechat", "POST", f"/accounts/{wallet}/credit", {"amount": "1000.00", "memo": "工资"})
    dongcheng.serve_notice(case["id"], "（2026）京0101执通4号")
    dongcheng.deduct(case["id"], "（2026）京0101执扣4号", "（2026）京0101执协4号", freeze_id=placed["wechat"]["id"],
                     amount="1000.00")  # the whole-account freeze now holds 1400.00: the case is paid in full
    done = wait_for("the case to be satisfied", lambda: dongcheng.case(case["id"]),
                    lambda c: c["status"] == "satisfied")
    assert done["collected"] == "1000.00"
    freezes = wait_for("the remaining freezes to be released", lambda: dongcheng.freezes(case["id"], refresh=True),
                       lambda fs: all(f["status"] in ("released", "deducted") for f in fs))
    assert {f["provider"]: f["status"] for f in freezes} == {"wechat": "released", "bank": "released"}
    assert stack.admin("bank", "GET", "/accounts/6222000000000404")["available_fen"] == 90_000
    assert stack.admin("wechat", "GET", f"/accounts/{wallet}")["available_fen"] == 40_000


def test_killing_the_node_between_sending_a_freeze_and_recording_its_answer(stack: Stack,
                                                                           dongcheng: CourtClient) -> None:
    user = ALIPAY_USER.format(505)
    debtor = new_debtor(stack, "周五", {"alipay": [(user, "700.00")]})
    case = file_case(dongcheng, "京0101", debtor, "700.00")
    inspect_all(dongcheng, case["id"])
    stack.admin("alipay", "PUT", "/faults", {"seed": 5, "latency_ms": 2500, "paths": ["/gateway.do"]})
    errors: list[Exception] = []

    def place() -> None:
        try:
            CourtClient(stack.url("node"), "demo-judge-0101", timeout=30, retries=0).freeze(
                case["id"], "（2026）京0101执冻5号")
        except Exception as exc:  # the node dies under this request
            errors.append(exc)

    sender = threading.Thread(target=place)
    sender.start()
    threading.Event().wait(1.0)  # the request is inside Alipay's 2.5 s injected latency now
    stack.kill("node")
    sender.join(timeout=30)
    assert errors, "the node answered before it was killed: the crash did not land mid-request"
    stack.admin("alipay", "DELETE", "/faults")
    wait_for("Alipay to commit the freeze", lambda: _provider_freezes(stack, "alipay", user), lambda fs: len(fs) == 1,
             timeout=10)
    stack.restart("node")
    freezes = wait_for("the reconciler to record the freeze",
                       lambda: dongcheng.freezes(case["id"], refresh=True),
                       lambda fs: len(fs) == 1 and fs[0]["status"] == "active", timeout=60)
    assert freezes[0]["held"] == "700.00"
    at_provider = _provider_freezes(stack, "alipay", user)
    assert len(at_provider) == 1 and at_provider[0]["status"] == "active"  # counted once, on both sides
    assert dongcheng.case(case["id"])["frozen"] == "700.00"


def test_a_year_unrenewed_and_the_freeze_lapses_on_both_sides(stack: Stack, dongcheng: CourtClient) -> None:
    wallet = "oE2eWallet0000000000000000606"
    debtor = new_debtor(stack, "吴六", {"wechat": [(wallet, "300.00")]})
    case = file_case(dongcheng, "京0101", debtor, "300.00")
    inspect_all(dongcheng, case["id"])
    placed = dongcheng.freeze(case["id"], "（2026）京0101执冻6号", term_days=365)["freezes"]
    assert placed[0]["status"] == "active"
    stack.advance("366d")  # every service's simulated clock moves together
    lapsed = wait_for("the freeze to lapse", lambda: dongcheng.get_freeze(placed[0]["id"], refresh=True),
                      lambda f: f["status"] == "expired")
    assert lapsed["held"] == "0.00"
    assert [f["status"] for f in _provider_freezes(stack, "wechat", wallet)] == ["expired"]
    assert stack.admin("wechat", "GET", f"/accounts/{wallet}")["available_fen"] == 30_000
    with pytest.raises(CourtApiError) as refused:
        dongcheng.renew(placed[0]["id"], "（2026）京0101执续6号", days=30)
    assert refused.value.status == 422


def test_restriction_orders_carry_the_categories_the_judge_chose(stack: Stack, dongcheng: CourtClient) -> None:
    import requests

    wallet = "oE2eWallet0000000000000000707"
    debtor = new_debtor(stack, "郑七", {"wechat": [(wallet, "500.00")]})
    case = file_case(dongcheng, "京0101", debtor, "9000.00")
    dongcheng.restrict(case["id"], "（2026）京0101执限7号", categories=["g_train"])
    wait_for("the order to reach WeChat", lambda: dongcheng.restrictions(case["id"]),
             lambda r: any(o["provider"] == "wechat" and o["status"] == "active" for o in r["orders"]))
    service = stack.services["wechat"]

    def pay(category: str) -> requests.Response:
        return requests.post(f"{service.url}/_admin/accounts/{wallet}/pay", timeout=10,
                             headers={"Authorization": f"Bearer {service.admin_token()}"},
                             json={"amount": "10.00", "merchant": "12306", "category": category})

    refused = pay("g_train")
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "CONSUMPTION_RESTRICTED"
    assert pay("air_travel").status_code == 201  # not among the categories this order names
