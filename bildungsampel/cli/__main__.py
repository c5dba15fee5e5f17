"""``python -m bildungsampel.cli``."""

from bildungsampel.cli import main

main()
