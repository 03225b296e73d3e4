"""Acting from the case page: each form runs the node's own service once, under the API's rules and roles."""

from __future__ import annotations

import re
from collections.abc import Callable

from tests.unit.court.console.conftest import BANK_ACCOUNT, answered_inspection, frozen
from tests.unit.court.console.console_client import Console, error_next_to, flashes, forms_of, text_of
from tests.unit.court.node_requests import CLERK, OTHER_JUDGE, VIEWER
from tests.unit.court.svc_world import World


def _page(case_id: int) -> str:
    return f"/console/cases/{case_id}"


def _plan(judge: Console, case_id: int, **values: str) -> str:
    answer = judge.submit(_page(case_id), "freeze-form", document_no="冻结裁定一", **values)
    assert answer.status_code == 200, text_of(answer.text)
    return str(answer.text)


def _confirm(judge: Console, case_id: int, plan_page: str) -> object:
    form = forms_of(plan_page)["confirm-form"]
    return judge.post(form.action, form.fields)


def test_inspecting_asks_every_provider_and_says_so(world: World, judge: Console) -> None:
    case_id = world.file(1)
    answer = judge.submit(_page(case_id), "inspect-form")
    assert (answer.status_code, answer.headers["Location"]) == (303, _page(case_id))
    assert flashes(judge.case(case_id).text) == ["Inspect 查询 #1 sent. Bank 银行 Pending 待答复; "
                                                 "Alipay 支付宝 Completed 完成; WeChat Pay 微信支付 Completed 完成."]
    assert [i["id"] for i in world.get(f"/api/v1/cases/{case_id}/inspections").json["inspections"]] == [1]


def test_a_clerk_may_inspect(world: World, sign_in: Callable[[str], Console]) -> None:
    case_id = world.file(1)
    assert sign_in(CLERK).submit(_page(case_id), "inspect-form").status_code == 303


def test_the_plan_is_shown_before_anything_is_frozen(world: World, judge: Console) -> None:
    case_id = world.file(1, principal="10000.00", costs="0")
    answered_inspection(world, case_id)
    plan = text_of(_plan(judge, case_id))
    assert "May still freeze 可冻结 10,000.00 This plan 本方案 10,000.00 Left to the debtor 生活费 1,500.00" in plan
    assert f"Bank 银行 {BANK_ACCOUNT} 8,600.00 Amount 按金额 8,600.00 available funds" in plan
    assert world.get(f"/api/v1/cases/{case_id}/freezes").json["freezes"] == []


def test_confirming_the_plan_places_its_freezes(world: World, judge: Console) -> None:
    case_id = world.file(1, principal="10000.00", costs="0")
    answered_inspection(world, case_id)
    answer = _confirm(judge, case_id, _plan(judge, case_id))
    assert answer.status_code == 303
    freezes = world.get(f"/api/v1/cases/{case_id}/freezes").json["freezes"]
    assert [(f["provider"], f["amount"], f["document_no"]) for f in freezes] == [
        ("bank", "8600.00", "冻结裁定一"), ("alipay", "1400.00", "冻结裁定一")]
    assert flashes(judge.case(case_id).text)[0].startswith("Freeze 冻结 sent: #1 Bank 银行 8,600.00 Pending 待答复")


def test_a_double_submit_freezes_once(world: World, judge: Console) -> None:
    case_id = world.file(1, principal="10000.00", costs="0")
    answered_inspection(world, case_id)
    plan = _plan(judge, case_id)
    _confirm(judge, case_id, plan)
    again = _confirm(judge, case_id, plan)
    assert again.status_code == 303
    assert len(world.get(f"/api/v1/cases/{case_id}/freezes").json["freezes"]) == 2
    assert flashes(judge.case(case_id).text)[-1].startswith("Sent once already, nothing more was done.")


def test_a_plan_that_changed_since_it_was_shown_is_not_placed(world: World, judge: Console) -> None:
    case_id = world.file(1, principal="10000.00", costs="0")
    answered_inspection(world, case_id)
    plan = _plan(judge, case_id)
    world.fake("bank").pay(BANK_ACCOUNT, 500_000, "groceries")
    answered_inspection(world, case_id)
    answer = _confirm(judge, case_id, plan)
    assert answer.status_code == 409
    assert error_next_to(answer.text, "freeze").startswith("The plan changed since it was shown")
    assert world.get(f"/api/v1/cases/{case_id}/freezes").json["freezes"] == []


def test_freezing_before_any_inspection_is_refused_next_to_the_form(world: World, judge: Console) -> None:
    case_id = world.file(1)
    answer = judge.submit(_page(case_id), "freeze-form", document_no="冻结裁定一")
    assert answer.status_code == 409
    assert error_next_to(answer.text, "freeze") == (
        "no completed inspection to plan from: inspect the debtor's accounts first")


def test_a_missing_document_number_is_named_in_plain_words(world: World, judge: Console) -> None:
    case_id = world.file(1)
    answered_inspection(world, case_id)
    answer = judge.submit(_page(case_id), "freeze-form", document_no="  ")
    assert answer.status_code == 400
    assert error_next_to(answer.text, "freeze") == "Document number: fill this in"


def test_what_was_typed_stays_in_a_refused_form(world: World, judge: Console) -> None:
    case_id = world.file(1)
    frozen(world, case_id)
    answer = judge.submit(_page(case_id), "renew-form", document_no="续冻裁定<一>", days="999")
    assert forms_of(answer.text)["renew-form"].fields["document_no"] == "续冻裁定<一>"


def test_renewing_moves_the_end_date(world: World, judge: Console) -> None:
    case_id = world.file(1, principal="10000.00", costs="0")
    alipay = next(f for f in frozen(world, case_id, term_days=30) if f["provider"] == "alipay")
    answer = judge.submit(_page(case_id), "renew-form", freeze_id=str(alipay["id"]), document_no="续冻裁定", days="60")
    assert answer.status_code == 303
    assert world.get(f"/api/v1/freezes/{alipay['id']}").json["end_date"] == "2026-05-30"


def test_a_renewal_the_rules_refuse_shows_the_reason(world: World, judge: Console) -> None:
    case_id = world.file(1)
    alipay = next(f for f in frozen(world, case_id) if f["provider"] == "alipay")
    answer = judge.submit(_page(case_id), "renew-form", freeze_id=str(alipay["id"]), document_no="续冻裁定",
                          end_date="2027-02-01")
    assert answer.status_code == 422
    assert "1 to 365 days past the current one" in error_next_to(answer.text, "renew")


def test_releasing_frees_the_money(world: World, judge: Console) -> None:
    case_id = world.file(1)
    alipay = next(f for f in frozen(world, case_id) if f["provider"] == "alipay")
    answer = judge.submit(_page(case_id), "release-form", freeze_id=str(alipay["id"]), document_no="解冻裁定")
    assert answer.status_code == 303
    assert world.get(f"/api/v1/freezes/{alipay['id']}").json["status"] == "released"


def test_deducting_collects_into_the_courts_account(world: World, judge: Console) -> None:
    case_id = world.file(1, principal="10000.00", costs="0")
    alipay = next(f for f in frozen(world, case_id) if f["provider"] == "alipay")
    answer = judge.submit(_page(case_id), "deduct-form", freeze_id=str(alipay["id"]), amount="400.00",
                          document_no="扣划裁定", notice_no="协助执行通知书")
    assert answer.status_code == 303
    assert world.case(case_id)["collected"] == "400.00"
    assert "Deduct 扣划 sent: #1 Alipay 支付宝 400.00 Completed 完成." in flashes(judge.case(case_id).text)


def test_deducting_before_the_notice_is_refused_in_plain_words(world: World, judge: Console) -> None:
    case_id = world.file(1, notice=False)
    frozen(world, case_id)
    answer = judge.submit(_page(case_id), "deduct-form", document_no="扣划裁定", notice_no="协助执行通知书")
    assert answer.status_code == 422
    assert error_next_to(answer.text, "deduct") == "too early to deduct: the notice has not been served"


def test_serving_the_notice_allows_deductions(world: World, judge: Console) -> None:
    case_id = world.file(1, notice=False)
    answer = judge.submit(_page(case_id), "notice-form", document_no="执行通知书一")
    assert answer.status_code == 303
    assert world.case(case_id)["deductions_allowed_from"] == "2026-03-01"
    assert "notice-form" not in forms_of(judge.case(case_id).text)


def test_restricting_lists_the_debtor_and_publishes_the_orders(world: World, judge: Console) -> None:
    case_id = world.file(1)
    answer = judge.submit(_page(case_id), "restrict-form", document_no="决定书")
    assert answer.status_code == 303
    view = world.get(f"/api/v1/cases/{case_id}/restrictions").json
    assert view["listing"]["document_no"] == "决定书" and len(view["orders"]) == 3


def test_restricting_with_no_category_chosen_is_refused(world: World, judge: Console) -> None:
    case_id = world.file(1)
    form = judge.form(_page(case_id), "restrict-form")
    fields = {k: v for k, v in form.fields.items() if k != "categories"}
    answer = judge.post(form.action, {**fields, "document_no": "决定书"})
    assert (answer.status_code, error_next_to(answer.text, "restrict")) == (400, "Categories: choose at least one")


def test_a_provider_failure_is_shown_next_to_the_form_not_as_a_crash(world: World, judge: Console) -> None:
    case_id = world.file(1)
    alipay = next(f for f in frozen(world, case_id) if f["provider"] == "alipay")
    world.fake("alipay").fail_next(method="control")
    answer = judge.submit(_page(case_id), "release-form", freeze_id=str(alipay["id"]), document_no="解冻裁定")
    assert answer.status_code == 502
    assert error_next_to(answer.text, "release").startswith("alipay failed:")


def test_a_viewer_sees_no_action_forms(world: World, sign_in: Callable[[str], Console]) -> None:
    case_id = world.file(1)
    frozen(world, case_id)
    assert set(forms_of(sign_in(VIEWER).case(case_id).text)) == {"sign-out-form"}


def test_a_clerk_sees_only_inspect_and_the_notice(world: World, sign_in: Callable[[str], Console]) -> None:
    case_id = world.file(1, notice=False)
    frozen(world, case_id)
    assert set(forms_of(sign_in(CLERK).case(case_id).text)) == {"sign-out-form", "inspect-form", "notice-form"}


def test_a_viewer_cannot_freeze(world: World, judge: Console, sign_in: Callable[[str], Console]) -> None:
    case_id = world.file(1)
    answered_inspection(world, case_id)
    form = judge.form(_page(case_id), "freeze-form")
    viewer = sign_in(VIEWER)
    answer = viewer.post(form.action, {**form.fields, "csrf_token": viewer.csrf(), "document_no": "冻结裁定"})
    assert answer.status_code == 403
    assert "a viewer may not do this; it needs judge" in text_of(answer.text)
    assert world.get(f"/api/v1/cases/{case_id}/freezes").json["freezes"] == []


def test_a_clerk_cannot_deduct(world: World, judge: Console, sign_in: Callable[[str], Console]) -> None:
    case_id = world.file(1)
    frozen(world, case_id)
    form = judge.form(_page(case_id), "deduct-form")
    clerk = sign_in(CLERK)
    answer = clerk.post(form.action, {**form.fields, "csrf_token": clerk.csrf(), "document_no": "扣划裁定",
                                      "notice_no": "协助执行通知书"})
    assert answer.status_code == 403 and world.case(case_id)["collected"] == "0.00"


def test_another_courts_judge_cannot_act_on_the_case(world: World, judge: Console,
                                                      sign_in: Callable[[str], Console]) -> None:
    case_id = world.file(1)
    alipay = next(f for f in frozen(world, case_id) if f["provider"] == "alipay")
    other = sign_in(OTHER_JUDGE)
    for form_id, values in (("inspect-form", {}), ("release-form", {"document_no": "解冻裁定"}),
                            ("deduct-form", {"document_no": "扣划", "notice_no": "通知"})):
        form = judge.form(_page(case_id), form_id)
        answer = other.post(form.action, {**form.fields, **values, "csrf_token": other.csrf()})
        assert answer.status_code == 404, form_id
        assert "李明" not in answer.text
    assert world.get(f"/api/v1/freezes/{alipay['id']}").json["status"] == "active"
    assert len(world.get(f"/api/v1/cases/{case_id}/inspections").json["inspections"]) == 1


def test_a_freeze_of_another_case_is_not_found(world: World, judge: Console) -> None:
    first = world.file(1)
    alipay = next(f for f in frozen(world, first) if f["provider"] == "alipay")
    second = world.file(2, debtor={"name": "王芳", "id_type": "resident_id", "id_number": "440524188001010014"})
    answer = judge.post(f"/console/cases/{second}/release", {
        "csrf_token": judge.csrf(), "freeze_id": str(alipay["id"]), "document_no": "解冻裁定"})
    assert answer.status_code == 404
    assert error_next_to(answer.text, "release") == f"no freeze {alipay['id']} on this case"
    assert world.get(f"/api/v1/freezes/{alipay['id']}").json["status"] == "active"


def test_an_action_without_the_csrf_token_is_refused(world: World, judge: Console) -> None:
    case_id = world.file(1)
    form = judge.form(_page(case_id), "inspect-form")
    answer = judge.post(form.action, {k: v for k, v in form.fields.items() if k != "csrf_token"})
    assert answer.status_code == 400
    assert world.get(f"/api/v1/cases/{case_id}/inspections").json["inspections"] == []


def test_filing_a_case_from_the_console(world: World, judge: Console) -> None:
    answer = judge.submit("/console/cases/new", "file-form", case_number="（2026）京0101执77号",
                          judgment_date="2026-01-05", principal="1234.50", costs="0.00", creditor_name="某公司",
                          creditor_id_number="91110000600037341L", debtor_name="李明", debtor_id_type="resident_id",
                          debtor_id_number="11010519491231002X")
    assert answer.status_code == 303
    case_id = int(re.sub(r"\D", "", answer.headers["Location"]))
    assert world.case(case_id)["amount_due"] == "1234.50"


def test_a_filing_with_a_bad_id_number_says_which_field(world: World, judge: Console) -> None:
    answer = judge.submit("/console/cases/new", "file-form", case_number="（2026）京0101执77号",
                          judgment_date="2026-01-05", principal="1234.50", creditor_name="某公司",
                          creditor_id_number="91110000600037341L", debtor_name="李明", debtor_id_type="resident_id",
                          debtor_id_number="110105194912310021")
    assert answer.status_code == 400
    assert error_next_to(answer.text, "file").startswith("Debtor's ID number:")


def test_serving_the_notice_twice_is_refused_in_plain_words(world: World, judge: Console) -> None:
    case_id = world.file(1, notice=False)
    form = judge.form(_page(case_id), "notice-form")
    judge.post(form.action, {**form.fields, "document_no": "执行通知书一"})
    answer = judge.post(form.action, {**form.fields, "idempotency_key": "another", "document_no": "执行通知书二"})
    assert answer.status_code == 409
    assert error_next_to(answer.text, "notice") == (
        "the notice for case （2026）京0101执1号 was already served (document 执行通知书一)")


def test_a_forms_key_sent_again_with_other_values_is_refused(world: World, judge: Console) -> None:
    case_id = world.file(1)
    form = judge.form(_page(case_id), "inspect-form")
    judge.post(form.action, {**form.fields, "document_no": "查询一"})
    answer = judge.post(form.action, {**form.fields, "document_no": "查询二"})
    assert answer.status_code == 422
    assert error_next_to(answer.text, "inspect").startswith("This form was already sent with other values.")
    assert len(world.get(f"/api/v1/cases/{case_id}/inspections").json["inspections"]) == 1
