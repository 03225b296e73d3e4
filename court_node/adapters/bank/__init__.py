"""The bank adapter: the asynchronous judicial assistance gateway, HMAC-signed both ways."""

from court_node.adapters.bank.adapter import BankAdapter

__all__ = ["BankAdapter"]
