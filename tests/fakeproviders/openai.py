"""Fake OpenAI images, speech and videos (providers.md §3); chat, embeddings, images and speech requests are
checked against OpenAI's own OpenAPI spec."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakeproviders.common import FORBIDDEN, FakeState, fault_response, log_request, mp4, png, wav
from tests.fakeproviders.spec import operation_problems, request_problems

SPEC = "openai-openapi.json"

MODERATION = {
    "error": {
        "message": "Your request was rejected by the safety system.",
        "type": "image_generation_user_error",
        "param": None,
        "code": "moderation_blocked",
    }
}


def app(state: FakeState) -> Starlette:
    """The fake API host (paths relative to ``/v1``)."""

    def invalid(path: str, body: Any) -> Response | None:
        """A 400 like OpenAI's for a body its spec rejects (the problems are kept for the test to read)."""
        problems = request_problems(SPEC, path, body)
        state.checked.append(path)
        if not problems:
            return None
        state.rejected.append({"path": path, "problems": problems})
        message = "Invalid request: " + "; ".join(problems)
        return JSONResponse({"error": {"message": message, "type": "invalid_request_error"}}, status_code=400)

    def unaccepted(path: str, body: Any, content: str = "application/json") -> Response | None:
        """A 400 for a media request the spec refuses (its schemas closed: a misspelt field is refused too)."""
        problems = operation_problems(SPEC, path, body=body, content=content)
        state.checked.append(path)
        if not problems:
            return None
        state.rejected.append({"path": path, "problems": problems})
        message = "Invalid request: " + "; ".join(f"{'.'.join(map(str, p['loc'][1:]))}: {p['msg']}" for p in problems)
        param = ".".join(map(str, problems[0]["loc"][1:])) or None
        return JSONResponse(
            {"error": {"message": message, "type": "invalid_request_error", "param": param, "code": None}},
            status_code=400,
        )

    async def form(request: Request) -> dict[str, Any]:
        """A multipart body as named fields: ``image[]`` parts become one list, files their names."""
        fields: dict[str, Any] = {}
        for key, value in (await request.form()).multi_items():
            item = value if isinstance(value, str) else f"<file {value.filename}>"
            if key.endswith("[]"):
                fields.setdefault(key[:-2], []).append(item)
            else:
                fields[key] = item
        return fields

    def denied(request: Request) -> Response | None:
        if not request.headers.get("authorization", "").startswith("Bearer "):
            return JSONResponse(
                {
                    "error": {
                        "message": "Incorrect API key provided",
                        "type": "invalid_request_error",
                        "code": "invalid_api_key",
                    }
                },
                status_code=401,
            )
        return None

    async def images(request: Request) -> Response:
        entry = await log_request(state, request)
        if (refused := denied(request)) is not None:
            return refused
        if faulted := fault_response(state, state.next_fault(), body={"error": {"message": "Rate limit"}}):
            return faulted
        path = request.url.path.removeprefix("/v1")
        if path == "/images/edits":
            invalid_body = unaccepted(path, await form(request), "multipart/form-data")
        else:
            invalid_body = unaccepted(path, entry["body"])
        if invalid_body is not None:
            return invalid_body
        body = entry["body"] or {}
        if FORBIDDEN in str(body.get("prompt")):
            return JSONResponse(MODERATION, status_code=400)
        width, height = (int(v) for v in str(body.get("size", "1024x1024")).split("x"))
        data = base64.b64encode(png(width // 4, height // 4, "FAKE openai")).decode()
        return JSONResponse(
            {
                "created": 1,
                "data": [{"b64_json": data}],
                "output_format": "png",
                "size": body.get("size"),
                "usage": {"total_tokens": 10},
            }
        )

    async def speech(request: Request) -> Response:
        entry = await log_request(state, request)
        if (refused := denied(request)) is not None:
            return refused
        if (invalid_body := unaccepted("/audio/speech", entry["body"])) is not None:
            return invalid_body
        return Response(wav(), media_type="audio/wav")

    def video(job_id: str) -> dict[str, Any]:
        job = state.jobs[job_id]
        phase = job.phase(time.monotonic())
        status = {"queued": "queued", "running": "in_progress", "done": "completed"}[phase]
        error = None
        if phase == "done" and job.moderated:
            status, error = "failed", {"code": "moderation_blocked", "message": "blocked by moderation"}
        return {
            "id": job.id,
            "object": "video",
            "model": job.params.get("model"),
            "status": status,
            "progress": 100 if phase == "done" else 50 if phase == "running" else 0,
            "seconds": job.params.get("seconds"),
            "size": job.params.get("size"),
            "error": error,
        }

    async def create_video(request: Request) -> Response:
        entry = await log_request(state, request)
        if (refused := denied(request)) is not None:
            return refused
        body = entry["body"] or {}
        job = state.schedule("videos", "video", body, moderated=FORBIDDEN in str(body.get("prompt")))
        return JSONResponse(video(job.id))

    async def get_video(request: Request) -> Response:
        await log_request(state, request)
        if (refused := denied(request)) is not None:
            return refused
        return JSONResponse(video(request.path_params["vid"]), headers={"openai-poll-after-ms": "50"})

    async def content(request: Request) -> Response:
        await log_request(state, request)
        if (refused := denied(request)) is not None:
            return refused
        job = state.jobs[request.path_params["vid"]]
        return Response(mp4(float(job.params.get("seconds", 4))), media_type="video/mp4")

    async def delete_video(request: Request) -> Response:
        await log_request(state, request)
        state.jobs[request.path_params["vid"]].cancelled = True
        return JSONResponse({"id": request.path_params["vid"], "object": "video.deleted", "deleted": True})

    async def chat(request: Request) -> Response:
        entry = await log_request(state, request)
        if (refused := denied(request) or invalid("/chat/completions", entry["body"])) is not None:
            return refused
        if not state.script:
            return JSONResponse(
                {"error": {"message": "no scripted answer left", "type": "server_error"}}, status_code=500
            )
        step = state.script.pop(0)
        if "status" in step:
            return JSONResponse(
                {"error": {"message": "scripted failure", "type": "server_error"}}, status_code=step["status"]
            )
        message: dict[str, Any] = {"role": "assistant", "content": step.get("content"), "refusal": None}
        finish = step.get("finish", "stop")
        if "tool" in step:
            arguments = step["arguments"] if isinstance(step["arguments"], str) else json.dumps(step["arguments"])
            message["tool_calls"] = [
                {"id": "call_1", "type": "function", "function": {"name": step["tool"], "arguments": arguments}}
            ]
            finish = "tool_calls"
        return JSONResponse(
            {
                "id": "chatcmpl-fake",
                "object": "chat.completion",
                "created": 1,
                "model": "fake-model",
                "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
                "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
            }
        )

    async def embeddings(request: Request) -> Response:
        entry = await log_request(state, request)
        if (refused := denied(request) or invalid("/embeddings", entry["body"])) is not None:
            return refused
        data = []
        for index, text in enumerate(entry["body"]["input"]):
            vector = [0.0] * 26  # letter counts: enough to test wiring, not meaning
            for ch in text.lower():
                if "a" <= ch <= "z":
                    vector[ord(ch) - 97] += 1.0
            data.append({"object": "embedding", "index": index, "embedding": vector})
        return JSONResponse(
            {
                "object": "list",
                "data": data,
                "model": entry["body"]["model"],
                "usage": {"prompt_tokens": 1, "total_tokens": 1},
            }
        )

    return Starlette(
        routes=[
            Route("/v1/chat/completions", chat, methods=["POST"]),
            Route("/v1/embeddings", embeddings, methods=["POST"]),
            Route("/v1/images/generations", images, methods=["POST"]),
            Route("/v1/images/edits", images, methods=["POST"]),
            Route("/v1/audio/speech", speech, methods=["POST"]),
            Route("/v1/videos", create_video, methods=["POST"]),
            Route("/v1/videos/{vid}/content", content, methods=["GET"]),
            Route("/v1/videos/{vid}", get_video, methods=["GET"]),
            Route("/v1/videos/{vid}", delete_video, methods=["DELETE"]),
        ]
    )
