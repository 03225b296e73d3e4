"""How a form is acted on: role first (403), then the case (404), then the form, once under its key.

A success is announced on the case page (post, redirect, get); a refusal is shown next to its form, in the
service's own words.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, url_for
from werkzeug.wrappers import Response as BaseResponse

from court_node.api.http import node_context
from court_node.auth import check_role
from court_node.console import once
from court_node.console.labels import PROVIDERS, STATUSES, label
from court_node.console.once import Outcome
from court_node.console.rendering import render_case
from court_node.console.roles import ROLES
from court_node.console.session import console_user
from court_node.context import NodeContext
from court_node.services import cases
from court_node.store.users_repo import User

Page = tuple[str, int] | BaseResponse


def done(outcome: Outcome, case_id: int) -> Page:
    """Back to the case page saying what happened, or the page again with the refusal next to its form."""
    if outcome.ok:
        flash(outcome.message)
        return redirect(outcome.location or url_for("console.case", case_id=case_id), 303)
    return render_case(case_id, outcome)


def act_on(case_id: int, form: str, act: Callable[[NodeContext, User], Outcome]) -> Page:
    """Role first (403), then the case (404), then the form, once under its key."""
    ctx, user = node_context(), console_user()
    check_role(user, *ROLES[form])
    with ctx.store.read() as conn:
        cases.case_for_user(conn, user, case_id)
    return done(once.submit(user, form, lambda: act(ctx, user)), case_id)


def states(items: list[tuple[str, str]]) -> str:
    """``Bank 银行 Pending 待答复; Alipay 支付宝 Completed 完成`` for (provider, state) pairs."""
    return "; ".join(f"{label(PROVIDERS, provider)} {label(STATUSES, state)}" for provider, state in items)
