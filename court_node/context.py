"""What one node process holds, built once by ``create_app`` and handed to the services as an argument."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from court_node.adapters.base import ProviderAdapter
from court_node.audit.chain import AuditLog
from court_node.clock import SimClock
from court_node.config import NodeSettings
from court_node.store.engine import Store

EXTENSION_KEY = "court_node"


@dataclass
class NodeContext:
    """Settings, store, clock, audit trail and provider adapters (in the configured provider order)."""

    settings: NodeSettings
    store: Store
    clock: SimClock
    audit: AuditLog
    admin_token: str
    adapters: Mapping[str, ProviderAdapter] = field(default_factory=dict)
    #: run first when the node closes (the background worker stops here)
    on_close: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        for stop in self.on_close:
            stop()
        self.on_close.clear()
        self.store.close()
