"""The one way to build a client for the planning LLM, so every caller gets the same host, key and timeouts."""

from __future__ import annotations

from openai import AsyncOpenAI

from agent.llm.settings import LLMSettings


def make_client(llm: LLMSettings) -> AsyncOpenAI:
    """An OpenAI-compatible client for the configured LLM (a placeholder key for keyless local servers)."""
    return AsyncOpenAI(
        api_key=llm.client_key(),
        base_url=llm.base_url,
        timeout=llm.effective_timeout_s,
        max_retries=llm.retries,
    )
