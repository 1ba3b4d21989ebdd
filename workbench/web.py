"""Read articles from web pages: saved HTML files and URLs.

:func:`read_html` reduces a page to its article text and metadata with trafilatura;
:func:`fetch` downloads a page with the standard library, within a time limit and a size
cap, and keeps it in an on-disk cache so a URL is fetched once; :func:`read_urls` does
both for a list of URLs and returns ``(articles, skipped)`` like every other reader.

Nothing here touches the network except :func:`fetch` (and :func:`read_urls`, which
calls it).
"""

from __future__ import annotations

import codecs
import hashlib
import http.client
import json
import logging
import os
import re
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote, urlsplit

import trafilatura

from workbench.errors import ArticleError, CorpusError, FetchError, WorkbenchError, problem
from workbench.event import RawArticle

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT",
    "DEFAULT_USER_AGENT",
    "HTML_CONTENT_TYPES",
    "MIN_WORDS",
    "FetchResult",
    "default_cache_dir",
    "fetch",
    "read_html",
    "read_html_file",
    "read_urls",
]

Errors = Literal["raise", "skip"]

#: Fewer words than this after extraction means the page holds no article (a sign-in,
#: index or consent page).
MIN_WORDS = 20

#: Seconds a fetch may take, connecting and reading together.
DEFAULT_TIMEOUT = 10.0

#: Largest page body :func:`fetch` accepts.
DEFAULT_MAX_BYTES = 5_000_000

#: Sent with every request.
DEFAULT_USER_AGENT = "Mozilla/5.0 (compatible; workbench/0.1; news comparison workbench)"

#: Content types :func:`fetch` accepts (a response without a content type is tried too).
HTML_CONTENT_TYPES = ("text/html", "application/xhtml+xml")

# Show a progress bar when fetching more URLs than this.
_PROGRESS_MIN_URLS = 3
_CHUNK_BYTES = 64 * 1024
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"
# A charset declared in the page: <meta charset="x">, <meta http-equiv="Content-Type"
# content="text/html; charset=x"> or <?xml ... encoding="x"?>, looked for near the top.
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""\A\s*<\?xml\b[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.I)
_CHARSET_SCAN_BYTES = 16_384
_XML_DECLARATION = re.compile(r"\A\s*<\?xml\b[^>]*>")
_CONTROL_CHARACTERS = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_LANGUAGE_TAG = re.compile(r"\A[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*\Z")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# --------------------------------------------------------------------------- HTML


def read_html(html: str | bytes, *, name: str, url: str | None = None) -> RawArticle:
    """Reduce one web page to its article text and metadata.

    The main text is found by trafilatura (navigation, cookie notices, related links,
    comments and footers are left out); paragraphs are separated by a blank line. The
    title, author, publication date (ISO ``YYYY-MM-DD``) and site name come from the
    page's metadata; the language from ``<html lang>``.

    Parameters
    ----------
    html : str or bytes
        The page. Bytes are decoded by their byte order mark, else the charset the page
        declares (``<meta charset>``), else as UTF-8.
    name : str
        What to call the page in messages; becomes the article's ``input``.
    url : str, optional
        Where the page lives; becomes the article's ``url`` (else the page's canonical
        URL, if it names one).

    Returns
    -------
    RawArticle
        With ``source`` from the site name; when the page names none, the URL's host or
        the file name is used and the article is marked repaired.

    Raises
    ------
    ArticleError
        If the bytes cannot be decoded, the page cannot be parsed, or fewer than
        :data:`MIN_WORDS` words of article text are found.
    """
    text = html if isinstance(html, str) else _decode(html, where=name, error=ArticleError)
    return _article_from_html(text, name=name, url=url)


def read_html_file(path: str | Path) -> RawArticle:
    """Read a saved web page (``.html`` / ``.htm``) as one article.

    Parameters
    ----------
    path : str or Path
        The file; its stem becomes the ``article_id``.

    Returns
    -------
    RawArticle
        As :func:`read_html`, with ``path`` set.

    Raises
    ------
    CorpusError
        If the file cannot be read.
    ArticleError
        If it cannot be decoded or holds no article text.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(
            problem(path, f"cannot be read ({exc.strerror or exc})", fix="check the path"),
            source=path,
        ) from exc
    article = read_html(data, name=str(path))
    article.path = str(path)
    article.article_id = path.stem
    return article


def _article_from_html(html: str, *, name: str, url: str | None) -> RawArticle:
    with _quiet_logs():
        tree = _parse(html, where=name)
        language = str(tree.get("lang") or "").strip()
        language = language if _LANGUAGE_TAG.match(language) else None
        document = _extract(tree, where=name, url=url)
    title = _clean(getattr(document, "title", None))
    paragraphs = [line.strip() for line in str(getattr(document, "text", "") or "").split("\n")]
    paragraphs = [line for line in paragraphs if line]
    if paragraphs and title and _same_words(paragraphs[0], title):
        paragraphs = paragraphs[1:]  # the headline is kept in ``title``, not in the body
    body = "\n\n".join(paragraphs)
    n_words = len(body.split())
    if n_words < MIN_WORDS:
        found = f"only {n_words} words of text were found" if n_words else "no text was found"
        raise ArticleError(
            problem(
                name,
                f"{found}, fewer than the {MIN_WORDS} an article needs "
                "(is this a sign-in, index or consent page?)",
                field="text",
                fix="use the article's own page, saved after it has fully loaded, "
                "or paste its text into a .txt file",
            ),
            source=name,
            field="text",
        )
    author = _clean(getattr(document, "author", None))
    article = RawArticle(
        input=name,
        raw_text=body,
        source=_clean(getattr(document, "sitename", None)),
        title=title,
        published=_clean(getattr(document, "date", None)),
        author=author.replace("; ", ", ") if author else None,
        url=url or _clean(getattr(document, "url", None)),
        language=language,
    )
    host = _host(article.url) or _host(getattr(document, "url", None))
    if article.source and host and article.source.lower() == host:
        article.repaired(f"no site name in the page; used the host {host!r}")
    elif not article.source and host:
        article.source = host
        article.repaired(f"no site name in the page; used the host {host!r}")
    elif not article.source:
        article.source = Path(name).stem or name
        article.repaired(f"no site name in the page; used the file name {article.source!r}")
    return article


def _extract(tree: Any, *, where: str, url: str | None) -> Any:
    try:
        return trafilatura.bare_extraction(
            tree,
            url=url,
            include_comments=False,
            include_tables=False,
            with_metadata=True,
        )
    except Exception as exc:  # trafilatura, lxml and htmldate raise many kinds on odd pages
        raise ArticleError(
            problem(
                where,
                f"the page could not be read ({type(exc).__name__}: {exc})",
                fix="save the page again from a browser, or load its text as a .txt file",
            ),
            source=where,
        ) from exc


@contextmanager
def _quiet_logs() -> Iterator[None]:
    """Silence trafilatura's log lines: what goes wrong is reported as an ArticleError."""
    logger = logging.getLogger("trafilatura")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _parse(html: str, *, where: str) -> Any:
    """The page as an lxml tree, or an ArticleError when it holds nothing to parse."""
    # lxml refuses NUL and other control characters, lone surrogates and, in a str, an
    # XML declaration naming an encoding; a browser would show the page regardless.
    html = _XML_DECLARATION.sub("", html, count=1)
    html = _CONTROL_CHARACTERS.sub(" ", _SURROGATES.sub("\ufffd", html.replace("\x00", "")))
    tree, cause = None, None
    # trafilatura refuses a fragment ("<p>...</p>" alone) until it is wrapped in a page.
    for candidate in (html, f"<html><body>{html}</body></html>"):
        try:
            tree = trafilatura.load_html(candidate)
        except Exception as exc:  # lxml raises ValueError and its own errors on odd input
            cause = exc
        if tree is not None or not html.strip():
            break
    if tree is None:
        raise ArticleError(
            problem(
                where,
                "is not an HTML page (nothing could be parsed)",
                field="text",
                fix="check that the file is the saved web page, not an empty or binary file",
            ),
            source=where,
            field="text",
        ) from cause
    return tree


def _decode(
    data: bytes, *, where: str, declared: str | None = None, error: type[CorpusError] = ArticleError
) -> str:
    """Decode a page: byte order mark, else *declared* (HTTP header), else meta, else UTF-8."""
    label, origin = "utf-8", ""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            label, origin = encoding, "its byte order mark"
            break
    else:
        head = data[:_CHARSET_SCAN_BYTES]
        found = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
        if declared:
            label, origin = declared, "the server"
        elif found:
            label, origin = found.group(1).decode("ascii"), "the page"
    try:
        codec = codecs.lookup(label).name
        unknown = False
    except LookupError:
        codec, unknown = "utf-8", True
    if origin == "the page" and codec.startswith(("utf-16", "utf-32")):
        codec = "utf-8"  # bytes that can carry this declaration are not UTF-16 (WHATWG)
    # Browsers read Latin-1 and ASCII as windows-1252; Latin-1 takes what that cannot.
    candidates = ["cp1252", "iso8859-1"] if codec in ("iso8859-1", "ascii") else [codec]
    for candidate in candidates:
        try:
            return data.decode(candidate)
        except UnicodeDecodeError as exc:
            failure = exc
    at = f"byte {failure.start} is {data[failure.start : failure.start + 1]!r}"
    if not origin:
        what = f"is not valid UTF-8 ({at}) and declares no other charset"
        fix = (
            'add <meta charset="..."> naming its encoding (e.g. windows-1252), '
            "or re-save it as UTF-8"
        )
    elif unknown:
        what = f"{origin} declares the unknown charset {label!r}, and it is not UTF-8 ({at})"
        fix = "correct the charset declaration, or re-save the page as UTF-8"
    else:
        what = f"is not valid {label} as {origin} declares ({at})"
        fix = "correct the charset declaration, or re-save the page as UTF-8"
    raise error(
        problem(where, what, field="charset", fix=fix), source=where, field="charset"
    ) from (failure)


def _clean(value: object) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def _same_words(first: str, second: str) -> bool:
    return first.casefold().split() == second.casefold().split()


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


# --------------------------------------------------------------------------- fetching


@dataclass(frozen=True)
class FetchResult:
    """A fetched page.

    Attributes
    ----------
    url : str
        The URL asked for.
    final_url : str
        Where the page was found, after redirects.
    html : str
        The decoded page.
    from_cache : bool
        Whether the page came from the on-disk cache instead of the network.
    content_type : str
        The media type the server declared (empty when it declared none).
    fetched_at : str
        When the page was downloaded, ISO 8601 in UTC.
    """

    url: str
    final_url: str
    html: str
    from_cache: bool
    content_type: str
    fetched_at: str


def default_cache_dir() -> Path:
    """Where fetched pages are kept unless ``cache_dir`` is given.

    ``$WORKBENCH_CACHE_DIR/urls`` when that variable is set, else
    ``~/.cache/workbench/urls`` (``$XDG_CACHE_HOME`` replaces ``~/.cache``).
    """
    root = os.environ.get("WORKBENCH_CACHE_DIR")
    if root:
        return Path(root).expanduser() / "urls"
    cache_home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache_home) / "workbench" / "urls"


def fetch(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    cache_dir: str | Path | None = None,
    refresh: bool = False,
    user_agent: str = DEFAULT_USER_AGENT,
) -> FetchResult:
    """Download one web page, or take it from the cache.

    Parameters
    ----------
    url : str
        An ``http`` or ``https`` URL.
    timeout : float, default 10.0
        Seconds to wait for the connection, for each read, and for the whole download.
    max_bytes : int, default 5_000_000
        Refuse a page whose body is larger.
    cache_dir : str or Path, optional
        Where pages are kept (default :func:`default_cache_dir`). A URL found there is
        not fetched again. Each page is stored as ``<sha256 of the URL>.html`` with a
        ``.json`` beside it holding the final URL, content type and time of fetching.
    refresh : bool, default False
        Fetch again even if the URL is in the cache (and update the cache).
    user_agent : str
        The ``User-Agent`` header sent.

    Returns
    -------
    FetchResult

    Raises
    ------
    FetchError
        If the URL is not http(s), the host cannot be reached, the server answers with
        an error, the page takes longer than *timeout*, is larger than *max_bytes*, is
        not HTML, or cannot be decoded. The message names the URL and what to do.
    """
    url = _check_url(url)
    directory = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    key = hashlib.sha256(url.encode("utf-8")).hexdigest()
    if not refresh:
        cached = _read_cache(directory, key, url)
        if cached is not None:
            return cached
    body, meta = _download(url, timeout=timeout, max_bytes=max_bytes, user_agent=user_agent)
    charset = meta.pop("charset")
    html = _decode(body, where=url, declared=charset, error=FetchError)
    result = FetchResult(url=url, html=html, from_cache=False, **meta)
    _write_cache(directory, key, body, result, charset=charset)
    return result


def read_urls(
    urls: Iterable[str],
    *,
    errors: Errors = "raise",
    cache_dir: str | Path | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    refresh: bool = False,
    progress: bool = True,
) -> tuple[list[RawArticle], list[tuple[str, str]]]:
    """Fetch web pages and read each as one article.

    Parameters
    ----------
    urls : iterable of str
        The pages, one article each.
    errors : {"raise", "skip"}, default "raise"
        What to do with a URL that cannot be fetched or holds no article.
    cache_dir, timeout, max_bytes, refresh
        As in :func:`fetch`.
    progress : bool, default True
        Show a progress bar when there are more than a few URLs.

    Returns
    -------
    articles : list of RawArticle
        One per good URL, ``input`` the URL as given and ``url`` where the page was
        found (after redirects).
    skipped : list of (str, str)
        ``(url, reason)`` for each URL left out (always empty with ``errors="raise"``).

    Raises
    ------
    FetchError, ArticleError
        With ``errors="raise"``, for the first URL that fails.
    """
    if errors not in ("raise", "skip"):
        raise ValueError(f"errors must be 'raise' or 'skip', not {errors!r}")
    urls = [urls] if isinstance(urls, str) else list(urls)
    articles: list[RawArticle] = []
    skipped: list[tuple[str, str]] = []
    bar = None
    if progress and len(urls) > _PROGRESS_MIN_URLS:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(urls), desc="Fetching", unit="page")
    try:
        for url in urls:
            try:
                result = fetch(
                    url,
                    timeout=timeout,
                    max_bytes=max_bytes,
                    cache_dir=cache_dir,
                    refresh=refresh,
                )
                articles.append(read_html(result.html, name=str(url), url=result.final_url))
            except WorkbenchError as exc:
                if errors == "raise":
                    raise
                skipped.append((str(url), str(exc)))
            finally:
                if bar is not None:
                    bar.update()
    finally:
        if bar is not None:
            bar.close()
    return articles, skipped


def _check_url(url: object) -> str:
    text = str(url).strip()
    try:
        parts = urlsplit(text)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise FetchError(
            problem(text, f"is not a valid URL ({exc})", fix="check the URL"), source=text
        ) from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(
            problem(
                text,
                f"only http and https URLs can be fetched, not {parts.scheme or 'no scheme'!r}",
                fix="give the full address starting with https://, "
                "or load a local file by its path instead",
            ),
            source=text,
        )
    if not host:
        raise FetchError(
            problem(
                text,
                "the URL names no host",
                fix="give the full address, e.g. https://example.org/a",
            ),
            source=text,
        )
    return text


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects, but only to http and https URLs."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        scheme = urlsplit(newurl).scheme.lower()
        if scheme not in ("http", "https"):
            fp.close()
            raise FetchError(
                problem(
                    req.full_url,
                    f"redirects to a {scheme or 'relative'} URL ({newurl}), which is not fetched",
                    fix="open the URL in a browser and give the address of the article page",
                ),
                source=req.full_url,
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _download(
    url: str, *, timeout: float, max_bytes: int, user_agent: str
) -> tuple[bytes, dict[str, Any]]:
    started = time.monotonic()
    request = urllib.request.Request(
        # Percent-encode what http.client cannot send (non-ASCII, spaces); keep the rest.
        quote(url, safe=_URL_SAFE),
        headers={
            "User-Agent": user_agent,
            "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
        },
    )
    opener = urllib.request.build_opener(_HttpOnlyRedirects)
    try:
        response = opener.open(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        exc.close()
        raise FetchError(
            problem(
                url, f"the server answered HTTP {exc.code} {exc.reason}", fix=_http_fix(exc.code)
            ),
            source=url,
        ) from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise _timeout_error(url, timeout) from exc
        raise FetchError(
            problem(
                url,
                f"cannot connect ({exc.reason})",
                fix="check the address and your network connection",
            ),
            source=url,
        ) from exc
    except TimeoutError as exc:
        raise _timeout_error(url, timeout) from exc
    except (http.client.HTTPException, OSError, ValueError) as exc:
        raise FetchError(
            problem(
                url, f"the request failed ({type(exc).__name__}: {exc})", fix="try again later"
            ),
            source=url,
        ) from exc
    with response:
        final_url = response.geturl()
        declared_type = response.headers.get("Content-Type")
        content_type = response.headers.get_content_type() if declared_type else ""
        if content_type and content_type not in HTML_CONTENT_TYPES:
            raise FetchError(
                problem(
                    url,
                    f"the response is {content_type}, not an HTML page",
                    field="content-type",
                    fix="give the address of the article's web page (not a PDF, image or feed), "
                    "or save the text and load it as a file",
                ),
                source=url,
                field="content-type",
            )
        length = response.headers.get("Content-Length", "").strip()
        if length.isdigit() and int(length) > max_bytes:
            raise _size_error(url, max_bytes, f"{int(length):,} bytes by its Content-Length")
        body = _read_body(response, url, started=started, timeout=timeout, max_bytes=max_bytes)
        body = _decompress(body, response.headers.get("Content-Encoding"), url, max_bytes)
        charset = response.headers.get_content_charset()
    fetched_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    meta = {
        "final_url": final_url,
        "content_type": content_type,
        "fetched_at": fetched_at,
        "charset": charset,
    }
    return body, meta


def _read_body(
    response: http.client.HTTPResponse, url: str, *, started: float, timeout: float, max_bytes: int
) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while True:
        if time.monotonic() - started > timeout:
            raise _timeout_error(url, timeout)
        try:
            chunk = response.read1(_CHUNK_BYTES)
        except TimeoutError as exc:
            raise _timeout_error(url, timeout) from exc
        except (http.client.HTTPException, OSError) as exc:
            raise FetchError(
                problem(
                    url,
                    f"the connection broke while reading the page ({type(exc).__name__})",
                    fix="try again later",
                ),
                source=url,
            ) from exc
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > max_bytes:
            raise _size_error(url, max_bytes, "more than that while reading")
        chunks.append(chunk)


def _decompress(body: bytes, encoding: str | None, url: str, max_bytes: int) -> bytes:
    encoding = (encoding or "identity").strip().lower()
    if encoding in ("identity", ""):
        return body
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(
            problem(
                url,
                f"the server sent the page compressed as {encoding!r}, which cannot be read",
                fix="save the page from a browser and load the .html file",
            ),
            source=url,
        )
    wbits = 16 + zlib.MAX_WBITS if "gzip" in encoding else zlib.MAX_WBITS
    try:
        decompressor = zlib.decompressobj(wbits)
        data = decompressor.decompress(body, max_bytes + 1)
    except zlib.error as exc:
        raise FetchError(
            problem(url, f"the {encoding} body is corrupt ({exc})", fix="try again later"),
            source=url,
        ) from exc
    if len(data) > max_bytes:
        raise _size_error(url, max_bytes, "more than that once uncompressed")
    return data


def _timeout_error(url: str, timeout: float) -> FetchError:
    return FetchError(
        problem(
            url,
            f"no complete answer within {timeout:g} seconds",
            fix="try again later, or pass timeout=<seconds> to wait longer",
        ),
        source=url,
    )


def _size_error(url: str, max_bytes: int, found: str) -> FetchError:
    return FetchError(
        problem(
            url,
            f"the page is larger than {max_bytes:,} bytes ({found})",
            fix=f"pass max_bytes=<a number above {max_bytes}> to raise the cap",
        ),
        source=url,
    )


def _http_fix(status: int) -> str:
    if status in (401, 403):
        return (
            "the page needs a login or refuses automated readers: "
            "save it from a browser and load the .html file"
        )
    if status in (404, 410):
        return "check the URL; the page may have moved or been removed"
    if status == 429:
        return "the server is limiting requests: wait a while, then try again"
    if status >= 500:
        return "the server failed: try again later"
    return "check the URL in a browser"


# --------------------------------------------------------------------------- cache


def _read_cache(directory: Path, key: str, url: str) -> FetchResult | None:
    """The cached page, or None when it is missing, incomplete or for another URL."""
    try:
        meta = json.loads((directory / f"{key}.json").read_text(encoding="utf-8"))
        body = (directory / f"{key}.html").read_bytes()
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("url") != url:
        return None
    try:
        html = _decode(body, where=url, declared=meta.get("charset"), error=FetchError)
        return FetchResult(
            url=url,
            final_url=str(meta["final_url"]),
            html=html,
            from_cache=True,
            content_type=str(meta.get("content_type") or ""),
            fetched_at=str(meta.get("fetched_at") or ""),
        )
    except (FetchError, KeyError):
        return None


def _write_cache(
    directory: Path, key: str, body: bytes, result: FetchResult, *, charset: str | None
) -> None:
    """Store the page; a cache that cannot be written only means the page is fetched again."""
    meta = {
        "url": result.url,
        "final_url": result.final_url,
        "content_type": result.content_type,
        "charset": charset,
        "fetched_at": result.fetched_at,
    }
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for name, data in ((f"{key}.html", body), (f"{key}.json", json.dumps(meta).encode())):
            partial = directory / f"{name}.{os.getpid()}.tmp"
            partial.write_bytes(data)
            os.replace(partial, directory / name)
    except OSError:
        return
