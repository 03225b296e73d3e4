"""Who is asking: ``Authorization: Bearer <token>``, one court and one role per user.

``judge`` may do everything for its court's cases, ``clerk`` may file cases, serve notices and query,
``viewer`` reads. A court sees only its own cases; the services answer 404 for another court's.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import g, request

from court_node.api.errors import Forbidden, Unauthenticated
from court_node.api.http import node_context
from court_node.store.users_repo import Role, User, user_by_token

P = ParamSpec("P")
R = TypeVar("R")

#: tokens longer than this are not ours; refusing them early keeps the hash lookup cheap
MAX_TOKEN_LENGTH = 512


def presented_token() -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    return token


def user_for_token(token: str) -> User | None:
    """The enabled user a token belongs to, or None."""
    if len(token) > MAX_TOKEN_LENGTH:
        return None
    with node_context().store.read() as conn:
        return user_by_token(conn, token)


def authenticate() -> User:
    """The user behind the bearer token, remembered for the rest of the request; 401 otherwise."""
    token = presented_token()
    if token is None:
        raise Unauthenticated("send Authorization: Bearer <token>", code="TOKEN_MISSING")
    user = user_for_token(token)
    if user is None:
        raise Unauthenticated("the token is unknown or its user is disabled", code="TOKEN_INVALID")
    g.court_node_user = user
    return user


def current_user() -> User:
    """The authenticated user of the current request."""
    user: User | None = g.get("court_node_user")
    if user is None:
        raise RuntimeError("current_user() outside a view guarded by @requires")
    return user


def check_role(user: User, *roles: str) -> None:
    """403 ROLE_FORBIDDEN when the user's role is not one of ``roles`` (none: any role may)."""
    allowed = tuple(Role(role) for role in roles)
    if allowed and user.role not in allowed:
        raise Forbidden(f"a {user.role} may not do this; it needs {' or '.join(allowed)}",
                        code="ROLE_FORBIDDEN", details={"role": str(user.role), "allowed": list(allowed)})


def requires(*roles: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Guard a view: 401 without a valid token, 403 when the user's role is not one of ``roles`` (none: any)."""
    allowed = tuple(Role(role) for role in roles)

    def decorate(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
            check_role(authenticate(), *allowed)
            return view(*args, **kwargs)

        return guarded

    return decorate
