"""The JSON API under ``/api/v1``: typed responses (pydantic), offset pagination, one error shape."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field

from ..errors import InputError
from ..store import Query as StoreQuery
from ..store import Store
from . import deps, views

router = APIRouter(prefix="/api/v1", tags=["api"])
StoreDep = Annotated[Store, Depends(deps.store)]

#: most rows one call returns
MAX_LIMIT = 500


class ErrorModel(BaseModel):
    """Every failure: the HTTP status and one line saying what went wrong."""

    status: int
    message: str


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorModel},
    404: {"model": ErrorModel},
    413: {"model": ErrorModel},
    422: {"model": ErrorModel},
}


class HitModel(BaseModel):
    ref: str = Field(description="ARTICLE_ID:QUOTE_ID, what /quotes/{ref} and /trace take")
    article_id: str
    quote_id: str
    quote: str = Field(description="the quoted words (content)")
    kind: str
    speaker: str | None = Field(description="the canonical speaker's name")
    speaker_id: str | None
    speaker_type: str | None = None
    cue: str | None
    source: str | None = Field(description="the words that name the speaker in this article")
    outlet: str | None
    date: str | None
    title: str | None
    url: str | None
    confidence: float


class SearchPage(BaseModel):
    q: str | None
    offset: int
    limit: int
    next_offset: int | None = Field(description="offset of the next page; null on the last page")
    hits: list[HitModel]


class QuoteModel(BaseModel):
    ref: str
    article_id: str
    quote_id: str
    kind: str
    region: str
    quote: str
    spans: list[list[int]]
    cue: str | None
    cue_lemma: str | None
    source: str | None
    speaker: str | None = Field(description="the canonical speaker's name")
    speaker_id: str | None = Field(description="the canonical speaker's id")
    confidence: float
    outlet: str | None
    date: str | None
    title: str | None
    utterance_id: str | None


class SpeakerModel(BaseModel):
    id: str
    name: str
    type: str
    quotes: int
    articles: int
    outlets: list[str]
    first_date: str | None
    last_date: str | None
    aliases: list[str]
    roles: list[str]
    entity_id: str | None
    description: str | None
    org: str | None


class SpeakersPage(BaseModel):
    total: int
    offset: int
    limit: int
    next_offset: int | None
    speakers: list[SpeakerModel]


class DiffOp(BaseModel):
    kind: str
    text: str
    was: str | None = None


class OccurrenceModel(BaseModel):
    ref: str
    article_id: str
    quote_id: str
    title: str | None
    outlet: str | None
    date: str | None
    url: str | None
    region: str
    kind: str
    speaker_id: str | None
    speaker: str | None
    attributed: str | None
    cue: str | None
    framing: str
    text: str
    first: bool
    altered: bool
    diff: dict[str, Any]


class UtteranceModel(BaseModel):
    id: str
    speaker_id: str | None
    speaker: str | None
    canonical: str
    articles: int
    outlets: int
    altered: bool
    conflict: bool
    headline: bool
    conflicts: list[str]
    occurrences: list[OccurrenceModel]
    paraphrases: list[dict[str, Any]] = []


class TraceMatchModel(BaseModel):
    score: float
    utterance: UtteranceModel


class TraceModel(BaseModel):
    query: str
    stored: bool = Field(description="the query named a stored quote or utterance")
    matches: list[TraceMatchModel]


class ExtractRequest(BaseModel):
    text: str = Field(max_length=5 * 1024 * 1024)
    format: str = Field("txt", description="txt, md or html")
    id: str = Field("pasted", max_length=200)


def _hit(h: Any) -> HitModel:
    return HitModel(
        ref=f"{h.article_id}:{h.quote_id}",
        article_id=h.article_id,
        quote_id=h.quote_id,
        quote=h.content,
        kind=h.kind,
        speaker=h.speaker,
        speaker_id=h.speaker_id,
        speaker_type=h.speaker_type,
        cue=h.cue,
        source=h.source,
        outlet=h.outlet,
        date=h.date,
        title=h.title,
        url=h.url,
        confidence=h.confidence,
    )


@router.get("/search", response_model=SearchPage, responses=ERRORS)
def search(
    request: Request,
    store: StoreDep,
    q: Annotated[str | None, Query(max_length=views.MAX_WORDS, description="words, in `saywho search` syntax")] = None,
    speaker: Annotated[str | None, Query(max_length=200, description="canonical id, name or alias")] = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    kind: Annotated[str | None, Query(pattern="^(direct|indirect|mixed)$")] = None,
    since: Annotated[str | None, Query(max_length=10, description="ISO date, inclusive")] = None,
    until: Annotated[str | None, Query(max_length=10, description="ISO date, inclusive")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> SearchPage:
    """Quotes matching the words and facets, newest first."""
    found = views.find(
        store,
        StoreQuery(
            words=views.clip(q, views.MAX_WORDS),
            speaker=deps.speaker_term(request, store, views.clip(speaker)),
            outlet=views.clip(outlet),
            kind=kind,
            since=views.clip(since, 10),
            until=views.clip(until, 10),
        ),
        offset,
        limit,
    )
    return SearchPage(
        q=q,
        offset=offset,
        limit=limit,
        next_offset=offset + limit if found.more else None,
        hits=[_hit(h) for h in found.hits],
    )


def _split_ref(ref: str) -> tuple[str, str]:
    ref = views.ident(ref)
    article_id, sep, quote_id = ref.rpartition(":")
    if not sep or not article_id or not quote_id:
        raise HTTPException(404, f"{ref!r} is not a quote reference (ARTICLE_ID:QUOTE_ID)")
    return article_id, quote_id


@router.get("/quotes/{ref:path}", response_model=QuoteModel, responses=ERRORS)
def quote(ref: str, store: StoreDep) -> QuoteModel:
    """One stored quote by ``ARTICLE_ID:QUOTE_ID``."""
    ref = views.ident(ref)
    article_id, quote_id = _split_ref(ref)
    article = store.get(article_id)
    q = next((q for q in article.quotes if q.id == quote_id), None) if article else None
    if article is None or q is None:
        raise HTTPException(404, f"no quote {ref!r} in this store")
    canonical = store.speaker_links(article.id).get(q.speaker or "")
    sp = store.speaker_stats(canonical) if canonical else None
    return QuoteModel(
        ref=f"{article.id}:{q.id}",
        article_id=article.id,
        quote_id=q.id,
        kind=q.kind,
        region=q.region,
        quote=q.content.text,
        spans=[[int(s), int(e)] for s, e in q.content.spans],
        cue=q.cue.text if q.cue else None,
        cue_lemma=q.cue.lemma if q.cue else None,
        source=q.source.text if q.source else None,
        speaker=sp.name if sp else None,
        speaker_id=canonical,
        confidence=float(q.confidence),
        outlet=article.outlet,
        date=article.date,
        title=article.title,
        utterance_id=store.utterance_of(f"{article.id}:{q.id}"),
    )


@router.get("/articles/{article_id:path}", response_model=dict[str, Any], responses=ERRORS)
def article(article_id: str, store: StoreDep) -> dict[str, Any]:
    """One stored article as a saywho/1 object (docs/output-schema.md)."""
    article_id = views.ident(article_id)
    found = store.get(article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id!r} in this store")
    return found.to_dict()


@router.get("/speakers", response_model=SpeakersPage, responses=ERRORS)
def speakers(
    request: Request,
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> SpeakersPage:
    """Canonical speakers, most quoted first."""
    everyone = deps.cached(request, "speakers", lambda: store.speakers(top=None))
    rows = everyone[offset : offset + limit]
    return SpeakersPage(
        total=len(everyone),
        offset=offset,
        limit=limit,
        next_offset=offset + limit if len(everyone) > offset + limit else None,
        speakers=[SpeakerModel(**vars(s)) for s in rows],
    )


@router.get("/speakers/{speaker_id:path}", response_model=SpeakerModel, responses=ERRORS)
def speaker(speaker_id: str, store: StoreDep) -> SpeakerModel:
    """One canonical speaker by id."""
    speaker_id = views.ident(speaker_id)
    s = store.speaker_stats(speaker_id)
    if s is None:
        raise HTTPException(404, f"no speaker {speaker_id!r} in this store")
    return SpeakerModel(**vars(s))


@router.get("/utterances/{utterance_id:path}", response_model=UtteranceModel, responses=ERRORS)
def utterance(utterance_id: str, store: StoreDep) -> UtteranceModel:
    """The lineage of one utterance, first appearance first (also by a quote's ``ARTICLE_ID:QUOTE_ID``)."""
    utterance_id = views.ident(utterance_id)
    uid = store.utterance_of(utterance_id)
    u = store.utterance(uid, paraphrases=True) if uid else None
    if u is None:
        raise HTTPException(404, f"no utterance {utterance_id!r} in this store")
    return UtteranceModel(**u.to_dict())


@router.get("/trace", response_model=TraceModel, responses=ERRORS)
def trace(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=2000, description="a quote reference, utterance id or words")],
    limit: Annotated[int, Query(ge=1, le=50)] = 5,
) -> TraceModel:
    """The lineage of a stored quote, or the utterances some words belong to, best first ("did anyone say this?")."""
    t = store.trace(views.ident(q), limit=limit)
    return TraceModel(
        query=t.query,
        stored=t.stored,
        matches=[TraceMatchModel(score=m.score, utterance=UtteranceModel(**m.utterance.to_dict())) for m in t.matches],
    )


@router.post(
    "/extract",
    response_model=dict[str, Any],
    responses=ERRORS,
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {"schema": ExtractRequest.model_json_schema()},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "file": {"type": "string", "format": "binary", "description": ".txt, .md or .html"},
                            "text": {"type": "string"},
                        },
                    }
                },
            },
            "required": True,
        }
    },
)
async def extract(request: Request) -> dict[str, Any]:
    """Who said what in a text or an uploaded file (at most 5 MB), as a saywho/1 object; nothing is stored."""
    from starlette.concurrency import run_in_threadpool

    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if kind == "multipart/form-data" or kind == "application/x-www-form-urlencoded":
            form = await request.form(max_files=1, max_fields=4, max_part_size=6 * 1024 * 1024)
            try:
                upload, text = form.get("file"), form.get("text")
                if upload is not None and not isinstance(upload, str):
                    data = await upload.read()
                    name = upload.filename or "upload.txt"
                    article = await run_in_threadpool(deps.extract_text, request, "", name, data)
                elif isinstance(text, str) and text.strip():
                    article = await run_in_threadpool(deps.extract_text, request, text, "pasted.txt")
                else:
                    raise HTTPException(422, "give a `file` or a `text` field")
            finally:
                await form.close()
        elif kind in ("application/json", ""):
            try:
                body = ExtractRequest.model_validate_json(await request.body())
            except ValueError as exc:
                why = str(exc).splitlines()[0]
                raise HTTPException(422, f'the body must be JSON {{"text": …}} ({why})') from None
            fmt = body.format.lower().lstrip(".")
            if fmt not in ("txt", "md", "html", "htm"):
                raise HTTPException(422, "format must be txt, md or html")
            if fmt in ("html", "htm"):
                article = await run_in_threadpool(
                    deps.extract_text, request, "", f"{body.id}.html", body.text.encode("utf-8", "surrogatepass")
                )
            else:
                article = await run_in_threadpool(deps.extract_text, request, body.text, f"{body.id}.{fmt}")
        else:
            raise HTTPException(415, "send application/json or multipart/form-data")
    except InputError as exc:
        raise HTTPException(422, str(exc)) from None
    return article.to_dict()
