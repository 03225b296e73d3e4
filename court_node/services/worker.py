"""The background worker: reconciles every few seconds, so that pending answers arrive without anyone asking.

Started by ``create_app`` when the setting ``background`` is true, stopped when the node's context closes.
Every round is ``reconcile`` (open requests, freeze statuses, case limits); a failing round is logged and the
next one runs as usual.
"""

from __future__ import annotations

import logging
import threading

from court_node.context import NodeContext
from court_node.services.reconcile import reconcile

log = logging.getLogger(__name__)


class Worker:
    """One daemon thread running ``reconcile`` every ``interval_s`` real seconds."""

    def __init__(self, ctx: NodeContext, interval_s: float) -> None:
        self.ctx = ctx
        self.interval_s = interval_s
        self.rounds = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="court-node-worker", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout_s: float = 30.0) -> None:
        """Ask the thread to stop and wait for its round to end."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout_s)

    def run_once(self) -> None:
        try:
            self.ctx.clock.refresh()  # another process may have moved simulated time
            report = reconcile(self.ctx, every_freeze=False)
            if report.checked or report.releases:
                log.info("reconciled: %s", report)
        except Exception:  # the worker outlives any one bad round
            log.exception("reconciliation round failed")
        self.rounds += 1

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            self.run_once()
