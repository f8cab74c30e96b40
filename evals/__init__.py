"""Evaluation datasets and scorers: plan quality (briefs) and chat-intent accuracy, per planner.

Run with ``uv run studio eval``; CI runs the offline suites with thresholds (tests/test_evals.py).
"""
