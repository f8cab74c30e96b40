"""Campaigns in a data folder, read from their manifests (fast: no graph, no database)."""

from __future__ import annotations

import json
from pathlib import Path

from agent.conversation.views import CampaignSummary
from agent.domain import Stage

MANIFEST = "manifest.json"


def list_campaigns(home: Path) -> list[CampaignSummary]:
    """Every campaign with a readable manifest under ``home``, newest first."""
    found = []
    for manifest in home.glob(f"*/{MANIFEST}") if home.is_dir() else []:
        try:
            data = json.loads(manifest.read_text())
            waiting = data.get("waiting_at")
            found.append(
                CampaignSummary(
                    campaign_id=data["campaign_id"],
                    title=(data.get("concept") or {}).get("title") or data["campaign_id"],
                    status=data["status"],
                    stage=Stage(waiting) if waiting else None,
                    brief=(data.get("brief") or {}).get("raw", ""),
                    updated_at=manifest.stat().st_mtime,
                )
            )
        except (OSError, ValueError, KeyError):
            continue  # a manifest being rewritten or from elsewhere: skip it
    return sorted(found, key=lambda c: c.updated_at, reverse=True)
