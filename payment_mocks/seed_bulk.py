"""``python -m payment_mocks.seed_bulk``: generate many synthetic debtors into a mock's data folder before it starts.

Same generator as ``POST /_admin/seed/generate``; run it while the mock is stopped (or let the mock be: the
ledger's write lock makes it wait for the generation to finish).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

from payment_mocks.ledger import Ledger, LedgerError
from payment_mocks.ledger.bulk import (
    MAX_SUBJECTS,
    GeneratedSeed,
    generate_subjects,
    synthetic_account_no,
    synthetic_subject,
)
from payment_mocks.money import format_yuan

PROVIDER_NAMES = ("bank", "alipay", "wechat")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m payment_mocks.seed_bulk",
                                     description="Write N synthetic subjects with accounts into a mock's ledger.")
    parser.add_argument("provider", choices=PROVIDER_NAMES, help="whose account numbering to use")
    parser.add_argument("--data-dir", type=Path, required=True, help="the mock's data folder")
    parser.add_argument("--subjects", type=int, required=True, help=f"how many (1 to {MAX_SUBJECTS})")
    parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same data (default 1)")
    parser.add_argument("--accounts-per-subject", type=int, default=1, help="accounts each (1 to 10, default 1)")
    parser.add_argument("--balance-fen", type=int, help="every account's opening balance (default: seeded random)")
    parser.add_argument("--sample-out", type=Path,
                        help="also write a JSON file naming some generated debtors (for clients to query)")
    parser.add_argument("--sample-size", type=int, default=200, help="how many debtors --sample-out names")
    return parser


def sample(provider: str, done: GeneratedSeed, size: int, seconds: float, cpu_seconds: float) -> dict[str, Any]:
    """Seeded random debtors of a generation, with their accounts, and what the generation took."""
    picks = random.Random(f"bulk-sample:{done.seed}").sample(range(done.subjects), min(size, done.subjects))
    per = done.accounts_per_subject
    debtors = []
    for index in picks:
        who = synthetic_subject(done.seed, index)
        debtors.append({"name": who.name, "id_type": who.id_type, "id_number": who.id_number,
                        "account_nos": [synthetic_account_no(provider, done.seed, index, j, per) for j in range(per)]})
    return {"provider": provider, "seed": done.seed, "subjects": done.subjects, "accounts": done.accounts,
            "seeded_fen": done.seeded_fen, "seconds": round(seconds, 3), "cpu_seconds": round(cpu_seconds, 3),
            "debtors": debtors}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    ledger = Ledger(args.data_dir.expanduser().resolve(), provider=args.provider)
    started, cpu_started = time.perf_counter(), time.process_time()
    try:
        done = generate_subjects(ledger, subjects=args.subjects, seed=args.seed,
                                 accounts_per_subject=args.accounts_per_subject, balance_fen=args.balance_fen)
    except LedgerError as exc:
        print(f"error: {exc.field + ': ' if exc.field else ''}{exc.message}", file=sys.stderr)
        return 2
    finally:
        ledger.close()
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    if args.sample_out is not None:
        args.sample_out.write_text(json.dumps(sample(args.provider, done, args.sample_size, seconds, cpu_seconds),
                                              ensure_ascii=False, indent=1), encoding="utf-8")
    first = synthetic_subject(args.seed, 0)
    print(f"generated {done.subjects} subjects and {done.accounts} accounts holding {format_yuan(done.seeded_fen)}"
          f" yuan in {seconds:.1f} s; the first is {first.name} {first.id_number} with account"
          f" {synthetic_account_no(args.provider, args.seed, 0, 0, args.accounts_per_subject)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
