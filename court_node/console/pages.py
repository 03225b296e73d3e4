"""The pages that only read: the court's cases, one case, the form to file a case."""

from __future__ import annotations

from flask import render_template, request

from court_node.api.http import node_context
from court_node.auth import check_role
from court_node.console.blueprint import bp
from court_node.console.rendering import render_case
from court_node.console.roles import ROLES
from court_node.console.session import console_user, signed_in
from court_node.services import cases as case_service

PAGE_SIZE = 25


@bp.get("/cases", endpoint="cases")
@signed_in
def case_list() -> str:
    raw = request.args.get("offset", "0")
    offset = int(raw) if raw.isdigit() and len(raw) < 10 else 0
    views, total = case_service.list_cases(node_context(), console_user(), limit=PAGE_SIZE, offset=offset)
    return render_template("cases.html", cases=views, total=total, offset=offset, page_size=PAGE_SIZE)


@bp.get("/cases/new")
@signed_in
def new_case_page() -> str:
    check_role(console_user(), *ROLES["file"])
    return render_template("file_case.html", failed=None, values={})


@bp.get("/cases/<int:case_id>")
@signed_in
def case(case_id: int) -> tuple[str, int]:
    return render_case(case_id)
