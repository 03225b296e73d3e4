"""Imports the adapters that ship with freezesim so that they register themselves."""

from court_node.adapters import alipay, bank, fake, wechat

__all__ = ["alipay", "bank", "fake", "wechat"]
