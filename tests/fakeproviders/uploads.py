"""Fake file APIs: fal storage, Replicate Files and Runway ephemeral uploads, in their documented shapes.

Presigned storage is served on another origin of the same fake (``localhost`` beside ``127.0.0.1`` for a
socket fake, ``storage.fal.fake`` beside ``fal.fake`` in-process), so the key guard treats it as the
foreign host it is; like S3 and GCS, it refuses a request that also carries an ``Authorization``
header. Uploaded bytes land in :attr:`FakeState.files`, and the generation routes ask :func:`missing`
whether every uploaded reference in a body really arrived.
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import PurePosixPath
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakeproviders.common import FakeState, log_request

STORAGE_HOST = "localhost"
RUNWAY_MIN_BYTES = 512
"""Runway's documented smallest upload."""


def storage_url(state: FakeState) -> str:
    """The presigned-storage origin: the fake under another host name."""
    if "://127.0.0.1" in state.base_url:
        return state.base_url.replace("127.0.0.1", STORAGE_HOST, 1)
    return state.base_url.replace("://", "://storage.", 1)


def is_storage(hostname: str | None) -> bool:
    """Whether a request reached the presigned-storage origin."""
    return hostname == STORAGE_HOST or bool(hostname and hostname.startswith("storage."))


def storage_requests(state: FakeState) -> list[dict[str, Any]]:
    """Logged requests that reached the presigned storage host."""
    return [r for r in state.requests if is_storage(r["headers"].get("host", "").split(":")[0])]


def uploads(state: FakeState) -> list[str]:
    """Names of the files the fake's storage received."""
    return [name for name in state.files if name.startswith("up-")]


def missing(state: FakeState, body: Any) -> list[str]:
    """Uploaded references in a body (fal or Replicate file URLs, ``runway://`` URIs) whose bytes never arrived."""
    found: list[str] = []
    if isinstance(body, dict):
        return [m for value in body.values() for m in missing(state, value)]
    if isinstance(body, list):
        return [m for value in body for m in missing(state, value)]
    if isinstance(body, str):
        for prefix in (f"{state.base_url}/files/", f"{state.base_url}/v1/files/", "runway://uploads/"):
            if body.startswith(prefix) and body.removeprefix(prefix).split("/")[0] not in state.files:
                found.append(body)
    return found


def _off_storage(request: Request) -> Response | None:
    """Presigned URLs live on the storage host and carry their own signature, never a key."""
    if not is_storage(request.url.hostname):
        return JSONResponse({"error": "not a storage host"}, status_code=404)
    if "authorization" in request.headers:
        return Response(
            "<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed</Message></Error>",
            status_code=400,
            media_type="application/xml",
        )
    return None


def _s3_error(code: str, status: int) -> Response:
    return Response(f"<Error><Code>{code}</Code></Error>", status_code=status, media_type="application/xml")


def _problem(title: str, detail: str, status: int) -> Response:
    return JSONResponse({"title": title, "detail": detail, "status": status}, status_code=status)


def _name(file_name: str) -> str:
    return f"up-{uuid.uuid4().hex[:12]}{PurePosixPath(file_name).suffix}"


def fal_routes(state: FakeState) -> list[Route]:
    """``POST /storage/upload/initiate`` (the REST host) and the presigned ``PUT`` it names."""

    async def initiate(request: Request) -> Response:
        entry = await log_request(state, request)
        if not request.headers.get("authorization", "").startswith("Key "):
            return JSONResponse({"detail": "Missing or invalid credentials"}, status_code=401)
        body = entry["body"] or {}
        if not isinstance(body.get("content_type"), str) or not isinstance(body.get("file_name"), str):
            return JSONResponse({"detail": "content_type and file_name are required"}, status_code=422)
        name = _name(body["file_name"])
        query = f"content_type={body['content_type']}&X-Goog-Signature={hashlib.sha256(name.encode()).hexdigest()}"
        return JSONResponse(
            {
                "upload_url": f"{storage_url(state)}/fal-storage/{name}?{query}",
                "file_url": f"{state.base_url}/files/{name}",
            }
        )

    async def put(request: Request) -> Response:
        await log_request(state, request)
        if (refused := _off_storage(request)) is not None:
            return refused
        name = request.path_params["name"]
        if request.query_params.get("X-Goog-Signature") != hashlib.sha256(name.encode()).hexdigest():
            return Response("<Error><Code>SignatureDoesNotMatch</Code></Error>", status_code=403)
        state.files[name] = (await request.body(), request.headers.get("content-type", "application/octet-stream"))
        return Response(status_code=200)

    return [
        Route("/storage/upload/initiate", initiate, methods=["POST"]),
        Route("/fal-storage/{name}", put, methods=["PUT"]),
    ]


def replicate_routes(state: FakeState) -> list[Route]:
    """``POST /v1/files`` (multipart field ``content``) answering replicate-python's file object."""

    async def create(request: Request) -> Response:
        form = await request.form()
        content = form.get("content")
        data = await content.read() if isinstance(content, UploadFile) else b""
        await log_request(state, request)
        if not request.headers.get("authorization", "").startswith("Bearer "):
            return JSONResponse(
                {"title": "Unauthenticated", "detail": "You did not pass a valid token"}, status_code=401
            )
        if not isinstance(content, UploadFile) or not content.filename:
            return JSONResponse(
                {"title": "Bad request", "detail": "content is required", "status": 400}, status_code=400
            )
        file_id = _name("")
        content_type = content.content_type or "application/octet-stream"
        state.files[file_id] = (data, content_type)
        url = f"{state.base_url}/v1/files/{file_id}"
        return JSONResponse(
            {
                "id": file_id,
                "name": content.filename,
                "content_type": content_type,
                "size": len(data),
                "etag": hashlib.md5(data).hexdigest(),
                "checksums": {"sha256": hashlib.sha256(data).hexdigest(), "md5": hashlib.md5(data).hexdigest()},
                "metadata": {},
                "created_at": "2026-11-20T00:00:00Z",
                "expires_at": "2099-11-21T00:00:00Z",
                "urls": {"get": url},
            },
            status_code=201,
        )

    return [Route("/v1/files", create, methods=["POST"])]


def runway_routes(state: FakeState) -> list[Route]:
    """``POST /v1/uploads`` → ``{uploadUrl, fields, runwayUri}``, and the presigned form POST it names."""

    async def create(request: Request) -> Response:
        entry = await log_request(state, request)
        if request.headers.get("x-runway-version") != "2024-11-06":
            return JSONResponse({"error": "Missing or invalid X-Runway-Version header"}, status_code=400)
        if not request.headers.get("authorization", "").startswith("Bearer "):
            return JSONResponse({"error": "Unauthorized"}, status_code=401)
        body = entry["body"] or {}
        if not isinstance(body.get("filename"), str) or body.get("type") != "ephemeral":
            return JSONResponse(
                {"error": "Validation of body failed", "issues": [{"path": ["filename"]}]}, status_code=400
            )
        name = _name(body["filename"])
        key = f"uploads/{name}/{body['filename']}"
        fields = {"key": key, "policy": "ZmFrZQ==", "x-amz-signature": hashlib.sha256(key.encode()).hexdigest()}
        return JSONResponse(
            {"uploadUrl": f"{storage_url(state)}/runway-uploads", "fields": fields, "runwayUri": f"runway://{key}"}
        )

    async def upload(request: Request) -> Response:
        form = await request.form()
        file, key = form.get("file"), form.get("key")
        data = await file.read() if isinstance(file, UploadFile) else b""
        await log_request(state, request)
        if (refused := _off_storage(request)) is not None:
            return refused
        if not isinstance(key, str) or form.get("x-amz-signature") != hashlib.sha256(key.encode()).hexdigest():
            return Response("<Error><Code>AccessDenied</Code></Error>", status_code=403, media_type="application/xml")
        if not isinstance(file, UploadFile) or list(form.keys())[-1] != "file":
            return Response(
                "<Error><Code>InvalidArgument</Code></Error>", status_code=400, media_type="application/xml"
            )
        if len(data) < RUNWAY_MIN_BYTES:
            return Response("<Error><Code>EntityTooSmall</Code></Error>", status_code=400, media_type="application/xml")
        state.files[key.split("/")[1]] = (data, file.content_type or "application/octet-stream")
        return Response(status_code=204)

    return [
        Route("/v1/uploads", create, methods=["POST"]),
        Route("/runway-uploads", upload, methods=["POST"]),
    ]
