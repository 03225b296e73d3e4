"""Numbers a scenario leaves out, drawn from its seed: ID numbers, case and document numbers, request keys.

The same seed gives the same numbers, so a rerun with ``--seed`` sends exactly the same requests.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

_RID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def resident_id(first17: str) -> str:
    """``first17`` with its GB 11643 check character."""
    total = sum(int(d) * w for d, w in zip(first17, _RID_WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def uscc(first17: str) -> str:
    """``first17`` with its GB 32100 check character."""
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return first17 + _USCC_ALPHABET[(31 - total % 31) % 31]


#: the creditor a case gets when the scenario names none: a lending company
DEFAULT_CREDITOR = ("某网络借贷信息中介有限公司", "uscc", uscc("91110108MA01ABCDE"))


@dataclass
class Numbers:
    """Every generated number of one scenario run, from one seeded generator."""

    rng: random.Random
    _serials: set[int] = field(default_factory=set)
    _documents: dict[str, int] = field(default_factory=dict)

    def id_number(self, id_type: str) -> str:
        if id_type == "uscc":
            body = "".join(self.rng.choice(_USCC_ALPHABET[:10] + "ABCDEFGH") for _ in range(9))
            return uscc(f"91110105{body}")
        birth = f"{self.rng.randrange(1960, 2001)}{self.rng.randrange(1, 13):02d}{self.rng.randrange(1, 29):02d}"
        return resident_id(f"110105{birth}{self.rng.randrange(0, 1000):03d}")

    def case_number(self, year: int, court: str) -> str:
        serial = self.rng.randrange(100, 10_000)
        while serial in self._serials:
            serial = self.rng.randrange(100, 10_000)
        self._serials.add(serial)
        return f"（{year}）{court}执{serial}号"

    def document_no(self, case_number: str) -> str:
        """``（2026）京0101执4821号之3``: the case's rulings, numbered in order."""
        count = self._documents.get(case_number, 0) + 1
        self._documents[case_number] = count
        return f"{case_number}之{count}"

    def key(self) -> str:
        """An ``Idempotency-Key``."""
        return f"scenario-{self.rng.getrandbits(64):016x}"

    def fault_seed(self) -> int:
        return self.rng.randrange(1, 1_000_000)
