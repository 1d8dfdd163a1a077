"""The lineage of one utterance as a self-contained HTML page (the CLI writes it; the web UI reuses it).

Every piece of text that came from an article is escaped; links are http(s) only.
"""

from __future__ import annotations

import html
import re

from .model import Occurrence, Utterance
from .text import Diff

_CSS = """
body{margin:0;background:#f5f6f8;color:#1f2328;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
 font-size:16px;line-height:1.55}
main{max-width:64rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.35rem;margin:0 0 .4rem}
.canon{background:#fff;border:1px solid #e3e6ea;border-radius:10px;padding:1rem 1.25rem;margin:0 0 1rem}
.flags span{display:inline-block;font-size:.75rem;border-radius:999px;padding:0 .55rem;margin-right:.3rem;
 background:#eef1f4;color:#57606a}
.flags .on{background:#fde68a;color:#7c2d12}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #e3e6ea}
th,td{text-align:left;vertical-align:top;padding:.45rem .6rem;border-bottom:1px solid #eaecef;font-size:.9rem}
th{font-size:.75rem;text-transform:uppercase;letter-spacing:.05em;color:#57606a}
tr.first td{background:#f0fdf4}
.cut{color:#9ca3af;text-decoration:line-through}
.ins{background:#fde68a}
.rep{background:#fecaca}
.rep s{color:#6b7280}
.framing{font-size:.8rem;color:#57606a}
a{color:#0969da}
""".strip()


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


def _row(o: Occurrence) -> str:
    href = _href(o.url)
    title = _e(o.title or o.article_id)
    link = f'<a href="{_e(href)}" rel="noopener noreferrer">{title}</a>' if href else title
    changes = [
        k for k, on in (("ellipsis", o.diff.ellipsis), ("reordered", o.diff.reordered), ("altered", o.altered)) if on
    ]
    return (
        f'<tr class="{"first" if o.first else ""}">'
        f"<td>{_e(o.date or '')}</td><td>{_e(o.outlet or '')}</td><td>{link}<br><code>{_e(o.ref)}</code></td>"
        f"<td>{_e(o.region)}</td><td>{_e(o.attributed or o.speaker or '')}</td>"
        f'<td>{_e(o.cue or "")}<br><span class="framing">{_e(o.framing)}</span></td>'
        f"<td>{diff_html(o.diff)}</td><td>{_e(', '.join(changes))}</td></tr>"
    )


def render_utterance_html(u: Utterance) -> str:
    """One page: the canonical wording, flags, and the lineage table, first appearance first."""
    flags = "".join(
        f'<span class="{"on" if on else ""}">{name}</span>'
        for name, on in (("altered", u.altered), ("conflict", u.conflict), ("headline", u.headline))
    )
    conflicts = (
        "<p>Same words attributed to other speakers: "
        + ", ".join(f"<code>{_e(c)}</code>" for c in u.conflicts)
        + "</p>"
        if u.conflicts
        else ""
    )
    rows = "\n".join(_row(o) for o in u.occurrences)
    para = (
        "<h2>Paraphrased (indirect quotes of the same speaker, not merged)</h2><ul>"
        + "".join(
            f"<li>{p.score:.2f} · {_e(p.outlet or '')} {_e(p.date or '')} · <code>{_e(p.ref)}</code>: {_e(p.text)}</li>"
            for p in u.paraphrases
        )
        + "</ul>"
        if u.paraphrases
        else ""
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{_e(u.speaker or "Unresolved")}: '
        f"{_e(u.canonical[:80])}</title><style>{_CSS}</style></head><body><main>"
        f"<h1>{_e(u.speaker or 'Unresolved speaker')}</h1>"
        f'<div class="canon"><p>“{_e(u.canonical)}”</p><p class="flags">{flags}</p>'
        f"<p>{u.articles} article(s), {u.outlets} outlet(s); first: {_e(u.first.outlet or '')} {_e(u.first.date or '')}"
        f" · <code>{_e(u.id)}</code></p>{conflicts}</div>"
        "<table><thead><tr><th>Date</th><th>Outlet</th><th>Article</th><th>Region</th><th>Attributed to</th>"
        "<th>Cue</th><th>Wording against the canonical</th><th>Changes</th></tr></thead><tbody>\n"
        f"{rows}\n</tbody></table>{para}</main></body></html>\n"
    )


def mark_altered(page: str, altered: dict[str, str]) -> str:
    """An article page from :func:`saywho.output.render_html` with altered quotes outlined.

    ``altered`` maps quote id → utterance id; each such quote's mark gets class ``altered``
    and a ``data-utterance`` naming the utterance (``render_html(article, altered)`` does the same).
    """
    for qid, uid in altered.items():
        pattern = re.compile(r'<mark class="q((?! altered)[^"]*)"( data-q="' + re.escape(_e(qid)) + '")')
        page = pattern.sub(
            lambda m, u=uid: f'<mark class="q altered{m.group(1)}" data-utterance="{_e(u)}"{m.group(2)}', page
        )
    return page
