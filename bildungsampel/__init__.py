"""Bildungsampel application layer: rooms app/, service/, present/ and the CLI."""

__version__ = "0.1.0"
