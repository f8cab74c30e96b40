"""Reference roles: what a supplied image is for (the product, a style, a character, a logo).

The role is read from a ``role=PATH`` argument (CLI) or from the words sent with an upload (chat);
without one a reference is the product.
"""

from __future__ import annotations

import re

from agent.domain import ReferenceRole

ROLES = ", ".join(r.value for r in ReferenceRole)


class ReferenceArgError(ValueError):
    """A ``--reference`` value that cannot be used; the message says what to give instead."""


def split_reference(value: str) -> tuple[ReferenceRole, str]:
    """``product=shoe.png`` → (PRODUCT, ``shoe.png``); a bare path is the product."""
    role, sep, path = value.partition("=")
    if not sep:
        return ReferenceRole.PRODUCT, value
    if not re.fullmatch(r"[a-z]+", role.strip().lower()):  # 'C:\x=y.png' or 'a=b' in a path: keep it a path
        return ReferenceRole.PRODUCT, value
    try:
        return ReferenceRole(role.strip().lower()), path
    except ValueError:
        raise ReferenceArgError(
            f"unknown reference role {role!r} in {value!r}; use one of {ROLES}, e.g. --reference product=shoe.png"
        ) from None


_WORDS = {
    ReferenceRole.LOGO: r"\blogo\b",
    ReferenceRole.STYLE: r"\b(style|mood ?board|look and feel|inspiration)\b",
    ReferenceRole.CHARACTER: r"\b(character|mascot|model|talent|person|face)\b",
    ReferenceRole.PRODUCT: r"\b(product|packshot|pack shot|our (shoe|bottle|can|item))\b",
}


def role_in_text(text: str) -> ReferenceRole | None:
    """The role a message gives its upload ('this is our product', 'style reference'), or None."""
    lowered = text.lower()
    for role, pattern in _WORDS.items():
        if re.search(pattern, lowered):
            return role
    return None
