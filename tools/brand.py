"""Brand kits: logo, colours, font, tagline, tone and banned words, kept per workspace in the data folder.

A kit lives in ``STUDIO_HOME/brands/<space>/<slug>/kit.json`` beside content-addressed copies of its
logo (already checked and re-encoded as PNG by the caller) and font. Every problem is a
:class:`BrandError` that says what to do instead.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

from PIL import ImageFont
from pydantic import BaseModel, Field

KIT = "kit.json"
MAX_FONT_BYTES = 10 * 2**20
FONT_MAGIC = {b"\x00\x01\x00\x00": ".ttf", b"true": ".ttf", b"OTTO": ".otf"}
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 &'._-]{0,39}$")
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


class BrandError(ValueError):
    """A kit that cannot be saved or found; the message says what would work."""


class KitFile(BaseModel):
    """A file of the kit, stored under its content hash."""

    path: str
    sha256: str


class BrandKit(BaseModel):
    """What a brand asks of every asset."""

    name: str
    slug: str
    colors: list[str] = Field(min_length=1)
    """'#rrggbb', the first one the end card's background."""
    logo: KitFile
    font: KitFile | None = None
    font_family: str = ""
    """The font's family name, as subtitle renderers look it up."""
    tagline: str = ""
    tone: str = ""
    avoid: list[str] = Field(default_factory=list)
    """Words that never appear on screen, in the voiceover or in prompts."""
    bug: bool = False
    """Whether a small logo sits in a corner of the film (inside each platform's safe zone)."""

    def digest(self) -> str:
        """sha256 of the kit as stored (its files by their hashes)."""
        return hashlib.sha256(self.model_dump_json(exclude={"logo": {"path"}, "font": {"path"}}).encode()).hexdigest()

    def recipe_extra(self) -> dict[str, str]:
        """What every recipe records of the kit."""
        extra = {"brand": self.name, "brand_sha256": self.digest(), "brand_logo_sha256": self.logo.sha256}
        if self.font is not None:
            extra["brand_font_sha256"] = self.font.sha256
        return extra


def slug(name: str) -> str:
    """The folder name of a kit: 'Acme Co.' → 'acme-co'.

    Raises:
        BrandError: for a name with path separators, control characters or no letters or digits.
    """
    if not NAME.match(name.strip()):
        raise BrandError(
            f"'{name}' is not a usable brand name; use up to 40 letters, digits, spaces, '-', '_', '.', '&' or \"'\""
        )
    return re.sub(r"[^a-z0-9]+", "-", name.strip().lower()).strip("-") or "brand"


def space(workspace: str | None) -> str:
    """The folder of one workspace's kits: ``shared`` without login, ``user-<name>`` per signed-in user."""
    if not workspace or workspace == "default":
        return "shared"
    return re.sub(r"[^a-zA-Z0-9._-]", "-", workspace.replace("user:", "user-", 1))[:60].strip(".") or "shared"


def color(value: str) -> str:
    """'#RRGGBB' → '#rrggbb'; anything else is refused."""
    text = value.strip()
    text = text if text.startswith("#") else f"#{text}"
    if not HEX.match(text):
        raise BrandError(f"'{value}' is not a colour; give it as #rrggbb, e.g. --color '#1a73e8'")
    return text.lower()


def check_font(path: Path) -> tuple[bytes, str, str]:
    """The font's bytes, suffix and family name, once Pillow has loaded it as a TrueType or OpenType font."""
    if not path.is_file():
        raise BrandError(f"no font file at {path}; give a .ttf or .otf file")
    size = path.stat().st_size
    if size == 0 or size > MAX_FONT_BYTES:
        raise BrandError(f"{path.name} is {size} bytes; give a .ttf or .otf font under {MAX_FONT_BYTES // 2**20} MB")
    data = path.read_bytes()
    suffix = FONT_MAGIC.get(data[:4])
    if suffix is None:
        raise BrandError(f"{path.name} is not a TrueType or OpenType font; give a .ttf or .otf file")
    try:
        family = ImageFont.truetype(path, 24).getname()[0] or ""
    except OSError as exc:
        raise BrandError(f"{path.name} could not be loaded as a font ({exc}); give a working .ttf or .otf") from exc
    return data, suffix, family


class BrandStore:
    """One workspace's kits."""

    def __init__(self, home: Path, workspace: str | None = None) -> None:
        self.root = home / "brands" / space(workspace)

    def add(
        self,
        name: str,
        *,
        logo_png: bytes,
        colors: list[str],
        font: Path | None = None,
        tagline: str = "",
        tone: str = "",
        avoid: list[str] | None = None,
        bug: bool = False,
    ) -> BrandKit:
        """Save (or replace) a kit; the logo must already be a checked, re-encoded PNG."""
        key = slug(name)
        if not colors:
            raise BrandError("a kit needs at least one colour; add --color '#rrggbb'")
        palette = [color(c) for c in colors]
        folder = self.root / key
        folder.mkdir(parents=True, exist_ok=True)
        logo = _keep(folder, "logo", ".png", logo_png)
        font_file, family = None, ""
        if font is not None:
            data, suffix, family = check_font(font)
            font_file = _keep(folder, "font", suffix, data)
        words = [w.strip() for w in avoid or [] if w.strip()]
        kit = BrandKit(
            name=name.strip(),
            slug=key,
            colors=palette,
            logo=logo,
            font=font_file,
            font_family=family,
            tagline=" ".join(tagline.split()),
            tone=" ".join(tone.split()),
            avoid=words,
            bug=bug,
        )
        part = folder / f"{KIT}.part"
        part.write_text(kit.model_dump_json(indent=2), encoding="utf-8")
        part.replace(folder / KIT)
        keep = {Path(logo.path).name, *([Path(font_file.path).name] if font_file else []), KIT}
        for stale in folder.iterdir():
            if stale.name not in keep:
                stale.unlink()
        return kit

    def get(self, name: str) -> BrandKit:
        """The kit called ``name``; :class:`BrandError` when this workspace has none."""
        kit = self.find(name)
        if kit is None:
            known = ", ".join(k.name for k in self.list()) or "none yet"
            raise BrandError(f"no brand kit '{name}' (kits: {known}); add one with studio brand add")
        return kit

    def find(self, name: str) -> BrandKit | None:
        """The kit called ``name``, or ``None``."""
        try:
            path = self.root / slug(name) / KIT
        except BrandError:
            return None
        if not path.is_file():
            return None
        return BrandKit.model_validate(json.loads(path.read_text(encoding="utf-8")))

    def list(self) -> list[BrandKit]:
        """Every kit of this workspace, by name."""
        if not self.root.is_dir():
            return []
        kits = [BrandKit.model_validate_json(p.read_text(encoding="utf-8")) for p in self.root.glob(f"*/{KIT}")]
        return sorted(kits, key=lambda k: k.slug)

    def remove(self, name: str) -> BrandKit:
        """Delete a kit and its files; campaigns keep what they recorded."""
        kit = self.get(name)
        shutil.rmtree(self.root / kit.slug)
        return kit


def _keep(folder: Path, stem: str, suffix: str, data: bytes) -> KitFile:
    digest = hashlib.sha256(data).hexdigest()
    path = folder / f"{stem}-{digest[:16]}{suffix}"
    if not path.exists():
        part = path.with_name(path.name + ".part")
        part.write_bytes(data)
        part.replace(path)
    return KitFile(path=str(path), sha256=digest)
