"""Running a batch in a background thread: chunk by chunk, under a lease, resumable by another process.

A runner holds the batch's lease, renewed after every step and by a heartbeat a few times per lease, so that only a
dead process loses it; it stops when asked (the node closing), when the batch is complete, or when it finds its
lease taken. Each
chunk's new items are recorded in ONE transaction (each item in its own savepoint, so one item's refusal leaves
the others), then every request of the chunk goes to ``outbox.deliver_all`` at once. Items an asynchronous
provider still owes an answer wait, and are asked about in bulk (``outbox.resolve_all``) until they are
answered or the batch's answer deadline passes.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from court_node.api.errors import ApiError
from court_node.clock import real_now, to_us
from court_node.context import NodeContext
from court_node.services import batch_kinds, outbox
from court_node.services.batch_input import chunks
from court_node.services.provider_calls import Delivery
from court_node.store import batches_repo
from court_node.store.batches_repo import BatchRecord, ItemRecord
from court_node.store.tables import provider_requests
from court_node.store.users_repo import User, users_by_id

log = logging.getLogger(__name__)

#: real seconds between two rounds of asking for answers still owed
POLL_S = 0.5
_RUNNERS: dict[int, dict[int, BatchRunner]] = {}  # id(context) -> batch id -> its runner in this process
_RUNNERS_LOCK = threading.Lock()


def real_us() -> int:
    return to_us(real_now())


def new_owner() -> str:
    return uuid.uuid4().hex


def start(ctx: NodeContext, batch_id: int, owner: str) -> BatchRunner | None:
    """Run the batch in a daemon thread of this process (once per process); ``owner`` holds its lease."""
    with _RUNNERS_LOCK:
        runners = _RUNNERS.get(id(ctx))
        if runners is None:
            runners = _RUNNERS[id(ctx)] = {}
            ctx.on_close.insert(0, lambda: stop_all(ctx))
        running = runners.get(batch_id)
        if running is not None and running.is_alive():
            return None
        runner = runners[batch_id] = BatchRunner(ctx, batch_id, owner)
    runner.start()
    return runner


def stop_all(ctx: NodeContext, timeout_s: float = 30.0) -> None:
    """Ask this process's runners to stop after their current step, and wait for them (they free their leases)."""
    with _RUNNERS_LOCK:
        runners = list(_RUNNERS.pop(id(ctx), {}).values())
    for runner in runners:
        runner.stop_event.set()
    for runner in runners:
        runner.join(timeout_s)


def resume_orphans(ctx: NodeContext) -> list[int]:
    """Take over running batches whose runner is gone (its lease lapsed); the ids taken over."""
    now = real_us()
    taken = []
    with ctx.store.read() as conn:
        candidates = batches_repo.orphaned(conn, now)
    with _RUNNERS_LOCK:
        here = {i for i, r in _RUNNERS.get(id(ctx), {}).items() if r.is_alive()}
    for batch_id in candidates:
        if batch_id in here:
            continue  # its runner in this process is busy; the lease is renewed when it can be
        owner = new_owner()
        with ctx.store.write() as conn:
            held = batches_repo.take_lease(conn, batch_id, owner=owner, real_now=now,
                                           until=now + lease_us(ctx))
        if held and start(ctx, batch_id, owner) is not None:
            taken.append(batch_id)
    return taken


def lease_us(ctx: NodeContext) -> int:
    return int(ctx.settings.batch_lease_s * 1_000_000)


class BatchRunner(threading.Thread):
    """One batch worked through to its end in this thread."""

    def __init__(self, ctx: NodeContext, batch_id: int, owner: str) -> None:
        super().__init__(name=f"batch-{batch_id}", daemon=True)
        self.ctx = ctx
        self.batch_id = batch_id
        self.owner = owner
        self.stop_event = threading.Event()

    def run(self) -> None:
        ended = threading.Event()
        heartbeat = threading.Thread(target=self._heartbeat, args=(ended,), name=f"batch-{self.batch_id}-lease",
                                     daemon=True)
        heartbeat.start()
        try:
            run_batch(self.ctx, self.batch_id, self.owner, self.stop_event)
        except Exception:  # the batch stays running; another runner resumes it once the lease lapses
            log.exception("batch %s: the runner failed", self.batch_id)
        finally:
            ended.set()
            heartbeat.join()
            try:
                with self.ctx.store.write() as conn:
                    batches_repo.release_lease(conn, self.batch_id, self.owner)
            except Exception:  # the store may be closing; the lease then lapses on its own
                log.warning("batch %s: could not free the lease", self.batch_id)


    def _heartbeat(self, ended: threading.Event) -> None:
        """Keep the lease while a long step (a slow provider) runs; stop the runner when another took it."""
        interval = self.ctx.settings.batch_lease_s / 3
        while not ended.wait(interval):
            try:
                held = _renew(self.ctx, self.batch_id, self.owner)
            except Exception:  # a busy store: the next beat tries again, well within the lease
                log.warning("batch %s: could not renew the lease", self.batch_id)
                continue
            if not held:
                self.stop_event.set()
                return


def run_batch(ctx: NodeContext, batch_id: int, owner: str, stop: threading.Event) -> None:
    """Work the batch until it is complete, ``stop`` is set or the lease is lost."""
    with ctx.store.read() as conn:
        batch = batches_repo.batch_by_id(conn, batch_id)
        assert batch is not None
        user = users_by_id(conn, [batch.created_by])[batch.created_by]
    size = ctx.settings.batch_chunk_size
    while not stop.is_set():
        if not _renew(ctx, batch.id, owner):
            log.warning("batch %s: another runner took it over", batch_id)
            return
        ctx.clock.refresh()  # another process may have moved simulated time
        with ctx.store.read() as conn:
            fresh = batches_repo.items_of(conn, batch_id, stages=("new",), limit=size)
        if fresh:
            _record_chunk(ctx, batch, user, fresh)
            with ctx.store.read() as conn:
                recorded = [i for i in batches_repo.items_by_ids(conn, [i.id for i in fresh])
                            if i.stage == "recorded"]
            _settle(ctx, batch, user, recorded, final=False)
            # meanwhile, ask about the oldest chunk still owed an answer: its items finish while later chunks are
            # sent, so the batch's progress moves instead of staying at 0 until every chunk has gone out
            _settle(ctx, batch, user, _owed_before(ctx, batch.id, recorded, size), final=True)
            continue
        with ctx.store.read() as conn:
            waiting = batches_repo.items_of(conn, batch_id, stages=("recorded",), limit=batch.total)
        if not waiting:
            _complete(ctx, batch, user)
            return
        answered = False
        for chunk in chunks(waiting, size):
            if stop.is_set() or not _renew(ctx, batch.id, owner):
                return
            answered = _settle(ctx, batch, user, chunk, final=True) or answered
        if not answered:
            stop.wait(POLL_S)


def _owed_before(ctx: NodeContext, batch_id: int, latest: Sequence[ItemRecord], size: int) -> list[ItemRecord]:
    """Up to ``size`` of the batch's earliest items still waiting for an answer, the chunk just sent left out."""
    sent_now = {i.id for i in latest}
    with ctx.store.read() as conn:
        waiting = batches_repo.items_of(conn, batch_id, stages=("recorded",), limit=size + len(sent_now))
    return [i for i in waiting if i.id not in sent_now][:size]


def _renew(ctx: NodeContext, batch_id: int, owner: str) -> bool:
    now = real_us()
    with ctx.store.write() as conn:
        return batches_repo.take_lease(conn, batch_id, owner=owner, real_now=now, until=now + lease_us(ctx))


def _record_chunk(ctx: NodeContext, batch: BatchRecord, user: User, items: Sequence[ItemRecord]) -> None:
    """Record every new item of the chunk in one transaction, each in its own savepoint."""
    batch_kinds.prepare_chunk(ctx, batch.kind, batch.court_code, items)
    now = real_us()
    # the chunk's audit records are written together at its end, chained in order (an item undone drops its own)
    with ctx.store.write() as conn, ctx.audit.held(conn) as trail:
        stages = batches_repo.item_stages(conn, [i.id for i in items])
        for item in items:
            if stages.get(item.id) != "new":
                continue  # another runner got to it first
            mark = trail.mark()
            try:
                try:
                    with conn.begin_nested():
                        outcome = batch_kinds.record(ctx, conn, user, batch.kind, batch.options, item)
                except BaseException:
                    trail.undo(mark)
                    raise
            except ApiError as exc:
                batches_repo.finish_item(conn, item.id, succeeded=False, error_code=exc.code,
                                         error_message=exc.message)
                continue
            except IntegrityError:  # a case number filed by another request between the check and the insert
                batches_repo.finish_item(conn, item.id, succeeded=False, error_code="CASE_NUMBER_TAKEN",
                                         error_message="the case number is already filed")
                continue
            except SQLAlchemyError:
                raise  # the store failed, not the item: the chunk is tried again
            except Exception:  # a defect must not stop the other items; its savepoint undid what it wrote
                log.exception("batch %s: item %s failed unexpectedly", batch.id, item.index)
                batches_repo.finish_item(conn, item.id, succeeded=False, error_code="INTERNAL_ERROR",
                                         error_message="unexpected error; nothing was changed by it")
                continue
            if outcome.done:
                batches_repo.finish_item(conn, item.id, succeeded=True, result=outcome.result,
                                         case_id=outcome.case_id)
            else:
                batches_repo.record_item(conn, item.id, refs=outcome.refs, real_now=now, case_id=outcome.case_id)
        batches_repo.count_progress(conn, batch.id)


def _settle(ctx: NodeContext, batch: BatchRecord, user: User, items: Sequence[ItemRecord], *, final: bool) -> bool:
    """Send what is still to send, ask about what is owed, and finish what is answered; True when any finished."""
    if not items:
        return True
    wanted = {no: provider for item in items for no, provider in batch_kinds.requests_of(item).items()}
    with ctx.store.read() as conn:
        states = {r.request_no: r.state for r in conn.execute(
            select(provider_requests.c.request_no, provider_requests.c.state)
            .where(provider_requests.c.request_no.in_(list(wanted))))} if wanted else {}
    owed = {no: p for no, p in wanted.items() if states.get(no) == "pending"}
    unsent = {no: p for no, p in wanted.items() if states.get(no) != "pending"}
    deliveries: dict[str, Delivery] = {}
    if unsent:
        deliveries.update(outbox.deliver_all(ctx, unsent, user))
    if owed and final:
        deliveries.update(outbox.resolve_all(ctx, owed, user))
    batch_kinds.after_delivery(ctx, user, batch.kind, items)
    deadline = int(ctx.settings.batch_answer_wait_s * 1_000_000)
    now = real_us()
    finished = 0
    unanswered = batch_kinds.unanswered_inspections(ctx, items)
    with ctx.store.write() as conn:
        for item in items:
            verdict = batch_kinds.conclude(ctx, batch.kind, item, deliveries, unanswered)
            if verdict is None and item.recorded_real is not None and now - item.recorded_real >= deadline:
                verdict = batch_kinds.overdue(batch.kind, item)
            if verdict is None:
                continue
            batches_repo.finish_item(conn, item.id, succeeded=verdict.succeeded, result=verdict.result,
                                     error_code=verdict.error_code, error_message=verdict.error_message)
            finished += 1
        batches_repo.count_progress(conn, batch.id)
    return finished > 0


def _complete(ctx: NodeContext, batch: BatchRecord, user: User) -> None:
    with ctx.store.write() as conn:
        current = batches_repo.batch_by_id(conn, batch.id)
        if current is None or current.state != "running":
            return
        batches_repo.count_progress(conn, batch.id)
        current = batches_repo.batch_by_id(conn, batch.id)
        assert current is not None
        batches_repo.complete_batch(conn, batch.id, now=ctx.clock.now_us(), real_now=real_us())
        ctx.audit.append(conn, action="batch.completed", user=user, court_code=batch.court_code, detail={
            "batch_id": batch.id, "kind": batch.kind, "total": current.total, "succeeded": current.succeeded,
            "failed": current.failed})
