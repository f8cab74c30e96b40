"""Choosing a campaign's voice from chat: rank a route's voices by a description, preview, then set it."""
