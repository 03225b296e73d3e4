"""The dishonest-debtor list (失信) and consumption restriction orders (限制消费令, DOMAIN.md rule 12).

Listing records the debtor on the case and publishes a restriction order to every provider that takes them
online; the orders are lifted when the case is satisfied (see limits). Not when what is frozen already covers
the amount due. The categories the judge chose (by default every restricted one) go to each provider with the
order, which then refuses payments in exactly those categories.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection

from court_node.api.errors import Conflict, RuleRefused
from court_node.context import NodeContext
from court_node.services import outbox
from court_node.services.cases import ACTIVE, case_for_user, debtor_of
from court_node.services.payloads import court_json, subject_json
from court_node.services.planning_service import due_now
from court_node.store import cases_repo, restrictions_repo
from court_node.store.cases_repo import CaseRecord
from court_node.store.courts_repo import court_by_code
from court_node.store.restrictions_repo import Listing, RestrictionRecord
from court_node.store.users_repo import User

#: what a restriction order blocks (DOMAIN.md rule 12), by merchant category
CATEGORIES = ("air_travel", "soft_sleeper", "g_train", "bullet_train_first_class", "star_hotel", "nightclub", "golf",
              "real_estate", "car", "travel", "private_school", "high_premium_insurance", "wealth_product")


@dataclass(frozen=True)
class RestrictionsView:
    case_id: int
    listing: Listing
    orders: list[RestrictionRecord]


def restrict(ctx: NodeContext, user: User, case_id: int, *, document_no: str,
             categories: Sequence[str] | None = None) -> RestrictionsView:
    """List the debtor as dishonest and publish a restriction order to every provider that takes one."""
    chosen = list(categories) if categories else list(CATEGORIES)
    requests: dict[str, str] = {}
    now = ctx.clock.now_us()
    with ctx.store.write() as conn:
        case = case_for_user(conn, user, case_id)
        if case.status not in ACTIVE:
            raise Conflict(f"case {case.case_number} is {case.status}", code="CASE_NOT_ACTIVE")
        listing = restrictions_repo.listing_of(conn, case.id)
        if listing.listed_at is not None and listing.lifted_at is None:
            raise Conflict(f"the debtor is already listed for case {case.case_number}", code="ALREADY_LISTED")
        due = due_now(ctx, conn, case)
        frozen = cases_repo.frozen_by_case(conn, [case.id])[case.id]
        if frozen >= due:
            raise RuleRefused("what is frozen already covers the amount due: no listing", code="FROZEN_COVERS_DEBT",
                              details={"frozen_fen": frozen, "due_fen": due})
        restrictions_repo.list_debtor(conn, case.id, at=now, document_no=document_no)
        ctx.audit.append(conn, action="debtor.listed", user=user, court_code=case.court_code, case_id=case.id,
                         document_no=document_no, detail={"categories": chosen})
        court = court_by_code(conn, case.court_code)
        assert court is not None
        for name, adapter in ctx.adapters.items():
            if not adapter.capabilities().restrictions:
                continue
            request_no = outbox.new_request_no("restrict", case.id)
            restrictions_repo.insert_restriction(
                conn, case_id=case.id, provider=name, request_no=request_no, reference="", status="pending",
                document_no=document_no, categories=chosen, error_code="", error_message="", created_at=now,
                updated_at=now)
            outbox.prepare(ctx, conn, provider=name, kind="restriction", operation="restrict", case_id=case.id,
                           payload={"request_no": request_no, "court": court_json(court),
                                    "case_no": case.case_number, "document_no": document_no,
                                    "subject": subject_json(debtor_of(case)), "categories": chosen,
                                    "judge": user.name})
            requests[request_no] = name
    outbox.deliver_all(ctx, requests, user)
    return get_restrictions(ctx, user, case_id)


def get_restrictions(ctx: NodeContext, user: User, case_id: int) -> RestrictionsView:
    with ctx.store.read() as conn:
        case = case_for_user(conn, user, case_id)
        return RestrictionsView(case.id, restrictions_repo.listing_of(conn, case.id),
                                restrictions_repo.restrictions_of_case(conn, case.id))


def prepare_lifts(ctx: NodeContext, conn: Connection, case: CaseRecord, user: User | None,
                  document_no: str) -> dict[str, str]:
    """Take the debtor off the list and write a lift of every order in force to the outbox."""
    now = ctx.clock.now_us()
    if restrictions_repo.delist_debtor(conn, case.id, at=now):
        ctx.audit.append(conn, action="debtor.delisted", user=user, court_code=case.court_code, case_id=case.id,
                         document_no=document_no, detail={"reason": case.status})
    court = court_by_code(conn, case.court_code)
    assert court is not None
    requests = {}
    for order in restrictions_repo.restrictions_of_case(conn, case.id):
        if order.status != "active":
            continue
        request_no = outbox.new_request_no("lift", case.id)
        restrictions_repo.update_restriction(conn, order.id, status="lifting", lift_request_no=request_no,
                                             updated_at=now)
        outbox.prepare(ctx, conn, provider=order.provider, kind="restriction", operation="lift", case_id=case.id,
                       payload={"request_no": request_no, "court": court_json(court), "reference": order.reference,
                                "case_no": case.case_number, "document_no": document_no})
        requests[request_no] = order.provider
    return requests
