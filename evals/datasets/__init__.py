"""YAML datasets, loaded by :mod:`evals.data`."""
