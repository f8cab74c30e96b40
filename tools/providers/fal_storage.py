"""fal storage uploads, as pure transforms: initiate on fal's REST host, then PUT to the presigned URL.

Flow confirmed in fal's JavaScript client (fal-ai/fal-js ``libs/client/src/storage.ts`` at 381105e,
2026-08-02): ``POST https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3`` with
``Authorization: Key …`` and ``{"content_type", "file_name"}`` answers ``{"upload_url", "file_url"}``;
the bytes are PUT to ``upload_url`` with only a ``Content-Type`` header, and ``file_url`` is what a
model input names. fal's Python client (fal-ai/fal ``projects/fal_client/src/fal_client/client.py``
at c6f0afa) keeps the same initiate-and-PUT flow as its fallback (``storage_type=gcs``). Both clients
switch to a multipart upload above about 90–100 MB, which is not done here, so larger files are refused.
fal documents no data-URI cap, but recommends its CDN for file inputs (docs "fal CDN").
"""

from __future__ import annotations

import httpx
from pydantic import BaseModel, ValidationError

from tools.providers.base import AdapterConfig, InputFile, ProviderError
from tools.providers.uploads import InputKind, InputRules, MiB, UploadSlot

REST_URL = "https://rest.fal.ai"
INITIATE_PATH = "storage/upload/initiate"
STORAGE_TYPE = "fal-cdn-v3"
RULES = InputRules(
    provider_label="fal",
    types={
        InputKind.IMAGE: frozenset({"image/jpeg", "image/png", "image/webp"}),
        InputKind.VIDEO: frozenset({"video/mp4", "video/quicktime", "video/webm"}),
    },
    max_bytes={InputKind.IMAGE: 90 * MiB, InputKind.VIDEO: 90 * MiB},
    inline_max_bytes=1 * MiB,
    limit_note=" here (larger files need fal's multipart upload, which the studio does not do)",
)


class _Initiated(BaseModel):
    upload_url: str
    file_url: str


def initiate(config: AdapterConfig, file: InputFile) -> httpx.Request:
    """``POST {rest}/storage/upload/initiate?storage_type=fal-cdn-v3`` (keyed: fal's own REST host)."""
    base = (config.upload_url or REST_URL).rstrip("/")
    return httpx.Request(
        "POST",
        f"{base}/{INITIATE_PATH}",
        params={"storage_type": STORAGE_TYPE},
        json={"content_type": file.content_type, "file_name": file.path.name},
        headers={"Authorization": f"Key {config.api_key.get_secret_value()}", "Accept": "application/json"},
    )


def parse_initiate(response: httpx.Response) -> UploadSlot:
    """``{upload_url, file_url}``: the presigned PUT target and the URL models read."""
    try:
        answer = _Initiated.model_validate_json(response.content)
    except ValidationError as exc:
        raise ProviderError("fal", f"the storage API answered in an unexpected shape: {exc.errors()[:2]}") from exc
    return UploadSlot(ref=answer.file_url, transfer_url=answer.upload_url)


def put(slot: UploadSlot, file: InputFile) -> httpx.Request:
    """``PUT upload_url`` with the bytes and their type, and no key (it is a presigned storage URL)."""
    return httpx.Request(
        "PUT", slot.transfer_url or "", content=file.path.read_bytes(), headers={"Content-Type": file.content_type}
    )
