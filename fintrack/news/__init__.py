"""fintrack.news (in progress)."""
