"""LLM planning and chat-intent parsing through the ``openai`` SDK (any OpenAI-compatible server)."""
