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
#: a violation lists at most this many of the operations that may have broken it (and how many there were)
MAX_SUSPECTS = 20
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
    """Each violation with when a check first saw it and the first operation that may have broken it: for one a
    sample saw, the operations that ended or were in flight between the last passing sample of that stream and
    the first failing one (the first to end named); for one only the final check saw, the last to complete."""
    seen = first_failures(samples)
    rendered: dict[tuple[str, str, str], tuple[float, str]] = {}
    for f in findings:
        rendered[f.key()] = (final_check_s, f.detail)
    for key, sampled in seen.items():  # seen during the run, even if healing repaired it: still a violation
        if sampled.sample.t <= rendered.get(key, (sampled.sample.t, ""))[0]:
            rendered[key] = (sampled.sample.t, sampled.detail)
    out = []
    for (where, rule, message), (t, detail) in sorted(rendered.items(), key=lambda kv: kv[1][0]):
        failure = seen.get((where, rule, message))
        item: dict[str, Any] = {"where": where, "rule": rule, "message": message, "first_seen_s": t,
                                "detail": detail}
        if failure is not None and failure.sample.t == t:
            suspects = failure.suspects(entries)
            first = suspects[0] if suspects else None
            item.update(seen_by="sample", stream=failure.sample.stream,
                        last_passing_s=None if failure.passed is None else failure.passed.t,
                        suspects=[_operation_json(e) for e in suspects[:MAX_SUSPECTS]],
                        suspects_total=len(suspects))
        else:
            first = last_completed_before(entries, t)
            item.update(seen_by="final check", stream="", last_passing_s=None, suspects=[], suspects_total=0)
        item["first_operation"] = None if first is None else _operation_json(first)
        out.append(item)
    return out


@dataclass(frozen=True)
class FirstFailure:
    """The first sample of a stream that saw a violation, the one of the same stream before it, and its figures."""

    sample: CheckSample
    passed: CheckSample | None
    detail: str

    def suspects(self, entries: Sequence[Entry]) -> list[Entry]:
        """Operations begun before the failing sample ended that had not ended when the passing one began, in
        the order they ended: one of them broke it (or something none of them did: an expiry, a restart)."""
        since = float("-inf") if self.passed is None else self.passed.t
        return sorted((e for e in entries if e.start_s < self.sample.end and e.end_s > since),
                      key=lambda e: (e.end_s, e.seq))


def first_failures(samples: Sequence[CheckSample]) -> dict[tuple[str, str, str], FirstFailure]:
    """For each violation any sample saw: the first sample that saw it, and the sample of its stream before."""
    first: dict[tuple[str, str, str], FirstFailure] = {}
    previous: dict[str, CheckSample] = {}
    for sample in sorted(samples, key=lambda s: s.t):
        keyed = [((v.where, f"invariant {v.rule}", v.message), "") for v in sample.violations]
        keyed += [(f.key(), f.detail) for f in sample.findings]
        for key, detail in keyed:
            if key not in first:
                first[key] = FirstFailure(sample, previous.get(sample.stream), detail)
        previous[sample.stream] = sample
    return first


def _operation_json(e: Entry) -> dict[str, Any]:
    return {"seq": e.seq, "kind": e.kind, "court": e.court, "case": e.case, "target": e.target,
            "start_s": e.start_s, "end_s": e.end_s, "outcome": e.outcome}


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
        if op is not None:
            culprit = f"first operation {op['seq']} ({op['kind']} {op['target']})"
            if v.get("suspects_total", 0) > 1:
                culprit += f" of {v['suspects_total']} since the last passing sample"
        elif v.get("seen_by") == "sample":
            culprit = "no operation since the last passing sample"
        else:
            culprit = "before any operation"
        lines.append(f"  {v['where']}: {v['rule']}: {v['message']} (first seen at {v['first_seen_s']:.1f} s, "
                     f"{culprit})")
    lines.append("result: " + ("OK" if report["ok"] else "FAILED"))
    return lines
