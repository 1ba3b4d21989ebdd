"""Reading web pages: HTML files, and URLs served by a local test server (never the internet)."""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.errors import ArticleError, CorpusError, FetchError, WorkbenchError
from workbench.web import default_cache_dir, fetch, read_html, read_html_file, read_urls

FIXTURES = Path(__file__).parent / "fixtures" / "html"
NEWS = FIXTURES / "news_article.html"
PARAGRAPH_STARTS = [
    "The Eastmere swing bridge opened to cars and cyclists on Thursday morning",
    "Council engineers said the repaired deck had passed its final load test",
    "Shopkeepers on Quay Street welcomed the news.",
    "The repairs cost 2.4 million pounds",
    "Opposition councillors have asked for an independent review",
    "Ferry services that ran a temporary crossing",
]
PAGE_FURNITURE = [
    "cookies",
    "Accept all",
    "Subscribe today",
    "Related stories",
    "Temporary ferry timetable",
    "Copyright 2024",
    "Privacy policy",
    "Contact the newsroom",
]


# --------------------------------------------------------------------------- HTML files


def test_news_page_keeps_the_body_and_drops_the_page_furniture():
    article = read_html_file(NEWS)

    paragraphs = article.raw_text.split("\n\n")
    assert len(paragraphs) == len(PARAGRAPH_STARTS)
    for paragraph, start in zip(paragraphs, PARAGRAPH_STARTS, strict=True):
        assert paragraph.startswith(start)
    for furniture in PAGE_FURNITURE:
        assert furniture not in article.raw_text
    assert "By Mara Lindqvist" not in article.raw_text


def test_news_page_metadata():
    article = read_html_file(NEWS)

    assert article.title == "Eastmere bridge reopens after four months of storm repairs"
    assert article.author == "Mara Lindqvist"
    assert article.published == "2024-03-14"
    assert article.source == "The Harbour Ledger"
    assert article.url == "https://ledger.example.org/local/eastmere-bridge-reopens"
    assert article.language == "en"
    assert (article.input, article.path, article.article_id) == (
        str(NEWS),
        str(NEWS),
        "news_article",
    )
    assert (article.status, article.reason, article.markdown) == ("loaded", "", False)


def test_url_given_to_read_html_wins_over_the_canonical_link():
    article = read_html(NEWS.read_text(encoding="utf-8"), name="page", url="https://a.example/x")
    assert article.url == "https://a.example/x"
    assert article.input == "page"


def test_windows_1252_page_is_decoded_by_its_meta_charset():
    article = read_html_file(FIXTURES / "windows_1252.html")

    assert "le café du port de Valmer a rouvert mercredi matin" in article.raw_text
    assert "La rénovation a coûté 180 000 €" in article.raw_text
    assert "la subvention “trop généreuse”" in article.raw_text
    assert article.author == "Hélène Marchetti"
    assert article.title == "Le café du port rouvre ses portes"
    assert article.published == "2023-11-02"
    assert article.language == "fr"
    assert "Abonnement" not in article.raw_text and "Mentions légales" not in article.raw_text
    assert not article.raw_text.startswith(article.title)  # the headline is not body text


def test_undeclared_non_utf8_page_names_the_file_byte_and_fix(tmp_path):
    data = (FIXTURES / "windows_1252.html").read_bytes()
    path = tmp_path / "undeclared.html"
    path.write_bytes(data.replace(b"; charset=windows-1252", b""))
    offset = data.index("é".encode("cp1252")) - len("; charset=windows-1252")

    with pytest.raises(ArticleError) as caught:
        read_html_file(path)

    message = str(caught.value)
    assert message.startswith(f"{path}: field 'charset': is not valid UTF-8 (byte {offset} is")
    assert "declares no other charset" in message and "<meta charset" in message


def test_page_whose_bytes_contradict_its_charset_is_reported(tmp_path):
    data = (FIXTURES / "windows_1252.html").read_bytes()
    path = tmp_path / "wrong.html"
    path.write_bytes(data.replace(b"charset=windows-1252", b"charset=utf-8"))
    with pytest.raises(ArticleError, match=r"is not valid utf-8 as the page declares"):
        read_html_file(path)


def test_page_without_article_text_is_an_article_error():
    path = FIXTURES / "no_article.html"
    with pytest.raises(ArticleError) as caught:
        read_html_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: field 'text': only 7 words of text were found")
    assert "Fix:" in message


def test_missing_site_name_falls_back_to_file_name_or_host():
    path = FIXTURES / "bare_page.html"

    article = read_html_file(path)
    assert article.source == "bare_page"
    assert article.status == "repaired"
    assert "file name 'bare_page'" in article.reason
    assert article.raw_text.startswith("Volunteers counted 412 wading birds")
    assert (article.title, article.author, article.published) == (None, None, None)

    hosted = read_html(path.read_bytes(), name="p", url="https://www.wildlife.example/survey")
    assert hosted.source == "wildlife.example"
    assert "host 'wildlife.example'" in hosted.reason


def test_fragment_with_control_characters_still_reads():
    fragment = "<p>" + "Ferry\x00 crews counted\x0b passengers on the new timetable. " * 4 + "</p>"
    article = read_html(fragment, name="fragment.html")
    assert article.raw_text.startswith("Ferry crews counted passengers on the new timetable.")


def test_missing_html_file_is_a_corpus_error(tmp_path):
    with pytest.raises(CorpusError, match=r"gone\.html: cannot be read"):
        read_html_file(tmp_path / "gone.html")


# --------------------------------------------------------------------------- local server

GOOD_PAGE = NEWS.read_bytes()
BIG_BODY = b"<html><body><p>" + b"x" * 50_000 + b"</p></body></html>"


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self):
        path = self.path.split("?")[0]
        self.server.hits[path] += 1
        self.server.agents.append(self.headers.get("User-Agent"))
        try:
            self._answer(path)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout, size cap): expected in these tests

    def _answer(self, path):
        if path in ("/good", "/caf%C3%A9"):
            self._send(GOOD_PAGE, "text/html; charset=utf-8")
        elif path == "/slow":
            self.server.stop.wait(2.0)  # longer than the client's timeout, bounded for shutdown
            self._send(GOOD_PAGE, "text/html")
        elif path == "/big":
            self._send(BIG_BODY, "text/html")
        elif path == "/big-unannounced":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()  # no Content-Length: the body ends when the connection closes
            for start in range(0, len(BIG_BODY), 4096):
                self.wfile.write(BIG_BODY[start : start + 4096])
        elif path == "/report.pdf":
            self._send(b"%PDF-1.4 not really", "application/pdf")
        elif path == "/photo.png":
            self._send(b"\x89PNG\r\n\x1a\n", "image/png")
        elif path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/good")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/to-ftp":
            self.send_response(301)
            self.send_header("Location", "ftp://127.0.0.1/file")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/latin":
            self._send((FIXTURES / "windows_1252.html").read_bytes(), "text/html")
        elif path == "/gzipped":
            self._send(gzip.compress(GOOD_PAGE), "text/html", extra={"Content-Encoding": "gzip"})
        elif path == "/sign-in":
            self._send((FIXTURES / "no_article.html").read_bytes(), "text/html")
        else:
            self.send_error(404, "Not Found")

    def _send(self, body, content_type, extra=None):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # keep test output quiet
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hits: Counter[str] = Counter()
        self.agents: list[str | None] = []
        self.stop = threading.Event()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch):
    for name in ("http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.fixture
def server():
    server = _Server()
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield server
    server.stop.set()
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def cache(tmp_path):
    return tmp_path / "cache"


def test_fetch_returns_the_page_and_where_it_was_found(server, cache):
    result = fetch(server.url("/good"), cache_dir=cache, user_agent="test-agent/1")

    assert server.agents == ["test-agent/1"]
    assert result.html == GOOD_PAGE.decode("utf-8")
    assert result.url == result.final_url == server.url("/good")
    assert result.from_cache is False
    assert result.content_type == "text/html"
    assert result.fetched_at.endswith("+00:00")


def test_second_fetch_comes_from_the_cache_and_refresh_fetches_again(server, cache):
    url = server.url("/good")
    fetch(url, cache_dir=cache)
    again = fetch(url, cache_dir=cache)

    assert again.from_cache is True
    assert again.html == GOOD_PAGE.decode("utf-8")
    assert server.hits["/good"] == 1

    refreshed = fetch(url, cache_dir=cache, refresh=True)
    assert refreshed.from_cache is False
    assert server.hits["/good"] == 2
    stored = sorted(path.suffix for path in cache.iterdir())
    assert stored == [".html", ".json"]
    meta = json.loads(next(cache.glob("*.json")).read_text(encoding="utf-8"))
    assert meta["url"] == url and meta["final_url"] == url


def test_unreadable_cache_entry_is_fetched_again(server, cache):
    url = server.url("/good")
    fetch(url, cache_dir=cache)
    next(cache.glob("*.json")).write_text("{not json", encoding="utf-8")

    result = fetch(url, cache_dir=cache)

    assert result.from_cache is False
    assert server.hits["/good"] == 2
    assert fetch(url, cache_dir=cache).from_cache is True


def test_url_with_non_ascii_path_is_percent_encoded(server, cache):
    result = fetch(server.url("/café"), cache_dir=cache)
    assert result.html == GOOD_PAGE.decode("utf-8")
    assert server.hits["/caf%C3%A9"] == 1


def test_redirect_is_followed_and_final_url_kept(server, cache):
    result = fetch(server.url("/redirect"), cache_dir=cache)
    assert result.final_url == server.url("/good")
    assert result.html == GOOD_PAGE.decode("utf-8")


def test_slow_server_times_out_naming_the_url(server, cache):
    url = server.url("/slow")
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetch(url, cache_dir=cache, timeout=0.5)
    assert time.monotonic() - started < 1.5
    message = str(caught.value)
    assert message.startswith(f"{url}: no complete answer within 0.5 seconds")
    assert "timeout=" in message


@pytest.mark.parametrize(
    ("path", "found"),
    [("/big", "50,"), ("/big-unannounced", "while reading")],
    ids=["content-length", "counted"],
)
def test_oversized_page_is_refused(server, cache, path, found):
    url = server.url(path)
    with pytest.raises(FetchError) as caught:
        fetch(url, cache_dir=cache, max_bytes=10_000)
    message = str(caught.value)
    assert message.startswith(f"{url}: the page is larger than 10,000 bytes")
    assert found in message
    assert "max_bytes=" in message
    assert not cache.exists() or not any(cache.iterdir())


def test_size_cap_counts_the_uncompressed_page(server, cache):
    cap = (len(gzip.compress(GOOD_PAGE)) + len(GOOD_PAGE)) // 2  # above the compressed size
    with pytest.raises(FetchError, match="once uncompressed"):
        fetch(server.url("/gzipped"), cache_dir=cache, max_bytes=cap)


def test_gzipped_page_is_decompressed(server, cache):
    assert fetch(server.url("/gzipped"), cache_dir=cache).html == GOOD_PAGE.decode("utf-8")


@pytest.mark.parametrize("path", ["/report.pdf", "/photo.png"])
def test_response_that_is_not_html_is_refused_naming_its_type(server, cache, path):
    url = server.url(path)
    with pytest.raises(FetchError) as caught:
        fetch(url, cache_dir=cache)
    expected = "application/pdf" if path.endswith(".pdf") else "image/png"
    assert str(caught.value).startswith(
        f"{url}: field 'content-type': the response is {expected}, not an HTML page"
    )


def test_http_error_names_url_and_status_and_is_not_cached(server, cache):
    url = server.url("/nowhere")
    for _ in range(2):
        with pytest.raises(FetchError) as caught:
            fetch(url, cache_dir=cache)
        assert str(caught.value).startswith(f"{url}: the server answered HTTP 404 Not Found")
    assert server.hits["/nowhere"] == 2


def test_unreachable_port_is_a_fetch_error(cache):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/page"
    with pytest.raises(FetchError, match=rf"^{url}: cannot connect"):
        fetch(url, cache_dir=cache, timeout=2)


@pytest.mark.parametrize(
    "url", ["ftp://127.0.0.1/file", "file:///etc/hostname", "127.0.0.1/page", "http:///no-host"]
)
def test_only_http_urls_with_a_host_are_fetched(cache, url):
    with pytest.raises(FetchError) as caught:
        fetch(url, cache_dir=cache)
    assert str(caught.value).startswith(url)
    assert "Fix:" in str(caught.value)


def test_redirect_to_another_scheme_is_refused(server, cache):
    with pytest.raises(FetchError, match="redirects to a ftp URL"):
        fetch(server.url("/to-ftp"), cache_dir=cache)


def test_latin_page_without_header_charset_uses_its_meta(server, cache):
    assert "180 000 €" in fetch(server.url("/latin"), cache_dir=cache).html


def test_default_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("WORKBENCH_CACHE_DIR", str(tmp_path / "wb"))
    assert default_cache_dir() == tmp_path / "wb" / "urls"
    monkeypatch.delenv("WORKBENCH_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "workbench" / "urls"


def test_read_urls_reads_articles_with_their_final_urls(server, cache):
    urls = [server.url("/good"), server.url("/redirect"), server.url("/latin")]
    articles, skipped = read_urls(urls, cache_dir=cache)

    assert skipped == []
    assert [a.input for a in articles] == urls
    assert [a.url for a in articles] == [server.url("/good"), server.url("/good"), urls[2]]
    assert articles[0].raw_text.startswith(PARAGRAPH_STARTS[0])
    assert articles[0].source == "The Harbour Ledger"
    assert articles[2].source == "Gazette de Valmer"


def test_read_urls_skip_mode_accounts_for_every_url(server, cache):
    urls = [server.url(path) for path in ("/good", "/nowhere", "/report.pdf", "/sign-in", "/big")]

    articles, skipped = read_urls(urls, cache_dir=cache, max_bytes=10_000, errors="skip")

    assert [a.input for a in articles] == [urls[0]]
    assert [url for url, _ in skipped] == urls[1:]
    reasons = [reason for _, reason in skipped]
    assert "HTTP 404" in reasons[0]
    assert "application/pdf" in reasons[1]
    assert "words of text" in reasons[2]
    assert "larger than 10,000 bytes" in reasons[3]
    assert len(articles) + len(skipped) == len(urls)


def test_read_urls_raise_mode_stops_at_the_first_bad_url(server, cache):
    urls = [server.url("/good"), server.url("/sign-in"), server.url("/nowhere")]
    with pytest.raises(ArticleError, match=r"/sign-in: field 'text'"):
        read_urls(urls, cache_dir=cache)
    assert server.hits["/nowhere"] == 0


# --------------------------------------------------------------------------- fuzzing

TAGS = [
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<html>",
    "<body>",
    "<nav>",
    "<article>",
    "<meta charset='",
    "<?xml",
]
html_texts = st.lists(
    st.sampled_from(TAGS) | st.text(max_size=40), max_size=30
).map("".join)  # fmt: skip
VALID_PAGES = [path.read_bytes() for path in sorted(FIXTURES.glob("*.html"))]
html_bytes = st.one_of(
    st.binary(max_size=400),
    html_texts.map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.tuples(st.sampled_from(VALID_PAGES), st.floats(0, 1)).map(
        lambda page_cut: page_cut[0][: int(len(page_cut[0]) * page_cut[1])]
    ),
)


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz-html")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=html_bytes)
def test_any_html_file_gives_an_article_or_a_workbench_error(fuzz_dir, data):
    path = fuzz_dir / "page.html"
    path.write_bytes(data)
    try:
        article = read_html_file(path)
    except WorkbenchError:
        return
    assert len(article.raw_text.split()) >= 20
    assert article.source
