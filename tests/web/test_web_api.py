"""The JSON API (FastAPI's TestClient) over SQLite and the throwaway PostgreSQL (issue 14 item 3)."""

from __future__ import annotations

import json

import pytest

from saywho.types import Article

from .conftest import gold


def test_search_hits_carry_quote_speaker_cue_article_outlet_date(client) -> None:
    r = client.get("/api/v1/search", params={"q": "Nusra", "limit": 5})
    assert r.status_code == 200
    page = r.json()
    assert page["offset"] == 0 and page["limit"] == 5 and len(page["hits"]) == 5
    hit = page["hits"][0]
    for key in ("quote", "speaker", "speaker_id", "cue", "article_id", "outlet", "date", "ref"):
        assert key in hit
    assert all("nusra" in h["quote"].lower() for h in page["hits"])
    dates = [h["date"] for h in page["hits"]]
    assert dates == sorted(dates, reverse=True)  # newest first
    assert page["next_offset"] == 5


def test_search_facets_and_pagination(client) -> None:
    everything = client.get("/api/v1/search", params={"speaker": "sergey-lavrov", "limit": 500}).json()["hits"]
    assert everything and {h["speaker_id"] for h in everything} == {"sergey-lavrov"}
    pages, offset = [], 0
    while offset is not None:
        page = client.get("/api/v1/search", params={"speaker": "sergey-lavrov", "limit": 7, "offset": offset}).json()
        pages.extend(page["hits"])
        offset = page["next_offset"]
    assert [h["ref"] for h in pages] == [h["ref"] for h in everything]
    cnn = client.get("/api/v1/search", params={"outlet": "cnn", "limit": 500}).json()["hits"]
    assert cnn and {h["outlet"] for h in cnn} == {"CNN"}
    direct = client.get("/api/v1/search", params={"kind": "direct", "limit": 500}).json()["hits"]
    assert direct and {h["kind"] for h in direct} == {"direct"}
    dated = client.get("/api/v1/search", params={"since": "2016-10-02", "until": "2016-10-02", "limit": 500}).json()
    assert {h["date"] for h in dated["hits"]} == {"2016-10-02"}


@pytest.mark.parametrize("q", ['"', "AND OR", "*", "-", "NEAR(", "'; DROP TABLE quotes; --", "\x00", "é" * 300])
def test_search_never_fails_on_user_syntax(client, q: str) -> None:
    r = client.get("/api/v1/search", params={"q": q})
    assert r.status_code == 200, r.text
    assert client.get("/api/v1/search", params={"q": "Nusra"}).json()["hits"]  # the tables are still there


def test_limits_and_one_error_shape(client) -> None:
    for params in ({"limit": 501}, {"limit": 0}, {"offset": -1}, {"kind": "sideways"}):
        r = client.get("/api/v1/search", params=params)
        assert r.status_code == 422 and set(r.json()) == {"status", "message"} and r.json()["status"] == 422
    for path in (
        "/api/v1/articles/nope",
        "/api/v1/quotes/nope:q1",
        "/api/v1/quotes/noref",
        "/api/v1/speakers/nope",
        "/api/v1/utterances/nope",
        "/api/v1/nothing-here",
        "/api/v1/articles/a%00b",
        "/api/v1/speakers/%00",
    ):
        r = client.get(path)
        assert r.status_code == 404 and r.json()["status"] == 404 and r.json()["message"], path
    big = b"x" * (5 * 1024 * 1024 + 1)
    r = client.post("/api/v1/extract", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json() == {"status": 413, "message": "the request body is over 5 MB"}
    r = client.post("/api/v1/extract", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["status"] == 422
    r = client.post("/api/v1/extract", content=b"x", headers={"content-type": "image/png"})
    assert r.status_code == 415 and r.json()["status"] == 415


def test_article_quote_speaker_utterance_trace(client) -> None:
    a = client.get("/api/v1/articles/cnn-lavrov").json()
    assert a["schema"] == "saywho/1" and a["outlet"] == "CNN"
    assert Article.from_dict(a).text.startswith(gold().text[:50])
    q = client.get("/api/v1/quotes/cnn-lavrov:q1").json()
    assert q["ref"] == "cnn-lavrov:q1" and q["speaker_id"] == "sergey-lavrov" and q["speaker"] == "Sergey Lavrov"
    assert q["utterance_id"]
    s = client.get("/api/v1/speakers/sergey-lavrov").json()
    assert s["name"] == "Sergey Lavrov" and s["quotes"] > 10 and set(s["outlets"]) == {"BBC", "CNN", "RT"}
    listed = client.get("/api/v1/speakers", params={"limit": 2}).json()
    assert listed["speakers"][0]["id"] == "sergey-lavrov" and listed["next_offset"] == 2 and listed["total"] >= 3
    u = client.get(f"/api/v1/utterances/{q['utterance_id']}").json()
    assert len(u["occurrences"]) == 3 and u["occurrences"][0]["first"]
    assert u["occurrences"][0]["outlet"] == "RT"  # first appearance first (2016-09-30)
    t = client.get("/api/v1/trace", params={"q": "are not able or not willing to do this"}).json()
    assert t["stored"] is False and t["matches"]
    assert client.get("/api/v1/trace", params={"q": "cnn-lavrov:q1"}).json()["stored"] is True


def test_altered_occurrence_is_flagged(client) -> None:
    hits = client.get("/api/v1/search", params={"q": "obligations", "outlet": "BBC"}).json()["hits"]
    ref = next(h["ref"] for h in hits if "obligations" in h["quote"])
    u = client.get(f"/api/v1/utterances/{ref}").json()
    bbc = [o for o in u["occurrences"] if o["outlet"] == "BBC"]
    assert u["altered"] and any(o["altered"] for o in bbc)
    assert not any(o["altered"] for o in u["occurrences"] if o["first"])


def test_openapi_docs_and_no_cors(client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/search",
        "/api/v1/quotes/{ref}",
        "/api/v1/articles/{article_id}",
        "/api/v1/speakers",
        "/api/v1/speakers/{speaker_id}",
        "/api/v1/utterances/{utterance_id}",
        "/api/v1/trace",
        "/api/v1/extract",
    ):
        assert path in spec["paths"], path
    assert "HitModel" in spec["components"]["schemas"] and "ErrorModel" in spec["components"]["schemas"]
    assert client.get("/docs").status_code == 200
    r = client.get("/api/v1/search", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers


def test_read_only(store_url: str, client) -> None:
    """The app never writes: a PostgreSQL session is read-only, an SQLite file opened read-only."""
    store = client.app.state.stores
    with store.lend() as s, pytest.raises(Exception):  # noqa: B017 - sqlite3 / psycopg errors differ
        s.add_error("x", "y", "z")


def test_extract_json_and_upload(client, seed_gold) -> None:
    text = seed_gold["text"]
    r = client.post("/api/v1/extract", json={"text": text, "id": "pasted"})
    assert r.status_code == 200, r.text
    a = r.json()
    assert a["schema"] == "saywho/1" and len(a["quotes"]) > 10
    assert any(s["name"] == "Sergey Lavrov" for s in a["speakers"])
    page = f"<html><head><title>T</title></head><body><article><p>{text}</p></article></body></html>"
    r = client.post("/api/v1/extract", files={"file": ("story.html", page.encode(), "text/html")})
    assert r.status_code == 200 and r.json()["quotes"]
    r = client.post("/api/v1/extract", json={"text": "   "})
    assert r.status_code == 422 and "empty" in r.json()["message"]
    before = client.get("/api/v1/search", params={"limit": 500}).json()["hits"]
    assert not any(h["article_id"] == "pasted" for h in before)  # nothing stored
    assert json.dumps(a)


def test_store_count_matches_search(store_url: str) -> None:
    """``store.count`` (the result counts of the search page) agrees with ``store.search`` on both backends."""
    from saywho.store import Query, open_store

    store = open_store(store_url, readonly=True)
    try:
        for q in (
            Query(words="Nusra"),
            Query(words="regime", outlet="CNN"),
            Query(speaker="sergey-lavrov"),
            Query(kind="direct", since="2016-10-01"),
            Query(words='"'),
            Query(words="AND"),
            Query(speaker="nobody"),
            Query(words="Nusra", until="2016-10"),
        ):
            q.limit = 10_000
            assert store.count(q) == len(store.search(q)), q
        paged = store.search(Query(speaker="sergey-lavrov", limit=5, offset=5))
        first_ten = store.search(Query(speaker="sergey-lavrov", limit=10))
        assert [h.quote_id for h in paged] == [h.quote_id for h in first_ten][5:]
    finally:
        store.close()
