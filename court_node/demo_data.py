"""Demo courts and users with FIXED tokens, for training and local runs only (setting ``demo: true``).

Never enable demo data on a node anyone else can reach: the tokens are printed in the docs.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

from court_node.adapters.types import Court
from court_node.store.courts_repo import ensure_courts
from court_node.store.users_repo import create_user, user_by_token

DEMO_COURTS = (
    Court("京0101", "北京市东城区人民法院", "0200000709014400123"),
    Court("京0105", "北京市朝阳区人民法院", "0200001109014400456"),
    Court("浙0106", "杭州市西湖区人民法院", "1202020209900012345"),
    Court("沪0115", "上海市浦东新区人民法院", "1001190709006600789"),
)


@dataclass(frozen=True)
class DemoUser:
    court_code: str
    name: str
    role: str
    token: str


def _users() -> tuple[DemoUser, ...]:
    names = {"京0101": ("张法官", "李书记员", "王科长"), "京0105": ("刘法官", "陈书记员", "杨科长"),
             "浙0106": ("赵法官", "黄书记员", "周科长"), "沪0115": ("吴法官", "徐书记员", "孙科长")}
    users = []
    for court in DEMO_COURTS:
        digits = court.code[1:]
        for role, name in zip(("judge", "clerk", "viewer"), names[court.code], strict=True):
            users.append(DemoUser(court.code, name, role, f"demo-{role}-{digits}"))
    return tuple(users)


#: judge, clerk and viewer per court; tokens like ``demo-judge-0101``
DEMO_USERS = _users()


def seed_demo(conn: Connection, now_us: int) -> list[DemoUser]:
    """Add the demo courts and users that are missing; the users added."""
    ensure_courts(conn, DEMO_COURTS)
    added = []
    for user in DEMO_USERS:
        if user_by_token(conn, user.token, include_disabled=True) is None:
            create_user(conn, court_code=user.court_code, name=user.name, role=user.role, now_us=now_us,
                         token=user.token)
            added.append(user)
    return added
