"""The providers the contract runs against, one ``Target`` each, registered with ``@target``.

A target starts its provider once per test session (a real mock process on a free loopback port with a fresh
data folder, or nothing for an in-memory adapter), empties it before every test, registers the court node's
credentials, builds the adapter through ``registry.build`` on the provider's simulated clock, and plays the
provider's back office: seeding a debtor's accounts, crediting money, moving the clock. To add a provider,
subclass ``MockTarget`` (a mock under ``payment_mocks``) or ``Target`` and decorate it with ``@target``
(see tests/contract/README.md).
"""

from __future__ import annotations

import secrets
import time
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, ClassVar

from court_node.adapters import registry
from court_node.adapters.base import ProviderAdapter, ProviderConfig
from court_node.adapters.errors import RefusalCode
from court_node.adapters.types import Capabilities, Subject
from court_node.clock import parse_duration
from court_node.domain.money import fen_to_yuan
from payment_mocks.testing import MockProvider, start_mock

TARGETS: dict[str, type[Target]] = {}


def target(cls: type[Target]) -> type[Target]:
    """Class decorator: run the contract against this provider too."""
    if cls.name in TARGETS:
        raise ValueError(f"contract target {cls.name!r} is registered twice")
    TARGETS[cls.name] = cls
    return cls


class Target(ABC):
    """One provider under contract: how to start it, reach it through its adapter and play its back office."""

    #: the pytest id, e.g. "bank"
    name: ClassVar[str]
    #: the registry key of the adapter under test; the target is skipped while no adapter has registered it
    adapter_name: ClassVar[str]
    #: what the adapter must declare
    capabilities: ClassVar[Capabilities]
    #: how the adapter refuses another court's release or deduction: NOT_FREEZE_OWNER, or FREEZE_NOT_FOUND where
    #: the dialect hides other courts' freezes altogether
    foreign_freeze_refusal: ClassVar[RefusalCode] = RefusalCode.NOT_FREEZE_OWNER
    #: the provider's URL, for the tampering proxy; None when there is no wire to tamper with
    url: str | None = None

    def __init__(self) -> None:
        self._adapters: list[ProviderAdapter] = []

    def unavailable(self) -> str | None:
        """Why this target cannot run here (its adapter is not registered), or None."""
        if self.adapter_name not in registry.registered():
            return f"no adapter registered as {self.adapter_name!r}"
        return None

    @abstractmethod
    def start(self, workdir: Path) -> None:
        """Start the provider once for the session, in a fresh folder."""

    def stop(self) -> None:
        self.close_adapters()

    @abstractmethod
    def reset(self) -> None:
        """Before every test: no subjects, no freezes, the clock back at real time."""

    @abstractmethod
    def now(self) -> float:
        """The provider's simulated time in Unix seconds: what its adapter signs and dates with."""

    @abstractmethod
    def config(self, base_url: str | None = None) -> ProviderConfig:
        """The provider's configuration entry, as a court node would have it (``base_url`` overrides the URL)."""

    def adapter(self, base_url: str | None = None) -> ProviderAdapter:
        """A fresh adapter built the way the node builds it: ``registry.build`` on the provider's clock."""
        built = registry.build(self.config(base_url), now=self.now)
        self._adapters.append(built)
        return built

    def close_adapters(self) -> None:
        for built in self._adapters:
            close: Callable[[], None] | None = getattr(built, "close", None)
            if close is not None:
                close()
        self._adapters.clear()

    @abstractmethod
    def account_no(self, index: int) -> str:
        """The ``index``-th account number in the provider's own format."""

    @abstractmethod
    def seed_debtor(self, subject: Subject, balances: list[int]) -> list[str]:
        """Open accounts for ``subject`` with these balances (fen); returns their numbers."""

    @abstractmethod
    def credit(self, account_no: str, amount: int) -> None:
        """Money arrives on the account (a salary), as the provider's debtor side would see it."""

    @abstractmethod
    def advance(self, duration: str) -> None:
        """Move the provider's simulated clock, e.g. ``"2d"``."""

    @abstractmethod
    def balance(self, account_no: str) -> int:
        """The account's balance in the provider's own books (fen)."""

    @abstractmethod
    def invariants(self) -> list[str]:
        """The provider's money invariants that do not hold (none, after every test)."""


class MockTarget(Target):
    """A mock provider from ``payment_mocks`` run as a real process; subclasses register the node's credentials."""

    #: the mock's name for ``payment_mocks.testing.start_mock``
    provider: ClassVar[str]
    #: extra ``start_mock`` options (``profile`` ...)
    mock_options: ClassVar[Mapping[str, Any]] = {}
    #: options for the adapter's configuration
    adapter_options: ClassVar[Mapping[str, Any]] = {}

    mock: MockProvider
    credentials: dict[str, str]

    def start(self, workdir: Path) -> None:
        self.mock = start_mock(self.provider, workdir / self.provider, **self.mock_options)
        self.url = self.mock.url
        self.credentials = self.register(self.mock)

    def stop(self) -> None:
        super().stop()
        self.mock.stop()

    @abstractmethod
    def register(self, mock: MockProvider) -> dict[str, str]:
        """Register the court node as a caller of the mock; returns the adapter's credentials."""

    def reset(self) -> None:
        self.close_adapters()
        self.mock.reset()  # callers and keys stay registered

    def now(self) -> float:
        return self.mock.now()

    def config(self, base_url: str | None = None) -> ProviderConfig:
        return ProviderConfig(name=self.name, adapter=self.adapter_name, base_url=base_url or self.mock.url,
                              credentials=self.credentials, timeout_s=5.0, options=dict(self.adapter_options))

    def seed_debtor(self, subject: Subject, balances: list[int]) -> list[str]:
        numbers = [self.account_no(i) for i in range(len(balances))]
        accounts = [{"account_no": n, "balance": fen_to_yuan(b)} for n, b in zip(numbers, balances, strict=True)]
        self.mock.seed({"subjects": [{"name": subject.name, "id_type": subject.id_type,
                                      "id_number": subject.id_number, "accounts": accounts}]})
        return numbers

    def credit(self, account_no: str, amount: int) -> None:
        self.mock.admin("POST", f"/accounts/{account_no}/credit", {"amount": fen_to_yuan(amount),
                                                                   "counterparty": "北京某科技有限公司"})

    def payment_refused(self, account_no: str, category: str) -> bool:
        """The debtor tries to pay 1.00 yuan in ``category``; True when the provider refuses it as restricted."""
        import requests

        answer = requests.post(f"{self.mock.url}/_admin/accounts/{account_no}/pay", timeout=10,
                               headers={"Authorization": f"Bearer {self.mock.admin_token}"},
                               json={"amount": "1.00", "merchant": "12306", "category": category})
        return answer.status_code == 422 and answer.json()["error"]["code"] == "CONSUMPTION_RESTRICTED"

    def advance(self, duration: str) -> None:
        self.mock.advance(duration)

    def balance(self, account_no: str) -> int:
        return int(self.mock.admin("GET", f"/accounts/{account_no}")["balance_fen"])

    def invariants(self) -> list[str]:
        return [str(v) for v in self.mock.invariants()]


# ---- the providers --------------------------------------------------------------------------------------------
@target
class BankTarget(MockTarget):
    """The bank: asynchronous (202, then feedback), HMAC with a per-node secret, 19-digit account numbers."""

    name = "bank"
    adapter_name = "bank"
    provider = "bank"
    capabilities = Capabilities(asynchronous=True, capture_credits=True, online_deduction=True,
                                whole_account_freeze=True, restrictions=True, batch=True)
    adapter_options: ClassVar[Mapping[str, Any]] = {"backoff_s": 0.05, "poll_interval_s": 0.05,
                                                    "status_wait_s": 5.0}

    def register(self, mock: MockProvider) -> dict[str, str]:
        secret = secrets.token_urlsafe(24)
        mock.admin("POST", "/callers", {"kind": "bank_node", "caller_id": "COURT-NODE-1", "secret": secret})
        return {"node_id": "COURT-NODE-1", "secret": secret}

    def account_no(self, index: int) -> str:
        return f"62220202001122{33445 + index:05d}"


@target
class AlipayTarget(MockTarget):
    """The Alipay-like gateway: synchronous, RSA2 both ways, user ids ``2088`` + 12 digits."""

    name = "alipay"
    adapter_name = "alipay"
    provider = "alipay"
    capabilities = Capabilities(asynchronous=False, capture_credits=False, online_deduction=True,
                                whole_account_freeze=True, restrictions=True)
    adapter_options: ClassVar[Mapping[str, Any]] = {"backoff_s": 0.05}

    def register(self, mock: MockProvider) -> dict[str, str]:
        from payment_mocks.signing import generate_rsa_key, private_pem, public_pem

        key = generate_rsa_key()
        app_id = "2021000000000001"
        mock.admin("POST", "/callers", {"kind": "alipay_app", "caller_id": app_id, "public_key_pem": public_pem(key)})
        platform_pem, _ = mock.platform_key()
        return {"app_id": app_id, "private_key_pem": private_pem(key), "alipay_public_key_pem": platform_pem}

    def account_no(self, index: int) -> str:
        return f"2088{102146225135 + index:012d}"


@target
class WechatTarget(MockTarget):
    """The WeChat-wallet-like v3 REST API: synchronous, RSA both ways with serials, openids as wallets."""

    name = "wechat"
    adapter_name = "wechat"
    provider = "wechat"
    capabilities = Capabilities(asynchronous=False, capture_credits=True, online_deduction=True,
                                whole_account_freeze=True, restrictions=True)
    foreign_freeze_refusal = RefusalCode.FREEZE_NOT_FOUND  # the dialect hides other courts' freezes
    adapter_options: ClassVar[Mapping[str, Any]] = {"retry_backoff_s": 0.05}

    def register(self, mock: MockProvider) -> dict[str, str]:
        from payment_mocks.signing import generate_rsa_key, private_pem, public_pem

        key = generate_rsa_key()
        mchid, serial = "1900000109", secrets.token_hex(20).upper()
        mock.admin("POST", "/callers", {"kind": "wechat_mch", "caller_id": mchid, "public_key_pem": public_pem(key),
                                        "serial": serial})
        platform_pem, platform_serial = mock.platform_key()
        return {"mchid": mchid, "serial_no": serial, "private_key_pem": private_pem(key),
                "platform_public_key_pem": platform_pem, "platform_serial": platform_serial}

    def account_no(self, index: int) -> str:
        return f"oUpF8uMuAJO_M2pxb1Q9zNjWeS{index:02d}"


@target
class Wechat2019Target(WechatTarget):
    """The wallet as it was in 2019: freezes up to the balance only, no deduction, no whole-wallet freeze."""

    name = "wechat-2019"
    mock_options: ClassVar[Mapping[str, Any]] = {"profile": "2019"}
    adapter_options: ClassVar[Mapping[str, Any]] = {"retry_backoff_s": 0.05, "profile": "2019"}
    capabilities = Capabilities(asynchronous=False, capture_credits=False, online_deduction=False,
                                whole_account_freeze=False, restrictions=True)


@target
class FakeTarget(Target):
    """The in-memory ``fake`` adapter: its books live in the adapter, its clock is an offset kept here."""

    name = "fake"
    adapter_name = "fake"
    capabilities = Capabilities(asynchronous=False, capture_credits=False, online_deduction=True,
                                whole_account_freeze=True, restrictions=True)
    adapter_options: ClassVar[Mapping[str, Any]] = {}

    def __init__(self) -> None:
        super().__init__()
        self.offset_s = 0.0
        self.books = ""
        self.office: Any = None  # the adapter whose test API plays the back office

    def start(self, workdir: Path) -> None:
        self.reset()

    def reset(self) -> None:
        self.close_adapters()
        self.offset_s = 0.0
        self.books = f"contract-{uuid.uuid4().hex}"  # adapters built in one test share one set of books
        self.office = self.adapter()

    def now(self) -> float:
        return time.time() + self.offset_s

    def config(self, base_url: str | None = None) -> ProviderConfig:
        return ProviderConfig(name=self.name, adapter=self.adapter_name, base_url=base_url or "memory://fake",
                              options={**self.adapter_options, "books": self.books})

    def account_no(self, index: int) -> str:
        return f"FAKE{index:08d}"

    def seed_debtor(self, subject: Subject, balances: list[int]) -> list[str]:
        numbers = [self.account_no(i) for i in range(len(balances))]
        for number, balance in zip(numbers, balances, strict=True):
            self.office.open_account(subject.name, subject.id_type, subject.id_number, number, balance)
        return numbers

    def credit(self, account_no: str, amount: int) -> None:
        self.office.credit(account_no, amount)

    def advance(self, duration: str) -> None:
        self.offset_s += parse_duration(duration).total_seconds()

    def balance(self, account_no: str) -> int:
        return int(self.office.account_found(account_no).balance)

    def invariants(self) -> list[str]:
        return [str(v) for v in self.office.check_invariants()]


@target
class AsyncFakeTarget(FakeTarget):
    """The in-memory adapter answering like an asynchronous provider: PENDING first, the outcome on a later read."""

    name = "fake-async"
    capabilities = Capabilities(asynchronous=True, capture_credits=True, online_deduction=True,
                                whole_account_freeze=True, restrictions=True)
    adapter_options: ClassVar[Mapping[str, Any]] = {"asynchronous": True, "delay_s": 0, "capture_credits": True}
