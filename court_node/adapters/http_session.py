"""Keep-alive HTTP sessions with a connection pool as large as the node's parallelism, for every outbound call.

Without a pool this large, concurrent calls to one host beyond urllib3's default of 10 open a connection each
and throw it away afterwards ("Connection pool is full"). Retries are the callers' own (with the same request
number), never urllib3's.
"""

from __future__ import annotations

import requests
from requests.adapters import HTTPAdapter

#: connections kept open per host: at least the most calls the node makes to one provider at once
POOL_SIZE = 32
#: distinct hosts whose pools are kept (one provider, or the node, per session in practice)
HOSTS_KEPT = 4


def pooled_session(pool_size: int = POOL_SIZE) -> requests.Session:
    """A ``requests.Session`` reusing up to ``pool_size`` keep-alive connections per host."""
    if pool_size < 1:
        raise ValueError(f"a connection pool needs at least one connection, not {pool_size}")
    session = requests.Session()
    # every call goes to a loopback service, where no proxy ever applies; without this, requests scans the
    # environment for proxy settings on every call
    session.trust_env = False
    adapter = HTTPAdapter(pool_connections=HOSTS_KEPT, pool_maxsize=pool_size, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
