"""Element files are served to their owner only: every traversal form gets the same 404 as a missing file."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from chainlit.auth import get_current_user
from chainlit.server import app
from chainlit.user import PersistedUser
from starlette.testclient import TestClient

from ui.web import files_route
from ui.web.history import LocalFiles

ALICE = PersistedUser(id="alice-id", createdAt="2025-01-01", identifier="alice")
BOB_FILE = "bob-id/el-1/final.mp4"
BOB_BYTES = b"bob's unreleased campaign"


class Signed:
    """Who the route thinks is signed in (swapped per test)."""

    user: PersistedUser | None = ALICE


@pytest.fixture
def files(tmp_path: Path) -> LocalFiles:
    root = tmp_path / "ui" / "files"
    for key, data in ((BOB_FILE, BOB_BYTES), ("alice-id/el-1/frame.png", b"alice's frame")):
        (root / key).parent.mkdir(parents=True, exist_ok=True)
        (root / key).write_bytes(data)
    (tmp_path / "studio.db").write_bytes(b"the whole database")
    return LocalFiles(root)


@pytest.fixture
def mounted(files: LocalFiles) -> Iterator[None]:
    """Chainlit's real ASGI app with the files route mounted, and a stand-in for its login."""
    before = list(app.router.routes)
    files_route.mount(files)
    Signed.user = ALICE
    app.dependency_overrides[get_current_user] = lambda: Signed.user
    try:
        yield
    finally:
        app.dependency_overrides.pop(get_current_user, None)
        app.router.routes[:] = before


@pytest.fixture
async def client(mounted: None) -> AsyncIterator[httpx.AsyncClient]:
    """Requests as uvicorn hands them over: the path percent-decoded once."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://studio") as made:
        yield made


async def test_the_owner_gets_their_own_file(client: httpx.AsyncClient) -> None:
    answer = await client.get("/studio/files/alice-id/el-1/frame.png")
    assert answer.status_code == 200 and answer.content == b"alice's frame"


async def test_nobody_signed_in_and_other_users_get_404(client: httpx.AsyncClient) -> None:
    assert (await client.get(f"/studio/files/{BOB_FILE}")).status_code == 404
    Signed.user = None
    assert (await client.get("/studio/files/alice-id/el-1/frame.png")).status_code == 404


TRAVERSALS = [
    "alice-id/%2e%2e/bob-id/el-1/final.mp4",
    "alice-id/%2E%2E/bob-id/el-1/final.mp4",
    "alice-id/.%2e/bob-id/el-1/final.mp4",
    "alice-id/el-1/%2e%2e/%2e%2e/bob-id/el-1/final.mp4",
    "alice-id/%2e%2e/%2e%2e/%2e%2e/studio.db",
    "alice-id/%252e%252e/bob-id/el-1/final.mp4",
    "alice-id/%25252e%25252e/bob-id/el-1/final.mp4",
    "alice-id/..%5cbob-id%5cel-1%5cfinal.mp4",
    "alice-id/..%5c..%5cstudio.db",
    "alice-id/..\\bob-id\\el-1\\final.mp4",
    "alice-id/%2e%2e%2fbob-id%2fel-1%2ffinal.mp4",
    "alice-id/%2e%2e/bob-id/el-1/final.mp4%00.png",
    "alice-id/el-1/frame.png%00",
    "/etc/passwd",
    "alice-id//etc/passwd",
    "alice-id/./el-1/frame.png/../../../bob-id/el-1/final.mp4",
    "alice-id",
    "alice-id/",
    "alice-id/el-1",
    "%2e%2e/studio.db",
]


@pytest.mark.parametrize("key", TRAVERSALS)
async def test_traversal_forms_get_the_same_404_as_a_missing_file(client: httpx.AsyncClient, key: str) -> None:
    missing = await client.get("/studio/files/alice-id/el-9/nothing.png")
    answer = await client.get(f"/studio/files/{key}")
    assert answer.status_code == 404, answer.content[:80]
    assert answer.content == missing.content, "a refused path reads exactly like a missing one"
    assert BOB_BYTES not in answer.content


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("alice-id/el-2/final.mp4", BOB_FILE),  # a file symlink to another user's file
        ("alice-id/el-3", "bob-id/el-1"),  # a folder symlink into another user's campaign
        ("alice-id/db.png", "../../studio.db"),  # out of the files folder altogether
    ],
)
async def test_symlinks_out_of_the_users_folder_get_404(
    client: httpx.AsyncClient, files: LocalFiles, link: str, target: str
) -> None:
    path = files.root / link
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(os.path.relpath(files.root / target, path.parent))
    key = f"{link}/final.mp4" if path.is_dir() else link
    assert (files.root / key).read_bytes(), "the link works on disk"
    assert (await client.get(f"/studio/files/{key}")).status_code == 404


async def test_a_users_own_folder_linked_elsewhere_gets_404(client: httpx.AsyncClient, files: LocalFiles) -> None:
    (files.root / "alice-id").rename(files.root / "alice-old")
    (files.root / "alice-id").symlink_to("bob-id")
    assert (await client.get("/studio/files/alice-id/el-1/final.mp4")).status_code == 404


async def test_a_symlink_inside_the_users_own_folder_still_works(client: httpx.AsyncClient, files: LocalFiles) -> None:
    (files.root / "alice-id" / "latest.png").symlink_to("el-1/frame.png")
    assert (await client.get("/studio/files/alice-id/latest.png")).content == b"alice's frame"


@pytest.mark.usefixtures("mounted")
@pytest.mark.parametrize("key", TRAVERSALS)
def test_a_server_that_decodes_twice_still_gets_404(key: str) -> None:
    """Starlette's TestClient percent-decodes the path twice, so ``%252e%252e`` arrives as ``..``."""
    answer = TestClient(app).get(f"/studio/files/{key}")
    assert answer.status_code == 404 and BOB_BYTES not in answer.content
