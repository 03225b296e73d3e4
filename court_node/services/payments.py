"""A debtor paying the court directly: the amount due falls, and what the case no longer needs is released."""

from __future__ import annotations

from court_node.api.errors import Conflict, RuleRefused
from court_node.context import NodeContext
from court_node.domain.amounts import amount_due
from court_node.services import limits
from court_node.services.cases import ACTIVE, CaseView, case_for_user, debt_of, get_case, record_collection
from court_node.store import cases_repo
from court_node.store.users_repo import User


def record_payment(ctx: NodeContext, user: User, case_id: int, *, amount: int, document_no: str) -> CaseView:
    """Record money the debtor paid into the court's account (receipt ``document_no``), then apply the limits.

    A payment of more than is due is refused: the court does not take more than the judgment awards.
    """
    with ctx.store.write() as conn:
        case = case_for_user(conn, user, case_id)
        if case.status not in ACTIVE:
            raise Conflict(f"the case is {case.status}: no payment can be recorded", code="CASE_NOT_ACTIVE")
        due = amount_due(debt_of(case), cases_repo.collections_of(conn, [case.id])[case.id], ctx.clock.today())
        if amount > due.total:
            raise RuleRefused(f"the payment exceeds the amount due ({due.total} fen)", code="PAYMENT_EXCEEDS_DUE",
                              details={"amount_due_fen": due.total})
        ctx.audit.append(conn, action="payment.recorded", user=user, court_code=case.court_code, case_id=case.id,
                         document_no=document_no, detail={"amount_fen": amount})
        record_collection(ctx, conn, case, amount=amount, source="debtor_payment", reference=document_no, user=user)
    # Outside the transaction: releases go to the providers through the outbox.
    limits.enforce(ctx, case_id, user, document_no)
    return get_case(ctx, user, case_id)
