"""The simulated clock's state in the settings table, shared by every worker of the node."""

from __future__ import annotations

import json

from court_node.clock import ClockState, SimClock
from court_node.store.engine import Store
from court_node.store.settings_repo import get_setting, put_setting

CLOCK_KEY = "clock"


def load_clock_state(store: Store) -> ClockState:
    with store.read() as conn:
        raw = get_setting(conn, CLOCK_KEY)
    if raw is None:
        return ClockState()
    data = json.loads(raw)
    return ClockState(int(data["offset_us"]), None if data["stopped_at_us"] is None else int(data["stopped_at_us"]))


def save_clock_state(store: Store, state: ClockState) -> None:
    with store.write() as conn:
        put_setting(conn, CLOCK_KEY, json.dumps({"offset_us": state.offset_us, "stopped_at_us": state.stopped_at_us}))


def persisted_clock(store: Store) -> SimClock:
    """A clock whose state lives in ``store``."""
    return SimClock(load=lambda: load_clock_state(store), save=lambda state: save_clock_state(store, state))
