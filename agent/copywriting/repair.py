"""Fix what is fixable in written copy: hashtag form and count, over-long titles, refused characters."""

from __future__ import annotations

import re

from agent.copywriting.limits import HASHTAG, CopyRules, to_hashtag
from agent.copywriting.models import CopyItem

_TRAILING_TAGS = re.compile(r"(?:\s*#\w+)+\s*$")
_SWAPS = {"<": "‹", ">": "›"}


def cut_title(title: str, limit: int) -> str:
    """The title cut at the last word boundary that fits, without a dangling separator."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    cut = title[: limit + 1].rsplit(" ", 1)[0] if " " in title[:limit] else title[:limit]
    return cut.rstrip(" ,;:-–—|").strip()


def normal_tags(tags: list[str]) -> list[str]:
    """Each tag as #CamelCase ('#oat milk' → '#OatMilk'), unusable ones dropped, duplicates removed."""
    seen: set[str] = set()
    result = []
    for raw in tags:
        tag = raw.strip() if HASHTAG.match(raw.strip()) else to_hashtag(raw.lstrip("#"), max_words=4)
        if tag and tag.lower() not in seen:
            seen.add(tag.lower())
            result.append(tag)
    return result


def _swap(text: str, forbidden: str) -> str:
    for char in forbidden:
        text = text.replace(char, _SWAPS.get(char, ""))
    return text


def repair(item: CopyItem, rules: CopyRules, spare_tags: list[str]) -> tuple[CopyItem, list[str]]:
    """The item with its fixable faults fixed, and a note per fix.

    Hashtags left at the end of the body move to the tag list; tags are normalised, trimmed to the
    platform's count and topped up from ``spare_tags``; a title is cut at a word boundary under the
    limit (or dropped where the kind has none); refused characters are swapped for look-alikes.
    """
    notes = []
    body = item.body.strip()
    tags = list(item.hashtags)
    trailing = _TRAILING_TAGS.search(body)
    if trailing and trailing.start() > 0:
        tags += trailing.group(0).split()
        body = body[: trailing.start()].rstrip()
    fixed = normal_tags(tags)
    if fixed != tags:
        notes.append("hashtags normalised to #CamelCase")
    if len(fixed) > rules.hashtags_max:
        notes.append(f"hashtags trimmed from {len(fixed)} to {rules.hashtags_max}")
        fixed = fixed[: rules.hashtags_max]
    topped = [t for t in normal_tags(spare_tags) if t.lower() not in {f.lower() for f in fixed}]
    if len(fixed) < rules.hashtags_min and topped:
        added = topped[: rules.hashtags_min - len(fixed)]
        notes.append(f"added {', '.join(added)} to reach {rules.hashtags_min} hashtags")
        fixed += added
    title = (item.title or "").strip() or None
    if rules.title_max is None:
        title = None
    elif title is not None:
        title = _swap(title, rules.forbidden)
        if len(title) > rules.title_max:
            notes.append(f"title cut to {rules.title_max} characters at a word boundary")
            title = cut_title(title, rules.title_max)
    swapped = _swap(body, rules.forbidden)
    if swapped != body:
        notes.append(f"replaced characters {rules.label} refuses")
    return CopyItem(title=title, body=swapped, hashtags=fixed), notes
