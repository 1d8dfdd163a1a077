"""The lineage of one utterance in HTML: the rows ``templates/_lineage.html`` draws, for the CLI's
self-contained page (``utterance_page.html``) and the web UI's utterance page.

Every piece of text that came from an article is escaped; links are http(s) only.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from .model import Occurrence, Utterance
from .text import Diff


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _href(url: str | None) -> str | None:
    return url if url and re.match(r"(?i)https?://", url) else None


def diff_html(d: Diff) -> str:
    """The words of one occurrence with cuts struck through and insertions/replacements highlighted."""
    out = []
    for op in d.ops:
        if op.kind == "same":
            out.append(_e(op.text))
        elif op.kind == "cut":
            out.append(f'<span class="cut" title="cut">{_e(op.text)}</span>')
        elif op.kind == "inserted":
            out.append(f'<span class="ins" title="inserted">{_e(op.text)}</span>')
        else:
            out.append(f'<span class="rep" title="replaced {_e(op.was)}"><s>{_e(op.was)}</s> {_e(op.text)}</span>')
    return " ".join(out)


def lineage_rows(
    u: Utterance,
    article_url: Callable[[Occurrence], str | None] | None = None,
    speaker_url: Callable[[str], str | None] | None = None,
) -> list[dict[str, Any]]:
    """What ``templates/_lineage.html`` draws for each occurrence; the links are the caller's
    (the web UI links its own pages; a standalone page links an article's http(s) URL only)."""
    link = article_url or (lambda o: _href(o.url))
    return [
        {
            "o": o,
            "diff": Markup(diff_html(o.diff)),  # built from escaped pieces
            "article_url": link(o),
            "speaker_url": speaker_url(o.speaker_id) if speaker_url and o.speaker_id else None,
            "conflict": bool(u.speaker_id) and bool(o.speaker_id) and o.speaker_id != u.speaker_id,
            "changes": [
                k
                for k, on in (("ellipsis", o.diff.ellipsis), ("reordered", o.diff.reordered), ("altered", o.altered))
                if on
            ],
        }
        for o in u.occurrences
    ]


def render_utterance_html(u: Utterance) -> str:
    """One self-contained page: the canonical wording, flags, and the lineage table, first appearance first."""
    from ..output import static_text, templates

    return str(
        templates()
        .get_template("utterance_page.html")
        .render(
            u=u,
            rows=lineage_rows(u),
            conflicts=[{"id": c, "url": None} for c in u.conflicts],
            paraphrases=[{"p": p, "url": None} for p in u.paraphrases],
            css=static_text("utterance.css"),
        )
    )


def mark_altered(page: str, altered: dict[str, str]) -> str:
    """An article page from :func:`saywho.output.render_html` with altered quotes outlined.

    ``altered`` maps quote id → utterance id; each such quote's mark gets class ``altered``
    and a ``data-utterance`` naming the utterance (``render_html(article, altered)`` does the same).
    """
    for qid, uid in altered.items():
        pattern = re.compile(r'<mark class="q((?! altered)[^"]*)"( data-q="' + re.escape(_e(qid)) + '")')

        def mark(m: re.Match[str], u: str = uid) -> str:
            return f'<mark class="q altered{m.group(1)}" data-utterance="{_e(u)}"{m.group(2)}'

        page = pattern.sub(mark, page)
    return page
