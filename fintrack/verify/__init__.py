"""fintrack.verify (in progress)."""
