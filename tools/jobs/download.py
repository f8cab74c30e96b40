"""Fetching a result file safely: public https hosts only, no key across hosts, capped size, checked type.

A provider's answer names the file to fetch, so the URL is untrusted: it must be https on a host that
resolves to public addresses only (the configured provider host is the one exception, which is how
tests reach their loopback fakes). Redirects are followed by hand, each hop checked the same way, and
the adapter's headers (its key) are dropped as soon as a hop leaves the original host.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import ipaddress
import mimetypes
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import httpx

from tools._http import origin
from tools.providers.base import ProviderError
from tools.providers.http import RetryPolicy, send

MiB = 1024**2
MAX_BYTES = {"image/": 200 * MiB, "audio/": 200 * MiB, "video/": 2 * 1024 * MiB}
"""Largest file accepted per kind; a download stops as soon as it passes the cap."""
DEFAULT_MAX_BYTES = 2 * 1024 * MiB
MAX_REDIRECTS = 5
SNIFF_BYTES = 32
UNTYPED = ("", "application/octet-stream", "binary/octet-stream")
MEDIA = ("image/", "video/", "audio/")
EXPECTED_TYPES = {
    ".png": "image/",
    ".jpg": "image/",
    ".webp": "image/",
    ".mp4": "video/",
    ".wav": "audio/",
    ".mp3": "audio/",
}
EXTENSIONS = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/webp": ".webp",
    "video/mp4": ".mp4",
    "audio/mpeg": ".mp3",
    "audio/mp3": ".mp3",
    "audio/wav": ".wav",
    "audio/x-wav": ".wav",
    "audio/wave": ".wav",
    "video/quicktime": ".mov",
}


class DownloadFailed(ProviderError):
    """A result file could not be fetched, or was not what was asked for."""

    def __init__(self, message: str) -> None:
        super().__init__("download", message, retryable=True)


def where(url: httpx.URL) -> str:
    """Host and path only: signed URLs carry tokens in their query, which never reach messages."""
    return f"{url.host}{url.path}"


def sniff(head: bytes) -> str | None:
    """The media type the first bytes show, if they show one."""
    signatures = (
        (b"\x89PNG\r\n\x1a\n", "image/png"),
        (b"\xff\xd8\xff", "image/jpeg"),
        (b"GIF8", "image/gif"),
        (b"\x1aE\xdf\xa3", "video/webm"),
        (b"ID3", "audio/mpeg"),
        (b"OggS", "audio/ogg"),
        (b"fLaC", "audio/flac"),
    )
    for magic, kind in signatures:
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] in (b"WEBP", b"WAVE"):
        return "image/webp" if head[8:12] == b"WEBP" else "audio/wav"
    if head[4:8] == b"ftyp":
        return "video/quicktime" if head[8:10] == b"qt" else "video/mp4"
    if len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        return "audio/mpeg"  # an MPEG audio frame header
    return None


def check_type(out: Path, content_type: str | None, head: bytes = b"") -> str:
    """The file's media type, after checking it is the kind asked for (an image for a keyframe, …).

    An untyped file (``application/octet-stream``) is accepted when its first bytes show a media type;
    text (an error page, JSON) is refused whatever it claims to be.
    """
    declared = (content_type or "").split(";")[0].strip().lower()
    sniffed = sniff(head) if head else None
    if head and head.lstrip()[:1] in (b"<", b"{", b"["):
        raise DownloadFailed(f"expected a media file but the provider sent text ({declared or 'untyped'})")
    if declared in UNTYPED:
        if head and sniffed is None:
            raise DownloadFailed("the provider sent an untyped file that is not a recognisable image, video or audio")
        declared = sniffed or declared
    expected = EXPECTED_TYPES.get(out.suffix.lower())
    if declared and expected and not declared.startswith(expected):
        raise DownloadFailed(f"expected {expected}* but the provider sent {declared}")
    if declared and declared not in UNTYPED and not declared.startswith(MEDIA):
        raise DownloadFailed(f"expected an image, video or audio file but the provider sent {declared}")
    return declared


def target(out: Path, content_type: str | None) -> Path:
    """``out`` with the suffix the content type calls for (a provider's JPEG is not saved as .png)."""
    kind = content_type or ""
    suffix = EXTENSIONS.get(kind) or (mimetypes.guess_extension(kind) if kind not in UNTYPED else None) or out.suffix
    return out.with_suffix(suffix)


def cap_for(out: Path) -> int:
    """The size cap for the kind of file ``out`` is."""
    return MAX_BYTES.get(EXPECTED_TYPES.get(out.suffix.lower(), ""), DEFAULT_MAX_BYTES)


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Not private, loopback, link-local (cloud metadata), multicast, reserved or unspecified."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


async def resolve(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """Every address ``host`` resolves to (a module function so tests can stand in for DNS)."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


async def check_url(url: httpx.URL, base_origin: str) -> None:
    """Refuse a result URL that is not https on a public host (the configured host is always fine)."""
    if origin(url) == base_origin:
        return
    if url.scheme != "https":
        raise DownloadFailed(f"refused {url.scheme or 'a relative'} URL {where(url)}: results are fetched over https")
    if url.userinfo:
        raise DownloadFailed(f"refused {where(url)}: result URLs may not carry credentials")
    try:
        addresses = [ipaddress.ip_address(url.host)]
    except ValueError:
        try:
            addresses = await resolve(url.host, url.port or 443)
        except OSError as exc:
            raise DownloadFailed(f"could not resolve {url.host}: {exc}") from exc
    private = [str(a) for a in addresses if not is_public(a)]
    if private or not addresses:
        raise DownloadFailed(f"refused {where(url)}: it resolves to a non-public address ({', '.join(private)})")


async def open_stream(
    client: httpx.AsyncClient, request: httpx.Request, *, base_origin: str, policy: RetryPolicy
) -> httpx.Response:
    """Send a download, following redirects by hand; the key never follows one to another host."""
    for _ in range(MAX_REDIRECTS + 1):
        await check_url(request.url, base_origin)
        response = await send(client, request, idempotent=True, policy=policy, stream=True)
        if not response.is_redirect:
            return response
        await response.aclose()
        if not response.headers.get("location"):
            raise DownloadFailed(f"{where(request.url)} answered a redirect without a location")
        location = request.url.join(response.headers["location"])
        same_host = origin(location) == origin(request.url)
        headers = {k: v for k, v in request.headers.items() if k.lower() != "host"} if same_host else {}
        request = httpx.Request("GET", location, headers=headers)
    raise DownloadFailed(f"{where(request.url)} redirected more than {MAX_REDIRECTS} times")


async def _chunks(response: httpx.Response, cap: int, url: httpx.URL) -> AsyncIterator[bytes]:
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > cap:
            raise DownloadFailed(f"{where(url)} is larger than the {cap // MiB} MiB cap")
        yield chunk


async def fetch(
    client: httpx.AsyncClient,
    request: httpx.Request,
    out: Path,
    *,
    declared: str | None,
    base_origin: str,
    policy: RetryPolicy,
) -> tuple[Path, str]:
    """Stream a result to disk next to ``out`` (suffix by type); returns the path and its sha256."""
    response = await open_stream(client, request, base_origin=base_origin, policy=policy)
    url, cap = response.request.url, cap_for(out)
    try:
        if response.is_error:
            raise DownloadFailed(f"HTTP {response.status_code} fetching {where(url)}")
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > cap:
            raise DownloadFailed(f"{where(url)} is {int(length) // MiB} MiB, over the {cap // MiB} MiB cap")
        chunks = _chunks(response, cap, url)
        head = b""
        async for chunk in chunks:
            head += chunk
            if len(head) >= SNIFF_BYTES:
                break
        if not head:
            raise DownloadFailed(f"{where(url)} was empty")
        kind = check_type(out, response.headers.get("content-type") or declared, head)
        path = target(out, kind)
        partial = path.with_name(f".{path.name}.partial")
        digest = hashlib.sha256(head)
        try:
            with partial.open("wb") as handle:
                handle.write(head)
                async for chunk in chunks:
                    digest.update(chunk)
                    handle.write(chunk)
            partial.replace(path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    finally:
        await response.aclose()
    return path, digest.hexdigest()


def save_inline(data_b64: str, out: Path, declared: str | None) -> tuple[Path, str]:
    """Write a result that came inline (base64) with the same type and size checks."""
    data = base64.b64decode(data_b64)
    if len(data) > cap_for(out):
        raise DownloadFailed(f"the inline result is larger than the {cap_for(out) // MiB} MiB cap")
    if not data:
        raise DownloadFailed("the inline result was empty")
    path = target(out, check_type(out, declared, data[:SNIFF_BYTES]))
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    partial.replace(path)
    return path, hashlib.sha256(data).hexdigest()
