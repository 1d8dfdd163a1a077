"""Quote provenance: the same utterance across outlets, its first appearance, every altered wording.

Linking lives in the store (:mod:`saywho.store._utterances`); this package holds what
the store, Spark and the faces share: word matching and diffs (:mod:`.text`), the
order-independent grouping (:mod:`.group`), cue framing (:mod:`.framing`), the typed
answers (:mod:`.model`) and the HTML lineage page (:mod:`.html`).
"""

from .framing import CLASSES as FRAMING_CLASSES
from .framing import cue_framing
from .html import render_utterance_html
from .model import Occurrence, Trace, TraceMatch, Utterance, UtteranceSummary
from .text import Diff, diff, same_words, tokens

__all__ = [
    "FRAMING_CLASSES",
    "Diff",
    "Occurrence",
    "Trace",
    "TraceMatch",
    "Utterance",
    "UtteranceSummary",
    "cue_framing",
    "diff",
    "render_utterance_html",
    "same_words",
    "tokens",
]
