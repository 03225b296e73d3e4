"""The contract's provider targets (every mock as a real process, once per session) for the proofs."""

from tests.contract.conftest import adapter, desk, other_desk, running_target, target

__all__ = ["adapter", "desk", "other_desk", "running_target", "target"]
