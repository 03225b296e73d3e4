"""The WeChat wallet adapter (``wechat``): the ``wechatpay-v3`` dialect, spoken from the court node's side."""

from court_node.adapters.wechat.adapter import WechatAdapter

__all__ = ["WechatAdapter"]
