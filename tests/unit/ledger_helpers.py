"""Short calls for ledger tests: courts, freezes and deductions with sensible defaults."""

from __future__ import annotations

from payment_mocks.ledger import Freeze, FreezeMode, LedgerTx, Payout

COURTS = {"京0101": "北京市东城区人民法院", "京0105": "北京市朝阳区人民法院", "浙0106": "杭州市西湖区人民法院"}


def freeze(tx: LedgerTx, account: str, court: str, request_no: str, amount: int | None,
           *, days: int = 365, mode: FreezeMode = FreezeMode.AMOUNT) -> Freeze:
    return tx.place_freeze(
        account_no=account, authority_code=court, authority_name=COURTS[court], request_no=request_no,
        document_no=f"（2026）{court}执1号", mode=mode, amount=amount, term_days=days,
    )


def deduct(tx: LedgerTx, f: Freeze, amount: int, request_no: str = "D-1") -> Payout:
    return tx.deduct(f.id, f.authority_code, amount, request_no=request_no, document_no="扣划裁定",
                     enforcement_account="EA-" + f.authority_code)
