"""The Alipay-like mock provider (open-platform gateway style): judicial methods and the debtor's balance."""

from payment_mocks.alipay.app import create_app

__all__ = ["create_app"]
