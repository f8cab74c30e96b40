"""``manifest.json``: every asset of a campaign with its recipe, cost and lineage."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from agent.domain import Stage
from agent.state import CampaignState

MANIFEST = "manifest.json"


def _relative(path: str, root: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(root.resolve()))
    except ValueError:
        return path


def _delivery(state: CampaignState, root: Path) -> dict[str, Any] | None:
    """Files of the finished cut and each export's QA result."""
    delivery = state.delivery
    if delivery is None:
        return None
    return {
        "transition": delivery.transition.value,
        "soundtrack": _relative(str(delivery.soundtrack), root),
        "loudness_before_normalisation": delivery.loudness_before.model_dump(),
        "timeline": _relative(str(delivery.timeline), root),
        "contact_sheets": [_relative(str(p), root) for p in delivery.contact_sheets],
        "platforms": {
            p: {
                "video": _relative(str(d.video), root),
                "srt": _relative(str(d.srt), root),
                "vtt": _relative(str(d.vtt), root),
                "cover": _relative(str(d.cover), root),
                "qa_passed": d.qa.passed,
                "qa": [c.model_dump() for c in d.qa.checks],
                "brand_qa": d.qa.brand.model_dump() if d.qa.brand else None,
            }
            for p, d in delivery.platforms.items()
        },
    }


def build_manifest(state: CampaignState, root: Path, waiting_at: Stage | None = None) -> dict[str, Any]:
    """The manifest as a JSON-ready dict; paths are relative to the campaign folder."""
    current = {a.id for a in state.current_assets()}
    assets = []
    for asset in state.all_assets():
        entry = asset.model_dump(mode="json")
        entry["path"] = _relative(asset.path, root)
        entry["current"] = asset.id in current
        assets.append(entry)
    return {
        "campaign_id": state.campaign_id,
        "status": "waiting" if waiting_at else state.status,
        "waiting_at": waiting_at.value if waiting_at else None,
        "written_at": datetime.now(UTC).isoformat(),
        "brief": state.brief.model_dump(mode="json") if state.brief else {"raw": state.brief_text},
        "brand_kit": state.kit.model_dump(mode="json") | {"sha256": state.kit.digest()} if state.kit else None,
        "concept": state.concept.model_dump(mode="json") if state.concept else None,
        "storyboard": state.storyboard.model_dump(mode="json") if state.storyboard else None,
        "picks": {str(k): v for k, v in state.picks.items()},
        "exports": {p: _relative(a.path, root) for p, a in state.exports.items()},
        "decisions": [d.model_dump(mode="json") for d in state.decisions],
        "delivery": _delivery(state, root),
        "derivatives": [
            {
                "platform": d.platform,
                "duration_s": d.duration_s,
                "strategy": d.strategy,
                "framing": d.framing,
                "qa_passed": d.qa_passed,
                "export": _relative(d.exports[0].path, root),
                "source_asset_ids": d.source_asset_ids,
            }
            for d in state.derivatives
        ],
        "assets": assets,
        "totals": {
            "assets": len(assets),
            "cost_usd": round(sum(a.cost_usd for a in state.all_assets()), 4),
        },
    }


def write_manifest(state: CampaignState, root: Path, waiting_at: Stage | None = None) -> Path:
    """Write the manifest atomically (temp file + rename): a crash never leaves half a manifest."""
    root.mkdir(parents=True, exist_ok=True)
    path = root / MANIFEST
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(build_manifest(state, root, waiting_at), indent=2))
    os.replace(tmp, path)
    return path
