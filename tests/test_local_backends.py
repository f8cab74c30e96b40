from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from tests.media_checks import audio_rms, mean_brightness, video_frames
from tools.errors import ToolError
from tools.local.grade import LocalGrade, parse_grade
from tools.local.keyframes import LocalKeyframes
from tools.local.matte import LocalMatte
from tools.local.motion import CameraMove, LocalMotion
from tools.local.speech import LocalSpeech
from tools.local.upscale import LocalUpscaler
from tools.probe import probe
from tools.recipe import Capability, Recipe, sha256_file

PROMPT = (
    "Hero shot of a trail shoe, in a sunlit city rooftop. Camera: close-up hero shot, slow push-in. "
    "Lighting: golden hour backlight. Style: cinematic. Realism: photoreal. Motion: quick reveal. Tone: {tone}."
)


def image_recipe(seed: int = 7, tone: str = "energetic", **extra: object) -> Recipe:
    fields = {
        "capability": Capability.TEXT_TO_IMAGE,
        "model_id": "local/keyframe",
        "model_version": "1",
        "provider_route": "local",
        "prompt": PROMPT.format(tone=tone),
        "seed": seed,
        "width": 360,
        "height": 640,
        "extra": {"caption": "Shop now"},
    }
    return Recipe.model_validate(fields | extra)


async def test_keyframes_reproduce_byte_for_byte_and_vary_by_seed(tmp_path: Path) -> None:
    backend = LocalKeyframes()
    a = await backend.text_to_image(image_recipe(seed=7), tmp_path / "a.png")
    b = await backend.text_to_image(image_recipe(seed=7), tmp_path / "b.png")
    c = await backend.text_to_image(image_recipe(seed=8), tmp_path / "c.png")
    assert sha256_file(a.path) == sha256_file(b.path)
    assert sha256_file(a.path) != sha256_file(c.path)
    assert probe(a.path).width == 360 and probe(a.path).height == 640


async def test_keyframes_reflect_mood_and_lighting(tmp_path: Path) -> None:
    backend = LocalKeyframes()
    energetic = await backend.text_to_image(image_recipe(tone="energetic"), tmp_path / "e.png")
    calm = await backend.text_to_image(image_recipe(tone="calm"), tmp_path / "c.png")
    with Image.open(energetic.path) as e, Image.open(calm.path) as c:
        colours_e = {tuple(p) for p in np.asarray(e.convert("RGB"))[::40, ::40].reshape(-1, 3)}
        colours_c = {tuple(p) for p in np.asarray(c.convert("RGB"))[::40, ::40].reshape(-1, 3)}
    assert len(colours_e & colours_c) < len(colours_e) / 2
    night = image_recipe().prompt.replace("golden hour backlight", "night, low-key lighting")
    dark = await backend.text_to_image(image_recipe().model_copy(update={"prompt": night}), tmp_path / "d.png")
    assert mean_brightness(dark.path) < mean_brightness(energetic.path) * 0.8


def clip_recipe(move: str, duration: float = 1.5, fps: int = 24) -> Recipe:
    return image_recipe().model_copy(
        update={
            "capability": Capability.IMAGE_TO_VIDEO,
            "model_id": "local/motion",
            "duration_s": duration,
            "fps": fps,
            "camera_move": move,
            "width": 320,
            "height": 568,
        }
    )


@pytest.mark.parametrize("move", [m.value for m in CameraMove])
async def test_clips_have_exact_duration_fps_and_size(tmp_path: Path, move: str) -> None:
    frame = await LocalKeyframes().text_to_image(image_recipe(), tmp_path / "k.png")
    clip = await LocalMotion().image_to_video(clip_recipe(move), frame.path, tmp_path / "c.mp4")
    facts = probe(clip.path)
    assert (facts.width, facts.height, facts.fps) == (320, 568, 24)
    assert facts.video_codec == "h264" and facts.pixel_format == "yuv420p"
    frames = video_frames(clip.path)
    assert len(frames) == 36
    moved = np.abs(frames[0].astype(int) - frames[-1].astype(int)).mean()
    if move == "static":
        assert moved < 2
    else:
        assert moved > 2, f"{move} should visibly move the frame"


async def test_clip_rejects_unknown_moves(tmp_path: Path) -> None:
    frame = await LocalKeyframes().text_to_image(image_recipe(), tmp_path / "k.png")
    with pytest.raises(ToolError, match="unknown camera move 'barrel_roll'"):
        await LocalMotion().image_to_video(clip_recipe("barrel_roll"), frame.path, tmp_path / "c.mp4")


def speech_recipe(text: str, voice: str = "en-us", rate: int = 165) -> Recipe:
    return Recipe(
        capability=Capability.TEXT_TO_SPEECH,
        model_id="local/speech",
        model_version="1",
        provider_route="local",
        prompt=text,
        voice=voice,
        speech_rate=rate,
    )


async def test_speech_is_audible_and_voice_and_rate_are_selectable(tmp_path: Path) -> None:
    backend = LocalSpeech()
    us = await backend.text_to_speech(speech_recipe("Run further than yesterday."), tmp_path / "us.wav")
    female = await backend.text_to_speech(speech_recipe("Run further than yesterday.", "en-us+f3"), tmp_path / "f.wav")
    slow = await backend.text_to_speech(speech_recipe("Run further than yesterday.", rate=100), tmp_path / "s.wav")
    facts = probe(us.path)
    assert facts.audio_codec == "pcm_s16le" and (facts.duration_s or 0) > 0.8
    assert audio_rms(us.path) > 0.02
    assert sha256_file(us.path) != sha256_file(female.path)
    assert (probe(slow.path).duration_s or 0) > (facts.duration_s or 0) * 1.3


async def test_speech_errors_are_clear(tmp_path: Path) -> None:
    with pytest.raises(ToolError, match="no voice 'xx-nope'"):
        await LocalSpeech().text_to_speech(speech_recipe("hello", voice="xx-nope"), tmp_path / "x.wav")
    with pytest.raises(ToolError, match="voiceover line is empty"):
        await LocalSpeech().text_to_speech(speech_recipe("  "), tmp_path / "y.wav")


async def test_lanczos_upscale_of_image_and_video(tmp_path: Path) -> None:
    frame = await LocalKeyframes().text_to_image(image_recipe(), tmp_path / "k.png")
    recipe = image_recipe().model_copy(
        update={"capability": Capability.UPSCALE, "model_id": "local/upscale", "width": 720, "height": 1280}
    )
    big = await LocalUpscaler().upscale(recipe, frame.path, tmp_path / "big.png")
    assert (probe(big.path).width, probe(big.path).height) == (720, 1280)
    clip = await LocalMotion().image_to_video(clip_recipe("push_in", 1.0), frame.path, tmp_path / "c.mp4")
    video = await LocalUpscaler().upscale(recipe, clip.path, tmp_path / "big.mp4")
    facts = probe(video.path)
    assert (facts.width, facts.height) == (720, 1280)


async def test_matte_cuts_a_subject_off_a_plain_background(tmp_path: Path) -> None:
    source = tmp_path / "product.png"
    image = Image.new("RGB", (200, 200), (240, 240, 240))
    ImageDraw.Draw(image).ellipse([60, 60, 140, 140], fill=(200, 30, 30))
    image.save(source)
    recipe = image_recipe().model_copy(update={"capability": Capability.REMOVE_BACKGROUND, "model_id": "local/matte"})
    cut = await LocalMatte().remove_background(recipe, source, tmp_path / "cut.png")
    with Image.open(cut.path) as result:
        alpha = np.asarray(result.getchannel("A"))
    assert alpha[5, 5] == 0 and alpha[195, 195] == 0
    assert alpha[100, 100] == 255


async def test_grade_follows_the_instruction(tmp_path: Path) -> None:
    frame = await LocalKeyframes().text_to_image(image_recipe(), tmp_path / "k.png")
    recipe = image_recipe().model_copy(
        update={"capability": Capability.IMAGE_EDIT, "model_id": "local/grade", "prompt": "darker and warmer"}
    )
    darker = await LocalGrade().edit(recipe, frame.path, tmp_path / "d.png")
    assert mean_brightness(darker.path) < mean_brightness(frame.path) * 0.9
    clip = await LocalMotion().image_to_video(clip_recipe("static", 1.0), frame.path, tmp_path / "c.mp4")
    graded = await LocalGrade().edit(
        recipe.model_copy(update={"prompt": "black and white"}), clip.path, tmp_path / "bw.mp4"
    )
    pixels = video_frames(graded.path)[0].astype(int)
    assert np.abs(pixels[..., 0] - pixels[..., 2]).mean() < 3
    assert parse_grade("more contrast, muted").contrast > 1
    with pytest.raises(ToolError, match="it understands"):
        parse_grade("add a dog")
