"""`freezesim demo`, the real command in its own process: the whole story on a fresh stack, checked step by step;
a step that does not happen as told fails the demo naming it; nothing is left running afterwards."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from court_node.cli.processes import port_is_free
from court_node.demo.story import STORY

pytestmark = pytest.mark.slow

#: the story's figures per provider: found, frozen, collected, released, lapsed
SUMMARY = {
    "bank": ["8600.00", "11650.00", "5000.00", "3600.00", "3050.00"],
    "alipay": ["3250.50", "3030.50", "3030.50", "0.00", "0.00"],
    "wechat": ["1280.00", "0.00", "0.00", "0.00", "0.00"],
    "total": ["13130.50", "14680.50", "8030.50", "3600.00", "3050.00"],
}


def _environment(**extra: str) -> dict[str, str]:
    """The caller's environment without what would change the node's settings or force terminal output."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("FREEZESIM_NODE_") and k not in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")}
    return {**env, **extra}


def _command(data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "court_node", "demo", "--data-dir", str(data_dir), *args]


def _demo(data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(_command(data_dir), capture_output=True, text=True, timeout=240, env=_environment(**env))


def _stack_ports(output: str) -> dict[str, int]:
    return {name: int(port) for name, port in re.findall(r"^  (node|bank|alipay|wechat) +http://127\.0\.0\.1:(\d+)",
                                                         output, re.MULTILINE)}


def _year(output: str) -> str:
    """The year the cases were filed in, on the simulated clock."""
    found = re.search(r"file case （(\d{4})）京0101执1024号", output)
    return found.group(1) if found else ""


def _processes_mentioning(folder: Path) -> list[int]:
    """Processes whose command line names ``folder`` (the stack's services are started with it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if str(folder) in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _nothing_left(folder: Path, ports: dict[str, int]) -> None:
    assert len(ports) == 4, f"the stack's ports were not printed: {ports}"
    assert _processes_mentioning(folder.resolve()) == []
    assert all(port_is_free(port) for port in ports.values()), ports


def test_the_demo_tells_the_whole_story_and_exits_0(tmp_path: Path) -> None:
    run = _demo(tmp_path / "demo")
    assert run.returncode == 0, run.stderr + run.stdout
    out = run.stdout
    headings = [f"[{n}/{len(STORY)}] {step.title}\n" for n, step in enumerate(STORY, 1)]
    assert all(h in out for h in headings), out
    assert [out.index(h) for h in headings] == sorted(out.index(h) for h in headings)
    summary = out[out.index("\nSummary\n"):].splitlines()
    rows = {line.split()[0]: line.split()[1:] for line in summary[3:7]}
    assert rows == SUMMARY
    assert "  paid directly to the court by the debtor's family: 7169.50" in summary
    year = _year(out)
    assert [line for line in summary if "执" in line] == [
        f"  （{year}）京0101执1024号: satisfied, collected 15200.00 of 15200.00",
        f"  （{year}）京0105执2048号: filed, collected 0.00 of 3050.00"]
    assert "  invariants: all hold (checked 11 times: after every step and at the end)" in summary
    assert "\x1b" not in out + run.stderr  # piped: plain lines, no escape codes
    _nothing_left(tmp_path / "demo", _stack_ports(out))


def test_a_step_that_does_not_happen_as_told_fails_the_demo_naming_it(tmp_path: Path) -> None:
    # a node configured to leave the debtor nothing plans other freezes than the story's (DOMAIN.md rule 8)
    run = _demo(tmp_path / "demo", FREEZESIM_NODE_LIVING_ALLOWANCE="0.00")
    assert run.returncode == 1, run.stderr + run.stdout
    assert f"step 3 \"{STORY[2].title}\" failed: expected the planned freezes" in run.stderr
    assert f"service logs: {(tmp_path / 'demo').resolve() / 'logs'}" in run.stderr
    assert f"[2/{len(STORY)}]" in run.stdout and f"[4/{len(STORY)}]" not in run.stdout
    assert "FAILED: step 3" in run.stdout
    _nothing_left(tmp_path / "demo", _stack_ports(run.stdout))


def test_keep_running_leaves_the_stack_up_for_the_console_until_ctrl_c(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    proc = subprocess.Popen(_command(folder, "--keep-running"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=_environment())
    try:
        assert proc.stdout is not None
        seen = []
        for line in proc.stdout:
            seen.append(line)
            if line.startswith("Try:"):
                break
        output = "".join(seen)
        assert "The stack stays up for the console" in output, output
        ports = _stack_ports(output)
        cases = requests.get(f"http://127.0.0.1:{ports['node']}/api/v1/cases", timeout=10,
                             headers={"Authorization": "Bearer demo-judge-0101"}).json()
        assert [c["status"] for c in cases["cases"]] == ["satisfied"]
        clock = subprocess.run([sys.executable, "-m", "court_node", "clock", "show", "--data-dir", str(folder)],
                               capture_output=True, text=True, timeout=60)
        assert clock.returncode == 0 and len(clock.stdout.splitlines()) == 4, clock.stderr
        proc.send_signal(signal.SIGINT)
        rest, errors = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, errors
    assert "stopping..." in rest
    _nothing_left(folder, ports)
