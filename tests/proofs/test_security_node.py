"""The court node's access rules, driven by its OpenAPI ROUTES: every POST refuses the roles it does not list
(403, nothing changed), every /_admin route refuses a missing or wrong admin token, and a court cannot renew,
release or deduct another court's freeze (404, the provider's books untouched)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from court_node.api.openapi import ROUTES, Route
from tests.proofs.node_world import Prepared, node_records, prepare, provider_books
from tests.unit.court.node_requests import CLERK, JUDGE, OTHER_JUDGE, VIEWER
from tests.unit.court.svc_world import COMPANY, World, fake_provider, make_world

TOKENS = {"judge": JUDGE, "clerk": CLERK, "viewer": VIEWER}
POSTS = [r for r in ROUTES if r.method == "post" and r.security == "bearer"]
ADMIN = [r for r in ROUTES if r.security == "admin"]


def allowed(route: Route) -> set[str]:
    """The roles the route's documentation names."""
    return {role for role in TOKENS if role in route.roles} if route.roles != "any role" else set(TOKENS)


def refused_pairs() -> list[tuple[Route, str]]:
    return [(r, role) for r in POSTS for role in sorted(set(TOKENS) - allowed(r))]


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = make_world(tmp_path, [fake_provider("bank"), fake_provider("alipay")], grace_days=0)
    yield w
    w.close()


def concrete(route: Route, p: Prepared) -> str:
    return route.path.replace("{case_id}", str(p.case_id)).replace("{freeze_id}", str(p.freeze_id))


def test_every_post_route_names_its_roles() -> None:
    assert POSTS and all(allowed(r) for r in POSTS)
    assert {r.path for r in POSTS} >= {"/api/v1/cases", "/api/v1/cases/{case_id}/deductions",
                                       "/api/v1/freezes/{freeze_id}/renew", "/api/v1/freezes/{freeze_id}/release"}


@pytest.mark.parametrize(("route", "role"), refused_pairs(),
                         ids=[f"{role} {r.path}" for r, role in refused_pairs()])
def test_a_role_the_route_does_not_name_is_refused_and_changes_nothing(world: World, route: Route, role: str) -> None:
    p = prepare(world)
    records, books = node_records(world), provider_books(world)
    answer = world.post(concrete(route, p), {"document_no": "x"}, TOKENS[role])
    assert (answer.status_code, answer.json["error"]["code"]) == (403, "ROLE_FORBIDDEN")
    assert node_records(world) == records
    assert provider_books(world) == books


@pytest.mark.parametrize("route", ADMIN, ids=[f"{r.method} {r.path}" for r in ADMIN])
@pytest.mark.parametrize("token", [None, "wrong-admin-token", JUDGE])
def test_every_admin_route_refuses_a_missing_or_wrong_token(world: World, route: Route, token: str | None) -> None:
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    answer = world.client.open(route.path, method=route.method.upper(), json={} if route.method == "post" else None,
                               headers=headers)
    assert answer.status_code == 401, answer.json


@pytest.mark.parametrize("route", ADMIN, ids=[f"{r.method} {r.path}" for r in ADMIN])
def test_every_admin_route_answers_the_admin_token(world: World, route: Route) -> None:
    body = {"advance": "1d"} if route.path == "/_admin/clock" and route.method == "post" else {}
    answer = world.client.open(route.path, method=route.method.upper(),
                               json=body if route.method == "post" else None,
                               headers={"Authorization": f"Bearer {world.ctx.admin_token}"})
    assert answer.status_code == 200, answer.json


@pytest.mark.parametrize(("path", "body"), [
    ("/api/v1/freezes/{freeze_id}/renew", {"document_no": "续冻", "days": 30}),
    ("/api/v1/freezes/{freeze_id}/release", {"document_no": "解冻"}),
    ("/api/v1/cases/{case_id}/deductions", {"document_no": "扣划", "notice_no": "通知", "amount": "100.00"}),
    ("/api/v1/cases/{case_id}/payments", {"amount": "100.00", "document_no": "收据"}),
    ("/api/v1/cases/{case_id}/freezes", {"document_no": "冻结"}),
    ("/api/v1/cases/{case_id}/restrictions", {"document_no": "限消"}),
])
def test_another_court_cannot_act_on_a_freeze_or_case_it_does_not_own(world: World, path: str,
                                                                      body: dict[str, str]) -> None:
    p = prepare(world)
    world.file(7, court="京0105", token=OTHER_JUDGE, debtor=COMPANY)
    records, books = node_records(world), provider_books(world)
    answer = world.post(path.replace("{case_id}", str(p.case_id)).replace("{freeze_id}", str(p.freeze_id)), body,
                        OTHER_JUDGE)
    assert answer.status_code == 404, answer.json
    assert node_records(world) == records
    assert provider_books(world) == books


def test_another_court_cannot_deduct_a_freeze_it_names_from_its_own_case(world: World) -> None:
    p = prepare(world)
    other_case = world.file(7, court="京0105", token=OTHER_JUDGE, debtor=COMPANY)
    books = provider_books(world)
    answer = world.deduct(other_case, OTHER_JUDGE, freeze_id=p.freeze_id, amount="100.00")
    assert answer.status_code == 404, answer.json
    assert provider_books(world) == books
