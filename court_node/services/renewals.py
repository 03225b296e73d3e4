"""Renewing freezes (续冻): before expiry only, by at most 365 days past the current end (DOMAIN.md rule 3)."""

from __future__ import annotations

from datetime import date, timedelta

from court_node.adapters.types import ControlRequest, Operation
from court_node.api.errors import RuleRefused
from court_node.context import NodeContext
from court_node.services import outbox, sync
from court_node.services.answers import raise_for
from court_node.services.cases import debtor_of
from court_node.services.freezes import FreezeView, own_freeze, own_record, views_of
from court_node.services.payloads import control_json
from court_node.services.provider_calls import Delivery
from court_node.services.releases import check_changeable
from court_node.store import cases_repo
from court_node.store.courts_repo import court_by_code
from court_node.store.users_repo import User

MAX_RENEWAL_DAYS = 365


def renew_freeze(ctx: NodeContext, user: User, freeze_id: int, *, document_no: str, end_date: date | None = None,
                 days: int | None = None) -> tuple[FreezeView, Delivery]:
    """Move the end of one of the court's active freezes to ``end_date`` (or ``days`` past its current end)."""
    sync.sync_freezes(ctx, [own_freeze(ctx, user, freeze_id)])  # it may have lapsed or ended at the provider
    with ctx.store.write() as conn:
        freeze = own_record(conn, user, freeze_id)
        check_changeable(conn, freeze)
        if freeze.status == "waiting" or freeze.end_date is None:
            raise RuleRefused(f"freeze {freeze.id} waits in line: it has no term to renew yet",
                              code="FREEZE_NOT_ACTIVE")
        new_end = end_date if end_date is not None else freeze.end_date + timedelta(days=days or 0)
        extension = (new_end - freeze.end_date).days
        if not 1 <= extension <= MAX_RENEWAL_DAYS:
            raise RuleRefused(f"a renewal moves the end date 1 to {MAX_RENEWAL_DAYS} days past the current one "
                              f"({freeze.end_date}); {new_end} is {extension} days", code="TERM_INVALID",
                              details={"current_end_date": str(freeze.end_date)})
        case = cases_repo.case_by_id(conn, freeze.case_id)
        court = court_by_code(conn, freeze.court_code)
        assert case is not None and court is not None
        request = ControlRequest(outbox.new_request_no("renew", case.id), Operation.RENEW, court, user.name,
                                 case.case_number, document_no, debtor_of(case), freeze.account_no,
                                 amount=freeze.amount if freeze.mode == "amount" else None,
                                 whole_account=freeze.mode == "account", start_date=freeze.start_date,
                                 end_date=new_end, provider_ref=freeze.provider_ref,
                                 original_request_no=freeze.request_no)
        outbox.prepare(ctx, conn, provider=freeze.provider, kind="control", operation="renew", case_id=case.id,
                       payload=control_json(request), freeze_id=freeze.id)
        ctx.audit.append(conn, action="freeze.renewal_requested", user=user, court_code=freeze.court_code,
                         case_id=case.id, document_no=document_no, detail={
                             "freeze_id": freeze.id, "provider": freeze.provider, "request_no": request.request_no,
                             "from": str(freeze.end_date), "to": str(new_end)})
    delivery = outbox.deliver(ctx, request.request_no, user)
    raise_for(delivery, freeze.provider)
    with ctx.store.read() as conn:
        return views_of(conn, [own_record(conn, user, freeze_id)])[0], delivery
