"""The HTML pages (TestClient), hostile content, headers, and `saywho serve` refusing a bad store."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from .conftest import XSS_IMG, XSS_URL

# fmt: off
PAGES = ["/", "/search?q=Nusra", "/speakers", "/speakers?sort=name", "/outlets", "/outlets?sort=quotes",
         "/speakers/sergey-lavrov", "/articles/evil-1", "/articles/cnn-lavrov", "/extract", "/docs"]
# fmt: on


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_with_security_headers(client, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200, r.text[:300]
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp and "'unsafe-inline'" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "<script" not in r.text and " style=" not in r.text  # no script, no inline style (the CSP allows none)
    assert r.text.startswith("<!DOCTYPE html>")


def test_search_page_highlights_counts_and_paginates(client) -> None:
    r = client.get("/search", params={"q": "regime"})
    assert '<mark class="hl">regime</mark>' in r.text
    assert re.search(r"\d+ quotes? matching <strong>regime</strong>", r.text)
    assert 'href="/articles/cnn-lavrov"' in r.text and 'href="/speakers/sergey-lavrov"' in r.text
    assert 'al-<mark class="hl">Nusra</mark>' in client.get("/search", params={"q": "nusra"}).text
    first = client.get("/search", params={"speaker": "sergey-lavrov"})
    assert 'rel="next"' in first.text and "page=2" in first.text
    second = client.get("/search", params={"speaker": "sergey-lavrov", "page": 2})
    assert 'rel="prev"' in second.text and "showing 21–" in second.text


@pytest.mark.parametrize(
    "params",
    [
        {"q": '"'},
        {"q": "AND"},
        {"q": "<script>"},
        {"speaker": "nobody at all"},
        {"speaker": "Lavrov", "page": "x"},
        {"since": "yesterday", "until": "\x00"},
        {"q": "a\x00b", "speaker": "\x00", "outlet": "\x00"},
        {"kind": "sideways"},
        {"page": "-5"},
        {"q": "x" * 5000},
    ],
)
def test_search_page_takes_any_input(client, params) -> None:
    r = client.get("/search", params=params)
    assert r.status_code == 200, r.text[:300]
    assert "<script>" not in r.text


def test_unknown_speaker_suggests(client) -> None:
    r = client.get("/search", params={"speaker": "Lavr"})
    assert "no speaker is called" in r.text


def test_hostile_article_is_escaped_everywhere(client) -> None:
    pages = [
        client.get("/articles/evil-1").text,
        client.get("/search", params={"q": "wall"}).text,
        client.get("/outlets").text,
        client.get("/speakers").text,
    ]
    sid = client.get("/api/v1/quotes/evil-1:q1").json()["speaker_id"]
    pages.append(client.get(f"/speakers/{sid}").text)
    for text in pages:
        assert "<script" not in text and "<img" not in text
        assert 'href="javascript:' not in text.lower() and "href='javascript:" not in text.lower()
    article = pages[0]
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in article or "&lt;script&gt;" in article
    assert XSS_URL in article  # shown as text, not as a link
    assert XSS_IMG not in article


def test_speaker_page_chart_and_repeated(client) -> None:
    r = client.get("/speakers/sergey-lavrov")
    assert "<svg" in r.text and 'class="chart"' in r.text and "<rect" in r.text
    assert "Most repeated" in r.text and 'href="/utterances/' in r.text
    assert "Russian Foreign Minister" in r.text and "Also called" in r.text
    filtered = client.get("/speakers/sergey-lavrov", params={"q": "Nusra"})
    assert '<mark class="hl">Nusra</mark>' in filtered.text
    assert client.get("/speakers/nobody").status_code == 404


def test_article_page_shares_the_template_and_links_lineage(client) -> None:
    r = client.get("/articles/bbc-lavrov")
    assert 'class="legend"' in r.text and 'class="fall" checked' in r.text
    assert re.search(r'<mark class="q altered s\d', r.text)  # the reworded quote is outlined
    assert 'href="/utterances/' in r.text and 'href="/speakers/sergey-lavrov"' in r.text
    assert client.get("/articles/nope").status_code == 404


def test_utterance_page_lineage(client) -> None:
    ref = client.get("/api/v1/search", params={"q": "obligations", "outlet": "BBC"}).json()["hits"][0]["ref"]
    uid = client.get(f"/api/v1/quotes/{ref}").json()["utterance_id"]
    r = client.get(f"/utterances/{uid}")
    assert r.status_code == 200
    rows = re.findall(r"<tr class=\"([^\"]*)\"><td>([^<]*)</td><td>([^<]*)</td>", r.text)
    assert rows[0][0].startswith("first") and rows[0][2] == "RT"
    assert [d for _, d, _ in rows] == sorted(d for _, d, _ in rows)
    assert any("altered" in cls for cls, _, _ in rows)
    assert '<span class="rep"' in r.text or '<span class="ins"' in r.text  # the wording difference
    assert client.get("/utterances/nope").status_code == 404


def test_error_pages_are_html(client) -> None:
    assert client.get("/articles/x%00y").status_code == 404 and client.get("/speakers/%00").status_code == 404
    r = client.get("/articles/%3Cscript%3E")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"] and "<script>" not in r.text


def test_extract_page_without_storing(client, seed_gold) -> None:
    r = client.post("/extract", data={"text": seed_gold["text"]})
    assert r.status_code == 200 and 'class="legend"' in r.text and "Sergey Lavrov" in r.text
    upload = {"file": ("a.md", b'"We will win," Smith said.\n', "text/markdown")}
    r = client.post("/extract", files=upload, data={"text": ""})
    assert r.status_code == 200 and "Smith" in r.text
    r = client.post("/extract", data={"text": "  "})
    assert r.status_code == 400 and "empty" in r.text


def test_serve_refuses_missing_and_foreign_stores(tmp_path) -> None:
    (tmp_path / "junk.db").write_bytes(b"not a database at all" * 100)
    import sqlite3

    sqlite3.connect(tmp_path / "other.db").execute("CREATE TABLE t (x)").connection.commit()
    for name, why in (
        ("missing.db", "no such store"),
        ("junk.db", "cannot open the store (file is not a database)"),
        ("other.db", "is not a saywho store"),
    ):
        r = subprocess.run(
            [sys.executable, "-m", "saywho.cli", "serve", "--db", str(tmp_path / name)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert r.returncode == 2 and why in r.stderr, r.stderr
        assert len(r.stderr.strip().splitlines()) == 1
