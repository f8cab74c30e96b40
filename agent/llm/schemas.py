"""What the LLM is asked to return (strict structured-output schemas), separate from our domain models."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

Mood = Literal[
    "energetic", "calm", "luxurious", "playful", "dramatic", "warm", "bold", "minimal", "inspiring", "trustworthy"
]
Purpose = Literal["hook", "story", "benefit", "product", "detail", "cta"]
Move = Literal["push_in", "pull_out", "pan_left", "pan_right", "drift", "static"]


class ConceptDraft(BaseModel):
    """One concept idea."""

    title: str = Field(description="Product name: short tagline")
    logline: str = Field(description="One or two sentences: who, what feeling, what promise")
    mood: Mood
    style: str = Field(description="Visual style, e.g. cinematic, documentary, 3d, watercolor")
    key_message: str


class ConceptDrafts(BaseModel):
    """One concept, or two to three alternatives when the brief is vague."""

    concepts: list[ConceptDraft] = Field(min_length=1, max_length=3)


class SceneDraft(BaseModel):
    """One scene, with every part of the prompt anatomy and the models to use."""

    purpose: Purpose
    duration_s: float = Field(gt=0)
    description: str = Field(description="one sentence")
    subject: str = Field(description="a few words")
    environment: str = Field(description="a few words")
    shot_type: str = Field(description="e.g. wide establishing shot, medium shot, close-up, macro")
    camera_move: Move
    lighting: str
    style: str
    realism: str
    motion: str
    tone: str
    negative_prompt: str
    on_screen_text: str
    voiceover: str
    image_model: str = Field(description="catalog id from the allowed list")
    video_model: str = Field(description="catalog id from the allowed list")
    voice_model: str = Field(description="catalog id from the allowed list")
    reason: str = Field(description="why these models suit this scene")


class StoryboardDraft(BaseModel):
    """Three to six scenes: hook → story → product → call to action."""

    scenes: list[SceneDraft] = Field(min_length=3, max_length=6)


def strict(schema: Any) -> Any:
    """A pydantic JSON schema made strict: every object closed and every property required, titles dropped."""
    if isinstance(schema, list):
        return [strict(v) for v in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {
        k: {name: strict(v) for name, v in value.items()} if k in ("properties", "$defs") else strict(value)
        for k, value in schema.items()
        if k not in ("title", "default")
    }
    if out.get("type") == "object" and "properties" in out:
        out["additionalProperties"] = False
        out["required"] = list(out["properties"])
    return out


def storyboard_schema(allowed: dict[str, list[str]], *, scenes: tuple[int, int], duration_s: float) -> dict[str, Any]:
    """The storyboard schema for one request: model ids as enums of the configured routes, bounded scenes.

    Strings carry no ``maxLength``: OpenAI's strict mode does not take them, and llama.cpp turns each
    into a bounded repetition in its grammar that slowed Qwen2.5-0.5B on two CPU cores from 22 to 2
    tokens a second (measured). The prompt's word cap and the review keep lines short instead.
    """
    schema: dict[str, Any] = strict(StoryboardDraft.model_json_schema())
    scene = schema["$defs"]["SceneDraft"]["properties"]
    for field, ids in allowed.items():
        scene[field] = {"type": "string", "enum": ids, "description": scene[field].get("description", "")}
    scene["duration_s"] = {"type": "number", "minimum": 1, "maximum": duration_s}
    schema["properties"]["scenes"]["minItems"], schema["properties"]["scenes"]["maxItems"] = scenes
    return schema


def concept_schema(count: int) -> dict[str, Any]:
    """The concept schema: exactly one concept for a clear brief, two or three for a vague one."""
    schema: dict[str, Any] = strict(ConceptDrafts.model_json_schema())
    bounds = schema["properties"]["concepts"]
    bounds["minItems"], bounds["maxItems"] = (1, 1) if count == 1 else (2, 3)
    return schema
