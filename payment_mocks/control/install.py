"""Wires the control API, fault injection and the request journal into a provider's app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask

if TYPE_CHECKING:
    from payment_mocks.runtime import Provider


def install(app: Flask, provider: Provider) -> None:
    """Register the shared pieces on ``app``."""
