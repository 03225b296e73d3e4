"""The control API every mock shares (``/_admin``): seed, reset, snapshot, journal, faults, clock, profile."""
