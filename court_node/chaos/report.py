"""The chaos run's JSON report and its readable summary."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from court_node.chaos.checker import Finding
from court_node.chaos.faults import FAULT_KINDS, FaultWindow
from court_node.chaos.healing import UNRESOLVED
from court_node.chaos.history import FAILED, OK, UNKNOWN, Entry
from court_node.chaos.sampling import CheckSample
from court_node.chaos.schedule import OPERATION_WEIGHTS, Schedule

OUTCOMES = (OK, FAILED, UNKNOWN)
REPORT_KEYS = ("seed", "duration_s", "elapsed_s", "courts", "workers", "schedule", "operations", "unknowns",
               "faults", "healing", "violations", "ok")


@dataclass(frozen=True)
class AppliedFault:
    """A fault window as it really ran: offsets from the start of the chaos phase."""

    window: FaultWindow
    began_s: float
    ended_s: float
    error: str = ""

    def as_json(self) -> dict[str, Any]:
        w = self.window
        return {"kind": w.kind, "target": w.target, "planned_start_s": w.start_s, "planned_length_s": w.length_s,
                "began_s": round(self.began_s, 3), "ended_s": round(self.ended_s, 3), "seed": w.seed,
                "settings": dict(w.settings), "error": self.error}


def operations_json(entries: Sequence[Entry]) -> dict[str, Any]:
    by_kind = {kind: dict.fromkeys(OUTCOMES, 0) for kind in OPERATION_WEIGHTS}
    for e in entries:
        by_kind[e.kind][e.outcome] += 1
    refusals = Counter(f"{e.kind} {e.code}" for e in entries if e.outcome == FAILED)
    return {"total": len(entries), "by_outcome": {o: sum(k[o] for k in by_kind.values()) for o in OUTCOMES},
            "by_kind": by_kind, "refusals": dict(sorted(refusals.items()))}


def unknowns_json(entries: Sequence[Entry]) -> dict[str, Any]:
    unknown = [e for e in entries if e.outcome == UNKNOWN]
    return {"total": len(unknown), "resolved": sum(e.resolution != UNRESOLVED for e in unknown),
            "unresolved": sum(e.resolution == UNRESOLVED for e in unknown),
            "by_resolution": dict(Counter(e.resolution for e in unknown)),
            "items": [{"seq": e.seq, "kind": e.kind, "court": e.court, "case": e.case, "target": e.target,
                       "document_no": e.document_no, "code": e.code, "detail": e.detail,
                       "resolution": e.resolution, "how": e.resolution_detail} for e in unknown]}


def faults_json(applied: Sequence[AppliedFault]) -> dict[str, Any]:
    counted = Counter(a.window.kind for a in applied if not a.error)
    return {"by_kind": {kind: counted.get(kind, 0) for kind in FAULT_KINDS},
            "windows": [a.as_json() for a in applied]}


def violations_json(findings: Iterable[Finding], samples: Sequence[CheckSample], final_check_s: float,
                    entries: Sequence[Entry]) -> list[dict[str, Any]]:
    """Each violation with when a check first saw it and the operation completed last before that check."""
    first_seen: dict[tuple[str, str, str], float] = {}
    for sample in sorted(samples, key=lambda s: s.t):
        for v in sample.violations:
            first_seen.setdefault((v.where, f"invariant {v.rule}", v.message), sample.t)
    rendered = {}
    for f in findings:
        rendered[f.key()] = final_check_s
    for key, t in first_seen.items():  # seen during the run, even if healing repaired it: still a violation
        rendered[key] = min(t, rendered.get(key, t))
    out = []
    for (where, rule, message), t in sorted(rendered.items(), key=lambda kv: kv[1]):
        suspect = last_completed_before(entries, t)
        out.append({"where": where, "rule": rule, "message": message, "first_seen_s": t,
                    "first_operation": None if suspect is None else {
                        "seq": suspect.seq, "kind": suspect.kind, "court": suspect.court, "case": suspect.case,
                        "target": suspect.target, "end_s": suspect.end_s, "outcome": suspect.outcome}})
    return out


def last_completed_before(entries: Sequence[Entry], t: float) -> Entry | None:
    done = [e for e in entries if e.end_s <= t]
    return max(done, key=lambda e: e.end_s) if done else None


def schedule_json(schedule: Schedule) -> dict[str, Any]:
    return {**schedule.as_summary(), "sha256": hashlib.sha256(schedule.to_json().encode()).hexdigest()}


def summary_lines(report: dict[str, Any]) -> list[str]:
    """What stdout shows: the figures a reader checks first."""
    ops, unknowns, faults = report["operations"], report["unknowns"], report["faults"]
    lines = [f"chaos run: seed {report['seed']}, {report['duration_s']:g} s of chaos "
             f"({report['elapsed_s']:.0f} s in all), courts {', '.join(report['courts'])}, "
             f"{report['workers']} workers",
             f"schedule: {report['schedule']['operations']} operations, {report['schedule']['faults']} fault "
             f"windows, {report['schedule']['cases']} cases of {report['schedule']['debtors']} debtors",
             "operations       ok  failed  unknown"]
    for kind, counts in ops["by_kind"].items():
        lines.append(f"  {kind:<12} {counts[OK]:>5} {counts[FAILED]:>7} {counts[UNKNOWN]:>8}")
    totals = ops["by_outcome"]
    lines.append(f"  {'total':<12} {totals[OK]:>5} {totals[FAILED]:>7} {totals[UNKNOWN]:>8}")
    lines.append("faults: " + ", ".join(f"{k} {n}" for k, n in faults["by_kind"].items()))
    lines.append(f"unknowns: {unknowns['total']}, resolved {unknowns['resolved']} "
                 f"({', '.join(f'{k} {n}' for k, n in unknowns['by_resolution'].items()) or 'none'}), "
                 f"unresolved {unknowns['unresolved']}")
    lines.append(f"violations: {len(report['violations'])}")
    for v in report["violations"]:
        op = v["first_operation"]
        culprit = "before any operation" if op is None else f"after operation {op['seq']} ({op['kind']})"
        lines.append(f"  {v['where']}: {v['rule']}: {v['message']} (first seen at {v['first_seen_s']:.1f} s, "
                     f"{culprit})")
    lines.append("result: " + ("OK" if report["ok"] else "FAILED"))
    return lines
