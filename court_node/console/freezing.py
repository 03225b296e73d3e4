"""Freezing from the console in two steps: the plan (a dry run, nothing sent), then the confirmation of that plan."""

from __future__ import annotations

import hashlib
import json

from flask import render_template, request

from court_node.api.errors import ApiError
from court_node.api.http import node_context
from court_node.auth import check_role
from court_node.console import forms, once
from court_node.console.acting import Page, act_on
from court_node.console.blueprint import bp
from court_node.console.formatting import yuan
from court_node.console.labels import PROVIDERS, STATUSES, label
from court_node.console.once import Outcome
from court_node.console.rendering import render_case
from court_node.console.roles import ROLES
from court_node.console.session import console_user, signed_in
from court_node.context import NodeContext
from court_node.domain.planning import PlanMode
from court_node.services import cases
from court_node.services.freezes import FreezeBatch, place_freezes
from court_node.store.users_repo import User


def plan_fingerprint(batch: FreezeBatch) -> str:
    """What the judge saw: the target and every planned freeze."""
    items = [[i.provider, i.account_no, i.amount, str(i.mode)] for i in batch.plan.items]
    return hashlib.sha256(json.dumps([batch.plan.target, items]).encode()).hexdigest()[:32]


def _plan(ctx: NodeContext, user: User, case_id: int, *, dry_run: bool) -> FreezeBatch:
    data = forms.freeze_plan()
    return place_freezes(ctx, user, case_id, document_no=data["document_no"].strip(), mode=PlanMode(data["mode"]),
                         term_days=data["term_days"], dry_run=dry_run)


@bp.post("/cases/<int:case_id>/freeze/plan")
@signed_in
def freeze_plan(case_id: int) -> Page:
    """First step: the plan (a dry run, nothing sent), with a button to confirm it."""
    ctx, user = node_context(), console_user()
    check_role(user, *ROLES["freeze"])
    try:
        batch = _plan(ctx, user, case_id, dry_run=True)
    except ApiError as exc:
        return render_case(case_id, once.refusal("freeze", exc))
    return render_template("plan.html", case=cases.get_case(ctx, user, case_id), batch=batch,
                           plan_fp=plan_fingerprint(batch), values=request.form), 200


@bp.post("/cases/<int:case_id>/freeze")
@signed_in
def freeze(case_id: int) -> Page:
    """Second step: place the plan the judge saw; if it changed meanwhile, nothing is sent."""
    def act(ctx: NodeContext, user: User) -> Outcome:
        if plan_fingerprint(_plan(ctx, user, case_id, dry_run=True)) != request.form.get("plan", ""):
            return Outcome("freeze", "The plan changed since it was shown (money moved, or another freeze or "
                                     "inspection came in). Nothing was frozen: plan again.", 409)
        batch = _plan(ctx, user, case_id, dry_run=False)
        placed = "; ".join(f"#{f.freeze.id} {label(PROVIDERS, f.freeze.provider)} {yuan(f.freeze.amount)} "
                           f"{label(STATUSES, f.freeze.status)}" for f in batch.freezes)
        return Outcome("freeze", f"Freeze 冻结 sent: {placed}.")

    return act_on(case_id, "freeze", act)
