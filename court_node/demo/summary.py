"""The closing summary: per provider what was found, frozen, collected, released and lapsed, checked against the
providers' own books and the node's cases."""

from __future__ import annotations

from dataclasses import dataclass

from court_node.demo.cast import ACCOUNTS, FIRST_COURT, PROVIDERS, first_due, second_due
from court_node.demo.step import expect
from court_node.demo.tally import Figures
from court_node.demo.world import DemoWorld
from court_node.domain.money import yuan_to_fen


@dataclass(frozen=True)
class CaseLine:
    court: str
    case_number: str
    status: str
    due: int  # the judgment's amount
    collected: int


@dataclass(frozen=True)
class Summary:
    providers: dict[str, Figures]
    total: Figures
    paid_directly: int
    cases: list[CaseLine]


def summarise(world: DemoWorld) -> Summary:
    """The figures the steps observed, once each is confirmed by the books that hold it."""
    for provider in PROVIDERS:
        figures = world.tally[provider]
        expect(world.paid_to(FIRST_COURT, provider), figures.collected,
               f"what {provider} paid to {FIRST_COURT} (fen)")
        account = world.provider(provider, f"/accounts/{ACCOUNTS[provider]}")
        expect(int(account["held_fen"]), figures.still_held, f"what {provider} still holds frozen (fen)")
    cases = []
    for client, case_id, due in ((world.first, world.facts.first_case, first_due()),
                                 (world.second, world.facts.second_case, second_due())):
        case = client.case(case_id)
        cases.append(CaseLine(case["court"]["code"], case["case_number"], case["status"], due,
                              yuan_to_fen(case["collected"], allow_zero=True)))
    expect([(c.status, c.collected) for c in cases], [("satisfied", first_due()), ("filed", 0)],
           "the two cases (status, collected)")
    expect(cases[0].collected, world.tally.total().collected + world.tally.paid_directly,
           "the first case's collections (deductions plus the direct payment)")
    return Summary(dict(world.tally.providers), world.tally.total(), world.tally.paid_directly, cases)
