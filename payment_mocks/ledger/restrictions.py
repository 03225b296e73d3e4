"""Consumption restriction orders (限制消费令): courts publish them, payments in those categories fail."""

from __future__ import annotations

from payment_mocks.ledger.base import TxBase
from payment_mocks.ledger.categories import RESTRICTED_CATEGORIES
from payment_mocks.ledger.errors import CapabilityMissing, InvalidRequest, NotFreezeOwner, SubjectNotFound
from payment_mocks.ledger.model import Restriction, Subject


class RestrictionOps(TxBase):
    """Restriction orders for one subject."""

    def restrict(
        self, subject: Subject, *, authority_code: str, authority_name: str, document_no: str, case_no: str = "",
        categories: frozenset[str] | None = None,
    ) -> Restriction:
        """Publish a restriction order; by default every restricted category of DOMAIN.md rule 12."""
        if not self.caps.restrictions:
            raise CapabilityMissing("this provider does not enforce consumption restrictions")
        chosen = RESTRICTED_CATEGORIES if categories is None else frozenset(categories)
        unknown = chosen - RESTRICTED_CATEGORIES
        if unknown or not chosen:
            raise InvalidRequest(
                f"categories must be among {', '.join(sorted(RESTRICTED_CATEGORIES))}", field="categories"
            )
        if not document_no or len(document_no) > 100:
            raise InvalidRequest("document_no is required (at most 100 characters)", field="document_no")
        cur = self.conn.execute(
            "INSERT INTO restrictions(subject_id, authority_code, authority_name, document_no, case_no, categories,"
            " issued_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (subject.id, authority_code, authority_name, document_no, case_no, ",".join(sorted(chosen)), self.now_us),
        )
        return self.restriction(int(cur.lastrowid or 0))

    def lift_restriction(self, restriction_id: int, authority_code: str) -> Restriction:
        """Lift an order (the case was satisfied); only the court that issued it may."""
        current = self.restriction(restriction_id)
        if current.authority_code != authority_code:
            raise NotFreezeOwner("this restriction was issued by another authority")
        if current.lifted_at is None:
            self.conn.execute("UPDATE restrictions SET lifted_at = ? WHERE id = ?", (self.now_us, restriction_id))
        return self.restriction(restriction_id)

    def restriction(self, restriction_id: int) -> Restriction:
        row = self.conn.execute("SELECT * FROM restrictions WHERE id = ?", (restriction_id,)).fetchone()
        if row is None:
            raise SubjectNotFound(f"no restriction order {restriction_id}")
        return Restriction(
            row["id"], row["subject_id"], row["authority_code"], row["authority_name"], row["document_no"],
            row["case_no"], frozenset(row["categories"].split(",")), row["issued_at"], row["lifted_at"],
        )

    def restrictions_of(self, subject: Subject, *, include_lifted: bool = False) -> list[Restriction]:
        rows = self.conn.execute("SELECT id FROM restrictions WHERE subject_id = ? ORDER BY id", (subject.id,))
        found = [self.restriction(int(r["id"])) for r in rows.fetchall()]
        return [r for r in found if include_lifted or r.lifted_at is None]
