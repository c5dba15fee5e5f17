"""Bildungsampel application layer: data loading pipeline, rendering, CLI."""

__version__ = "0.1.0"
