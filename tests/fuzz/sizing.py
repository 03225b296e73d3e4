"""How many examples each fuzzed operation or property gets: small in CI, larger on request."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

#: examples per API operation in CI; FREEZESIM_FUZZ_EXAMPLES=500 makes a big run
CI_EXAMPLES = 20


def examples(scale: int = 1) -> int:
    """The number of examples for one operation (``scale`` times more for cheap pure-function properties)."""
    return int(os.environ.get("FREEZESIM_FUZZ_EXAMPLES", CI_EXAMPLES)) * scale


def fuzz_settings(scale: int = 1) -> settings:
    """Hypothesis settings for the fuzz suite: no deadline (first requests warm caches), fixtures reused."""
    return settings(max_examples=examples(scale), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.filter_too_much, HealthCheck.data_too_large])
