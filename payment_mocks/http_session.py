"""Keep-alive HTTP sessions for the mocks' own clients, with a pool as large as the callers' parallelism.

Without it, more concurrent calls to one mock than urllib3's default of 10 open a connection each and throw it
away afterwards. The court node has its own (``court_node.adapters.http_session``): neither package imports the
other.
"""

from __future__ import annotations

import requests
from requests.adapters import HTTPAdapter

#: connections kept open per host
POOL_SIZE = 32


def pooled_session(pool_size: int = POOL_SIZE) -> requests.Session:
    """A ``requests.Session`` reusing up to ``pool_size`` keep-alive connections per host; no urllib3 retries."""
    session = requests.Session()
    # every call goes to a loopback service, where no proxy ever applies; without this, requests scans the
    # environment for proxy settings on every call
    session.trust_env = False
    adapter = HTTPAdapter(pool_connections=2, pool_maxsize=pool_size, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
