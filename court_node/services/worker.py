"""The background worker: reconciles every few seconds, so that pending answers arrive without anyone asking.

Started by ``create_app`` when the setting ``background`` is true, stopped when the node's context closes.
Every round is ``reconcile`` (open requests, freeze statuses, case limits), then taking over the batches whose
runner died (see batch_runner); a failing round is logged and the next one runs as usual. A node served by
several processes (gunicorn workers) reconciles from one of them at a time: the thread that holds the lock file
``reconciler.lock`` in the data folder runs the rounds; the others keep trying, so that another worker takes over
when that one exits.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import threading
from typing import IO

from court_node.context import NodeContext
from court_node.services import batch_runner
from court_node.services.reconcile import reconcile

log = logging.getLogger(__name__)

LOCK_FILE = "reconciler.lock"


class Worker:
    """One daemon thread running ``reconcile`` every ``interval_s`` real seconds."""

    def __init__(self, ctx: NodeContext, interval_s: float) -> None:
        self.ctx = ctx
        self.interval_s = interval_s
        self.rounds = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="court-node-worker", daemon=True)
        self._lock_file: IO[bytes] | None = None

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout_s: float = 30.0) -> None:
        """Ask the thread to stop and wait for its round to end."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout_s)
        self._release()

    def run_once(self) -> None:
        try:
            self.ctx.clock.refresh()  # another process may have moved simulated time
            report = reconcile(self.ctx, every_freeze=False)
            if report.checked or report.releases:
                log.info("reconciled: %s", report)
        except Exception:  # the worker outlives any one bad round
            log.exception("reconciliation round failed")
        try:
            resumed = batch_runner.resume_orphans(self.ctx)
            if resumed:
                log.info("resumed batches %s", resumed)
        except Exception:
            log.exception("resuming batches failed")
        self.rounds += 1

    def holds_lock(self) -> bool:
        """True once this process is the one that reconciles (taken at the first chance, kept until stop)."""
        if self._lock_file is not None:
            return True
        try:
            folder = self.ctx.settings.data_dir
            folder.mkdir(parents=True, exist_ok=True)
            handle = (folder / LOCK_FILE).open("ab")
        except OSError:
            return True  # no folder to share a lock through: this process is the node's only one
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        handle.truncate(0)
        handle.write(f"{os.getpid()}\n".encode())
        handle.flush()
        self._lock_file = handle
        return True

    def _release(self) -> None:
        handle, self._lock_file = self._lock_file, None
        if handle is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
            handle.close()

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            if self.holds_lock():
                self.run_once()
