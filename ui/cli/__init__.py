"""The ``studio`` command line."""
