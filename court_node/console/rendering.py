"""What every console page gets (the user, the court, the simulated clock, form keys) and the case page's render."""

from __future__ import annotations

from typing import Any

from flask import g, render_template, request

from court_node.api.http import node_context
from court_node.console import formatting, once
from court_node.console.blueprint import bp
from court_node.console.case_page import load_case_page
from court_node.console.labels import CATEGORIES
from court_node.console.once import Outcome
from court_node.console.roles import may
from court_node.console.session import console_user, csrf_token
from court_node.store.courts_repo import court_by_code
from court_node.store.users_repo import User

#: seconds between two loads of a page that waits for an asynchronous answer
REFRESH_S = 2


@bp.context_processor
def _page_globals() -> dict[str, Any]:
    ctx = node_context()
    user: User | None = g.get("console_user")
    court = None
    if user is not None:
        with ctx.store.read() as conn:
            court = court_by_code(conn, user.court_code)
    return {"user": user, "court": court, "now_us": ctx.clock.now_us(), "clock_stopped": ctx.clock.state.stopped_at_us
            is not None, "csrf_token": csrf_token, "new_key": once.new_key, "may": lambda form: may(user, form),
            "refresh_s": REFRESH_S, **formatting.helpers()}


def render_case(case_id: int, failed: Outcome | None = None) -> tuple[str, int]:
    """The case page; after a refused form, with its reason next to that form and what was typed kept."""
    user = console_user()
    page = load_case_page(node_context(), user, case_id)
    values = request.form if failed is not None else {}
    status = failed.status if failed is not None else 200
    return render_template("case.html", page=page, forms=page.forms_for(user), failed=failed, values=values,
                           categories=CATEGORIES), status
