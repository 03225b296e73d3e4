"""The chaos run's picture: total money per provider over time, fault windows shaded and labelled."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display: the plot is written to a file, also in CI

import matplotlib.pyplot as plt
from matplotlib.axes import Axes

from court_node.chaos.faults import CLOCK_JUMP, KILL_NODE, KILL_PROVIDER
from court_node.chaos.report import AppliedFault
from court_node.chaos.sampling import MoneySample

_COLOURS = {"latency": "#9ecae1", "error": "#fc9272", "timeout": "#fdd0a2", "drop": "#c7e9c0",
            "refuse": "#dadaeb", KILL_PROVIDER: "#e34a33", KILL_NODE: "#756bb1", CLOCK_JUMP: "#636363"}


def plot_money(path: Path, providers: Sequence[str], money: Sequence[MoneySample],
               applied: Sequence[AppliedFault], title: str) -> None:
    """One panel per provider (their totals differ by orders of magnitude), sharing the time axis."""
    fig, axes = plt.subplots(len(providers), 1, figsize=(11, 2.6 * len(providers)), sharex=True, squeeze=False)
    for ax, provider in zip(axes[:, 0], providers, strict=True):
        mine = [s for s in money if s.provider == provider]
        ax.step([s.t for s in mine], [s.total_fen / 100 for s in mine], where="post", color="#08519c",
                label="balances + payouts + debtor payments")
        ax.step([s.t for s in mine], [s.inflow_fen / 100 for s in mine], where="post", color="#f16913",
                linestyle="--", linewidth=1, label="seeded + credited")
        for fault in applied:
            _shade(ax, fault, provider)
        ax.set_ylabel(f"{provider} (yuan)")
        ax.ticklabel_format(axis="y", style="plain", useOffset=False)
        ax.grid(axis="y", alpha=0.3)
    axes[0, 0].legend(loc="lower right", fontsize=8)
    axes[0, 0].set_title(title)
    axes[-1, 0].set_xlabel("seconds since the chaos began")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _shade(ax: Axes, fault: AppliedFault, provider: str) -> None:
    w = fault.window
    if w.target not in (provider, "node", "all") or fault.error:
        return
    colour = _COLOURS.get(w.kind, "#bdbdbd")
    if w.kind == CLOCK_JUMP:
        ax.axvline(fault.began_s, color=colour, linestyle=":", linewidth=1)
    else:
        ax.axvspan(fault.began_s, max(fault.ended_s, fault.began_s + 0.2), color=colour, alpha=0.45, linewidth=0)
    ax.annotate(w.label(), xy=(fault.began_s, 1.0), xycoords=("data", "axes fraction"), fontsize=6,
                rotation=90, va="top", ha="right", color="#252525")
