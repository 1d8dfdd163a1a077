"""A small store for the web tests, on SQLite and on the throwaway PostgreSQL (tests/conftest_pg.py).

The articles are built from the bundled example's gold annotations (no spaCy): the example
itself, copies of it in other outlets (one with a reworded quote, so provenance has lineage and
an altered occurrence) and a hostile article whose text, title, outlet, URL and speaker name
carry markup and a ``javascript:`` URL.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from saywho.store import open_store
from saywho.types import Article, Cue, Quote, Span, Speaker

GOLD = Path(__file__).resolve().parent.parent / "data" / "000_8b469b86e2e04f6a.gold.json"
XSS_SCRIPT = "<script>alert('x')</script>"
XSS_IMG = '"><img src=x onerror=alert(1)>'
XSS_URL = "javascript:alert(document.cookie)"


def gold() -> Article:
    return Article.from_dict(json.loads(GOLD.read_text(encoding="utf-8")))


def copy(article: Article, id: str, outlet: str, date: str, reword: tuple[str, str] | None = None) -> Article:
    """The article again under another id, outlet and date (a different text: one more line)."""
    a = Article.from_dict(json.loads(json.dumps(article.to_dict())))
    text = a.text + f"\n\n(Republished by {outlet}.)"
    if reword:
        old, new = reword
        assert len(old) == len(new), "keep offsets"
        text = text.replace(old, new, 1)
    a.text = text
    for q in a.quotes:
        q.content = Span.of(text, q.content.spans)
        if q.source:
            q.source = Span.of(text, q.source.spans)
        if q.cue:
            q.cue = Cue.of(text, q.cue.spans, q.cue.lemma)
    return dataclasses.replace(a, id=id, outlet=outlet, date=date, url=f"https://{outlet.lower()}.example/{id}")


def hostile() -> Article:
    text = (
        f"Breaking {XSS_SCRIPT} news.\n\n"
        f'"Tear down the wall {XSS_IMG}," Mallory said, linking to {XSS_URL} in a post.\n\n'
        "Officials said nothing more."
    )
    t = text.index
    start = t("Tear")
    end = t(',"')
    q = Quote(
        id="q1",
        kind="direct",
        content=Span.of(text, [(start, end)]),
        cue=Cue.of(text, [(t("said"), t("said") + 4)], "say"),
        source=Span.of(text, [(t("Mallory"), t("Mallory") + 7)]),
        speaker="mallory",
        confidence=0.93,
    )
    return Article(
        id="evil-1",
        text=text,
        title=f"Title {XSS_SCRIPT} {XSS_IMG}",
        outlet=f"Evil{XSS_IMG}",
        date="2016-10-02",
        url=XSS_URL,
        quotes=[q],
        speakers=[Speaker(id="mallory", name=f"Mallory {XSS_SCRIPT}", quotes=1)],
    )


def corpus() -> list[Article]:
    g = gold()
    g.outlet = "RT"
    return [
        g,
        copy(g, "cnn-lavrov", "CNN", "2016-10-01"),
        copy(g, "bbc-lavrov", "BBC", "2016-10-03", reword=("commitments", "obligations")),
        hostile(),
    ]


def fill(url: str) -> None:
    store = open_store(url)
    try:
        for a in corpus():
            assert store.add(a, source=f"{a.id}.json")
    finally:
        store.close()


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    url = str(tmp_path / "web.db") if request.param == "sqlite" else str(request.getfixturevalue("pg_store_url"))
    fill(url)
    return url


@pytest.fixture
def client(store_url: str) -> Iterator[object]:
    from fastapi.testclient import TestClient

    from saywho.web import create_app

    with TestClient(create_app(store_url), raise_server_exceptions=False) as c:
        yield c


# --------------------------------------------------------------------------- browser tests

ROOT = Path(__file__).resolve().parent.parent.parent
#: where a failing browser test leaves its screenshot (CI keeps the folder)
FAILURES = ROOT / "test-artifacts"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
