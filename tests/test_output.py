"""Output writers: JSON/JSONL/CSV views of saywho/1 and the HTML page."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from saywho.output import (
    CSV_COLUMNS,
    FORMATS,
    render_html,
    write,
    write_csv,
    write_html,
    write_json,
    write_jsonl,
)
from saywho.readers.markup import plain_view
from saywho.types import Article, Cue, Quote, Span, Speaker

GOLD = Path(__file__).parent / "data" / "000_8b469b86e2e04f6a.gold.json"
VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "area", "base", "source"}


@pytest.fixture(scope="module")
def gold() -> Article:
    return Article.from_dict(json.loads(GOLD.read_text(encoding="utf-8")))


def tricky() -> Article:
    """Overlapping, crossing and discontinuous spans plus text that needs escaping."""
    text = (
        'Intro <script>alert("x")</script> & more.\n\n'
        '"We will win," Smith said, "no matter what." Jones said Smith was wrong.\n'
        "Second line <b>bold</b>."
    )
    t = text.index
    win, nm = t("We will win"), t("no matter what")
    jones = t("Jones said")
    q1 = Quote(
        id="q1",
        kind="direct",
        content=Span.of(text, [(win, win + len("We will win")), (nm, nm + len("no matter what"))]),
        cue=Cue.of(text, [(t("said"), t("said") + 4)], "say"),
        source=Span.of(text, [(t("Smith"), t("Smith") + 5)]),
        speaker="smith",
        confidence=0.9,
    )
    # content of q2 contains the source of q3 (Smith) and crosses q1's second piece
    q2 = Quote(
        id="q2",
        kind="indirect",
        content=Span.of(text, [(t("matter what"), len(text) - 1)]),
        cue=Cue.of(text, [(jones + 6, jones + 10)], "say"),
        source=Span.of(text, [(jones, jones + 5)]),
        speaker="jones",
        confidence=0.6,
    )
    s2 = text.index("Smith was")
    q3 = Quote(
        id="q3",
        kind="indirect",
        content=Span.of(text, [(s2 + 6, s2 + 15)]),
        source=Span.of(text, [(s2, s2 + 5)]),
        speaker=None,
        confidence=0.3,
    )
    q4 = Quote(  # content with the <script> tag in it
        id="q4",
        kind="direct",
        content=Span.of(text, [(t("<script>"), t("</script>") + 9)]),
        speaker="o<b>rg",
        confidence=0.4,
    )
    return Article(
        id="tricky/1",
        text=text,
        title="A <i>title</i> & co",
        url="javascript:alert(1)",
        quotes=[q1, q2, q3, q4],
        speakers=[
            Speaker(id="jones", name="Jones", quotes=1),
            Speaker(id="smith", name="Smith", roles=["mayor"], quotes=1),
            Speaker(id="o<b>rg", name="Org <Inc>", type="organization", quotes=1),
        ],
    )


class _Tree(HTMLParser):
    """Checks tag balance and collects text under each quote's content marks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.errors: list[str] = []
        self.content: dict[str, list[str]] = {}
        self.tags: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        if tag not in VOID:
            self.stack.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1][0] if self.stack else 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        qids = {a.get("data-q") for _, a in self.stack if "q" in (a.get("class") or "").split() and a.get("data-q")}
        for qid in qids:
            self.content.setdefault(qid, []).append(data)  # type: ignore[arg-type]


def parse(page: str) -> _Tree:
    tree = _Tree()
    tree.feed(page)
    tree.close()
    assert not tree.errors, tree.errors[:5]
    assert not tree.stack, f"unclosed: {[t for t, _ in tree.stack]}"
    return tree


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def shown(text: str, spans) -> str:
    """What a page shows of ``spans``: the text without the Markdown syntax plain_view blanks."""
    view = plain_view(text)
    return "".join(c for s, e in spans for c, v in zip(text[s:e], view[s:e], strict=True) if c == v or v != " ")


# --------------------------------------------------------------------------- json


def test_jsonl_round_trip(gold: Article) -> None:
    buf = io.StringIO()
    write_jsonl([gold, gold], buf)
    lines = buf.getvalue().splitlines()
    assert len(lines) == 2
    assert json.loads(lines[0]) == gold.to_dict()
    assert Article.from_dict(json.loads(lines[1])).to_dict() == gold.to_dict()
    assert "’" in lines[0]  # ensure_ascii=False


@pytest.mark.parametrize("n", [0, 1, 3])
def test_json_array_matches_dumps(gold: Article, n: int) -> None:
    buf = io.StringIO()
    write_json([gold] * n, buf)
    expected = json.dumps([gold.to_dict()] * n, ensure_ascii=False, indent=2)
    assert buf.getvalue() == expected + "\n"


# --------------------------------------------------------------------------- csv


def test_csv_one_row_per_quote(gold: Article) -> None:
    buf = io.StringIO(newline="")
    write_csv([gold, tricky()], buf)
    rows = list(csv.reader(io.StringIO(buf.getvalue(), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) - 1 == len(gold.quotes) + len(tricky().quotes)
    first = dict(zip(rows[0], rows[1], strict=True))
    q = gold.quotes[0]
    assert first["article_id"] == gold.id and first["quote_id"] == q.id
    assert first["speaker_name"] == "Sergey Lavrov" and first["content"] == q.content.text
    assert int(first["content_start"]) == q.content.start
    unattributed = [dict(zip(rows[0], r, strict=True)) for r in rows[1:] if r[5] == "q3" and r[0] == "tricky/1"]
    assert unattributed[0]["speaker_id"] == "" and unattributed[0]["speaker_name"] == ""


def test_csv_header_without_quotes() -> None:
    buf = io.StringIO()
    write_csv([], buf)
    assert buf.getvalue().strip() == ",".join(CSV_COLUMNS)


# --------------------------------------------------------------------------- html


def test_html_gold_page(gold: Article) -> None:
    page = render_html(gold)
    tree = parse(page)
    assert page.startswith("<!DOCTYPE html>")
    assert tree.tags["article"] == 1
    assert "<script" not in page and "src=" not in page and "<link" not in page
    # legend: every speaker, with its count, most quoted first
    legend = page[page.index('class="legend"') : page.index('class="text"')]
    for sp in gold.speakers:
        count = sum(q.speaker == sp.id for q in gold.quotes)
        assert re.search(
            rf'data-speaker="{re.escape(sp.id)}">.*?{re.escape(html.escape(sp.name))}.*?'
            rf'class="count">{count} quotes?<',
            legend,
        ), sp.name
    assert legend.index("Sergey Lavrov") < legend.index("Samantha Power")
    # every quote's content lies inside its highlight
    for q in gold.quotes:
        got = "".join(tree.content.get(q.id, []))
        assert squash(got) == squash(shown(gold.text, q.content.spans)), q.id


def test_html_escapes_and_overlaps() -> None:
    art = tricky()
    page = render_html(art)
    tree = parse(page)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>bold</b>" not in page and "<i>title</i>" not in page
    assert 'href="javascript' not in page
    assert "Org &lt;Inc&gt;" in page
    for q in art.quotes:
        expected = "".join(art.text[s:e] for s, e in q.content.spans)
        assert squash("".join(tree.content[q.id])) == squash(expected), q.id
    # unattributed quote is neutral and listed in the legend
    assert 'data-q="q3"' in page and "Unattributed" in page
    assert re.search(r'class="q snone low" data-q="q3"', page) and ".snone{--bg:#e5e1df;" in page
    assert " style=" not in page  # colours are classes: the web UI's CSP allows no inline style


def test_html_hides_markdown_syntax(gold: Article) -> None:
    """Issue 12: `[said](#)` and `*"…"*` show as the words, not the syntax."""
    text = 'Intro.\n\n*"We will win,"* Smith [said](#) on [Monday](https://example.com/x).'
    t = text.index
    q = Quote(
        id="q1",
        kind="direct",
        content=Span.of(text, [(t("We"), t("win") + 3)]),
        cue=Cue.of(text, [(t("said"), t("said") + 4)], "say"),
        source=Span.of(text, [(t("Smith"), t("Smith") + 5)]),
        speaker="smith",
        confidence=0.9,
    )
    art = Article(id="md", text=text, quotes=[q], speakers=[Speaker(id="smith", name="Smith", quotes=1)])
    page = render_html(art)
    body = re.sub(r"<[^>]+>", "", page[page.index('class="text"') :])
    assert "[said](#)" not in body and "](" not in body and "*" not in body
    assert "“We will win,”" in html.unescape(body) or '"We will win,"' in html.unescape(body)
    assert "Smith said on Monday." in html.unescape(body)
    for case in gold, tricky():
        parse(render_html(case))


def test_html_palette_legend_focus_and_low_confidence() -> None:
    """Tableau 10 colours in legend order; the legend focuses one speaker (CSS only, no script);
    quotes under 0.5 confidence are marked low (drawn fainter)."""
    from saywho.output import PALETTE

    art = tricky()
    page = render_html(art)
    assert "<script" not in page
    assert len(set(PALETTE)) == len(PALETTE) == 9
    legend = page[page.index('class="legend"') : page.index('class="text"')]
    assert legend.count('type="radio"') == 1 + 4  # "all" + three speakers + unattributed
    assert 'class="fall" checked' in legend and 'class="f0"' in legend and 'class="fnone"' in legend
    assert "article:has(.legend .f0:checked)" in page  # the focus rule, inlined
    assert re.search(r'class="q s\d" data-q="q1"', page)  # 0.9: not low
    assert re.search(r'class="q s\d low" data-q="q4"', page)  # 0.4: low
    from saywho.output import FOCUSABLE, _colour

    for i in range(FOCUSABLE):  # the stylesheet's colour classes are the palette, then golden-angle hues
        assert f".s{i}{{--bg:{_colour(i)[0]};--fg:{_colour(i)[1]}}}" in page, i
    assert _colour(0) == PALETTE[0]


def test_html_templates_are_package_data() -> None:
    from importlib.resources import files

    root = files("saywho")
    assert root.joinpath("templates", "article_page.html").is_file()
    assert root.joinpath("templates", "_article.html").is_file()
    assert root.joinpath("static", "article.css").is_file()


def test_html_paragraphs(gold: Article) -> None:
    page = render_html(gold)
    body = page[page.index('class="text"') :]
    paras = [p for p in re.split(r"\n[ \t]*\n\s*", gold.text) if p.strip()]
    assert body.count("<p>") == len(paras)
    assert "white-space:pre-wrap" in page


def test_write_html_directory_and_stream(gold: Article, tmp_path: Path) -> None:
    paths = write_html([gold, tricky()], tmp_path / "out")
    assert [p.name for p in paths] == [f"{gold.id}.html", "tricky_1.html"]
    assert all(p.parent == tmp_path / "out" for p in paths)
    parse(paths[1].read_text(encoding="utf-8"))

    buf = io.StringIO()
    assert write_html([gold, tricky()], buf) == []
    tree = parse(buf.getvalue())
    assert tree.tags["html"] == 1 and tree.tags["article"] == 2
    assert buf.getvalue().count('class="legend"') == 2

    single = tmp_path / "one.html"
    assert write_html([gold], single) == [single]
    assert single.read_text(encoding="utf-8") == render_html(gold)


# --------------------------------------------------------------------------- dispatch


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "parquet"])
def test_write_dispatch(gold: Article, fmt: str, tmp_path: Path) -> None:
    buf = io.StringIO()
    write([gold], fmt, buf)
    assert buf.getvalue()
    out = tmp_path / f"x.{'html' if fmt == 'html' else fmt}"
    assert write(iter([gold]), fmt.upper(), str(out)) == [out]
    assert out.read_bytes().decode("utf-8") == buf.getvalue()


def test_write_unknown_format(gold: Article) -> None:
    with pytest.raises(ValueError, match="jsonl, json, csv, parquet, html"):
        write([gold], "xml", io.StringIO())


def test_parquet_one_row_per_quote_with_types(gold: Article, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "quotes.parquet"
    assert write([gold, gold], "parquet", str(out)) == [out]
    table = pq.read_table(out)
    assert table.column_names == list(CSV_COLUMNS)
    assert table.num_rows == 2 * len(gold.quotes)
    assert str(table.schema.field("content_start").type) == "int64"
    first = table.slice(0, 1).to_pylist()[0]
    assert first["content"] == gold.quotes[0].content.text
    with pytest.raises(ValueError, match="output path"):
        write([gold], "parquet", io.StringIO())
