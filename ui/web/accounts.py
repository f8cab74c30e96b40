"""Workspace accounts: a users file of scrypt password hashes, and the checks login uses.

Password login is on when ``CHAINLIT_AUTH_SECRET`` is set and the users file names at least one user;
otherwise the workspace runs as one local user with no login.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
from pathlib import Path

from pydantic import BaseModel, Field

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
LOCAL_USER = "local"
MIN_PASSWORD = 8
# scrypt cost parameters (RFC 7914 interactive-login guidance: N=2^14, r=8, p=1).
_N, _R, _P = 1 << 14, 8, 1


class AccountError(ValueError):
    """A username or password that cannot be used; the message says why."""


class Account(BaseModel):
    """One user: a salted scrypt hash, never the password."""

    username: str
    salt: str
    hash: str


class Accounts(BaseModel):
    """The users file's content."""

    users: dict[str, Account] = Field(default_factory=dict)


def users_file(home: Path) -> Path:
    """``STUDIO_USERS_FILE``, else ``users.json`` in the data folder."""
    return Path(os.environ.get("STUDIO_USERS_FILE") or home / "users.json")


def load(path: Path) -> Accounts:
    """The accounts in ``path`` (none when the file does not exist)."""
    if not path.is_file():
        return Accounts()
    return Accounts.model_validate(json.loads(path.read_text()))


def _digest(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)


def add_user(path: Path, username: str, password: str) -> Account:
    """Create or replace a user's password; the file is written owner-only."""
    if not USERNAME.match(username):
        raise AccountError("usernames are 2–32 characters: lowercase letters, digits, '.', '_' or '-'")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"passwords need at least {MIN_PASSWORD} characters")
    if username == LOCAL_USER:
        raise AccountError(f"'{LOCAL_USER}' is reserved for the no-login workspace")
    salt = secrets.token_bytes(16)
    account = Account(
        username=username,
        salt=base64.b64encode(salt).decode(),
        hash=base64.b64encode(_digest(password, salt)).decode(),
    )
    accounts = load(path)
    accounts.users[username] = account
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(accounts.model_dump_json(indent=2))
    tmp.chmod(0o600)
    tmp.replace(path)
    return account


def verify(accounts: Accounts, username: str, password: str) -> bool:
    """True when ``password`` is ``username``'s; constant-time, and as slow for unknown users."""
    account = accounts.users.get(username)
    salt = base64.b64decode(account.salt) if account else b"\0" * 16
    expected = base64.b64decode(account.hash) if account else b"\0" * 32
    return hmac.compare_digest(_digest(password, salt), expected) and account is not None


def login_enabled(home: Path) -> bool:
    """Whether the workspace asks for a password: a secret and at least one user."""
    return bool(os.environ.get("CHAINLIT_AUTH_SECRET")) and bool(load(users_file(home)).users)
