"""What the story found, froze, collected, released and saw lapse, per provider, as the steps observed it."""

from __future__ import annotations

from dataclasses import dataclass, field

from court_node.demo.cast import PROVIDERS


@dataclass
class Figures:
    """One provider's figures in fen."""

    found: int = 0  # what the first inspection found
    frozen: int = 0  # what freezes held when they took effect (both courts)
    collected: int = 0  # deducted into a court's enforcement account
    released: int = 0  # held by a freeze when it was released
    lapsed: int = 0  # held by a freeze when it expired unrenewed

    @property
    def still_held(self) -> int:
        return self.frozen - self.collected - self.released - self.lapsed


@dataclass
class Tally:
    providers: dict[str, Figures] = field(default_factory=lambda: {name: Figures() for name in PROVIDERS})
    paid_directly: int = 0  # paid by the debtor to the court, outside any provider

    def __getitem__(self, provider: str) -> Figures:
        return self.providers[provider]

    def total(self) -> Figures:
        rows = self.providers.values()
        return Figures(sum(f.found for f in rows), sum(f.frozen for f in rows), sum(f.collected for f in rows),
                       sum(f.released for f in rows), sum(f.lapsed for f in rows))
