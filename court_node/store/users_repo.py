"""Users: one court each, one role each, a bearer token stored only as its SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Connection, bindparam, select

from court_node.store.courts_repo import court_by_code
from court_node.store.tables import users


class Role(StrEnum):
    JUDGE = "judge"  # 执行法官: everything for the court's cases
    CLERK = "clerk"  # 书记员: files cases, serves notices, queries
    VIEWER = "viewer"  # reads


class UserError(ValueError):
    """A user that cannot be created as asked (unknown court, bad role, empty name)."""


@dataclass(frozen=True)
class User:
    id: int
    court_code: str
    name: str
    role: Role
    disabled: bool = False


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    """A fresh bearer token; shown once, never stored."""
    return "fzs_" + secrets.token_urlsafe(32)


def create_user(conn: Connection, *, court_code: str, name: str, role: str, now_us: int,
                token: str | None = None) -> tuple[User, str]:
    """Create a user; returns it with its token (a new random one unless ``token`` is given)."""
    if role not in tuple(Role):
        raise UserError(f"role {role!r} is not one of {', '.join(Role)}")
    if not name.strip() or len(name) > 100:
        raise UserError("a user needs a name of 1 to 100 characters")
    if court_by_code(conn, court_code) is None:
        raise UserError(f"no court {court_code!r} on this node; add it first")
    token = token or new_token()
    if user_by_token(conn, token, include_disabled=True) is not None:
        raise UserError("that token is already in use")
    user_id = conn.execute(users.insert().values(
        court_code=court_code, name=name.strip(), role=role, token_hash=hash_token(token), created_at=now_us,
        disabled=False)).inserted_primary_key
    assert user_id is not None
    return User(int(user_id[0]), court_code, name.strip(), Role(role)), token


#: built once: every request looks its caller up by token
_BY_TOKEN = select(users).where(users.c.token_hash == bindparam("token_hash"))


def user_by_token(conn: Connection, token: str, *, include_disabled: bool = False) -> User | None:
    row = conn.execute(_BY_TOKEN, {"token_hash": hash_token(token)}).first()
    if row is None or (row.disabled and not include_disabled):
        return None
    return User(row.id, row.court_code, row.name, Role(row.role), bool(row.disabled))


def list_users(conn: Connection, court_code: str | None = None) -> list[User]:
    query = select(users).order_by(users.c.court_code, users.c.id)
    if court_code is not None:
        query = query.where(users.c.court_code == court_code)
    return [User(r.id, r.court_code, r.name, Role(r.role), bool(r.disabled)) for r in conn.execute(query)]


def users_by_id(conn: Connection, ids: Iterable[int]) -> dict[int, User]:
    rows = conn.execute(select(users).where(users.c.id.in_(list(ids))))
    return {r.id: User(r.id, r.court_code, r.name, Role(r.role), bool(r.disabled)) for r in rows}
