"""The HTML pages: server-rendered from ``saywho/templates/web`` (autoescape on), one stable URL each."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse

from ..errors import InputError
from ..output import article_view, visible_text
from ..provenance.html import lineage_rows
from ..store import AmbiguousSpeaker, Query, SpeakerError, SpeakerStats, Store
from . import deps, views

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
StoreDep = Annotated[Store, Depends(deps.store)]

PER_PAGE = 20
SPEAKERS_PER_PAGE = 50


def page(request: Request, name: str, status: int = 200, **context: Any) -> Any:
    context.setdefault("nav", "")
    return request.app.state.templates.TemplateResponse(request, f"web/{name}", context, status_code=status)


def _pager(request: Request, number: int, more: bool) -> dict[str, Any]:
    """Links to the previous and next page: this URL with another ``page``."""

    def at(n: int) -> str:
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "page"]
        if n > 1:
            params.append(("page", str(n)))
        return request.url.path + ("?" + urlencode(params) if params else "")

    return {"number": number, "prev": at(number - 1) if number > 1 else None, "next": at(number + 1) if more else None}


@router.get("/")
@router.get("/search")
def search_page(
    request: Request,
    store: StoreDep,
    q: str | None = None,
    speaker: str | None = None,
    outlet: str | None = None,
    kind: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Any:
    params = request.query_params
    words = views.clip(q, views.MAX_WORDS)
    form = {
        "q": words or "",
        "speaker": views.clip(speaker) or "",
        "outlet": views.clip(outlet) or "",
        "kind": kind if kind in views.KINDS else "",
        "since": views.clip(since, 10) or "",
        "until": views.clip(until, 10) or "",
    }
    number = views.to_int(params.get("page"), 1, 1, 10_000)
    problem = None
    candidates: list[Any] = []
    try:
        query = Query(
            words=words,
            speaker=deps.speaker_term(request, store, form["speaker"] or None),
            outlet=form["outlet"] or None,
            kind=form["kind"] or None,
            since=form["since"] or None,
            until=form["until"] or None,
        )
        found = views.find(store, query, (number - 1) * PER_PAGE, PER_PAGE, deps.counter(request, store))
    except AmbiguousSpeaker as exc:
        found, problem, candidates = views.Found([], 0, False), str(exc), exc.candidates
    except SpeakerError as exc:
        found, problem = views.Found([], 0, False), str(exc)
    if form["speaker"] and not found.hits and not problem and not store.find_speakers(form["speaker"]):
        problem = f"no speaker is called {form['speaker']!r}"
        candidates = store.suggest_speakers(form["speaker"])
    outlets = deps.cached(request, "outlets", store.outlets)
    terms = views.terms(words)
    hits = [
        {
            "hit": h,
            "quote": views.highlight(visible_text(h.content), terms),
            "article_url": views.article_url(h.article_id),
            "speaker_url": views.speaker_url(h.speaker_id) if h.speaker_id else None,
            "outlet_url": views.search_url(outlet=h.outlet) if h.outlet else None,
        }
        for h in found.hits
    ]
    counts = deps.cached(request, "counts", store.counts)
    return page(
        request,
        "search.html",
        nav="search",
        form=form,
        hits=hits,
        found=found,
        problem=problem,
        candidates=[{"ref": c, "url": views.speaker_url(c.id)} for c in candidates],
        outlets=outlets,
        kinds=views.KINDS,
        paging=_pager(request, number, found.more),
        counts=counts,
        first=(number - 1) * PER_PAGE + 1,
    )


_SPEAKER_SORTS: dict[str, tuple[Callable[[SpeakerStats], Any] | None, str]] = {
    "quotes": (lambda s: (-s.quotes, -s.articles, s.name.casefold()), "most quoted"),
    "articles": (lambda s: (-s.articles, -s.quotes, s.name.casefold()), "most articles"),
    "name": (lambda s: (s.name.casefold(), s.id), "name"),
    "recent": (None, "last quoted"),
}


@router.get("/speakers")
def speakers_page(request: Request, store: StoreDep, sort: str = "quotes") -> Any:
    sort = sort if sort in _SPEAKER_SORTS else "quotes"
    everyone = deps.cached(request, "speakers", lambda: store.speakers(top=None))
    if sort == "recent":
        ranked = sorted(everyone, key=lambda s: (s.last_date or "", s.quotes), reverse=True)
    else:
        key = _SPEAKER_SORTS[sort][0]
        assert key is not None  # only "recent" has no key, and it is sorted above
        ranked = sorted(everyone, key=key)
    number = views.to_int(request.query_params.get("page"), 1, 1, 100_000)
    start = (number - 1) * SPEAKERS_PER_PAGE
    rows = [{"s": s, "url": views.speaker_url(s.id)} for s in ranked[start : start + SPEAKERS_PER_PAGE]]
    return page(
        request,
        "speakers.html",
        nav="speakers",
        rows=rows,
        sort=sort,
        total=len(everyone),
        sorts=[(k, v[1]) for k, v in _SPEAKER_SORTS.items()],
        paging=_pager(request, number, len(ranked) > start + len(rows)),
        first=start + 1,
    )


_OUTLET_SORTS = {
    "articles": "most articles",
    "quotes": "most quotes",
    "speakers": "most speakers",
    "name": "name",
    "recent": "latest",
}


@router.get("/outlets")
def outlets_page(request: Request, store: StoreDep, sort: str = "articles") -> Any:
    sort = sort if sort in _OUTLET_SORTS else "articles"
    everyone = deps.cached(request, "outlets", store.outlets)
    if sort == "name":
        ranked = sorted(everyone, key=lambda o: o.name.casefold())
    elif sort == "recent":
        ranked = sorted(everyone, key=lambda o: o.last_date or "", reverse=True)
    else:
        ranked = sorted(everyone, key=lambda o: (-getattr(o, sort), o.name.casefold()))
    number = views.to_int(request.query_params.get("page"), 1, 1, 100_000)
    start = (number - 1) * SPEAKERS_PER_PAGE
    rows = [{"o": o, "url": views.search_url(outlet=o.name)} for o in ranked[start : start + SPEAKERS_PER_PAGE]]
    return page(
        request,
        "outlets.html",
        nav="outlets",
        rows=rows,
        sort=sort,
        sorts=list(_OUTLET_SORTS.items()),
        total=len(everyone),
        paging=_pager(request, number, len(ranked) > start + len(rows)),
        first=start + 1,
    )


@router.get("/speakers/{speaker_id:path}")
def speaker_page(request: Request, speaker_id: str, store: StoreDep, q: str | None = None) -> Any:
    speaker_id = views.ident(speaker_id)
    stats = deps.cached(
        request,
        f"speaker:{speaker_id}",
        lambda: store.speaker_stats(speaker_id),
    )
    if stats is None:
        raise HTTPException(404, f"no speaker {speaker_id!r} in this store")
    words = views.clip(q, views.MAX_WORDS)
    number = views.to_int(request.query_params.get("page"), 1, 1, 10_000)
    offset = (number - 1) * PER_PAGE
    found = views.find(
        store,
        Query(words=words, speaker=f"id:{stats.id}"),
        offset,
        PER_PAGE,
        deps.counter(request, store) if words else None,
    )
    terms = views.terms(words)
    hits = [
        {
            "hit": h,
            "quote": views.highlight(visible_text(h.content), terms),
            "article_url": views.article_url(h.article_id),
            "outlet_url": views.search_url(outlet=h.outlet) if h.outlet else None,
        }
        for h in found.hits
    ]
    chart = deps.cached(request, f"timeline:{stats.id}", lambda: views.timeline_svg(store.speaker_timeline(stats.id)))
    utterances = deps.cached(
        request, f"repeated:{stats.id}", lambda: store.utterances(speaker=f"id:{stats.id}", limit=10)
    )
    repeated = [{"u": u, "url": views.utterance_url(u.id)} for u in utterances if u.articles > 1]
    return page(
        request,
        "speaker.html",
        nav="speakers",
        s=stats,
        hits=hits,
        found=found,
        q=words or "",
        chart=chart,
        repeated=repeated,
        paging=_pager(request, number, found.more),
        first=(number - 1) * PER_PAGE + 1,
        search_url=views.search_url(speaker=stats.id),
    )


@router.get("/articles/{article_id:path}")
def article_page(request: Request, article_id: str, store: StoreDep) -> Any:
    article_id = views.ident(article_id)
    article = store.get(article_id)
    if article is None:
        raise HTTPException(404, f"no article {article_id!r} in this store")
    links = store.speaker_links(article.id)
    linked = store.quote_utterances(article.id)
    altered = {q: u for q, (u, changed) in linked.items() if changed}
    view = article_view(
        article,
        altered=altered,
        speaker_href={k: views.speaker_url(v) for k, v in links.items()},
        outlet_href=views.search_url(outlet=article.outlet) if article.outlet else None,
    )
    quotes = [
        {
            "q": q,
            "speaker": (sp.name if (sp := article.speaker(q.speaker)) else None),
            "text": visible_text(q.content.text),
            "utterance_url": views.utterance_url(linked[q.id][0]) if q.id in linked else None,
            "altered": q.id in altered,
        }
        for q in article.quotes
    ]
    return page(request, "article.html", a=view, quotes=quotes, title=view["title"])


@router.get("/utterances/{utterance_id:path}")
def utterance_page(request: Request, utterance_id: str, store: StoreDep) -> Any:
    utterance_id = views.ident(utterance_id)
    u = store.utterance(utterance_id, paraphrases=True)
    if u is None:
        ref = store.utterance_of(utterance_id)
        u = store.utterance(ref, paraphrases=True) if ref else None
    if u is None:
        raise HTTPException(404, f"no utterance {utterance_id!r} in this store")
    rows = lineage_rows(u, lambda o: views.article_url(o.article_id), views.speaker_url)
    conflicts = [{"id": c, "url": views.utterance_url(c)} for c in u.conflicts]
    return page(
        request,
        "utterance.html",
        u=u,
        rows=rows,
        conflicts=conflicts,
        speaker_url=views.speaker_url(u.speaker_id) if u.speaker_id else None,
        paraphrases=[{"p": p, "url": views.article_url(p.article_id)} for p in u.paraphrases],
    )


@router.get("/extract")
def extract_form(request: Request) -> Any:
    return page(request, "extract.html", nav="extract", text="", a=None, problem=None)


@router.post("/extract")
async def extract_page(request: Request) -> Any:
    from starlette.concurrency import run_in_threadpool

    form = await request.form(max_files=1, max_fields=4, max_part_size=6 * 1024 * 1024)
    text = form.get("text")
    upload = form.get("file")
    text = text if isinstance(text, str) else ""
    problem = None
    view = None
    try:
        if upload is not None and not isinstance(upload, str) and upload.filename:
            data = await upload.read()
            name = upload.filename
            article = await run_in_threadpool(deps.extract_text, request, "", name, data)
        elif text.strip():
            article = await run_in_threadpool(deps.extract_text, request, text, "pasted.md")
        else:
            raise InputError("the form", "is empty: paste a text or choose a file")
        view = article_view(article)
    except InputError as exc:
        problem = str(exc)
    finally:
        await form.close()
    return page(
        request,
        "extract.html",
        nav="extract",
        text=text,
        a=view,
        problem=problem,
        status=200 if problem is None else 400,
    )


@router.get("/docs")
def api_docs(request: Request) -> Any:
    """The API reference, drawn from the app's OpenAPI description (no Swagger UI: no CDN, no script)."""
    spec = request.app.openapi()
    schemas = spec.get("components", {}).get("schemas", {})

    def type_of(schema: dict[str, Any]) -> str:
        if "$ref" in schema:
            return schema["$ref"].rsplit("/", 1)[-1]
        if "anyOf" in schema:
            return " or ".join(type_of(s) for s in schema["anyOf"])
        t = schema.get("type", "object")
        if t == "array":
            return f"list of {type_of(schema.get('items', {}))}"
        bounds = [f"{k} {schema[k]}" for k in ("minimum", "maximum", "maxLength", "pattern") if k in schema]
        return t + (f" ({', '.join(bounds)})" if bounds else "")

    operations = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            ok = op.get("responses", {}).get("200", {}).get("content", {}).get("application/json", {}).get("schema", {})
            body = op.get("requestBody", {}).get("content", {})
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "params": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "required": p.get("required", False),
                            "type": type_of(p.get("schema", {})),
                            "description": p.get("description") or p.get("schema", {}).get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body": list(body),
                    "returns": type_of(ok) if ok else "JSON",
                    "errors": [code for code in op.get("responses", {}) if code != "200"],
                }
            )
    return page(request, "docs.html", operations=operations, schemas=schemas)
