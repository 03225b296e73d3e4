"""The training console at ``/console``: server-rendered pages over the node's own services.

Sign in with a user token; see the court's cases and, for one case, the debtor's accounts at every provider,
each freeze with its place in line and days to expiry, the timeline and the simulated clock; act from the case
page through the same services, role checks, audit trail and idempotency as the API.
"""

from court_node.console import actions, filing, freezing, pages, signin  # noqa: F401  (each registers its routes)
from court_node.console.blueprint import bp
from court_node.console.session import configure_sessions

__all__ = ["bp", "configure_sessions"]
