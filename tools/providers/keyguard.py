"""Keys go only to their provider's own host: one check on every request the shared client sends.

The check runs as the client's request hook, so it also sees requests a future adapter builds and any
redirect hop; an adapter cannot opt out of it.
"""

from __future__ import annotations

import httpx
from pydantic import BaseModel, SecretStr

from tools._http import on_https_domain, origin
from tools.providers.base import ProviderError

AUTH_HEADERS = ("authorization", "x-key", "x-goog-api-key", "xi-api-key", "x-api-key", "api-key")
"""Headers that carry a credential, whichever key is in them."""
MIN_SUBSTRING = 8
"""Keys at least this long are also looked for anywhere in the URL."""


class KeyRefused(ProviderError):
    """A request would have carried a key to a host that key does not belong to."""


class KeyScope(BaseModel, frozen=True):
    """One provider's key and the hosts it may be sent to."""

    provider: str
    secret: SecretStr
    origin: str
    """The configured base URL's ``scheme://host:port``."""
    https_domains: tuple[str, ...] = ()
    """Documented sibling hosts (e.g. BFL's regional ``api.eu.bfl.ai``), https only."""
    also: tuple[str, ...] = ()
    """Other configured origins of the same provider (fal's storage REST host); presigned storage URLs never."""

    def allows(self, url: httpx.URL) -> bool:
        """Whether this key may go to ``url``."""
        here = origin(url)
        return here == self.origin or here in self.also or on_https_domain(url, self.https_domains)

    def carried_by(self, request: httpx.Request) -> bool:
        """Whether the request holds this key in a header or its URL."""
        secret = self.secret.get_secret_value()
        if any(secret in value.split() for value in request.headers.values()):
            return True
        if any(value == secret for _, value in request.url.params.multi_items()):
            return True
        return len(secret) >= MIN_SUBSTRING and secret in str(request.url)


class KeyGuard:
    """Refuses any request that would carry a key off its provider's configured host."""

    def __init__(self, scopes: list[KeyScope]) -> None:
        self.scopes = scopes

    async def __call__(self, request: httpx.Request) -> None:
        """The client's request hook."""
        self.check(request)

    def check(self, request: httpx.Request) -> None:
        """Raise :class:`KeyRefused` if the request carries a key to a host it does not belong to."""
        host = request.url.host
        for scope in self.scopes:
            if scope.carried_by(request) and not scope.allows(request.url):
                raise KeyRefused(
                    scope.provider,
                    f"refused to send the API key to {host}: keys only go to the configured host "
                    f"({scope.origin}); the provider's answer named another host",
                )
        credential = next((name for name in AUTH_HEADERS if name in request.headers), None)
        if credential and not any(scope.allows(request.url) for scope in self.scopes):
            raise KeyRefused("http", f"refused to send a {credential} header to {host}: no provider is set up there")
