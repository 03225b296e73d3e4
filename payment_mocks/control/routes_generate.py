"""``POST /_admin/seed/generate``: many synthetic debtors at once, written straight into the books."""

from __future__ import annotations

import time

from flask import Blueprint, Response

from payment_mocks.control.auth import require_admin
from payment_mocks.control.routes_common import AdminInputError, json_body, reply
from payment_mocks.control.views import money
from payment_mocks.ledger.bulk import check_request, generate_subjects, synthetic_account_no, synthetic_subject
from payment_mocks.ledger.errors import InvalidRequest
from payment_mocks.runtime import current_provider

bp = Blueprint("generate", __name__)

FIELDS = ("subjects", "seed", "accounts_per_subject", "balance_fen")


@bp.post("/seed/generate")
@require_admin
def generate() -> Response:
    body = json_body()
    unknown = sorted(set(body) - set(FIELDS))
    if unknown:
        raise AdminInputError(f"unknown field {unknown[0]!r}; expected {', '.join(FIELDS)}", f"/{unknown[0]}")
    if "subjects" not in body:
        raise AdminInputError("subjects is required: how many synthetic debtors to generate", "/subjects")
    subjects, seed = body["subjects"], body.get("seed", 1)
    per, balance_fen = body.get("accounts_per_subject", 1), body.get("balance_fen")
    try:
        check_request(subjects, seed, per, balance_fen)
    except InvalidRequest as exc:
        raise AdminInputError(exc.message, f"/{exc.field}") from None
    provider = current_provider()
    started = time.perf_counter()
    done = generate_subjects(provider.ledger, subjects=subjects, seed=seed, accounts_per_subject=per,
                             balance_fen=balance_fen)
    first = synthetic_subject(seed, 0)
    return reply({
        "seed": done.seed, "subjects": done.subjects, "accounts": done.accounts,
        "accounts_per_subject": done.accounts_per_subject, **money("seeded", done.seeded_fen),
        "first_subject_id": done.first_subject_id, "last_subject_id": done.last_subject_id,
        "first_subject": {"name": first.name, "id_type": first.id_type, "id_number": first.id_number,
                          "account_nos": [synthetic_account_no(provider.ledger.provider, seed, 0, j, per)
                                          for j in range(per)]},
        "seconds": round(time.perf_counter() - started, 3),
    }, 201)
