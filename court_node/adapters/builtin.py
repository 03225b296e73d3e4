"""Imports the adapters that ship with freezesim so that they register themselves."""

