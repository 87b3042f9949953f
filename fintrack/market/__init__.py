"""fintrack.market (in progress)."""
