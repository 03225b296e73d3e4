"""Who acts in a step: ``judge@京0101`` is the demo judge of 京0101 (token ``demo-judge-0101``)."""

from __future__ import annotations

from court_node.demo_data import DEMO_USERS, DemoUser

DEFAULT_COURT = "京0101"


def demo_user(text: str) -> DemoUser | None:
    """The demo user ``role@court`` names, or None."""
    role, _, court = text.partition("@")
    for user in DEMO_USERS:
        if user.role == role.strip() and user.court_code == court.strip():
            return user
    return None


def judge_of(court_code: str) -> DemoUser:
    user = demo_user(f"judge@{court_code}")
    assert user is not None, court_code
    return user


def known_users() -> list[str]:
    return [f"{u.role}@{u.court_code}" for u in DEMO_USERS]
