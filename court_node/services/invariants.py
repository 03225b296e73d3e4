"""The court node's own share of PRODUCT.md's invariants, checked over its records (rule 7, and rule 5 seen from
the node). Rule 6 — the node agrees with every provider — needs both sides: ``court_node.stack.invariants``
compares ``GET /_admin/freezes`` with each provider's books.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from court_node.context import NodeContext
from court_node.domain.money import fen_to_yuan
from court_node.services.limits import ENDED_CASE, releasable
from court_node.services.planning_service import due_now, secured_by
from court_node.store import cases_repo, freezes_repo
from court_node.store.tables import deductions, freezes


@dataclass(frozen=True)
class NodeViolation:
    rule: int
    case_id: int
    message: str


def check_node(ctx: NodeContext) -> list[NodeViolation]:
    """Every case within its limits, every freeze's deductions within what it held."""
    found: list[NodeViolation] = []
    with ctx.store.read() as conn:
        for case_id in freezes_repo.case_ids_with_live_freezes(conn):
            case = cases_repo.case_by_id(conn, case_id)
            assert case is not None
            extra = releasable(ctx, conn, case_id)
            if not extra:
                continue
            ids = ", ".join(str(f.id) for f in extra)
            if case.status in ENDED_CASE:
                found.append(NodeViolation(7, case_id, f"case {case_id} is {case.status} but still holds "
                                                        f"freezes {ids}"))
            else:
                live = freezes_repo.freezes_of_case(conn, case_id, freezes_repo.LIVE)
                found.append(NodeViolation(7, case_id, (
                    f"case {case_id} secures {fen_to_yuan(secured_by(ctx, live))} for "
                    f"{fen_to_yuan(due_now(ctx, conn, case))} due; freezes {ids} are no longer needed")))
        completed = (select(deductions.c.freeze_id, func.sum(deductions.c.amount).label("total"))
                     .where(deductions.c.status == "completed").group_by(deductions.c.freeze_id).subquery())
        rows = conn.execute(select(freezes.c.id, freezes.c.case_id, freezes.c.deducted, completed.c.total)
                            .join(completed, completed.c.freeze_id == freezes.c.id)
                            .where(completed.c.total != freezes.c.deducted))
        for row in rows:
            found.append(NodeViolation(5, row.case_id, (
                f"freeze {row.id} records {fen_to_yuan(row.deducted)} deducted but its completed deductions "
                f"add up to {fen_to_yuan(row.total)}")))
    return found
