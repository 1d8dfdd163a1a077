"""Readers: exact text, decoding, metadata, regions and the plain (markup-blanked) view."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from saywho.errors import InputError
from saywho.readers import iter_paths, plain_view, read_bytes, read_path, read_text
from saywho.readers.dates import parse_date

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "000_8b469b86e2e04f6a.txt"
GOLD = ROOT / "tests" / "data" / "000_8b469b86e2e04f6a.gold.json"

CURLY = (
    "\u201cHello,\u201d he said. \u201cIt\u2019s a fine day for a walk in the park, "
    "isn\u2019t it?\u201d The minister\u2019s spokesman added that the caf\u00e9 would "
    "reopen on Monday \u2013 \u201cwithout fail,\u201d he insisted, before leaving the room.\n"
)


# --- the seed article ------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed():
    return read_path(SEED)


def test_seed_text_is_the_file_exactly(seed):
    assert seed.id == "000_8b469b86e2e04f6a"
    assert seed.text == SEED.read_bytes().decode("utf-8")
    assert seed.text == json.loads(GOLD.read_text(encoding="utf-8"))["text"]


def test_seed_title_and_date(seed):
    assert seed.title == "US 'spare Nusra for plan B' to change regime in Syria – Lavrov"
    assert seed.date == "2016-09-30"


def test_seed_regions(seed):
    headline = [r for r in seed.regions if r.kind == "headline"]
    assert [(r.start, r.end) for r in headline] == [(2, 64)]
    related = [seed.text[r.start : r.end] for r in seed.regions if r.kind == "related"]
    assert len(related) == 2
    assert all(line.startswith("Read more [") and line.endswith("](#)") for line in related)
    assert any(r.kind == "body" for r in seed.regions)
    for r in seed.regions:  # regions never include the line break
        assert "\n" not in seed.text[r.start : r.end]


def test_seed_gold_quote_regions_match(seed):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    for quote in gold["quotes"]:
        start = quote["content"]["spans"][0][0]
        assert seed.region_at(start) == quote["region"], quote["id"]


# --- metadata ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    ["30/09/2016", "2016-09-30", "September 30, 2016", "30 September 2016", "Sept. 30, 2016"],
)
def test_date_formats(line):
    article = read_text(f"Lavrov warns Washington\n\n{line}\n\nLavrov said it was bad.\n")
    assert article.date == "2016-09-30"
    assert article.title == "Lavrov warns Washington"


def test_date_day_first_when_ambiguous():
    assert parse_date("04/05/2016") == "2016-05-04"
    assert parse_date("09/30/2016") == "2016-09-30"  # only month-first makes sense
    assert parse_date("31/02/2016") is None
    assert parse_date("On September 25 the envoy spoke") is None


def test_date_from_dateline_of_first_paragraph():
    text = (
        "Kerry calls Lavrov\n\n"
        "MOSCOW, Sept. 30, 2016 (Reuters) - The two ministers spoke on Friday, "
        "officials said, as fighting went on in Aleppo and elsewhere.\n"
    )
    assert read_text(text).date == "2016-09-30"


def test_no_date_from_deep_in_the_body():
    prose = "The minister said that the talks had failed and would not resume soon. "
    text = "Talks fail\n\n" + prose * 3 + "\n\n" + prose + "On 1 March 2015 they met.\n"
    assert read_text(text).date is None


def test_markdown_heading_is_the_title():
    text = "Home | World | Syria\n\n# Lavrov *says* [no](#) to talks\n\n12 March 2020\n\nBody.\n"
    article = read_text(text, id="x", format="md")
    assert article.title == "Lavrov says no to talks"
    assert article.date == "2020-03-12"
    (headline,) = [r for r in article.regions if r.kind == "headline"]
    assert text[headline.start : headline.end] == "# Lavrov *says* [no](#) to talks"


def test_first_headline_like_line_skips_bylines_and_dates():
    text = "By Jane Smith\n2016-09-30\nMinister rejects claims\n\nThe minister said no.\n"
    assert read_text(text).title == "Minister rejects claims"


def test_no_title_when_the_text_starts_with_prose():
    text = "The minister said on Friday that the talks had failed and would not resume.\n"
    assert read_text(text).title is None


def test_markdown_front_matter():
    text = '---\ntitle: "Talks fail"\ndate: 2016-09-30\nurl: https://example.com/a\n---\n\nBody text.\n'
    article = read_text(text, format="md")
    assert (article.title, article.date, article.url) == ("Talks fail", "2016-09-30", "https://example.com/a")
    assert article.region_at(5) == "related"
    assert article.region_at(text.index("Body")) == "body"


@pytest.mark.parametrize(
    "line",
    [
        "READ MORE: Kremlin says talks are over",
        "Related: Kerry and Lavrov meet again",
        "See also [the statement](https://example.com)",
        "[Kremlin: no talks](https://example.com/kremlin)",
        "https://example.com/news/123",
        "Photo: Sergey Lavrov in Moscow",
        "(Photo by Maxim Shemetov)",
        "Sergey Lavrov in Moscow on Friday. / Reuters",
        "Sergey Lavrov speaks to reporters (AP Photo/Evan Vucci)",
        "Syrian soldiers in Aleppo. REUTERS/Omar Sanadiki",
    ],
)
def test_related_lines(line):
    text = f"Lavrov warns Washington\n\nBody paragraph one.\n\n{line}\n\nBody paragraph two.\n"
    article = read_text(text)
    start = text.index(line)
    assert article.region_at(start) == "related"
    assert article.region_at(text.index("Body paragraph two")) == "body"


def test_unknown_format_is_a_programming_error():
    with pytest.raises(ValueError):
        read_text("text", format="html")


# --- decoding ----------------------------------------------------------------------------


def test_cp1252_curly_quotes_are_detected(tmp_path):
    raw = CURLY.encode("cp1252")
    assert b"\x93Hello,\x94" in raw
    path = tmp_path / "legacy.txt"
    path.write_bytes(raw)
    article = read_path(path)
    assert article.text == CURLY
    assert "\u201cHello,\u201d" in article.text and "It\u2019s" in article.text


def test_utf8_curly_quotes_unchanged():
    article = read_bytes(CURLY.encode("utf-8"), id="u", source="u.txt")
    assert article.text == CURLY


def test_utf8_bom_and_crlf_are_kept():
    data = "\ufeffTitle here\r\n\r\nBody.\r\n".encode()
    article = read_bytes(data, id="b", source="b.txt")
    assert article.text == "\ufeffTitle here\r\n\r\nBody.\r\n"
    assert article.title == "Title here"
    (headline,) = [r for r in article.regions if r.kind == "headline"]
    assert article.text[headline.start : headline.end] == "Title here"


def test_utf8_with_a_stray_legacy_byte_stays_utf8():
    data = CURLY.encode("utf-8") + b"Price: 5\x80.\n"
    text = read_bytes(data, id="m", source="m.txt").text
    assert text.startswith(CURLY)


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    with pytest.raises(InputError) as info:
        read_path(path)
    assert "binary" in info.value.reason
    assert ".txt" in info.value.reason and ".md" in info.value.reason
    assert info.value.source == str(path)


def test_control_characters_without_nul_are_binary():
    with pytest.raises(InputError, match="binary"):
        read_bytes(bytes(range(1, 9)) * 100, id="c", source="c.bin")


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  "])
def test_empty_file_is_refused(tmp_path, data):
    path = tmp_path / "empty.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_path(path)
    assert info.value.reason.startswith("is empty")


def test_empty_text_is_refused():
    with pytest.raises(InputError, match="is empty"):
        read_text("  \n")


def test_five_megabytes_are_accepted(tmp_path):
    paragraph = "The minister said that the talks had failed, officials said on Friday.\n\n"
    text = "Big file\n\n" + paragraph * (5 * 1024 * 1024 // len(paragraph))
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size >= 5 * 1024 * 1024 - len(paragraph)
    article = read_path(path)
    assert article.text == text and article.title == "Big file"


def test_more_than_twenty_megabytes_are_refused(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(21 * 1024 * 1024)  # sparse: size checked before reading
    with pytest.raises(InputError, match=r"too large.*20 MB"):
        read_path(path)
    with pytest.raises(InputError, match="too large"):
        read_bytes(b"a" * (20 * 1024 * 1024 + 1), id="h", source="h.txt")


def test_unknown_suffix_read_as_text(tmp_path):
    path = tmp_path / "story.news"
    path.write_text("Headline here\n\nBody.\n", encoding="utf-8")
    article = read_path(path)
    assert (article.id, article.title) == ("story", "Headline here")


def test_markdown_suffix_enables_front_matter(tmp_path):
    path = tmp_path / "post.markdown"
    path.write_text("---\ntitle: From front matter\n---\nBody.\n", encoding="utf-8")
    assert read_path(path).title == "From front matter"


def test_missing_path_raises_from_read_path(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_path(tmp_path / "nope.txt")


# --- iter_paths --------------------------------------------------------------------------


def test_iter_paths_yields_error_for_missing_path(tmp_path):
    missing = str(tmp_path / "missing.txt")
    out = list(iter_paths([missing]))
    assert len(out) == 1 and isinstance(out[0], InputError)
    assert out[0].source == missing


def test_iter_paths_expands_directories(tmp_path):
    for name in ["b.txt", "a.md", "sub/c.markdown", "sub/deeper/d.text", "sub/e.TXT",
                 "image.png", "notes.pdf", ".hidden.txt", ".git/x.txt"]:  # fmt: skip
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    single = tmp_path / "image.png"
    out = list(iter_paths([str(tmp_path), str(tmp_path / "nope"), str(single)]))
    paths = [p for p in out if isinstance(p, Path)]
    errors = [e for e in out if isinstance(e, InputError)]
    rel = [p.relative_to(tmp_path).as_posix() for p in paths]
    assert rel == ["a.md", "b.txt", "sub/c.markdown", "sub/deeper/d.text", "sub/e.TXT", "image.png"]
    assert len(errors) == 1 and "nope" in errors[0].source


def test_iter_paths_yields_each_file_once_and_flags_empty_dirs(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    out = list(iter_paths([str(tmp_path / "a.txt"), str(tmp_path), str(tmp_path / "empty")]))
    assert [p.name for p in out if isinstance(p, Path)] == ["a.txt"]
    assert [type(e) for e in out if not isinstance(e, Path)] == [InputError]


# --- plain_view --------------------------------------------------------------------------


def _words(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in re.finditer(r"[^\W_]+", text)]


def test_plain_view_on_seed_keeps_offsets(seed):
    text = seed.text
    view = plain_view(text)
    assert len(view) == len(text)
    # every word of the view is a word of the original at the same offset
    originals = dict(_words(text))
    for start, word in _words(view):
        assert originals.get(start) == word
    # the only changes are markup characters turned into spaces
    for a, b in zip(text, view, strict=True):
        assert a == b or (b == " " and a in "[]()#*_")

    i = text.index("Lavrov [said](#) that")
    assert view[i : i + len("Lavrov [said](#) that")] == "Lavrov  said     that"
    i = text.index('*"They still')
    assert view[i : i + len('*"They still')] == ' "They still'
    i = text.index("“*change the regime*”")
    assert view[i : i + len("“*change the regime*”")] == "“ change the regime ”"
    i = text.index("Read more [ISIS")
    assert view[i : i + 15] == "Read more  ISIS"


@pytest.mark.parametrize(
    ("text", "view"),
    [
        ("**bold** and _it_ and ***both***", "  bold   and  it  and    both   "),
        ("# Title #\n## Sub", "  Title  \n   Sub"),
        ("![alt text](http://x/y.png) end", "  alt text" + " " * 17 + " end"),
        ("see <http://x.com/a_b> now", "see                    now"),
        ("[Kremlin](http://a.com/w_(x)) said", " Kremlin" + " " * 21 + " said"),
        ("*multi\nline*", " multi\nline "),
    ],
)
def test_plain_view_blanks_markup(text, view):
    assert len(view) == len(text)
    assert plain_view(text) == view


@pytest.mark.parametrize(
    "text",
    [
        "5 * 3 = 15, and 2*3*4 = 24.",
        "The snake_case_name and file_v2_final.txt stay.",
        "A lone * star, a #hashtag, [sic] and (parentheses).",
        "#MeToo trended; see http://example.com/_a_/b for details.",
        "* a list item\n- another one\n\n***\n",
        "“Hello,” he said. ‘Fine,’ she said – and left…",
        "*an opener\n\nand a closer in another paragraph*",
    ],
)
def test_plain_view_leaves_plain_text_alone(text):
    assert plain_view(text) == text
