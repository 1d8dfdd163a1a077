"""Publication dates as news pages print them, normalised to ISO ``YYYY-MM-DD``."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
_ORD = r"(?:st|nd|rd|th)?"
_PATTERNS = [
    # 2016-09-30, 2016/09/30, 2016-09-30T12:00Z
    re.compile(r"(?<![\d/.-])(?P<y>\d{4})([-/.])(?P<m>\d{1,2})\2(?P<d>\d{1,2})(?!\d)"),
    # 30/09/2016, 30.09.2016, 30-09-2016 (day first unless that is impossible)
    re.compile(r"(?<![\d/.-])(?P<a>\d{1,2})([-/.])(?P<b>\d{1,2})\2(?P<y>\d{4})(?!\d)"),
    # September 30, 2016 / Sept. 30 2016 / Sep 30th, 2016
    re.compile(rf"\b{_MONTH}\s+(?P<d>\d{{1,2}}){_ORD},?\s+(?P<y>\d{{4}})(?!\d)", re.I),
    # 30 September 2016 / 30th of Sept. 2016 / 30 Sep, 2016
    re.compile(rf"\b(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MONTH},?\s+(?P<y>\d{{4}})(?!\d)", re.I),
]


def find_date(text: str) -> tuple[str, int, int] | None:
    """The earliest valid date in ``text`` as ``(iso, start, end)``, or None."""
    best: tuple[str, int, int] | None = None
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if best is not None and m.start() >= best[1]:
                break
            iso = _to_iso(m)
            if iso is not None:
                best = (iso, m.start(), m.end())
                break
    return best


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as ISO ``YYYY-MM-DD``, or None."""
    found = find_date(text)
    return found[0] if found else None


def _to_iso(m: re.Match[str]) -> str | None:
    groups = m.groupdict()
    year = int(groups["y"])
    if groups.get("mon"):
        # IGNORECASE lets "ſ" (U+017F) match "s" and "K" (U+212A) "k": such a
        # "month" is no month, so look it up rather than index.
        month = _MONTHS.get(groups["mon"][:3].lower())
        if month is None:
            return None
        day = int(groups["d"])
    elif groups.get("a"):
        a, b = int(groups["a"]), int(groups["b"])
        # Day first (30/09/2016) when ambiguous; month first only when the
        # second number cannot be a month (09/30/2016).
        day, month = (b, a) if b > 12 and a <= 12 else (a, b)
    else:
        month, day = int(groups["m"]), int(groups["d"])
    if not 1900 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None
