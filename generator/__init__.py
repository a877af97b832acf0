"""Retning: publish public strategies as a cross-linked, searchable static site."""

__version__ = "0.1.0"
