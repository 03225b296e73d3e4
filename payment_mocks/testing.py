"""Helpers for testing code against the mock providers: in-process mode and pytest fixtures."""

from __future__ import annotations
