"""Corpus readers: web pages, web archives and record files all become the same Article objects."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import socket
from pathlib import Path

import pytest

from saywho.errors import InputError
from saywho.readers import CORPUS, iter_articles, iter_paths, read_html, read_path
from saywho.readers.records import iter_records
from saywho.readers.warc import iter_warc, warc_id
from saywho.types import Article

QUOTE = (
    "\u201cThis budget protects families and keeps the economy growing,\u201d Jane Smith told "
    "reporters outside parliament, adding that the measures would be reviewed next year."
)
LEAD = (
    "The finance minister on Tuesday defended the government's spending plan against mounting "
    "criticism from opposition parties and business groups."
)
SECOND = (
    "Opposition leader John Doe said the plan was \u201ca gamble with other people\u2019s money\u201d "
    "and promised to vote against it when the bill reaches the chamber next month."
)


def page(
    title: str = "Minister defends budget plan",
    site: str | None = "Daily Planet",
    date: str | None = "2023-03-14T09:30:00Z",
    canonical: str | None = "https://www.dailyplanet.example/news/budget",
    body: str | None = None,
) -> str:
    """A small news page: navigation, the article with a quote, related links and a footer."""
    meta = [f"<title>{title} | Daily Planet</title>", f'<meta property="og:title" content="{title}">']
    if site:
        meta.append(f'<meta property="og:site_name" content="{site}">')
    if date:
        meta.append(f'<meta property="article:published_time" content="{date}">')
    if canonical:
        meta.append(f'<link rel="canonical" href="{canonical}">')
    if body is None:
        body = f"<h1>{title}</h1><p>{LEAD}</p><p>{QUOTE}</p><p>{SECOND}</p>"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">{"".join(meta)}</head>
<body>
<header><nav><ul>
  <li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li>
  <li><a href="/sport">Sport</a></li><li><a href="/weather">Weather forecast</a></li>
</ul></nav></header>
<main><article>{body}</article>
<aside class="related"><h2>Related stories</h2><ul>
  <li><a href="/a">Markets rally after the rate decision</a></li>
  <li><a href="/b">Five things to know about the budget</a></li>
</ul></aside></main>
<footer><p>© 2023 Daily Planet. All rights reserved.</p>
  <a href="/privacy">Privacy policy</a> <a href="/contact">Contact us</a></footer>
</body></html>
"""


def articles(items) -> list[Article]:
    return [a for a in items if isinstance(a, Article)]


def errors(items) -> list[InputError]:
    return [e for e in items if isinstance(e, InputError)]


# --- HTML ---------------------------------------------------------------------------------


def test_html_drops_boilerplate_and_keeps_the_quote():
    article = read_html(page(), id="budget")
    text = article.text
    assert article.id == "budget"
    assert QUOTE in text and LEAD in text and SECOND in text
    for furniture in ("Weather forecast", "Privacy policy", "All rights reserved", "Markets rally", "Contact us"):
        assert furniture not in text
    # paragraphs are separated by a blank line, as in the text exports saywho reads
    assert f"{LEAD}\n\n{QUOTE}\n\n{SECOND}" in text
    start = text.index(QUOTE)
    assert article.region_at(start) == "body"
    assert article.region_at(text.index(SECOND)) == "body"


def test_html_metadata():
    article = read_html(page(), id="budget", url="https://mirror.example/x")
    assert article.title == "Minister defends budget plan"
    assert article.date == "2023-03-14"
    assert article.url == "https://www.dailyplanet.example/news/budget"  # the page's own canonical URL
    assert article.outlet == "Daily Planet"


def test_html_outlet_falls_back_to_the_domain_and_url_to_the_given_one():
    html = page(site=None, canonical=None)
    article = read_html(html, id="x", url="https://www.example-news.com/2023/story")
    assert article.url == "https://www.example-news.com/2023/story"
    assert article.outlet is not None and "example-news.com" in article.outlet.lower()


def test_html_headline_region_is_the_page_heading_only():
    article = read_html(page(), id="x")
    headline = [article.text[r.start : r.end] for r in article.regions if r.kind == "headline"]
    if article.text.startswith("Minister defends budget plan\n\n"):  # the extractor kept the <h1>
        assert headline == ["Minister defends budget plan"]
    else:
        assert headline == []
    # a short lead paragraph standing alone is not taken for a headline
    short = "“We will win,” the coach said on Sunday."
    body = f"<p>{short}</p><p>{LEAD}</p><p>{QUOTE}</p>"
    article = read_html(page(body=body), id="y")
    assert article.region_at(article.text.index(short)) == "body"


def test_html_related_lines_inside_the_article_are_labelled():
    body = f"<h1>Budget</h1><p>{LEAD}</p><p>Read more: <a href='/x'>Budget explained</a></p><p>{QUOTE}</p>"
    article = read_html(page(body=body), id="x")
    if "Read more" in article.text:  # kept by the extractor: then it must be marked
        assert article.region_at(article.text.index("Read more")) == "related"
    assert article.region_at(article.text.index(QUOTE)) == "body"


def test_html_bytes_in_a_legacy_encoding():
    html = page().replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    html = html.replace("people\u2019s", "caf\u00e9\u2019s")
    article = read_html(html.encode("cp1252"), id="x")
    assert "caf\u00e9\u2019s money" in article.text


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><script>var x = 1; function f() { return 2 }</script></head><body></body></html>",
        "<html><body><ul>"
        + "".join(f"<li><a href='/{i}'>Another story headline {i}</a></li>" for i in range(30))
        + "</ul></body></html>",
        "<<<>>> </div></p><html <body",
    ],
    ids=["script", "links", "garbage"],
)
def test_html_without_article_text_is_an_input_error(html):
    with pytest.raises(InputError, match="no article text found in the HTML"):
        read_html(html, id="x", source="page.html")


def test_html_malformed_but_with_text_is_read():
    html = f"<html><head><title>T</title><body><div><p>{QUOTE}<p>{SECOND}</div></span></b"
    article = read_html(html, id="x")
    assert QUOTE in article.text and SECOND in article.text


@pytest.mark.parametrize("data", [b"", b"   \n", b"\x00\x01\x02\x03binary" * 50])
def test_html_empty_or_binary_is_an_input_error(data):
    with pytest.raises(InputError) as info:
        read_html(data, id="x", source="page.html")
    assert info.value.source == "page.html"


def test_html_never_touches_the_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    article = read_html(page(), id="x", url="https://www.dailyplanet.example/news/budget")
    assert QUOTE in article.text


def test_read_path_and_iter_paths_read_html_files(tmp_path):
    (tmp_path / "story.html").write_text(page(), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("Title\n\nSome text here.\n", encoding="utf-8")
    found = [p for p in iter_paths([str(tmp_path)]) if isinstance(p, Path)]
    assert [p.name for p in found] == ["notes.txt", "story.html"]
    article = read_path(tmp_path / "story.html")
    assert article.id == "story" and QUOTE in article.text and "<p>" not in article.text


# --- WARC ---------------------------------------------------------------------------------


def write_warc(path: Path, gz: bool = True, pages: int = 1, extra_bad_page: bool = False) -> None:
    """A WARC with HTML pages among records that must be skipped."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    def http(status: str, content_type: str | None, extra: list | None = None) -> StatusAndHeaders:
        headers = [("Content-Type", content_type)] if content_type else []
        return StatusAndHeaders(status, headers + (extra or []), protocol="HTTP/1.1")

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=gz)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "saywho-tests"}))
        request = StatusAndHeaders("GET /news/budget HTTP/1.1", [("Host", "dailyplanet.example")], is_http_request=True)
        w.write_record(
            w.create_warc_record(
                "https://dailyplanet.example/news/budget", "request", payload=io.BytesIO(b""), http_headers=request
            )
        )
        w.write_record(
            w.create_warc_record(
                "https://dailyplanet.example/news/budget",
                "response",
                payload=io.BytesIO(page().encode("utf-8")),
                http_headers=http("200 OK", "text/html; charset=utf-8"),
                warc_headers_dict={"WARC-Date": "2023-03-15T10:00:00Z"},
            )
        )
        w.write_record(
            w.create_warc_record(
                "https://dailyplanet.example/logo.png", "response",
                payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
                http_headers=http("200 OK", "image/png"),
            )
        )  # fmt: skip
        w.write_record(
            w.create_warc_record(
                "https://dailyplanet.example/old", "response", payload=io.BytesIO(b""),
                http_headers=http("301 Moved Permanently", "text/html", [("Location", "https://dailyplanet.example/new")]),
            )
        )  # fmt: skip
        w.write_record(
            w.create_revisit_record(
                "https://dailyplanet.example/news/budget", digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                refers_to_uri="https://dailyplanet.example/news/budget", refers_to_date="2023-03-15T10:00:00Z",
                http_headers=http("200 OK", "text/html"),
            )
        )  # fmt: skip
        w.write_record(
            w.create_warc_record(
                "https://dailyplanet.example/news/budget", "metadata",
                payload=io.BytesIO(b"outlinks: https://dailyplanet.example/a\n"), warc_content_type="application/warc-fields",
            )
        )  # fmt: skip
        if extra_bad_page:
            w.write_record(
                w.create_warc_record(
                    "https://dailyplanet.example/empty", "response",
                    payload=io.BytesIO(b"<html><head><script>var a = 1;</script></head><body></body></html>"),
                    http_headers=http("200 OK", "text/html"),
                )
            )  # fmt: skip
        for i in range(pages - 1):  # more pages, without a date of their own
            w.write_record(
                w.create_warc_record(
                    f"https://other.example/story-{i}",
                    "response",
                    payload=io.BytesIO(page(title=f"Story {i}", site=None, date=None, canonical=None).encode()),
                    http_headers=http("200 OK", "application/xhtml+xml"),
                    warc_headers_dict={"WARC-Date": f"2021-05-0{i + 1}T07:08:09Z"},
                )
            )


@pytest.mark.parametrize("name,gz", [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_warc_reads_html_responses_and_skips_the_rest(tmp_path, name, gz):
    path = tmp_path / name
    write_warc(path, gz=gz, pages=2)
    out = list(iter_warc(path))
    assert errors(out) == []
    got = articles(out)
    assert len(got) == 2
    first, second = got
    assert first.url == "https://dailyplanet.example/news/budget"  # the WARC-Target-URI
    assert first.date == "2023-03-14"  # from the page
    assert first.title == "Minister defends budget plan" and first.outlet == "Daily Planet"
    assert QUOTE in first.text
    assert re.fullmatch(r"warc-[0-9a-f]{12}", first.id)
    assert first.id == warc_id("https://dailyplanet.example/news/budget", "2023-03-15T10:00:00Z")
    assert second.url == "https://other.example/story-0"
    assert second.date == "2021-05-01"  # no date in the page: the capture date
    assert second.outlet == "other.example"
    # ids are stable from one reading to the next
    assert [a.id for a in articles(iter_warc(path))] == [first.id, second.id]


def test_warc_bad_page_is_an_error_naming_the_record_and_the_rest_is_read(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, extra_bad_page=True, pages=2)
    out = list(iter_warc(path))
    assert len(articles(out)) == 2
    [error] = errors(out)
    assert error.source == f"{path}#https://dailyplanet.example/empty"
    assert "no article text" in error.reason


def test_truncated_warc_gz_keeps_the_records_before_the_damage(tmp_path):
    whole = tmp_path / "whole.warc.gz"
    write_warc(whole, pages=4)
    data = whole.read_bytes()
    # cut inside the last gzip member (the last page)
    members = [m.start() for m in re.finditer(rb"\x1f\x8b\x08", data)]
    last = members[-1]
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: last + (len(data) - last) // 2])
    out = list(iter_warc(cut))
    assert len(articles(out)) == 3  # the first page and two more, the fourth is lost
    assert isinstance(out[-1], InputError)
    [error] = errors(out)
    assert error.source == str(cut)
    assert error.reason.startswith("truncated or corrupt WARC after ")
    assert re.match(r"truncated or corrupt WARC after \d+ records: ", error.reason)


def test_truncated_plain_warc_and_junk(tmp_path):
    whole = tmp_path / "whole.warc"
    write_warc(whole, gz=False, pages=2)
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: len(data) - 400])
    out = list(iter_warc(cut))
    assert len(articles(out)) == 1 and len(errors(out)) == 1
    assert "truncated or corrupt WARC" in errors(out)[0].reason
    junk = tmp_path / "junk.warc"
    junk.write_text("hello, this is not an archive\n", encoding="utf-8")
    [error] = iter_warc(junk)
    assert isinstance(error, InputError) and error.reason.startswith("is not a WARC file")
    empty = tmp_path / "empty.warc.gz"
    empty.write_bytes(b"")
    assert [e.reason for e in errors(iter_warc(empty))] == ["is empty"]


# --- records ------------------------------------------------------------------------------


def test_jsonl_broken_line_is_reported_and_the_rest_read(tmp_path):
    path = tmp_path / "news.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": f"Budget row\n\n{QUOTE}\n", "title": "Budget", "date": "14 March 2023"}),
        '{"id": "a2", "text": "unterminated',
        "",
        json.dumps({"text": SECOND, "outlet": "Daily Planet", "url": "https://x.example/b"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = list(iter_records(path))
    assert [type(x) for x in out] == [Article, InputError, Article]
    first, error, last = out
    assert first.id == "a1" and first.text == f"Budget row\n\n{QUOTE}\n"
    assert first.title == "Budget" and first.date == "2023-03-14"
    assert error.source == f"{path}:2" and error.reason.startswith("not valid JSON: ")
    assert last.id == "news-3"  # the third record, 1-based; the broken line counts
    assert last.outlet == "Daily Planet" and last.url == "https://x.example/b" and last.text == SECOND


def test_jsonl_gz_and_ndjson(tmp_path):
    rows = [{"id": f"r{i}", "text": f"{LEAD} ({i})"} for i in range(3)]
    body = "".join(json.dumps(r) + "\n" for r in rows).encode()
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(body))
    (tmp_path / "b.ndjson").write_bytes(body)
    for name in ("a.jsonl.gz", "b.ndjson"):
        assert [a.id for a in iter_records(tmp_path / name)] == ["r0", "r1", "r2"]
    # a cut-off gzip: the records before the damage, then one error
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gzip.compress(body * 200)[:-40])
    out = list(iter_records(cut))
    assert len(articles(out)) > 3 and isinstance(out[-1], InputError)
    assert len(errors(out)) == 1 and "truncated or corrupt gzip" in out[-1].reason


def test_jsonl_field_mapping_and_html_field(tmp_path):
    path = tmp_path / "mapped.jsonl"
    path.write_text(
        json.dumps({"doc_id": "d1", "body": QUOTE, "headline": "Hl", "published": "2020-01-02T03:04:05Z"}) + "\n"
        + json.dumps({"doc_id": "d2", "page": page(), "link": "https://www.dailyplanet.example/x"}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    fields = {"id": "doc_id", "text": "body", "html": "page", "title": "headline", "date": "published", "url": "link"}
    first, second = iter_records(path, fields)
    assert (first.id, first.text, first.title, first.date) == ("d1", QUOTE, "Hl", "2020-01-02")
    assert second.id == "d2" and QUOTE in second.text and "<p>" not in second.text
    assert second.title == "Minister defends budget plan" and second.outlet == "Daily Planet"
    assert second.url == "https://www.dailyplanet.example/x"  # the record's url wins
    with pytest.raises(ValueError, match="unknown field"):
        iter_records(path, {"body": "text"})


def test_record_without_text_or_html_names_its_fields(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"id": "x", "title": "Only a title", "content": "…"}) + "\n[1, 2]\n", encoding="utf-8")
    first, second = iter_records(path)
    assert isinstance(first, InputError) and first.source == f"{path}:1"
    assert "neither text nor html" in first.reason and "title" in first.reason and "content" in first.reason
    assert isinstance(second, InputError) and second.source == f"{path}:2" and "not a JSON object" in second.reason


def test_csv_records(tmp_path):
    path = tmp_path / "articles.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "title", "date", "outlet", "text"])
        writer.writerow(["c1", "Budget", "2023-03-14", "Daily Planet", f"{LEAD}\n\n{QUOTE}\n"])
        writer.writerow(["", "", "March 15, 2023", "", SECOND])
        writer.writerow(["c3", "No text", "", "", ""])
    out = list(iter_records(path))
    assert [type(x) for x in out] == [Article, Article, InputError]
    first, second, error = out
    assert first.text == f"{LEAD}\n\n{QUOTE}\n"  # a multi-line field, exactly
    assert (first.id, first.title, first.date, first.outlet) == ("c1", "Budget", "2023-03-14", "Daily Planet")
    assert second.id == "articles-2" and second.date == "2023-03-15"
    assert error.source == f"{path}:7" and "empty 'text'" in error.reason  # record 3 starts on line 7
    # mapped columns; a file without the text column says so once
    mapped = tmp_path / "mapped.csv"
    mapped.write_text("doc,body\nm1,Some words said here.\n", encoding="utf-8")
    assert [a.id for a in iter_records(mapped, {"id": "doc", "text": "body"})] == ["m1"]
    [error] = list(iter_records(mapped))
    assert "has no 'text' or 'html' column" in error.reason and "body" in error.reason


def test_parquet_records_in_batches(tmp_path):
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    from saywho.readers import records

    n = records.BATCH_ROWS * 2 + 7
    table = pa.table(
        {
            "doc_id": [f"p{i}" for i in range(n)],
            "body": [f"{QUOTE} ({i})" for i in range(n)],
            "date": [dt.date(2022, 1, 1 + i % 28) for i in range(n)],
            "extra": list(range(n)),
        }
    )
    path = tmp_path / "big.parquet"
    pq.write_table(table, path, row_group_size=100)
    out = list(iter_records(path, {"id": "doc_id", "text": "body"}))
    assert errors(out) == []
    assert [a.id for a in out] == [f"p{i}" for i in range(n)]
    assert out[0].date == "2022-01-01" and out[-1].text == f"{QUOTE} ({n - 1})"
    # no id column: stem-n
    pq.write_table(pa.table({"text": [LEAD, SECOND]}), tmp_path / "noid.parquet")
    assert [a.id for a in iter_records(tmp_path / "noid.parquet")] == ["noid-1", "noid-2"]


@pytest.mark.parametrize("name", ["e.jsonl", "e.csv", "e.parquet", "e.html", "e.warc", "e.ndjson"])
def test_empty_files_are_input_errors(tmp_path, name):
    (tmp_path / name).write_bytes(b"")
    out = list(iter_articles([str(tmp_path / name)]))
    assert len(out) == 1 and isinstance(out[0], InputError)
    assert out[0].source == str(tmp_path / name) and "empty" in out[0].reason


@pytest.mark.parametrize("name", ["b.jsonl", "b.csv", "b.parquet", "b.html", "b.warc.gz"])
def test_binary_files_are_input_errors(tmp_path, name):
    (tmp_path / name).write_bytes(bytes(range(256)) * 8 + b"\x00" * 64)
    out = list(iter_articles([str(tmp_path / name)]))
    assert out and all(isinstance(x, InputError) for x in out)
    assert len(out) <= 2


# --- iter_articles ------------------------------------------------------------------------


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    (root / "web" / "2023").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "a.txt").write_text(f"Plain title\n\n{QUOTE}\n", encoding="utf-8")
    (root / "web" / "story.html").write_text(page(), encoding="utf-8")
    (root / "web" / "other.htm").write_text(page(title="Other story"), encoding="utf-8")
    write_warc(root / "web" / "2023" / "crawl.warc.gz")
    (root / "records.jsonl").write_text(json.dumps({"id": "j1", "text": SECOND}) + "\n", encoding="utf-8")
    (root / "records.csv").write_text("id,text\nc1,Words were said.\n", encoding="utf-8")
    (root / "image.png").write_bytes(b"\x89PNG")
    (root / ".hidden" / "secret.txt").write_text("hidden", encoding="utf-8")
    return root


def test_iter_articles_expands_directories_recursively(corpus):
    out = list(iter_articles([str(corpus)]))
    assert errors(out) == []
    ids = [a.id for a in out]
    assert ids[:3] == ["a", "c1", "j1"]  # a.txt, records.csv, records.jsonl (sorted paths)
    assert ids[3].startswith("warc-")  # web/2023/crawl.warc.gz
    assert ids[4:] == ["other", "story"]
    assert all("hidden" not in a.text for a in out)


def test_iter_articles_globs(corpus, monkeypatch):
    monkeypatch.chdir(corpus)
    assert [a.id for a in iter_articles(["web/*.html"])] == ["story"]
    out = list(iter_articles([str(corpus / "**" / "*.warc.gz")]))
    assert len(out) == 1 and out[0].id.startswith("warc-")
    assert [a.id for a in iter_articles(["**/*.htm*"])] == ["other", "story"]
    [error] = iter_articles(["*.nothing"])
    assert isinstance(error, InputError) and error.source == "*.nothing" and "no files match" in error.reason


def test_iter_articles_reads_each_file_once_and_never_raises(corpus, tmp_path):
    out = list(
        iter_articles([str(corpus / "a.txt"), str(corpus), str(tmp_path / "missing.txt"), str(tmp_path / "void")])
    )
    assert [a.id for a in articles(out)].count("a") == 1
    assert [e.source for e in errors(out)] == [str(tmp_path / "missing.txt"), str(tmp_path / "void")]
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    [error] = iter_articles([str(empty_dir)])
    assert isinstance(error, InputError) and "directory has no files" in error.reason
    with pytest.raises(ValueError, match="unknown field 'nope'"):
        iter_articles([str(corpus)], fields={"nope": "x"})


def test_iter_articles_passes_field_maps_to_records(tmp_path):
    path = tmp_path / "m.jsonl"
    path.write_text(json.dumps({"doc": "d", "body": SECOND}) + "\n", encoding="utf-8")
    [article] = iter_articles([str(path)], fields={"id": "doc", "text": "body"})
    assert article.id == "d" and article.text == SECOND


def test_iter_articles_unknown_suffix_sniffs_html(tmp_path):
    (tmp_path / "page.dat").write_text(page(), encoding="utf-8")
    (tmp_path / "note.dat").write_text(f"Note\n\n{QUOTE}\n", encoding="utf-8")
    html, text = iter_articles([str(tmp_path / "page.dat"), str(tmp_path / "note.dat")])
    assert "<p>" not in html.text and QUOTE in html.text and html.id == "page"
    assert text.text == f"Note\n\n{QUOTE}\n"


def test_iter_articles_stdin(monkeypatch):
    [text] = iter_articles(["-"], stdin=io.BytesIO(f"Title\n\n{QUOTE}\n".encode()))
    assert text.id == "stdin" and text.text == f"Title\n\n{QUOTE}\n"
    [html] = iter_articles(["-"], stdin=io.BytesIO(page().encode()))
    assert html.id == "stdin" and QUOTE in html.text and "<p>" not in html.text
    [empty] = iter_articles(["-"], stdin=io.BytesIO(b""))
    assert isinstance(empty, InputError) and empty.source == "<stdin>"

    class FakeStdin:
        buffer = io.BytesIO(f"  \n{page()}".encode())

    monkeypatch.setattr("sys.stdin", FakeStdin())
    [html] = iter_articles(["-"])
    assert QUOTE in html.text


def test_corpus_suffixes():
    for suffix in (".txt", ".md", ".html", ".htm", ".warc", ".warc.gz", ".jsonl", ".ndjson", ".csv", ".parquet"):
        assert suffix in CORPUS
