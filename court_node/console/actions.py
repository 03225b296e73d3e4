"""What a judge (or clerk) does from the case page: each form calls the node's own service, as the API route does.

Roles are checked as on the API, the case must be the user's court's (404 otherwise), and each POST takes effect
once under the key its form was rendered with (see ``acting``).
"""

from __future__ import annotations

from court_node.api.errors import NotFound
from court_node.console import forms
from court_node.console.acting import Page, act_on, states
from court_node.console.blueprint import bp
from court_node.console.formatting import yuan
from court_node.console.labels import PROVIDERS, STATUSES, label
from court_node.console.once import Outcome
from court_node.console.session import signed_in
from court_node.context import NodeContext
from court_node.services import cases, deductions, inspections, restrictions
from court_node.services.freezes import own_freeze
from court_node.services.releases import release_freeze
from court_node.services.renewals import renew_freeze
from court_node.store.users_repo import User


@bp.post("/cases/<int:case_id>/inspect")
@signed_in
def inspect(case_id: int) -> Page:
    def act(ctx: NodeContext, user: User) -> Outcome:
        data = forms.inspection()
        period = data["transactions"] or {}
        view = inspections.start_inspection(ctx, user, case_id, providers=data["providers"],
                                            transactions_from=period.get("from_"), transactions_to=period.get("to"),
                                            document_no=data["document_no"])
        answers = states([(r.provider, r.state) for r in view.results])
        return Outcome("inspect", f"Inspect 查询 #{view.id} sent. {answers}.")

    return act_on(case_id, "inspect", act)


@bp.post("/cases/<int:case_id>/notice")
@signed_in
def notice(case_id: int) -> Page:
    def act(ctx: NodeContext, user: User) -> Outcome:
        data = forms.notice()
        view = cases.serve_notice(ctx, user, case_id, document_no=data["document_no"])
        return Outcome("notice", f"Notice served 送达执行通知书. Deductions are allowed from "
                                 f"{view.deductions_allowed_from}.")

    return act_on(case_id, "notice", act)


def _case_freeze(ctx: NodeContext, user: User, case_id: int) -> int:
    """The freeze named in the form, which must be one of this case's (404 otherwise)."""
    freeze_id = forms.freeze_id()
    if own_freeze(ctx, user, freeze_id).case_id != case_id:
        raise NotFound(f"no freeze {freeze_id} on this case", code="FREEZE_NOT_FOUND")
    return freeze_id


@bp.post("/cases/<int:case_id>/renew")
@signed_in
def renew(case_id: int) -> Page:
    def act(ctx: NodeContext, user: User) -> Outcome:
        freeze_id = _case_freeze(ctx, user, case_id)
        data = forms.renewal()
        view, delivery = renew_freeze(ctx, user, freeze_id, document_no=data["document_no"].strip(),
                                      end_date=data["end_date"], days=data["days"])
        if delivery.state == "pending":
            return Outcome("renew", f"Renew 续冻 of freeze #{freeze_id} sent; waiting for the provider's answer.")
        return Outcome("renew", f"Renew 续冻: freeze #{freeze_id} now ends on {view.freeze.end_date}.")

    return act_on(case_id, "renew", act)


@bp.post("/cases/<int:case_id>/release")
@signed_in
def release(case_id: int) -> Page:
    def act(ctx: NodeContext, user: User) -> Outcome:
        freeze_id = _case_freeze(ctx, user, case_id)
        data = forms.release()
        view, delivery = release_freeze(ctx, user, freeze_id, document_no=data["document_no"].strip())
        if delivery.state == "pending":
            return Outcome("release", f"Release 解冻 of freeze #{freeze_id} sent; waiting for the provider's answer.")
        return Outcome("release", f"Release 解冻: freeze #{freeze_id} is {label(STATUSES, view.freeze.status)}.")

    return act_on(case_id, "release", act)


@bp.post("/cases/<int:case_id>/deduct")
@signed_in
def deduct(case_id: int) -> Page:
    def act(ctx: NodeContext, user: User) -> Outcome:
        data = forms.deduction()
        batch = deductions.deduct(ctx, user, case_id, document_no=data["document_no"].strip(),
                                  notice_no=data["notice_no"].strip(), freeze_id=data["freeze_id"],
                                  amount=data["amount"])
        parts = "; ".join(f"#{d.id} {label(PROVIDERS, d.provider)} {yuan(d.amount)} {label(STATUSES, d.status)}"
                          for d in batch.deductions)
        return Outcome("deduct", f"Deduct 扣划 sent: {parts}.")

    return act_on(case_id, "deduct", act)


@bp.post("/cases/<int:case_id>/restrict")
@signed_in
def restrict(case_id: int) -> Page:
    def act(ctx: NodeContext, user: User) -> Outcome:
        data = forms.restriction()
        view = restrictions.restrict(ctx, user, case_id, document_no=data["document_no"].strip(),
                                     categories=data["categories"])
        orders = states([(o.provider, o.status) for o in view.orders]) or "no provider takes restriction orders"
        return Outcome("restrict", f"Listed as dishonest 失信 and restriction orders 限制消费 sent: {orders}.")

    return act_on(case_id, "restrict", act)
