"""fintrack.study (in progress)."""
