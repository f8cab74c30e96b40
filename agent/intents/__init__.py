"""Chat intents: one schema of actions, produced by the LLM (tool calling) or the offline parser."""

from agent.intents.schema import Action, ChatContext, Intent, PickItem, Target

__all__ = ["Action", "ChatContext", "Intent", "PickItem", "Target"]
