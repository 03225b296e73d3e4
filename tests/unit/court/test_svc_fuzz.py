"""No input makes the enforcement routes answer 500: random bodies get a 4xx or a success."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from court_node.services.planning_service import due_now, secured_by
from court_node.store.cases_repo import case_by_id
from court_node.store.freezes_repo import LIVE, freezes_of_case
from tests.unit.court.svc_world import COMPANY, fake_provider, make_world, open_accounts

_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20),
                     st.sampled_from(["5000.00", "0.01", "2026-04-01", "bank", "amount", "account", "6222009"]))
_JSON = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.text(max_size=10), inner, max_size=3), max_leaves=8)
_FIELDS = ["document_no", "notice_no", "mode", "term_days", "items", "dry_run", "freeze_id", "amount", "days",
           "end_date", "providers", "transactions", "categories"]


@st.composite
def bodies(draw: st.DrawFn) -> dict[str, Any]:
    """Mostly well-named fields with any values, sometimes a valid document number."""
    body = {name: draw(_JSON) for name in draw(st.lists(st.sampled_from(_FIELDS), max_size=4, unique=True))}
    if draw(st.booleans()):
        body["document_no"] = "裁定"
    return body


def test_nothing_makes_a_500(tmp_path: Path) -> None:
    world = make_world(tmp_path, [fake_provider("bank", capture_credits=True)], grace_days=0)
    try:
        open_accounts(world, COMPANY, bank=("6222009", 1_000_000))
        case_id = world.file(debtor=COMPANY, principal="5000.00", costs="0")
        world.inspect(case_id)
        freeze_id = world.freeze(case_id, items=[{"provider": "bank", "account_no": "6222009",
                                                  "amount": "1000.00"}]).json["freezes"][0]["id"]
        paths = [f"/api/v1/cases/{case_id}/inspections", f"/api/v1/cases/{case_id}/freezes",
                 f"/api/v1/cases/{case_id}/deductions", f"/api/v1/cases/{case_id}/restrictions",
                 f"/api/v1/freezes/{freeze_id}/renew", f"/api/v1/freezes/{freeze_id}/release"]

        @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(body=bodies(), path=st.sampled_from(paths))
        def check(body: dict[str, Any], path: str) -> None:
            answer = world.post(path, body)
            assert answer.status_code in (200, 201, 202, 400, 404, 409, 422), (path, body, answer.json)

        check()
        assert world.fake("bank").check_invariants() == []
        with world.ctx.store.read() as conn:  # invariant 7: never more than the amount due
            case = case_by_id(conn, case_id)
            assert case is not None
            live = freezes_of_case(conn, case_id, LIVE)
            assert secured_by(world.ctx, live) <= due_now(world.ctx, conn, case)
    finally:
        world.close()
