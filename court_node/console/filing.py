"""Filing a case (立案) from the console, checked exactly as ``POST /api/v1/cases`` checks a filing."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from court_node.api.http import node_context
from court_node.auth import check_role
from court_node.console import forms, once
from court_node.console.acting import Page
from court_node.console.blueprint import bp
from court_node.console.once import Outcome
from court_node.console.roles import ROLES
from court_node.console.session import console_user, signed_in
from court_node.services import cases


@bp.post("/cases")
@signed_in
def file_case() -> Page:
    ctx, user = node_context(), console_user()
    check_role(user, *ROLES["file"])

    def act() -> Outcome:
        data = forms.filing()
        filing = cases.Filing(
            case_number=data["case_number"], creditor=cases.Party(**data["creditor"]),
            debtor=cases.Party(**data["debtor"]), principal=data["principal"], costs=data["costs"],
            delay_interest=data["delay_interest"], judgment_date=data["judgment_date"],
            interest_from=data["interest_from"])
        view = cases.file_case(ctx, user, filing)
        return Outcome("file", f"Case {view.case_number} filed 立案.", location=url_for("console.case",
                                                                                          case_id=view.id))

    outcome = once.submit(user, "file", act)
    if outcome.ok:
        flash(outcome.message)
        return redirect(outcome.location, 303)
    return render_template("file_case.html", failed=outcome, values=request.form), outcome.status
