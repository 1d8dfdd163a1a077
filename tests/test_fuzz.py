"""Fuzz tests (hypothesis): every reader, the date parser, the Markdown view and every writer.

What holds for any input: no exception escapes but the tool's own InputError (a
reader's "could not be read (SomeError: …)" is an escaped bug caught by the
safety net, so it fails here too), offsets are exact, and output is valid UTF-8
(and valid JSON for the JSON formats). Runs are bounded (examples, no deadline
flakiness on a busy machine) and seeded (``derandomize=True``): the same
examples every run, so a failure here is reproducible, not luck.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saywho.errors import InputError
from saywho.output import write
from saywho.readers import iter_articles, read_text
from saywho.readers.dates import find_date, parse_date
from saywho.readers.markup import plain_view
from saywho.types import Article, Cue, Quote, Span, Speaker
from tests.readers.test_corpus import write_warc

FUZZ = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
FEW = settings(FUZZ, max_examples=25)

# Text that stresses the readers: Markdown and HTML syntax, quotes, dates, controls, look-alikes, surrogates.
# fmt: off
_ALPHABET = st.sampled_from(
    [*"ab Z09 \n\r\t*_[]()<>!#`-=+@,.;:\"'/\\|&", "\u201c", "\u201d", "\u2019", "\u017f", "\u212a", "\u0130", "\x1b", "\x00", "\x85", "\u2028", "\ufeff", "\udfff", "\U0001f600", "é", "Sep", "2016", "said"]
)
# fmt: on
TEXT = st.lists(_ALPHABET, max_size=300).map("".join)
CLEAN_TEXT = TEXT.map(lambda t: t.replace("\udfff", "\ufffd"))
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["text", "html", "id", "date"]), inner, max_size=3)
    ),
    max_leaves=6,
)
RECORD = st.one_of(
    st.fixed_dictionaries(
        {"text": TEXT}, optional=dict.fromkeys(("id", "title", "date", "outlet", "url"), TEXT | JSON_VALUE)
    ),
    st.dictionaries(
        st.sampled_from(["id", "text", "html", "title", "date", "outlet", "url", "x"]), JSON_VALUE, max_size=6
    ),
)
# Dates as pages print them, with letters IGNORECASE matches to ASCII (ſ → s, K → k, İ/ı → i).
_LOOKALIKE = {"s": "\u017f", "k": "\u212a", "i": "\u0131", "S": "\u017f", "I": "\u0130"}
MONTHISH = st.sampled_from(
    ["Sep", "sept.", "September", "Aug", "August", "jan", "March", "Dec", "Oct", "Nov", "May"]
).flatmap(
    lambda m: st.lists(st.booleans(), min_size=len(m), max_size=len(m)).map(
        lambda flips: "".join(_LOOKALIKE.get(c, c) if f else c for c, f in zip(m, flips, strict=True))
    )
)
DATE_TEXT = st.builds(
    lambda m, d, y, form: (f"{m} {d}, {y}", f"{d} {m} {y}", f"{y}-{d}-{d}", f"{d}/{d}/{y}")[form],
    MONTHISH,
    st.integers(0, 40),
    st.integers(1800, 2200),
    st.integers(0, 3),
)


def _check_article(article: Article) -> None:
    """What every Article a reader makes must satisfy."""
    n = len(article.text)
    assert article.text.strip()
    for region in article.regions:
        assert 0 <= region.start <= region.end <= n
    line = io.StringIO()
    write([article], "jsonl", line)
    decoded = json.loads(line.getvalue().encode("utf-8").decode("utf-8"))  # valid UTF-8 and JSON
    assert len(decoded["text"]) == n  # a scrubbed character replaces one for one


def _read_all(path: Path) -> list[Article | InputError]:
    items = list(iter_articles([str(path)]))
    for item in items:
        if isinstance(item, InputError):
            assert not item.reason.startswith(("could not be read (", "could not read the page (")), item
            item.reason.encode("utf-8")  # printable and storable
            item.source.encode("utf-8")
        else:
            _check_article(item)
    return items


# -- the date parser and the Markdown view -------------------------------------------------------


@FUZZ
@given(st.one_of(DATE_TEXT, TEXT))
def test_fuzz_date_parser(text):
    found = find_date(text)
    assert parse_date(text) == (found[0] if found else None)
    if found:
        iso, start, end = found
        assert 0 <= start < end <= len(text)
        assert len(iso) == 10 and iso[4] == "-" and iso[7] == "-"


@FUZZ
@given(TEXT)
def test_fuzz_markdown_view_keeps_every_offset(text):
    view = plain_view(text)
    assert len(view) == len(text)
    for a, b in zip(text, view, strict=True):
        assert b == a or b == " "  # only blanked, never moved
        if a in "\r\n":
            assert b == a


# -- every reader ----------------------------------------------------------------------------------


@FUZZ
@given(
    data=st.one_of(TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=300)),
    suffix=st.sampled_from([".txt", ".md", ".unknown"]),
)
def test_fuzz_text_readers(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"in{suffix}"
    path.write_bytes(data)
    _read_all(path)


@FEW
@given(TEXT)
def test_fuzz_html_reader(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("fuzz") / "in.html"
    path.write_bytes(
        f"<html><body><article><p>{text}</p><p>{text[::-1]}</p></article></body></html>".encode(
            "utf-8", "surrogatepass"
        )
    )
    _read_all(path)


@FUZZ
@given(
    records=st.lists(st.one_of(RECORD.map(lambda r: json.dumps(r).encode()), st.binary(max_size=40)), max_size=6),
    gz=st.booleans(),
)
def test_fuzz_jsonl_reader(tmp_path_factory, records, gz):
    body = b"\n".join(records)
    path = tmp_path_factory.mktemp("fuzz") / ("in.jsonl.gz" if gz else "in.jsonl")
    path.write_bytes(gzip.compress(body) if gz else body)
    items = _read_all(path)
    texts = [json.loads(r).get("text") for r in records if r.startswith(b"{")]
    expected = [t.replace("\udfff", "\ufffd") for t in texts if isinstance(t, str) and t.strip()]
    got = [a.text for a in items if isinstance(a, Article)]
    assert [t for t in got if t in expected] == [t for t in expected if t in got]  # kept exactly, in order


@FUZZ
@given(
    rows=st.lists(st.lists(CLEAN_TEXT, min_size=1, max_size=3), max_size=5),
    junk=st.binary(max_size=30),
    encoding=st.sampled_from(["utf-8", "cp1252"]),
)
def test_fuzz_csv_reader(tmp_path_factory, rows, junk, encoding):
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["id", "text", "title"])
    writer.writerows(rows)
    path = tmp_path_factory.mktemp("fuzz") / "in.csv"
    path.write_bytes(buf.getvalue().encode(encoding, "replace") + junk)
    _read_all(path)


@FEW
@given(texts=st.lists(st.one_of(st.none(), CLEAN_TEXT), max_size=4), numbers=st.booleans())
def test_fuzz_parquet_reader(tmp_path_factory, texts, numbers):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path_factory.mktemp("fuzz") / "in.parquet"
    column = pa.array(list(range(len(texts)))) if numbers else pa.array(texts, type=pa.string())
    pq.write_table(pa.table({"id": pa.array([str(i) for i in range(len(texts))]), "text": column}), path)
    _read_all(path)


@pytest.fixture(scope="module")
def warc_bytes(tmp_path_factory) -> dict[bool, bytes]:
    folder = tmp_path_factory.mktemp("warc")
    out = {}
    for gz in (True, False):
        path = folder / ("a.warc.gz" if gz else "a.warc")
        write_warc(path, gz=gz, pages=2)
        out[gz] = path.read_bytes()
    return out


@FEW
@given(
    gz=st.booleans(), cut=st.floats(0, 1), flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=3)
)
def test_fuzz_warc_reader(tmp_path_factory, warc_bytes, gz, cut, flips):
    data = bytearray(warc_bytes[gz])
    for where, value in flips:
        data[int(where * (len(data) - 1))] = value
    path = tmp_path_factory.mktemp("fuzz") / ("in.warc.gz" if gz else "in.warc")
    path.write_bytes(bytes(data[: max(1, int(cut * len(data)))]))
    _read_all(path)


# -- every writer ----------------------------------------------------------------------------------


@st.composite
def articles(draw) -> Article:
    text = draw(TEXT.filter(lambda t: len(t) > 0))
    n = len(text)
    quotes = []
    speakers = [
        Speaker(id=f"s{i}", name=draw(TEXT) or "x", aliases=[draw(TEXT)], roles=[draw(TEXT)])
        for i in range(draw(st.integers(0, 2)))
    ]
    for i in range(draw(st.integers(0, 3))):
        a = draw(st.integers(0, n))
        b = draw(st.integers(a, n))
        c = draw(st.integers(0, n))
        quotes.append(
            Quote(
                id=f"q{i + 1}",
                kind=draw(st.sampled_from(["direct", "indirect", "mixed"])),
                content=Span.of(text, [(a, b)]),
                cue=Cue.of(text, [(c, min(n, c + 3))], draw(TEXT)) if draw(st.booleans()) else None,
                speaker=draw(st.sampled_from([None, *[s.id for s in speakers]])),
                confidence=draw(st.floats(0, 1)),
            )
        )
    return Article(
        id=draw(TEXT) or "id",
        text=text,
        title=draw(st.none() | TEXT),
        url=draw(st.none() | TEXT),
        quotes=quotes,
        speakers=speakers,
    )


@FUZZ
@given(batch=st.lists(articles(), min_size=1, max_size=3), fmt=st.sampled_from(["jsonl", "json", "csv", "html"]))
def test_fuzz_writers(tmp_path_factory, batch, fmt):
    out = tmp_path_factory.mktemp("fuzz") / f"out.{fmt}"
    write(batch, fmt, out)
    body = out.read_bytes().decode("utf-8")  # valid UTF-8 whatever the articles held
    if fmt == "jsonl":
        decoded = [json.loads(line) for line in body.splitlines()]
        for article, d in zip(batch, decoded, strict=True):
            back = Article.from_dict(d)
            assert back.text == article.text.replace("\udfff", "\ufffd")
            for q in back.quotes:
                ((s, e),) = q.content.spans
                assert q.content.text == back.text[s:e]  # offsets exact
    elif fmt == "json":
        assert len(json.loads(body)) == len(batch)
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(body, newline="")))
        assert len(rows) == sum(len(a.quotes) for a in batch)
        for row in rows:
            assert not row["content"].startswith(("=", "+", "-", "@"))


@FEW
@given(batch=st.lists(articles(), min_size=1, max_size=2))
def test_fuzz_parquet_writer(tmp_path_factory, batch):
    import pyarrow.parquet as pq

    out = tmp_path_factory.mktemp("fuzz") / "out.parquet"
    write(batch, "parquet", out)
    assert pq.read_table(out).num_rows == sum(len(a.quotes) for a in batch)


@FEW
@given(text=TEXT.filter(str.strip))
def test_fuzz_extraction_offsets(rules_pipeline, text):
    """The whole extractor on hostile text: quotes' offsets index the text exactly."""
    article = rules_pipeline(read_text(text.replace("\udfff", "\ud800"), id="fuzz"))
    for q in article.quotes:
        for span in (q.content, q.cue, q.source):
            if span is not None:
                assert span.text == "".join(article.text[s:e] for s, e in span.spans) or span.text
                assert all(0 <= s <= e <= len(article.text) for s, e in span.spans)
