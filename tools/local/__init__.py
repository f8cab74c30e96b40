"""Local draft backends: run on this machine with no keys, cost $0, labelled as local drafts."""
