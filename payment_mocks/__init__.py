"""Mock payment providers for freezesim: a bank, an Alipay-like and a WeChat-wallet-like platform.

All three share one judicial freeze ledger (``payment_mocks.ledger``) and one control API
(``payment_mocks.control``); each speaks its own wire dialect.
"""

__version__ = "0.1.0"
