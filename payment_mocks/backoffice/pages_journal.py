"""The request journal page: each dialect request's method, path, status, latency, caller and fault.

Bodies and query strings are left out: the page shows who called what and how it went, never a signature.
"""

from __future__ import annotations

from typing import Any

from flask import Response, request

from payment_mocks.backoffice.blueprint import bp, page
from payment_mocks.control import journal
from payment_mocks.runtime import current_provider

ENTRIES_SHOWN = 100


@bp.get("/journal", endpoint="journal")
def journal_page() -> Response:
    """The newest dialect requests, narrowed by method, status and path."""
    method = request.args.get("method", "").strip().upper()
    status_text = request.args.get("status", "").strip()
    path_prefix = request.args.get("path_prefix", "").strip()
    errors: dict[str, str] = {}
    if method and not (method.isascii() and method.isalpha() and len(method) <= 16):
        errors["method"] = "A method is a word such as GET or POST."
    status: int | None = None
    if status_text:
        if status_text.isascii() and status_text.isdigit() and len(status_text) <= 3:
            status = int(status_text)
        else:
            errors["status"] = "A status is a number such as 200 or 503."
    if len(path_prefix) > 200:
        errors["path_prefix"] = "A path prefix is at most 200 characters."
    db = current_provider().ledger.db
    entries: list[dict[str, Any]] = []
    if not errors:
        entries = journal.entries(db, journal.JournalQuery(
            limit=ENTRIES_SHOWN, method=method or None, path_prefix=path_prefix or None, status=status))
    shown = [{k: entry[k] for k in ("id", "at", "method", "path", "status", "duration_ms", "caller", "request_no",
                                     "fault")} for entry in entries]
    return page("journal.html", 400 if errors else 200, title="Request journal", entries=shown,
                total=journal.count(db), limit=ENTRIES_SHOWN, method=method, status=status_text,
                path_prefix=path_prefix, errors=errors)
