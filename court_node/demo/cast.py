"""The story's people, accounts and figures: the sample borrower the mocks are seeded with, two courts, two creditors.

The figures are chosen so that every rule shows: the P2P judgment is larger than what 李明 holds less his living
allowance (so the planner freezes no more than is due, leaves him 1500.00 and asks the bank to capture later
credits for the rest, and he can still be listed as dishonest); the second court's smaller judgment can only wait in
line behind the first; the first court collects part by deduction, the rest is paid directly.
"""

from __future__ import annotations

from court_node.client import Party

DEBTOR = Party("李明", "resident_id", "11010819850315203X")
#: the P2P lending platform that won the judgment (the sample company the bank holds an account for)
P2P_PLATFORM = Party("北京星河网络科技有限公司", "uscc", "91110000600037341L")
#: a private lender who sued 李明 at another court
SECOND_CREDITOR = Party("陈静", "resident_id", "11010519491231002X")

FIRST_COURT, FIRST_JUDGE = "京0101", "demo-judge-0101"  # Beijing Dongcheng
SECOND_COURT, SECOND_JUDGE = "京0105", "demo-judge-0105"  # Beijing Chaoyang

#: 李明's accounts as the mocks' sample data seeds them, with the balance each starts with (fen)
ACCOUNTS = {"bank": "6222021234567890123", "alipay": "2088102146225135", "wechat": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"}
BALANCES = {"bank": 860_000, "alipay": 325_050, "wechat": 128_000}
PROVIDERS = ("bank", "alipay", "wechat")

LIVING_ALLOWANCE = 150_000  # the node's setting for the demo: 1500.00 left to a natural person
GRACE_DAYS = 60  # deductions only 60 days after the notice (the seed article)

FIRST_PRINCIPAL, FIRST_COSTS = 1_500_000, 20_000  # due 15200.00
SECOND_PRINCIPAL, SECOND_COSTS = 300_000, 5_000  # due 3050.00

TAOBAO_PURCHASE = 100_000  # refused: the Alipay money is frozen
GROCERIES = 3_500  # paid: the living allowance is his
G_TRAIN_TICKET = 55_300  # Beijing-Shanghai second class on a G train: refused once he is listed

FIRST_DEDUCTION = 500_000  # from the bank freeze, once the 60 days have passed


def first_due() -> int:
    return FIRST_PRINCIPAL + FIRST_COSTS


def second_due() -> int:
    return SECOND_PRINCIPAL + SECOND_COSTS
