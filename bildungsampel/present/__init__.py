"""Pure presentation helpers shared by the dashboard, the static figures and the CLI."""
