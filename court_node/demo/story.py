"""The seed's story (seed-article.txt, DOMAIN.md), in the order it is told: ten steps, each outcome checked."""

from __future__ import annotations

from court_node.demo.cast import (
    DEBTOR,
    FIRST_COSTS,
    FIRST_COURT,
    FIRST_DEDUCTION,
    FIRST_PRINCIPAL,
    GRACE_DAYS,
    LIVING_ALLOWANCE,
    SECOND_COURT,
    SECOND_CREDITOR,
    SECOND_PRINCIPAL,
    first_due,
)
from court_node.demo.collection import case_satisfied, deduct_after_the_notice_period
from court_node.demo.debtor import list_as_dishonest, pay_on_alipay
from court_node.demo.inspection import inspect_everywhere
from court_node.demo.opening import file_the_case, freeze_what_is_due
from court_node.demo.second_court import freeze_lapses, second_court_waits, waiting_freeze_takes_effect
from court_node.demo.step import Step
from court_node.domain.money import fen_to_yuan as yuan

HE = DEBTOR.name

STORY: tuple[Step, ...] = (
    Step("The case is filed after the judgment",
         f"A P2P lending platform won a judgment against its overdue borrower {HE} ({yuan(FIRST_PRINCIPAL)} and "
         f"{yuan(FIRST_COSTS)} costs); he did not pay, so it applied for enforcement. The Dongcheng court "
         f"({FIRST_COURT}) files the case and serves the enforcement notice: deductions must wait {GRACE_DAYS} days "
         "after it (rule 9).",
         file_the_case),
    Step("An inspection across the three providers; the bank answers later",
         f"The judge asks the bank, the Alipay-like and the WeChat-like platforms at once what {HE} holds. The two "
         "platforms answer at once; the bank accepts the request and sends its feedback later, as real banks do.",
         inspect_everywhere),
    Step("Freezes planned across his accounts, without over-freezing",
         f"The node plans the {yuan(first_due())} due across the accounts in provider order, never more than is due "
         f"(rule 5), leaves {HE} his {yuan(LIVING_ALLOWANCE)} living allowance (rule 8), and asks the bank to "
         "capture later credits for what he does not have yet (rule 6).",
         freeze_what_is_due),
    Step(f"{HE} tries to pay on Alipay and is refused",
         "As in the article: \"can not pay, and can not buy things on Taobao\". What is left to him still pays for "
         "groceries.",
         pay_on_alipay),
    Step("A second court's freeze waits in line",
         f"{SECOND_CREDITOR.name} lent {HE} {yuan(SECOND_PRINCIPAL)} privately and won at the Chaoyang court "
         f"({SECOND_COURT}). Its inspection sees Dongcheng's freezes as prior measures; the money is already held, "
         "so its freeze waits in line at the bank (rules 4 and 10).",
         second_court_waits),
    Step(f"A deduction refused before {GRACE_DAYS} days from the notice, the clock moved, then allowed",
         f"The judge tries to deduct {yuan(FIRST_DEDUCTION)} from the bank freeze at once and is refused. Every "
         f"service's clock moves {GRACE_DAYS} days together; the same deduction is then allowed and paid into the "
         "court's enforcement account (rules 7 and 9).",
         deduct_after_the_notice_period),
    Step(f"{HE} is listed as a dishonest debtor and refused a G-train ticket",
         "What is frozen does not cover what is due, so the court lists him and publishes a consumption "
         "restriction order to every provider; money that is not frozen still cannot buy a G-train ticket "
         "(rule 12).",
         list_as_dishonest),
    Step("The case is satisfied and the excess released",
         f"The court deducts what the Alipay freeze holds and {HE}'s family pays the rest directly. Collected equals "
         "due: the case is satisfied, what the bank freeze still holds is released and the restriction orders are "
         "lifted (rules 5 and 13).",
         case_satisfied),
    Step("The second court's waiting freeze takes effect",
         "The bank money Dongcheng released is what Chaoyang was waiting for: its freeze takes effect by itself, "
         "without anyone asking, and its one-year term starts now (rule 4).",
         waiting_freeze_takes_effect),
    Step("A year passes unrenewed and that freeze lapses",
         "Nobody renews the Chaoyang freeze. A year later it lapses by itself at the bank and on the node, and a "
         "renewal after expiry is refused (rules 2 and 3).",
         freeze_lapses),
)
