"""Synthetic debtors in bulk: N subjects with accounts, deterministic from a seed, written straight into the books.

Every subject and account is a pure function of ``(seed, index)`` (``synthetic_subject``, ``synthetic_account_no``),
so a benchmark can name a seeded debtor without reading the ledger. Rows go in with ``executemany`` inside ONE
ledger write transaction: a generated seed is applied whole or not at all, like ``POST /_admin/seed``.

Resident IDs use region codes that no sample debtor uses, so generated subjects never collide with the samples;
two generations with different seeds may collide, and the second is then refused (DUPLICATE) and changes nothing.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from payment_mocks.identity import IdType
from payment_mocks.ledger.errors import DuplicateEntry, InvalidRequest
from payment_mocks.ledger.ledger import Ledger

MAX_SUBJECTS = 2_000_000
MAX_ACCOUNTS_PER_SUBJECT = 10
MAX_BALANCE_FEN = 10**15
#: a random opening balance is below this (50,000 yuan) unless the caller fixes one
RANDOM_BALANCE_CEILING_FEN = 5_000_000
#: rows handed to one ``executemany`` (keeps the generated lists small; all still in one transaction)
CHUNK = 50_000
#: page cache while generating, in KiB (the connection's own setting is restored afterwards)
BULK_CACHE_KIB = 512 * 1024

# Prefectures (GB/T 2260) absent from the sample data and the docs, so generated IDs never meet a sample debtor.
# sorted, so that a generated ID's text order follows its position (see _Spread)
_REGIONS = ("130102", "140105", "210102", "230102", "320102", "320106", "330102", "330106", "340104", "350102",
            "360102", "370102", "410102", "420102", "420106", "430102", "450102", "500103", "510104", "510107",
            "520102", "530102", "610102", "620102")
_FIRST_DAY = date(1955, 1, 1)
_DAYS = (date(2004, 12, 31) - _FIRST_DAY).days + 1
_ID_SPACE = len(_REGIONS) * _DAYS * 1000
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力国民志兰新丹云飞鹏宇浩然雪梅晨阳"
_MASK64 = (1 << 64) - 1
_OPENID_ALPHABET = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"


def _digit_sum(text: str, offset: int) -> int:
    return sum(int(d) * _WEIGHTS[offset + i] for i, d in enumerate(text))


_REGION_SUMS = tuple(_digit_sum(r, 0) for r in _REGIONS)
_DAY_TEXT = tuple((_FIRST_DAY + timedelta(days=d)).strftime("%Y%m%d") for d in range(_DAYS))
_DAY_SUMS = tuple(_digit_sum(t, 6) for t in _DAY_TEXT)
_SEQ_SUMS = tuple(_digit_sum(f"{s:03d}", 14) for s in range(1000))


@dataclass(frozen=True)
class SyntheticSubject:
    name: str
    id_type: str
    id_number: str


@dataclass(frozen=True)
class GeneratedSeed:
    """What a generation wrote: counts, the money seeded, and the subject ids it took (inclusive)."""

    seed: int
    subjects: int
    accounts: int
    accounts_per_subject: int
    seeded_fen: int
    first_subject_id: int
    last_subject_id: int


def _mix(seed: int, salt: int) -> int:
    return random.Random(f"bulk:{salt}:{seed}").getrandbits(64)


class _Spread:
    """``index -> index * stride + a seeded jitter below stride``: strictly increasing, so distinct.

    Increasing keys make every index insert an append at the right edge of its B-tree, which is what lets a
    million rows go in within seconds; the seed still decides every number.
    """

    def __init__(self, seed: int, space: int, count: int, salt: int) -> None:
        self.stride = space // count
        self.key = _mix(seed, salt)

    def __call__(self, index: int) -> int:
        jitter = (((index ^ self.key) * 0x9E3779B97F4A7C15) & _MASK64) >> 24
        return index * self.stride + jitter % self.stride


class SubjectMaker:
    """Subjects of one seed: ``maker(i)`` is the i-th (0-based) synthetic debtor."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._position = _Spread(seed, _ID_SPACE, MAX_SUBJECTS, 1)
        self._name_key = _mix(seed, 5)

    def id_number(self, index: int) -> str:
        position = self._position(index)
        seq, rest = position % 1000, position // 1000
        day, region = rest % _DAYS, rest // _DAYS
        check = _CHECK[(_REGION_SUMS[region] + _DAY_SUMS[day] + _SEQ_SUMS[seq]) % 11]
        return f"{_REGIONS[region]}{_DAY_TEXT[day]}{seq:03d}{check}"

    def name(self, index: int) -> str:
        mixed = (((index ^ self._name_key) * 0x9E3779B97F4A7C15) & _MASK64) >> 20
        surname = _SURNAMES[mixed % len(_SURNAMES)]
        first = _GIVEN[(mixed >> 8) % len(_GIVEN)]
        second = _GIVEN[(mixed >> 16) % len(_GIVEN)] if (mixed >> 24) % 3 else ""
        return surname + first + second

    def __call__(self, index: int) -> SyntheticSubject:
        return SyntheticSubject(self.name(index), IdType.RESIDENT_ID.value, self.id_number(index))


def _luhn_digit(digits: str) -> str:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return str((10 - total % 10) % 10)


_PAIRS = tuple(a + b for a in _OPENID_ALPHABET for b in _OPENID_ALPHABET)


def _sortable_b64(value: int) -> str:
    """``value`` (below 2**60) in 10 characters of an openid's alphabet, in ASCII order, so order follows value."""
    pairs = _PAIRS
    return (pairs[(value >> 48) & 4095] + pairs[(value >> 36) & 4095] + pairs[(value >> 24) & 4095]
            + pairs[(value >> 12) & 4095] + pairs[value & 4095])


class AccountNumbering:
    """Account numbers in a provider's own format; ``numbering(k)`` is the k-th generated account's number."""

    def __init__(self, provider: str, seed: int) -> None:
        self.provider = provider
        most = MAX_SUBJECTS * MAX_ACCOUNTS_PER_SUBJECT
        self._bank = _Spread(seed, 10**12, most, 2)  # 623688 + 12 digits + a Luhn check digit: 19 digits
        self._alipay = _Spread(seed, 10**11, most, 3)  # 20889 + 11 digits: Alipay's 2088 + 12 digits
        self._wechat = _Spread(seed, 1 << 60, most, 4)
        self._wechat_tail = _mix(seed, 6)

    def __call__(self, k: int) -> str:
        if self.provider == "bank":
            body = f"623688{self._bank(k):012d}"
            return body + _luhn_digit(body)
        if self.provider == "alipay":
            return f"20889{self._alipay(k):011d}"
        if self.provider == "wechat":
            # an openid of 28 characters: an increasing head, and a tail that only makes it look random
            tail = (((k ^ self._wechat_tail) * 0x9E3779B97F4A7C15) & _MASK64) >> 4
            return "oFzS" + _sortable_b64(self._wechat(k)) + _sortable_b64(tail) + "Q7kx"
        return f"ACC{k:012d}"


def synthetic_subject(seed: int, index: int) -> SyntheticSubject:
    """The ``index``-th (0-based) subject a generation with ``seed`` writes."""
    return SubjectMaker(seed)(index)


def synthetic_account_no(provider: str, seed: int, index: int, account: int = 0, accounts_per_subject: int = 1
                         ) -> str:
    """The number of the ``account``-th account of the ``index``-th subject of a generation."""
    return AccountNumbering(provider, seed)(index * accounts_per_subject + account)


def check_request(subjects: object, seed: object, accounts_per_subject: object, balance_fen: object) -> None:
    """Refuse what a generation cannot take (InvalidRequest naming the field) before anything is written."""
    for name, value, lo, hi in (("subjects", subjects, 1, MAX_SUBJECTS), ("seed", seed, 0, _MASK64 >> 1),
                                ("accounts_per_subject", accounts_per_subject, 1, MAX_ACCOUNTS_PER_SUBJECT)):
        if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
            raise InvalidRequest(f"{name} must be an integer from {lo} to {hi}", field=name)
    if balance_fen is not None and (not isinstance(balance_fen, int) or isinstance(balance_fen, bool)
                                    or not 0 <= balance_fen <= MAX_BALANCE_FEN):
        raise InvalidRequest(f"balance_fen must be an integer from 0 to {MAX_BALANCE_FEN} fen", field="balance_fen")


def _chunks(total: int) -> Iterator[range]:
    for start in range(0, total, CHUNK):
        yield range(start, min(start + CHUNK, total))


def _balances(rng: random.Random, count: int, balance_fen: int | None) -> list[int]:
    if balance_fen is not None:
        return [balance_fen] * count
    draw, chance = rng.randrange, rng.random
    return [draw(RANDOM_BALANCE_CEILING_FEN) if chance() >= 0.05 else 0 for _ in range(count)]


@dataclass(frozen=True)
class _Rows:
    subjects: list[tuple[int, str, str, str, int]]
    accounts: list[tuple[str, int, int, int]]
    movements: list[tuple[int, str, int, int]]
    seeded_fen: int


class _RowMaker:
    """The rows of one chunk of subjects; chunks must be made in order (the balances come from one stream)."""

    def __init__(self, provider: str, seed: int, per: int, balance_fen: int | None, first_id: int, now: int
                 ) -> None:
        make = SubjectMaker(seed)
        self.name_of, self.id_of = make.name, make.id_number
        self.number = AccountNumbering(provider, seed)
        self.rng = random.Random(f"bulk-balances:{seed}")
        self.per, self.balance_fen, self.first_id, self.now = per, balance_fen, first_id, now

    def __call__(self, part: range) -> _Rows:
        first_id, now, per, number = self.first_id, self.now, self.per, self.number
        subjects = [(first_id + i, self.name_of(i), "resident_id", self.id_of(i), now) for i in part]
        keys = range(part.start * per, part.stop * per)
        numbers = [number(k) for k in keys]
        fens = _balances(self.rng, len(keys), self.balance_fen)
        accounts = [(no, first_id + k // per, fen, now) for k, no, fen in zip(keys, numbers, fens, strict=True)]
        movements = [(now, no, fen, fen) for no, fen in zip(numbers, fens, strict=True) if fen]
        return _Rows(subjects, accounts, movements, sum(fens))


def generate_subjects(ledger: Ledger, *, subjects: int, seed: int = 1, accounts_per_subject: int = 1,
                      balance_fen: int | None = None) -> GeneratedSeed:
    """Write ``subjects`` synthetic debtors with their accounts and opening balances, all or nothing.

    ``balance_fen`` None: each account gets a seeded random balance below 50,000 yuan (zero now and then).
    """
    check_request(subjects, seed, accounts_per_subject, balance_fen)
    seeded = 0
    try:
        with ledger.transaction() as tx:
            conn = tx.conn
            first_id = int(conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM subjects").fetchone()[0])
            make = _RowMaker(ledger.provider, seed, accounts_per_subject, balance_fen, first_id, tx.now_us)
            cache = int(conn.execute("PRAGMA cache_size").fetchone()[0])
            # a million rows over three indexes: a big page cache keeps the B-trees in memory while they grow
            conn.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
            try:
                for rows in map(make, _chunks(subjects)):
                    conn.executemany("INSERT INTO subjects(id, name, id_type, id_number, created_at)"
                                     " VALUES (?, ?, ?, ?, ?)", rows.subjects)
                    conn.executemany("INSERT INTO accounts(account_no, subject_id, balance, currency, opened_at)"
                                     " VALUES (?, ?, ?, 'CNY', ?)", rows.accounts)
                    conn.executemany("INSERT INTO movements(at, account_no, kind, amount, balance_after, memo)"
                                     " VALUES (?, ?, 'seed', ?, ?, 'opening balance')", rows.movements)
                    seeded += rows.seeded_fen
            finally:
                conn.execute(f"PRAGMA cache_size = {cache}")
    except sqlite3.IntegrityError as exc:
        raise DuplicateEntry(f"a generated subject or account already exists ({exc}); nothing was written;"
                             " generate into an empty ledger or use another seed", field="seed") from None
    return GeneratedSeed(seed, subjects, subjects * accounts_per_subject, accounts_per_subject, seeded,
                         first_id, first_id + subjects - 1)
