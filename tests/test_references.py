"""References with roles: --reference parsing, product scenes on reference-capable models, product-true drafts."""

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw
from typer.testing import CliRunner

from agent.conversation.references import ReferenceArgError, role_in_text, split_reference
from agent.domain import ReferenceRole
from tests.conftest import only_campaign
from tests.fakeproviders import base_url, start
from tests.fakeproviders.common import FakeState
from tests.providers_support import SECRET
from tools.ffmpeg import ffmpeg_exe
from tools.local.keyframes import render_keyframe
from tools.recipe import Recipe
from ui.cli.main import app

runner = CliRunner(env={"COLUMNS": "250"})
BRIEF = "6 s square feed teaser for our trail shoe, energetic, budget $20"
RED = (210, 20, 30)


def shoe(path: Path) -> Path:
    """A red shoe-like polygon on white, the packshot a marketer would send."""
    image = Image.new("RGB", (800, 600), (255, 255, 255))
    ImageDraw.Draw(image).polygon(
        [(120, 420), (160, 260), (330, 250), (430, 330), (680, 360), (700, 440), (120, 450)], fill=RED
    )
    image.save(path)
    return path


def red_share(pixels: np.ndarray) -> float:
    """Share of pixels that are the shoe's red (the procedural scene never paints this saturated red)."""
    rgb = pixels[..., :3].astype(int)
    near = (abs(rgb[..., 0] - RED[0]) < 40) & (rgb[..., 1] < 70) & (rgb[..., 2] < 80)
    return float(near.mean())


def test_reference_arguments_read_their_roles() -> None:
    assert split_reference("shoe.png") == (ReferenceRole.PRODUCT, "shoe.png")
    assert split_reference("style=mood.jpg") == (ReferenceRole.STYLE, "mood.jpg")
    assert split_reference("Logo=brand/logo.png") == (ReferenceRole.LOGO, "brand/logo.png")
    with pytest.raises(ReferenceArgError, match="use one of product, style, character, logo"):
        split_reference("hero=shoe.png")
    assert role_in_text("this is our product") is ReferenceRole.PRODUCT
    assert role_in_text("a style reference for the look") is ReferenceRole.STYLE
    assert role_in_text("make a teaser") is None


def test_bad_references_exit_2_saying_what_to_do(studio_home: Path, tmp_path: Path) -> None:
    missing = runner.invoke(app, ["plan", BRIEF, "--reference", str(tmp_path / "nope.png")])
    assert missing.exit_code == 2 and "no file at" in missing.output and "PNG or JPEG" in missing.output
    role = runner.invoke(app, ["run", BRIEF, "--reference", f"hero={shoe(tmp_path / 's.png')}"])
    assert role.exit_code == 2 and "unknown reference role 'hero'" in role.output
    (tmp_path / "notes.png").write_text("not an image")
    unreadable = runner.invoke(app, ["plan", BRIEF, "-r", str(tmp_path / "notes.png")])
    assert unreadable.exit_code == 2 and "not an image Studio can read" in unreadable.output


def test_plan_puts_product_scenes_on_a_reference_model_and_names_the_reference(
    studio_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAL_KEY", SECRET)
    photo = shoe(tmp_path / "shoe.png")
    result = runner.invoke(app, ["plan", BRIEF, "--json", "--reference", f"product={photo}"])
    assert result.exit_code == 0, result.output
    board = json.loads(result.output)["storyboard"]
    product = [s for s in board["scenes"] if s["references"]]
    assert product and all(s["references"][0]["name"] == "shoe.png" for s in product)
    assert {s["purpose"] for s in product} >= {"product"} or {s["purpose"] for s in product} & {"detail", "cta"}
    keyframe = [next(m for m in s["models"] if m["capability"] == "text_to_image") for s in product]
    assert {m["model_id"] for m in keyframe} == {"nano-banana-edit"}
    assert all(not s["references"] for s in board["scenes"] if s not in product)
    assert any("shoe.png (product) → Nano Banana" in note for note in board["notes"]), board["notes"]


def test_with_fal_the_product_keyframe_body_is_schema_valid_and_carries_the_reference(
    studio_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    photo = shoe(tmp_path / "shoe.png")
    with start("fal", FakeState(latency_s=0.02, concurrency=8)) as server:
        monkeypatch.setenv("FAL_KEY", SECRET)
        monkeypatch.setenv("FAL_BASE_URL", base_url("fal", server))
        monkeypatch.setenv("STUDIO_POLL_INTERVAL_S", "0.02")
        monkeypatch.setenv("STUDIO_VARIATIONS", "1")
        result = runner.invoke(app, ["run", BRIEF, "--auto-approve", "--reference", str(photo)])
        assert result.exit_code == 0, result.output
        edits = server.state.submits("nano-banana/edit")
        assert edits, [r["path"] for r in server.state.submits()]
        assert all(e["body"]["image_urls"] and e["body"]["prompt"] for e in edits)
        assert not server.state.rejected, server.state.rejected
        assert any("nano-banana/edit" in c for c in server.state.checked)
    manifest = json.loads((only_campaign(studio_home) / "manifest.json").read_text())
    edited = [a for a in manifest["assets"] if a["recipe"]["capability"] == "image_edit"]
    assert edited and all(a["recipe"]["extra"]["reference_inputs"] for a in edited)


def baseline(asset: dict[str, object], out: Path) -> np.ndarray:
    """The same keyframe recipe rendered without the product: what the scene alone paints."""
    render_keyframe(Recipe.model_validate(asset["recipe"]), out)
    with Image.open(out) as plain:
        return np.asarray(plain.convert("RGB"))


def test_offline_the_product_photo_is_in_the_keyframes_and_the_export(studio_home: Path, tmp_path: Path) -> None:
    photo = shoe(tmp_path / "shoe.png")
    result = runner.invoke(app, ["run", BRIEF, "--auto-approve", "--reference", f"product={photo}"])
    assert result.exit_code == 0, result.output
    campaign = only_campaign(studio_home)
    manifest = json.loads((campaign / "manifest.json").read_text())
    frames = [a for a in manifest["assets"] if a["kind"] == "keyframe" and a["status"] == "approved"]
    product = [a for a in frames if a["recipe"]["extra"].get("reference_inputs")]
    assert product, "a product scene's approved keyframe is made from the photo"
    for asset in product:
        with Image.open(campaign / asset["path"]) as kf:
            pixels = np.asarray(kf.convert("RGB"))
        without = baseline(asset, tmp_path / f"plain-{asset['scene_index']}.png")
        assert red_share(pixels) - red_share(without) > 0.01, "the shoe's red is added where it was composited"
        height = pixels.shape[0]
        band = pixels[int(height * 0.84) : int(height * 0.95)]
        assert (band.max(axis=2) < 20).mean() < 0.2, "no black caption strip at the bottom any more"
    scenes = {s["index"]: s for s in manifest["storyboard"]["scenes"]}
    script = campaign / Path(manifest["exports"]["feed_square"]).parent / ".feed_square.ass"
    supers = [line for line in script.read_text().splitlines() if ",Super," in line]
    texts = [s["on_screen_text"] for s in scenes.values() if s["on_screen_text"]]
    assert texts and [line.rsplit(",,", 1)[1] for line in supers] == texts, "each super burned once, at delivery"
    asset = product[0]
    index = asset["scene_index"]
    middle = sum(s["duration_s"] for i, s in scenes.items() if i < index) + scenes[index]["duration_s"] / 2
    frame = tmp_path / "frame.png"
    export = campaign / manifest["exports"]["feed_square"]
    command = [ffmpeg_exe(), "-v", "error", "-ss", f"{middle:.2f}", "-i", str(export), "-frames:v", "1", str(frame)]
    subprocess.run(command, check=True)
    with Image.open(frame) as shot:
        exported = red_share(np.asarray(shot.convert("RGB")))
    assert exported - red_share(baseline(asset, tmp_path / "plain.png")) > 0.005, "the product is in the export"
