"""The conversation core: the one thing front ends talk to (turns, typed views, messages, errors)."""
