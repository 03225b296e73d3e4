"""The WeChat-wallet-like mock provider (WeChat Pay API v3 style): judicial endpoints and the debtor's wallet."""

from payment_mocks.wechat.app import create_app

__all__ = ["create_app"]
