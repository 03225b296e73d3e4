"""Background work: settle the books periodically and post signed feedback to the nodes' callback URLs.

Deliveries retry with backoff in real time (the simulated clock may be stopped while a callback server is
down). A delivery is leased in the database first, so several worker processes never post it twice at once.
"""

from __future__ import annotations

import logging
import threading

import requests

from payment_mocks.bank import store
from payment_mocks.bank.dialect import json_bytes
from payment_mocks.bank.feedback import feedback
from payment_mocks.bank.signing import signed_headers, target_of_url
from payment_mocks.clock import real_now
from payment_mocks.control.callers import CallerKind
from payment_mocks.runtime import Provider

logger = logging.getLogger(__name__)

#: Seconds to wait after the 1st, 2nd, ... failed attempt; after the last one the callback is given up.
RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0)
LEASE_SECONDS = 30.0
TIMEOUT_SECONDS = 5.0


def post_feedback(provider: Provider, bank_id: str, request: store.BankRequest) -> bool:
    """POST the request's feedback to its callback URL, signed with the node's secret; True on a 2xx."""
    caller = provider.callers.get(CallerKind.BANK_NODE, request.node_id)
    if caller is None or not request.callback_url:
        return False
    body = json_bytes(feedback(request))
    stamp = provider.clock.now_us() // 1_000_000
    headers = signed_headers(bank_id, caller.secret, "POST", target_of_url(request.callback_url), body, stamp)
    headers["Content-Type"] = "application/json"
    try:
        answer = requests.post(request.callback_url, data=body, headers=headers, timeout=TIMEOUT_SECONDS,
                               allow_redirects=False)
    except requests.RequestException as exc:
        logger.info("callback for %s to %s failed: %s", request.request_no, request.callback_url, exc)
        return False
    answer.close()
    return 200 <= answer.status_code < 300


def deliver_due(provider: Provider, bank_id: str) -> int:
    """Attempt every callback that is due now; returns how many were delivered."""
    now = real_now().timestamp()
    with provider.ledger.transaction() as tx:
        claimed = store.claim_callbacks(tx, now, LEASE_SECONDS)
    delivered = 0
    for request in claimed:
        ok = post_feedback(provider, bank_id, request)
        with provider.ledger.transaction() as tx:
            if ok:
                store.callback_delivered(tx, request.id)
                delivered += 1
                continue
            _, attempts = store.callback_state(tx, request.id)
            retry_at = now + RETRY_DELAYS[attempts] if attempts < len(RETRY_DELAYS) else None
            store.callback_failed(tx, request.id, retry_at)
    return delivered


class BankWorker:
    """A daemon thread that settles due requests and delivers callbacks every ``interval`` seconds."""

    def __init__(self, provider: Provider, bank_id: str, interval: float = 0.25) -> None:
        self.provider = provider
        self.bank_id = bank_id
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start the thread, or start it again in a forked worker process where it did not survive."""
        with self._lock:
            if self.running:
                return
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name="bank-worker", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def run_once(self) -> int:
        """Settle the books up to the simulated now, then deliver due callbacks; returns deliveries made."""
        self.provider.clock.refresh()
        self.provider.ledger.settle()
        return deliver_due(self.provider, self.bank_id)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.run_once()
            except Exception:  # keep serving: a locked or reset database is retried next round
                logger.warning("bank background work failed", exc_info=True)
