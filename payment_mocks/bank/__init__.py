"""The bank mock: an asynchronous judicial assistance gateway (HMAC-signed JSON, yuan strings, 202 then feedback)."""

from payment_mocks.bank.app import BankState, bank_state, create_app

__all__ = ["BankState", "bank_state", "create_app"]
