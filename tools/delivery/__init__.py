"""Finishing: the audio mix, captions, per-platform exports, QA, and the deliverables around them."""
