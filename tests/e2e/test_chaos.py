"""A short chaos run on a real stack: every fault kind at least once (a provider and the node SIGKILLed and
restarted among them), then healing; no invariant broken and every unknown outcome resolved."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from court_node.chaos.faults import FAULT_KINDS
from court_node.chaos.report import REPORT_KEYS
from court_node.cli.main import cli

pytestmark = pytest.mark.slow

SEED = 3  # its 50 s schedule meets every fault kind (tests/unit/court/chaos/test_schedule.py)


@pytest.fixture(scope="module")
def chaos_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, str, dict[str, Any], Path]]:
    out = tmp_path_factory.mktemp("chaos-report")
    result = CliRunner().invoke(cli, ["chaos", "--seed", str(SEED), "--duration", "50s", "--out", str(out),
                                      "--data-dir", str(tmp_path_factory.mktemp("chaos-stack"))])
    report = json.loads((out / "report.json").read_text()) if (out / "report.json").exists() else {}
    yield result.exit_code, result.output, report, out


@pytest.mark.timeout(600)
def test_the_run_passes_with_no_violation(chaos_run: tuple[int, str, dict[str, Any], Path]) -> None:
    code, output, report, _ = chaos_run
    assert report["violations"] == [], output
    assert code == 0, output


def test_every_unknown_is_resolved(chaos_run: tuple[int, str, dict[str, Any], Path]) -> None:
    unknowns = chaos_run[2]["unknowns"]
    assert unknowns["unresolved"] == 0, unknowns
    assert unknowns["resolved"] == unknowns["total"]


def test_every_fault_kind_was_injected(chaos_run: tuple[int, str, dict[str, Any], Path]) -> None:
    faults = chaos_run[2]["faults"]
    assert all(faults["by_kind"][kind] >= 1 for kind in FAULT_KINDS), faults["by_kind"]


def test_the_report_has_its_keys_and_counts_every_operation(
    chaos_run: tuple[int, str, dict[str, Any], Path],
) -> None:
    report = chaos_run[2]
    assert set(REPORT_KEYS) <= set(report)
    ops = report["operations"]
    assert ops["total"] + ops["not_run"] == report["schedule"]["operations"]
    assert sum(ops["by_outcome"].values()) == ops["total"]
    assert report["healing"]["still_open"] == 0


def test_the_plot_is_a_png(chaos_run: tuple[int, str, dict[str, Any], Path]) -> None:
    assert (chaos_run[3] / "money.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_summary_is_printed(chaos_run: tuple[int, str, dict[str, Any], Path]) -> None:
    output = chaos_run[1]
    assert "violations: 0" in output
    assert "result: OK" in output
