"""The marketer's chat workspace (Chainlit)."""
