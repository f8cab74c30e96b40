"""Front ends over the agent: the ``studio`` CLI (``ui.cli``) and the Chainlit app."""
