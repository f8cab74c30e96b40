"""Social post copy: captions, YouTube titles and descriptions, posts, fitted to each platform's limits.

Front ends call :func:`copy_request` to check what the marketer asked for, then :func:`write_copy`.
"""

from agent.copywriting.context import CopyContextError
from agent.copywriting.models import CopyError, CopyItem, CopyRequest, PostCopy, copy_request
from agent.copywriting.store import saved_copies
from agent.copywriting.writer import write_copy

__all__ = [
    "CopyContextError",
    "CopyError",
    "CopyItem",
    "CopyRequest",
    "PostCopy",
    "copy_request",
    "saved_copies",
    "write_copy",
]
