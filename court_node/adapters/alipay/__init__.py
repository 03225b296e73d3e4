"""The Alipay-like provider: the ``alipay.judicial.*`` methods of a signed gateway (RSA2 both ways)."""

from court_node.adapters.alipay.adapter import AlipayAdapter

__all__ = ["AlipayAdapter"]
