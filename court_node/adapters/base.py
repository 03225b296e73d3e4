"""The small interface every provider adapter implements, one adapter per dialect."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from court_node.adapters.types import (
    Capabilities,
    ControlOutcome,
    ControlRequest,
    Court,
    Health,
    QueryOutcome,
    QueryRequest,
    Subject,
)

_In = TypeVar("_In")
_Out = TypeVar("_Out")

#: calls at once when a batch form falls back to one call per request
FALLBACK_PARALLELISM = 16


class AdapterError(Exception):
    """A provider could not be reached or answered something unusable (signature, shape).

    ``outcome_unknown`` is True when the request may have taken effect (timeout, dropped connection,
    5xx after sending): the caller must resolve it by asking again with the same request number.
    """

    def __init__(self, message: str, *, code: str = "PROVIDER_UNAVAILABLE", outcome_unknown: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.outcome_unknown = outcome_unknown


@dataclass(frozen=True)
class ProviderConfig:
    """One configured provider: a name the courts use, which adapter, where, and its credentials."""

    name: str
    adapter: str
    base_url: str
    credentials: Mapping[str, str] = field(default_factory=dict)
    timeout_s: float = 10.0
    options: Mapping[str, Any] = field(default_factory=dict)


class ProviderAdapter(ABC):
    """Speaks one provider dialect. Subclasses declare their metadata on the class and register by name."""

    #: the registry key, e.g. "bank"
    adapter_name: ClassVar[str]
    #: the wire dialect, for humans and /api/v1/providers
    dialect: ClassVar[str]
    #: credential keys the configuration must supply
    required_credentials: ClassVar[tuple[str, ...]] = ()

    def __init__(self, config: ProviderConfig, now: Callable[[], float] | None = None) -> None:
        missing = [k for k in self.required_credentials if not config.credentials.get(k)]
        if missing:
            raise ValueError(f"provider {config.name!r} ({self.adapter_name}) needs credentials: {', '.join(missing)}")
        self.config = config
        #: Unix seconds on the simulated clock: requests are signed, and responses checked, in simulated time
        self.now: Callable[[], float] = now or time.time

    @property
    def name(self) -> str:
        return self.config.name

    @abstractmethod
    def capabilities(self) -> Capabilities:
        """What this provider offers online."""

    @abstractmethod
    def health(self) -> Health:
        """Whether the provider answers now."""

    @abstractmethod
    def query(self, request: QueryRequest) -> QueryOutcome:
        """Ask for the subject's accounts; asynchronous providers answer PENDING and later via ``query_result``."""

    @abstractmethod
    def query_result(self, request_no: str) -> QueryOutcome:
        """The outcome of an earlier query, by its request number."""

    @abstractmethod
    def control(self, request: ControlRequest) -> ControlOutcome:
        """Freeze, renew, release or deduct on one account."""

    @abstractmethod
    def control_result(self, request: ControlRequest) -> ControlOutcome:
        """The outcome of an earlier control request (same request number): resolves PENDING and UNKNOWN."""

    @abstractmethod
    def freeze_status(self, request: ControlRequest) -> ControlOutcome:
        """The freeze's state now (it may have taken effect from the waiting line, lapsed, or been deducted).

        ``request`` names the freeze as for a renewal: court, subject, account, ``provider_ref`` and
        ``original_request_no``; its own ``request_no`` is fresh and only used where the dialect needs one.
        """

    # ---- batch forms: one call for many requests where the dialect has one ----------------------------------
    # Each answers one entry per request, in order: the outcome its single call would give, or the exception that
    # call would raise (so that the caller records it exactly as a single failure). Adapters whose dialect has a
    # batch form override these and say so with ``Capabilities(batch=True)``; the defaults make one call per
    # request, at most ``FALLBACK_PARALLELISM`` at once.
    def query_many(self, requests: Sequence[QueryRequest]) -> list[QueryOutcome | Exception]:
        """``query`` for each request."""
        return each_of(self.query, requests)

    def query_results(self, request_nos: Sequence[str]) -> list[QueryOutcome | Exception]:
        """``query_result`` for each request number."""
        return each_of(self.query_result, request_nos)

    def control_many(self, requests: Sequence[ControlRequest]) -> list[ControlOutcome | Exception]:
        """``control`` for each request."""
        return each_of(self.control, requests)

    def control_results(self, requests: Sequence[ControlRequest]) -> list[ControlOutcome | Exception]:
        """``control_result`` for each request."""
        return each_of(self.control_result, requests)

    def restrict(self, request_no: str, court: Court, case_no: str, document_no: str, subject: Subject, *,
                 judge: str = "", categories: Sequence[str] = ()) -> str:
        """Publish a consumption restriction order (``categories``: empty for every restricted one); returns the
        provider's reference. Optional."""
        raise AdapterError(f"{self.name} does not take restriction orders online", code="CAPABILITY_NOT_SUPPORTED")

    def lift_restriction(self, request_no: str, court: Court, reference: str) -> None:
        """Lift a restriction order. Optional."""
        raise AdapterError(f"{self.name} does not take restriction orders online", code="CAPABILITY_NOT_SUPPORTED")


def each_of(call: Callable[[_In], _Out], items: Sequence[_In],
            parallelism: int = FALLBACK_PARALLELISM) -> list[_Out | Exception]:
    """``call`` on every item, a bounded number at once; an exception is that item's answer, in order."""

    def one(item: _In) -> _Out | Exception:
        try:
            return call(item)
        except Exception as exc:  # the caller records it as that request's failure
            return exc

    if len(items) <= 1:
        return [one(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(len(items), parallelism), thread_name_prefix="provider-each") as pool:
        return list(pool.map(one, items))


__all__ = ["AdapterError", "Court", "ProviderAdapter", "ProviderConfig"]
