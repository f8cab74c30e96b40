"""Brand kits: the store and its checks, a campaign held to a kit, and the brand QA figures."""

from __future__ import annotations

import asyncio
import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont
from typer.testing import CliRunner

from agent.brands import banned, brand_board, scrub
from agent.conversation.messages import Said, Turn, TurnResult
from agent.conversation.turns import Conversation
from agent.intents.parser import IntentParser
from agent.service import CampaignService, plan_campaign
from tests.conftest import SMALL_BRIEF, only_campaign
from tools.brand import BrandError, BrandStore
from tools.delivery.brandqa import logo_score, ncc, palette_delta_e, srgb_to_lab
from tools.delivery.deliverables import brand_lines
from tools.delivery.endcard import end_card, rgb
from tools.delivery.render import Shot, render_platforms
from tools.ffmpeg import ffmpeg_exe
from tools.platforms import PLATFORMS
from ui.cli.main import app

runner = CliRunner(env={"COLUMNS": "250"})
BRIEF = "6 s square feed teaser for our trail shoe, energetic"
COLOURS = ["#14213d", "#fca311", "#e5e5e5"]
BUNDLED = Path(__file__).resolve().parents[1] / "tools" / "delivery" / "fonts" / "DejaVuSans-Bold.ttf"
SERIF = Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf")


@pytest.fixture
def logo(tmp_path: Path) -> Path:
    """A 320 px logo with transparency: a white disc, a red triangle, a navy bar."""
    image = Image.new("RGBA", (320, 320), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((20, 20, 300, 300), fill=(255, 255, 255, 255))
    draw.polygon([(160, 50), (270, 250), (50, 250)], fill=(230, 57, 70, 255))
    draw.rectangle((120, 190, 200, 230), fill=(20, 33, 61, 255))
    path = tmp_path / "logo.png"
    image.save(path)
    return path


@pytest.fixture
def font() -> Path:
    """A font other than the captions' default when the system has one, else the bundled one."""
    return SERIF if SERIF.is_file() else BUNDLED


def said(result: TurnResult) -> str:
    return "\n".join(m.text for m in result.messages if isinstance(m, Said))


def add(logo: Path, font: Path, *extra: str, name: str = "Acme") -> None:
    args = ["brand", "add", name, "--logo", str(logo), "--font", str(font), "--tagline", "Built for the long trail"]
    args += [a for c in COLOURS for a in ("--color", c)] + ["--tone", "confident, warm", *extra]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output


def test_add_list_show_remove(studio_home: Path, logo: Path, font: Path) -> None:
    add(logo, font, "--avoid", "cheap")
    listed = runner.invoke(app, ["brand", "list"])
    assert listed.exit_code == 0 and "Acme" in listed.output and "#fca311" in listed.output
    shown = json.loads(runner.invoke(app, ["brand", "show", "acme"]).output)
    assert shown["colors"] == COLOURS and shown["avoid"] == ["cheap"]
    stored = Path(shown["logo"]["path"])
    assert stored.parent == studio_home / "brands" / "shared" / "acme" and stored.suffix == ".png"
    assert shown["font_family"] == ImageFont.truetype(font, 12).getname()[0]
    assert runner.invoke(app, ["brand", "remove", "Acme"]).exit_code == 0
    assert not (studio_home / "brands" / "shared" / "acme").exists()
    gone = runner.invoke(app, ["brand", "show", "Acme"])
    assert gone.exit_code == 2 and "no brand kit 'Acme'" in gone.output


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"name": "../etc"}, "not a usable brand name"),
        ({"color": "red"}, "'red' is not a colour"),
        ({"color": "#12345"}, "is not a colour"),
        ({"font": "logo"}, "not a TrueType or OpenType font"),
        ({"font": "missing"}, "no font file"),
        ({"logo": "text"}, "not an image Studio can read"),
        ({"logo": "tiny"}, "at least 256 px"),
    ],
)
def test_bad_input_exits_2_and_says_what_to_do(
    tmp_path: Path, logo: Path, font: Path, studio_home: Path, change: dict[str, str], says: str
) -> None:
    text = tmp_path / "notes.png"
    text.write_text("not a picture")
    tiny = tmp_path / "tiny.png"
    Image.new("RGB", (64, 64), "white").save(tiny)
    files = {"logo": logo, "text": text, "tiny": tiny, "missing": tmp_path / "none.ttf"}
    args = ["brand", "add", change.get("name", "Acme"), "--logo", str(files[change.get("logo", "logo")])]
    args += ["--color", change.get("color", "#14213d"), "--font", str(files.get(change.get("font", ""), font))]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert says in " ".join(result.output.split())
    assert "Traceback" not in result.output and not list(studio_home.glob("brands/*/*/kit.json"))


def test_kits_are_per_workspace(studio_home: Path, logo: Path, font: Path) -> None:
    png = logo.read_bytes()
    BrandStore(studio_home, "user:alice").add("Acme", logo_png=png, colors=COLOURS)
    assert BrandStore(studio_home, "user:alice").find("Acme") is not None
    assert BrandStore(studio_home, "user:bob").find("Acme") is None
    assert BrandStore(studio_home).find("Acme") is None
    with pytest.raises(BrandError, match="no brand kit 'Acme'"):
        BrandStore(studio_home, "user:bob").get("Acme")
    assert BrandStore(studio_home, "user:../../x").root.parent == studio_home / "brands"


def test_banned_words_are_scrubbed_whole_words_only(studio_home: Path, logo: Path) -> None:
    kit = BrandStore(studio_home).add("Acme", logo_png=logo.read_bytes(), colors=COLOURS, avoid=["cheap", "today"])
    assert scrub("Cheap thrills, find it today.", kit) == "thrills, find it."
    assert scrub("cheapest deals", kit) == "cheapest deals"
    assert banned("so CHEAP", kit) and not banned("cheaply", kit)


def spread(pixels: np.ndarray) -> float:
    """The largest per-channel standard deviation: 0 for a flat colour."""
    return float(pixels.reshape(-1, 3).std(axis=0).max())


def frame_at(video: Path, seek: list[str]) -> np.ndarray:
    """One RGB frame of ``video`` (``seek`` goes before the input), as an array."""
    out = video.with_suffix(".frame.png")
    subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-y", *seek, "-i", str(video), "-frames:v", "1", str(out)])
    return np.asarray(Image.open(out).convert("RGB"))


@pytest.mark.usefixtures("fake_backends")
def test_a_campaign_with_a_brand_is_held_to_its_kit(studio_home: Path, logo: Path, font: Path) -> None:
    add(logo, font, "--avoid", "faster", "--avoid", "today")
    result = runner.invoke(app, ["run", BRIEF, "--brand", "Acme", "--auto-approve"])
    assert result.exit_code == 0, result.output
    campaign = only_campaign(studio_home)
    manifest = json.loads((campaign / "manifest.json").read_text())
    kit = BrandStore(studio_home).get("Acme")

    assert manifest["concept"]["palette_hex"] == COLOURS
    for scene in manifest["storyboard"]["scenes"]:
        for text in (scene["prompt"], scene["voiceover"], scene["on_screen_text"]):
            assert not banned(text, kit), text
        assert "faster" in scene["negative_prompt"] and "brand palette of" in scene["prompt"]
    for asset in manifest["assets"]:
        assert asset["recipe"]["extra"].get("brand_sha256") == kit.digest(), (asset["id"], asset["recipe"]["extra"])
    assert manifest["brand_kit"]["sha256"] == kit.digest()

    ass = (campaign / "exports" / ".feed_square.ass").read_text()
    assert f"Style: Caption,{kit.font_family}," in ass and kit.font_family
    assert kit.font is not None and Path(kit.font.path).is_file()

    video = campaign / "exports" / "feed_square.mp4"
    last = frame_at(video, ["-sseof", "-0.2"])
    assert np.abs(last[5, 5].astype(int) - np.array(rgb(COLOURS[0]))).max() < 12, "card ground is the first colour"
    assert logo_score(last[::6, ::6].copy(), kit) > 0.9
    assert logo_score(frame_at(video, ["-ss", "1"])[::6, ::6].copy(), kit) < 0.8, "no logo mid-film"
    qa = manifest["delivery"]["platforms"]["feed_square"]["brand_qa"]
    assert qa["logo_found"] and qa["logo_score"] > 0.9 and qa["delta_e"] >= 0


def test_delta_e_of_known_frames(studio_home: Path, logo: Path) -> None:
    on = np.zeros((40, 40, 3), np.uint8) + np.array(rgb(COLOURS[1]), np.uint8)
    half = on.copy()
    half[:, 20:] = (255, 255, 255)
    white_to_nearest = float(
        np.linalg.norm(srgb_to_lab(np.array([255.0, 255, 255])) - srgb_to_lab(np.array(rgb(COLOURS[2]), float)))
    )
    assert palette_delta_e([on], COLOURS) < 0.5
    assert palette_delta_e([half], COLOURS) == pytest.approx(white_to_nearest / 2, abs=0.5)
    assert white_to_nearest == pytest.approx(9.06, abs=0.05)  # CIE76: L* 100 vs 90.94 for #e5e5e5, a = b = 0


def test_logo_match_and_end_card(studio_home: Path, logo: Path, font: Path, tmp_path: Path) -> None:
    kit = BrandStore(studio_home).add("Acme", logo_png=logo.read_bytes(), colors=COLOURS, font=font, tagline="Go")
    card = end_card(kit, PLATFORMS["youtube"].format, tmp_path / "card.png")
    frame = np.asarray(Image.open(card).convert("RGB").resize((213, 120)))
    assert logo_score(frame, kit) > 0.95
    blank = np.zeros_like(frame) + np.array(rgb(COLOURS[0]), np.uint8)
    assert logo_score(blank, kit) < 0.05
    gradient = np.tile(np.linspace(0, 1, 50), (50, 1))
    assert ncc(gradient, gradient[10:30, 10:30]) == pytest.approx(1.0)


def test_storyboard_scrubbing_is_idempotent(studio_home: Path, logo: Path) -> None:
    BrandStore(studio_home).add("Acme", logo_png=logo.read_bytes(), colors=COLOURS, tone="calm", avoid=["today"])
    kit = BrandStore(studio_home).get("Acme")
    plan = asyncio.run(plan_campaign(BRIEF, brand="Acme"))
    assert plan.concept.palette_hex == COLOURS
    assert brand_board(plan.storyboard, kit) == plan.storyboard
    assert all(s.brand["brand"] == "Acme" for s in plan.storyboard.scenes)


@pytest.mark.usefixtures("fake_backends")
async def test_chat_selects_the_users_own_kit(service: CampaignService, studio_home: Path, logo: Path) -> None:
    BrandStore(studio_home, "user:alice").add("Acme", logo_png=logo.read_bytes(), colors=COLOURS)
    alice = Conversation(service.for_workspace(None, "user:alice"), IntentParser())
    bob = Conversation(service.for_workspace(None, "user:bob"), IntentParser())

    chosen = await alice.turn(None, Turn(text="use the Acme brand"))
    assert "Brand kit Acme selected" in said(chosen) and chosen.campaign_id is None
    started = await alice.turn(None, Turn(text=SMALL_BRIEF))
    assert started.campaign_id is not None
    state = await service.state(started.campaign_id)
    assert state.kit is not None and state.kit.name == "Acme" and state.concept is not None
    assert state.concept.palette_hex == COLOURS

    refused = await bob.turn(None, Turn(text="use the Acme brand"))
    assert "no brand kit called Acme" in said(refused)
    other = await bob.turn(None, Turn(text=f"{SMALL_BRIEF}, use the Acme brand"))
    assert other.campaign_id is not None
    theirs = await service.state(other.campaign_id)
    assert theirs.brand == "Acme" and theirs.kit is None, "Bob never reaches Alice's kit"

    later = await alice.turn(started.campaign_id, Turn(text="use the Acme brand"))
    assert "applies from the start of a campaign" in said(later)


def test_plan_with_brand_and_the_report_lines(studio_home: Path, logo: Path) -> None:
    BrandStore(studio_home).add("Acme", logo_png=logo.read_bytes(), colors=COLOURS, avoid=["faster"])
    result = runner.invoke(app, ["plan", BRIEF, "--brand", "Acme", "--json"])
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)
    assert plan["concept"]["palette_hex"] == COLOURS
    assert all("faster" not in s["voiceover"].lower() for s in plan["storyboard"]["scenes"])
    unbranded = json.loads(runner.invoke(app, ["plan", BRIEF, "--brand", "Nobody", "--json"]).output)
    assert unbranded["concept"]["palette_hex"] != COLOURS
    qa = {"checks": [], "brand": {"kit": "Acme", "delta_e": 31.0, "delta_e_flag": 25.0, "on_palette": False}}
    lines = brand_lines(qa | {"brand": qa["brand"] | {"logo_found": True, "logo_score": 0.94}})
    assert lines == [
        "brand palette (Acme): mean ΔE 31.0, off palette (flag above 25)",
        "end-card logo: found (match 0.94)",
    ]


async def test_corner_bug_sits_inside_the_safe_zone_until_the_end_card(
    studio_home: Path, logo: Path, tmp_path: Path
) -> None:
    kit = BrandStore(studio_home).add("Acme", logo_png=logo.read_bytes(), colors=COLOURS, bug=True)
    clip, sound = tmp_path / "clip.mp4", tmp_path / "sound.wav"
    make = [ffmpeg_exe(), "-loglevel", "error", "-y", "-f", "lavfi", "-i"]
    subprocess.run([*make, "color=c=0x14213d:s=320x180:r=30", "-t", "2", "-pix_fmt", "yuv420p", str(clip)], check=True)
    subprocess.run([*make, "anullsrc=r=48000:cl=stereo", "-t", "2", str(sound)], check=True)
    platforms = [PLATFORMS["youtube"], PLATFORMS["tiktok"]]
    outs = {p.id: tmp_path / f"{p.id}.mp4" for p in platforms}
    master = PLATFORMS["youtube"].format
    shots = [Shot(clip=clip, duration_s=2.0, size=(320, 180))]
    await render_platforms(shots, sound, platforms, master, outs, bug=Path(kit.logo.path), bug_until_s=1.5)
    for platform in platforms:
        fmt, safe = platform.format, platform.safe
        shown, gone = frame_at(outs[platform.id], ["-ss", "0.5"]), frame_at(outs[platform.id], ["-ss", "1.8"])
        right, top = round(fmt.width * (1 - safe.right)), round(fmt.height * safe.top)
        side = round(min(fmt.width, fmt.height) * 0.1)
        corner = shown[top : top + side, right - side : right]
        assert spread(corner) > 30, f"{platform.id}: the bug is in the top-right corner of the safe zone"
        assert spread(gone[top : top + side, right - side : right]) < 3, f"{platform.id}: gone before the card"
        assert spread(shown[: top - 2]) < 3, "nothing above the safe zone"
