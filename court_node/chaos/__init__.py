"""The chaos run: seeded concurrent operations under faults, healing, and the check of every invariant."""
