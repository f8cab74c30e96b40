"""Capabilities, the model catalog, local backends and media post-production.

Nothing here imports from ``agent``, ``ui`` or ``memory``: dependencies flow one way.
"""
