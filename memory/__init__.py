"""Vector memory of generation outcomes: recall what was approved, learn from what was rejected."""
