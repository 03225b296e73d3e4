"""Who may use which form: the roles of the API route each form stands for (court_node/api/*.py)."""

from __future__ import annotations

from court_node.store.users_repo import User

ROLES: dict[str, tuple[str, ...]] = {
    "file": ("judge", "clerk"),  # POST /api/v1/cases
    "inspect": ("judge", "clerk"),  # POST /api/v1/cases/<id>/inspections
    "notice": ("judge", "clerk"),  # POST /api/v1/cases/<id>/notice
    "freeze": ("judge",),  # POST /api/v1/cases/<id>/freezes (the plan too: a dry run)
    "renew": ("judge",),  # POST /api/v1/freezes/<id>/renew
    "release": ("judge",),  # POST /api/v1/freezes/<id>/release
    "deduct": ("judge",),  # POST /api/v1/cases/<id>/deductions
    "restrict": ("judge",),  # POST /api/v1/cases/<id>/restrictions
}


def may(user: User | None, form: str) -> bool:
    """True when ``user`` may use ``form`` (the page shows it only then)."""
    return user is not None and str(user.role) in ROLES[form]
