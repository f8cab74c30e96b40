"""Durable provider jobs: the job store, the cost ledger, and the runner that uses both."""
