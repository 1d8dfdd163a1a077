"""The web UI in a real browser: Playwright driving Debian's chromium against a real `saywho serve`
(a subprocess on a free port) over a store ingested from real articles (issue 14 item 5).

A failing test saves a screenshot in ``test-artifacts/``. ``SAYWHO_SCREENSHOTS=1`` also
rewrites the README's screenshots (``docs/screenshot-search.png``, ``docs/screenshot-article.png``).
Chromium: ``bash .ci/services.sh install`` installs it (``/usr/bin/chromium``, or set ``SAYWHO_CHROMIUM``).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import FAILURES, ROOT

pytestmark = pytest.mark.browser

EXAMPLE = ROOT / "examples" / "000_8b469b86e2e04f6a.txt"
POLNEAR = ROOT.parent / "shared" / "polnear" / "data"
REAL = [
    "nyt_2016-09-20_examining-the-u-n-s-record-on-ur.txt",
    "wash-post_2016-09-18_e-u-leaders-weigh-plans-for-grea.txt",
]
SHOTS = os.environ.get("SAYWHO_SCREENSHOTS", "").strip() not in ("", "0")


def chromium() -> str:
    path = os.environ.get("SAYWHO_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        message = "chromium is not installed (bash .ci/services.sh install, or set SAYWHO_CHROMIUM)"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cli(*args: str, **kw) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def, type-arg]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run([sys.executable, "-m", "saywho.cli", *args], env=env, check=False, **kw)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`saywho serve` on a free port over the bundled example and two PolNeAR dev articles, ingested."""
    tmp = tmp_path_factory.mktemp("browser")
    inputs = tmp / "in"
    inputs.mkdir()
    shutil.copy(EXAMPLE, inputs / EXAMPLE.name)
    meta: list[str] = []
    for name in REAL:
        if (POLNEAR / "dev" / "text" / name).exists():
            shutil.copy(POLNEAR / "dev" / "text" / name, inputs / name)
            meta = ["--meta", str(POLNEAR / "metadata.tsv")]
    db = str(tmp / "corpus.db")
    r = _cli("ingest", str(inputs), "--db", db, *meta, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr[-2000:]
    port = _free_port()
    log = (tmp / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "saywho.cli", "serve", "--db", db, "--port", str(port)],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail("saywho serve exited: " + (tmp / "serve.log").read_text()[-2000:])
                time.sleep(0.2)
        else:
            pytest.fail("saywho serve did not answer in 60 s")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    exe = chromium()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield b
        b.close()


@pytest.fixture
def page(browser, request: pytest.FixtureRequest) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1200, "height": 900}, java_script_enabled=True)
    pg = context.new_page()
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: problems.append(str(e)))
    pg.problems = problems
    yield pg
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        FAILURES.mkdir(exist_ok=True)
        shot = FAILURES / f"{request.node.name}.png"
        pg.screenshot(path=str(shot), full_page=True)
        print(f"screenshot of the failure: {shot}")
    context.close()


def test_search_then_article_highlight(server: str, page) -> None:
    page.goto(server + "/")
    page.fill("input[name=q]", "Nusra")
    page.click("form.search button")
    page.wait_for_url("**/search?q=Nusra*")
    assert page.locator("#count").inner_text().split()[0].isdigit()
    assert page.locator("mark.hl").first.inner_text().lower() == "nusra"
    if SHOTS:
        page.screenshot(path=str(ROOT / "docs" / "screenshot-search.png"))
    page.locator("a.article").first.click()
    page.wait_for_url("**/articles/**")
    mark = page.locator("article mark.q").first
    assert mark.is_visible()
    background = mark.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")  # highlighted in the speaker's colour
    assert page.locator(".legend li[data-speaker]").count() >= 2
    if SHOTS:
        clip = {"x": 0, "y": 0, "width": 1200, "height": 1500}
        page.screenshot(path=str(ROOT / "docs" / "screenshot-article.png"), full_page=True, clip=clip)
    # the legend focuses one speaker: the others' quotes lose their colour (CSS only)
    first = page.locator(".legend li[data-speaker] input[type=radio]").first
    first.check()
    cls = page.locator(".legend li[data-speaker]").first.locator(".swatch").get_attribute("class").split()[-1]
    other = page.locator(f"article mark.q:not(.{cls})").first
    assert other.evaluate("e => getComputedStyle(e).backgroundImage + getComputedStyle(e).backgroundColor") in (
        "nonergba(0, 0, 0, 0)",
    )
    assert not page.problems, page.problems  # no CSP violation, no script error


def test_speaker_page_chart(server: str, page) -> None:
    page.goto(server + "/search?q=Nusra")
    page.locator("a.speaker").first.click()
    page.wait_for_url("**/speakers/**")
    assert page.locator("h1").inner_text()
    chart = page.locator("svg.chart")
    assert chart.is_visible() and chart.locator("rect").count() >= 1
    assert page.locator(".stats dd").first.inner_text().replace(",", "").isdigit()
    assert not page.problems, page.problems


def test_utterance_page(server: str, page) -> None:
    page.goto(server + "/search?q=Nusra&kind=direct")
    page.locator("a.article").first.click()
    page.wait_for_url("**/articles/**")
    page.locator(".quotes a", has_text="lineage").first.click()
    page.wait_for_url("**/utterances/**")
    assert page.locator("table.lineage tbody tr").count() >= 1
    assert page.locator("table.lineage tr.first").count() == 1
    assert page.locator(".canon blockquote").inner_text().startswith("“")
    assert not page.problems, page.problems


def test_extract_the_bundled_example(server: str, page) -> None:
    page.goto(server + "/extract")
    page.fill("textarea[name=text]", EXAMPLE.read_text(encoding="utf-8"))
    page.click("form.extract button")
    page.wait_for_selector("article .legend", timeout=120_000)
    assert "Sergey Lavrov" in page.locator(".legend").inner_text()
    assert page.locator("article mark.q").count() > 10
    assert not page.problems, page.problems
