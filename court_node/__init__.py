"""The court node: the network inspection and control service (网络执行查控系统) and the freezesim command.

It reaches payment providers only over HTTP, through adapters; it never imports ``payment_mocks``.
"""

__version__ = "0.1.0"
