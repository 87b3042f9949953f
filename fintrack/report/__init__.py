"""fintrack.report (in progress)."""
