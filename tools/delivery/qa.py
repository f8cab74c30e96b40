"""The QA gate: every export is probed and its loudness measured against the platform preset."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from tools.delivery.audio import TARGET_LUFS, TARGET_TP, ebur128
from tools.delivery.brandqa import BrandQA
from tools.platforms import Platform
from tools.probe import probe

DURATION_TOLERANCE_S = 0.1
LOUDNESS_TOLERANCE_LU = 1.0
PEAK_TOLERANCE_DB = 0.2


class QACheck(BaseModel):
    """One property of one export."""

    name: str
    passed: bool
    detail: str


class QAReport(BaseModel):
    """Whether an export may ship, and why (not)."""

    platform: str
    path: str
    checks: list[QACheck]
    brand: BrandQA | None = None
    """Palette distance and end-card logo, for a campaign with a brand kit (informational)."""

    @property
    def passed(self) -> bool:
        """All checks passed."""
        return all(c.passed for c in self.checks)

    def failures(self) -> list[str]:
        """What failed, in words."""
        return [f"{c.name}: {c.detail}" for c in self.checks if not c.passed]


async def qa(path: Path, platform: Platform, expected_s: float) -> QAReport:
    """Check size, fps, duration, codecs, loudness, true peak and file size."""
    facts = probe(path)
    loud = await ebur128(path)
    fmt = platform.format
    size_mb = facts.size_bytes / 1_000_000
    checks = [
        QACheck(
            name="size",
            passed=(facts.width, facts.height) == (fmt.width, fmt.height),
            detail=f"{facts.width}x{facts.height} (want {fmt.width}x{fmt.height})",
        ),
        QACheck(
            name="fps",
            passed=facts.fps is not None and abs(facts.fps - platform.fps) < 0.01,
            detail=f"{facts.fps} (want {platform.fps})",
        ),
        QACheck(
            name="duration",
            passed=facts.duration_s is not None and abs(facts.duration_s - expected_s) <= DURATION_TOLERANCE_S,
            detail=f"{facts.duration_s} s (want {expected_s} ± {DURATION_TOLERANCE_S})",
        ),
        QACheck(
            name="platform length",
            passed=platform.min_s <= expected_s <= platform.max_s,
            detail=f"{expected_s} s (allowed {platform.min_s:g}–{platform.max_s:g})",
        ),
        QACheck(
            name="codecs",
            passed=(facts.video_codec, facts.video_profile, facts.pixel_format, facts.audio_codec, facts.sample_rate)
            == ("h264", "High", "yuv420p", "aac", 48000),
            detail=f"{facts.video_codec} {facts.video_profile} {facts.pixel_format} / {facts.audio_codec} "
            f"{facts.sample_rate}",
        ),
        QACheck(
            name="loudness",
            passed=abs(loud.integrated_lufs - TARGET_LUFS) <= LOUDNESS_TOLERANCE_LU,
            detail=f"{loud.integrated_lufs:.1f} LUFS (want {TARGET_LUFS} ± {LOUDNESS_TOLERANCE_LU})",
        ),
        QACheck(
            name="true peak",
            passed=loud.true_peak_dbtp <= TARGET_TP + PEAK_TOLERANCE_DB,
            detail=f"{loud.true_peak_dbtp:.1f} dBTP (max {TARGET_TP})",
        ),
        QACheck(
            name="file size", passed=size_mb <= platform.max_mb, detail=f"{size_mb:.1f} MB (max {platform.max_mb:g})"
        ),
    ]
    return QAReport(platform=platform.id, path=str(path), checks=checks)
