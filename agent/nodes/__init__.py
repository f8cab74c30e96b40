"""Graph nodes: planning, approval gates, media production and delivery."""
