"""Performance suite: python -m benchmarks --sizes 18,542,5000,20000 (see README)."""
