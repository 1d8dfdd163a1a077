"""The corpus level: what holds across articles (canonical speakers)."""

from .speakers import Canonical, lookup_keys, match_speaker, merge, new_canonical, normalize, resolve

__all__ = ["Canonical", "lookup_keys", "match_speaker", "merge", "new_canonical", "normalize", "resolve"]
