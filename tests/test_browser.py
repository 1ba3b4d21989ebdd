"""Real-browser tests: the HTML report, the dashboards in JupyterLab and in Voila.

Debian's Chromium (``/usr/bin/chromium``) is driven by Playwright for Python; no browser
is ever downloaded. Without Chromium or Playwright the tests skip, unless
``WORKBENCH_REQUIRE_BROWSER=1`` (set by ``.ci/run``), when they fail.

Every server listens on 127.0.0.1 on a free port behind a random token, with its own
temporary home, Jupyter config, runtime, data and workspace folders, and is stopped by
the fixture that started it. The notebooks served are copies in a temporary folder, so
autosave never writes outputs into the repository. Screenshots go to
``test-artifacts/`` (git-ignored).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from workbench.cli import write_app_notebook
from workbench.report import write_report

# A hung page fails the test instead of the whole run; each test takes well under a minute.
pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpora" / "sumy-strike-2025"
HOSTILE = ROOT / "tests" / "fixtures" / "hostile-event"
QUICKSTART = ROOT / "notebooks" / "quickstart.ipynb"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: Strings of the hostile corpus that must be shown as literal, visible text.
HOSTILE_STRINGS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    '<a href="javascript:window.__pwned=1">click</a>',
    '"<b>quoted</b>" he said',
    '</div><div onclick="window.__pwned=1">',
    "{{ template }}",
]

#: The outlets of the demo event.
DEMO_SOURCES = [
    "The American Standard",
    "Equilibrium Review",
    "Frontline Care Alliance",
    "Hanseatic Tribune",
    "Khreshchatyk Daily",
    "Northline Wire",
    "Orbita News",
]

SERVER_START_TIMEOUT = 60


def _unavailable(reason: str) -> None:
    if os.environ.get("WORKBENCH_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests are required (WORKBENCH_REQUIRE_BROWSER=1): {reason}")
    pytest.skip(reason)


# ------------------------------------------------------------------------------ browser


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Chromium with a fresh profile and home under pytest's temporary folder."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        _unavailable(f"playwright cannot be imported ({exc}); pip install -e '.[test]'")
    home = tmp_path_factory.mktemp("chromium-home")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(home / "profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_FLAGS,
            env={**os.environ, "HOME": str(home)},
            viewport={"width": 1400, "height": 900},
        )
        context.set_default_timeout(30_000)
        try:
            yield context
        finally:
            context.close()


@dataclass
class Watched:
    """A page with what it did on the side: dialogs opened, errors, requests made."""

    page: Any
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def assert_not_pwned(self) -> None:
        assert self.page.evaluate("typeof window.__pwned") == "undefined"
        assert self.dialogs == []

    def screenshot(self, name: str, *, full_page: bool = False) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path


@pytest.fixture
def watched(browser_context: Any) -> Iterator[Watched]:
    """A new tab that records dialogs (and dismisses them), page errors and requests."""
    page = browser_context.new_page()
    seen = Watched(page)

    def on_dialog(dialog: Any) -> None:
        seen.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            seen.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("request", lambda request: seen.requests.append(request.url))
    try:
        yield seen
    finally:
        page.close()


# ------------------------------------------------------------------------------ servers


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _jupyter_env(folder: Path) -> dict[str, str]:
    """An environment whose home and every Jupyter folder are inside *folder*."""
    names = {
        "HOME": "home",
        "JUPYTER_CONFIG_DIR": "config",
        "JUPYTER_RUNTIME_DIR": "runtime",
        "JUPYTER_DATA_DIR": "data",
        "IPYTHONDIR": "ipython",
        "JUPYTERLAB_WORKSPACES_DIR": "workspaces",
        "TMPDIR": "tmp",  # Voila's kernel connection files
    }
    env = dict(os.environ)
    for variable, name in names.items():
        path = folder / name
        path.mkdir(parents=True, exist_ok=True)
        env[variable] = str(path)
    labconfig = folder / "config" / "labconfig"
    labconfig.mkdir(parents=True, exist_ok=True)
    (labconfig / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}})
    )
    env.pop("JUPYTER_PATH", None)
    env.pop("JUPYTER_TOKEN", None)
    return env


@dataclass
class Server:
    """A server process started by a fixture, with its address, token and log."""

    process: subprocess.Popen[bytes]
    base: str
    token: str
    log: Path

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""


def _start(
    command: list[str], *, folder: Path, port: int, token: str, ready: Callable[[str], bool]
) -> Server:
    log = folder / "server.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command, cwd=folder, env=_jupyter_env(folder), stdout=sink, stderr=subprocess.STDOUT
        )
    server = Server(process, f"http://127.0.0.1:{port}", token, log)
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited with {process.returncode}:\n{server.log_tail()}")
        if ready(server.base):
            return server
        time.sleep(0.2)
    _stop(server)
    raise AssertionError(f"server not ready after {SERVER_START_TIMEOUT} s:\n{server.log_tail()}")


def _stop(server: Server) -> None:
    process = server.process
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _answers_status(token: str) -> Callable[[str], bool]:
    def ready(base: str) -> bool:
        try:
            with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as reply:
                return reply.status == 200
        except (urllib.error.URLError, OSError):
            return False

    return ready


def _accepts_connections(base: str) -> bool:
    host, port = base.removeprefix("http://").split(":")
    try:
        with socket.create_connection((host, int(port)), timeout=1):
            return True
    except OSError:
        return False


# ------------------------------------------------------------------------------- report


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("reports")
    return {
        "demo": write_report(DEMO, folder / "demo.html"),
        "hostile": write_report(HOSTILE, folder / "hostile.html"),
    }


REPORT_SECTIONS = [
    "Overview",
    "Side by side",
    "Word choice",
    "Stance",
    "Framing",
    "Coverage",
    "Sourcing and numbers",
    "Bias types",
    "Methods",
]


def _check_report_page(watched: Watched) -> None:
    page = watched.page
    for title in REPORT_SECTIONS:
        heading = page.locator("h2", has_text=title).first
        heading.scroll_into_view_if_needed()
        assert heading.is_visible(), title
    images = page.locator("figure img")
    assert images.count() >= 6
    decoded = page.evaluate(
        "[...document.images].every(img => img.complete && img.naturalWidth > 0)"
    )
    assert decoded, "an inline figure did not decode"
    assert page.locator("script").count() == 0
    handlers = page.evaluate(
        "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes]"
        ".filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))"
    )
    assert handlers == []
    assert page.locator("a[href^='javascript' i], b, i, iframe").count() == 0
    assert all(url.startswith(("file:", "data:")) for url in watched.requests), watched.requests
    assert watched.errors == []
    assert watched.console_errors == []  # a blocked resource would be reported here
    watched.assert_not_pwned()


def test_report_of_the_demo_event_renders_every_view(reports: dict[str, Path], watched: Watched):
    page = watched.page
    page.goto(reports["demo"].as_uri())
    _check_report_page(watched)
    for source in ("Northline Wire", "Orbita News", "Khreshchatyk Daily"):
        assert page.locator(".card h3", has_text=source).is_visible()
    watched.screenshot("report-overview")
    # A stance cell opens on its evidence, which links back to the sentence in the text.
    cell = page.locator("#stance table.grid details").first
    cell.locator("summary").click()
    evidence = cell.locator("ol.evidence li").first
    evidence.wait_for(state="visible")
    target = evidence.locator("a.jump").get_attribute("href")
    assert page.locator(f"[id='{target[1:]}']").count() == 1
    watched.screenshot("report-stance")


def test_report_of_the_hostile_corpus_shows_markup_as_text(
    reports: dict[str, Path], watched: Watched
):
    page = watched.page
    page.goto(reports["hostile"].as_uri())
    _check_report_page(watched)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    shown = page.locator("body").inner_text()
    for hostile in HOSTILE_STRINGS:
        assert hostile in shown, hostile
    assert page.locator("h1").inner_text() == (
        "Market fire <script>window.__pwned=1</script> in Oldtown"
    )
    watched.assert_not_pwned()
    watched.screenshot("report-hostile", full_page=False)


# ------------------------------------------------------------------------ dashboards

#: The tabs of :func:`workbench.dashboards.dashboard`.
DASHBOARD_TABS = [
    "Overview",
    "Reader",
    "Word choice",
    "Stance",
    "Framing",
    "Sourcing",
    "Bias lens",
    "Classroom",
]

#: The text of every visible node in *root*: text nodes (outside drop-down lists), the
#: chosen option of each drop-down, and tooltips.
VISIBLE_TEXT_JS = """root => {
    const parts = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const parent = walker.currentNode.parentElement;
        if (parent && !parent.closest("select, style") && parent.checkVisibility()) {
            parts.push(walker.currentNode.textContent);
        }
    }
    for (const select of root.querySelectorAll("select")) {
        parts.push([...select.selectedOptions].map(option => option.textContent).join(" "));
    }
    for (const element of root.querySelectorAll("[title]")) parts.push(element.title);
    return parts.join("\\n").replace(/\\u00a0/g, " ");
}"""

#: Active content that escaped markup would create inside a dashboard.
ACTIVE_CONTENT_JS = """root => [
    ...[...root.querySelectorAll("script, iframe, object, embed")].map(e => e.tagName),
    ...[...root.querySelectorAll("a[href]")]
        .filter(a => !a.getAttribute("href").startsWith("#")).map(a => "a " + a.href),
    ...[...root.querySelectorAll("*")].flatMap(e => [...e.attributes]
        .filter(a => a.name.startsWith("on")).map(a => e.tagName + " " + a.name)),
]"""


def _dashboard(page: Any) -> Any:
    """The dashboard's ``Tab`` widget on *page*."""
    return (
        page.locator(".widget-tab")
        .filter(has=page.get_by_role("tab", name="Classroom", exact=True))
        .first
    )


def _open_tab(dashboard: Any, title: str) -> None:
    tab = dashboard.get_by_role("tab", name=title, exact=True)
    tab.click()
    assert tab.get_attribute("aria-selected") == "true"


def _evidence(dashboard: Any, heading: str) -> Any:
    """The stance view's evidence panel, once it shows *heading*."""
    panel = dashboard.locator(".widget-html-content").filter(
        has=dashboard.page.locator("h4", has_text=heading)
    )
    panel.wait_for()
    return panel


def _show(watched: Watched, locator: Any, name: str) -> None:
    """Scroll *locator* to the top of its scroll container and screenshot the page."""
    locator.evaluate("element => element.scrollIntoView({block: 'start'})")
    watched.screenshot(name)


def _check_hostile_dashboard(watched: Watched, dashboard: Any) -> None:
    """Every view of the hostile corpus: markup shown as text, nothing executed."""
    shown = []
    for title in DASHBOARD_TABS:
        _open_tab(dashboard, title)
        shown.append(dashboard.evaluate(VISIBLE_TEXT_JS))
    _open_tab(dashboard, "Reader")
    dashboard.locator(".wb-column h4").first.wait_for()
    reader = dashboard.evaluate(VISIBLE_TEXT_JS)
    for hostile in HOSTILE_STRINGS:
        assert hostile in reader, hostile
    everything = "\n".join(shown)
    for source in ("<script>window.__pwned=1</script> Gazette", 'The "Quoted" & <b>Bold</b> Post'):
        assert source in everything, source
    _open_tab(dashboard, "Stance")
    cell = dashboard.locator(".widget-button[title^='<script>window.__pwned=1</script> Gazette']")
    cell.first.click()
    evidence = _evidence(dashboard, "Gazette → Mayor <i>Alder</i>")
    assert evidence.locator("table.wb-table tr").count() >= 2
    assert dashboard.evaluate(ACTIVE_CONTENT_JS) == []
    watched.assert_not_pwned()


# ------------------------------------------------------------------------- JupyterLab


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """JupyterLab serving copies of the quickstart notebook, the corpora and a notebook
    that shows the dashboard of the hostile corpus."""
    folder = tmp_path_factory.mktemp("lab")
    root = folder / "root"
    (root / "notebooks").mkdir(parents=True)
    shutil.copy(QUICKSTART, root / "notebooks" / QUICKSTART.name)
    shutil.copytree(ROOT / "corpora", root / "corpora")
    write_app_notebook(HOSTILE, root / "notebooks").rename(root / "notebooks" / "hostile.ipynb")
    port, token = _free_port(), secrets.token_urlsafe(16)
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--allow-root",
        "--LabApp.extension_manager=readonly",
    ]
    server = _start(command, folder=folder, port=port, token=token, ready=_answers_status(token))
    try:
        yield server
    finally:
        _stop(server)


def _run_all(watched: Watched, lab: Server, notebook: str) -> Any:
    """Open *notebook* in JupyterLab, run all cells, and return the dashboard."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    page = watched.page
    # A workspace of its own (reset): no tab of an earlier test is restored beside it.
    workspace = f"t{secrets.token_hex(4)}"
    page.goto(
        f"{lab.base}/lab/workspaces/{workspace}/tree/notebooks/{notebook}?reset&token={lab.token}"
    )
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=45_000)
    files = page.locator(".jp-SideBar.jp-mod-left li[data-id='filebrowser']")
    if files.get_attribute("aria-selected") == "true":
        files.click()  # fold the file browser away: more room for the dashboard
    # "Idle" can show before the kernel takes requests, and then Run All does nothing:
    # ask again until the first cell has run (the notes in shared/notes say so).
    first_prompt = page.locator(".jp-InputPrompt", has_text="[1]:").first
    for attempt in range(3):
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
        page.locator("li[data-command='runmenu:run-all']").click()
        try:
            first_prompt.wait_for(timeout=30_000)
            break
        except PlaywrightTimeoutError:
            if attempt == 2:
                raise
    dashboard = _dashboard(page)
    dashboard.get_by_role("tab", name="Overview", exact=True).wait_for(timeout=45_000)
    return dashboard


def test_quickstart_dashboard_in_jupyterlab(lab: Server, watched: Watched):
    page = watched.page
    dashboard = _run_all(watched, lab, QUICKSTART.name)
    for title in DASHBOARD_TABS:
        assert dashboard.get_by_role("tab", name=title, exact=True).is_visible()
    assert dashboard.locator(".wb-card h4", has_text="Northline Wire").is_visible()
    _show(watched, dashboard, "lab-overview")

    # The reader shows other texts when other sources are chosen.
    _open_tab(dashboard, "Reader")
    headings = dashboard.locator(".wb-column h4")
    headings.first.wait_for()
    before = dashboard.locator(".wb-column").all_inner_texts()
    assert "Orbita News" not in headings.all_inner_texts()
    dashboard.locator(".widget-select-multiple select").first.select_option(
        label=["Orbita News", "Hanseatic Tribune"]
    )
    page.wait_for_function(
        "() => [...document.querySelectorAll('.wb-column h4')].map(h => h.textContent)"
        ".sort().join('|') === 'Hanseatic Tribune|Orbita News'"
    )
    after = dashboard.locator(".wb-column").all_inner_texts()
    assert after != before
    assert any("struck a meeting of the command staff" in column for column in after)
    _show(watched, dashboard, "lab-reader")

    # A stance cell shows its evidence sentences, the mention marked.
    _open_tab(dashboard, "Stance")
    dashboard.locator(".widget-button[title^='Northline Wire → Russia:']").click()
    evidence = _evidence(dashboard, "Northline Wire → Russia (all)")
    assert evidence.locator("table.wb-table tr").count() >= 2
    assert evidence.locator("mark.wb-mark").count() >= 1
    _show(watched, dashboard, "lab-stance")

    # The classroom is blind: no outlet name anywhere, texts included.
    _open_tab(dashboard, "Classroom")
    classroom = dashboard.locator(".widget-vbox.wb-view").filter(has_text="Who wrote what?")
    classroom.wait_for()
    _show(watched, classroom, "lab-blind")
    headers = classroom.locator(".jupyter-widget-Collapse-header")
    for k in range(headers.count()):
        headers.nth(k).click()
    classroom.locator(".jupyter-widget-Collapse-contents:not(.lm-mod-hidden)").first.wait_for()
    shown = classroom.evaluate(VISIBLE_TEXT_JS)
    assert "Source A" in shown and "[outlet]" in shown
    for source in DEMO_SOURCES:
        assert source.lower() not in shown.lower(), source
    watched.assert_not_pwned()


def test_hostile_corpus_in_jupyterlab(lab: Server, watched: Watched):
    dashboard = _run_all(watched, lab, "hostile.ipynb")
    _check_hostile_dashboard(watched, dashboard)
    _show(watched, dashboard, "lab-hostile")


# ------------------------------------------------------------------------------ Voila


@pytest.fixture
def voila(tmp_path: Path) -> Iterator[Callable[[Path], Server]]:
    """Start Voila on the app notebook of an event (as ``workbench app`` does)."""
    servers: list[Server] = []

    def serve(event: Path) -> Server:
        folder = tmp_path / f"voila-{len(servers)}"
        folder.mkdir()
        notebook = write_app_notebook(event, folder)
        port, token = _free_port(), secrets.token_urlsafe(16)
        command = [
            sys.executable,
            "-m",
            "voila",
            str(notebook),
            "--no-browser",
            "--Voila.ip=127.0.0.1",
            f"--port={port}",
            f"--token={token}",
            "--show_tracebacks=True",
        ]
        server = _start(command, folder=folder, port=port, token=token, ready=_accepts_connections)
        servers.append(server)
        return server

    try:
        yield serve
    finally:
        for server in servers:
            _stop(server)


def _open_app(watched: Watched, server: Server) -> Any:
    from playwright.sync_api import expect

    watched.page.goto(f"{server.base}/?token={server.token}")
    dashboard = _dashboard(watched.page)
    dashboard.get_by_role("tab", name="Overview", exact=True).wait_for(timeout=45_000)
    # Nothing but the dashboard: no stale widget (a progress bar closed before it was
    # drawn shows "Loading widget..." and then "Error displaying widget").
    stale = watched.page.get_by_text(re.compile("Loading widget|Error displaying widget"))
    expect(stale).to_have_count(0, timeout=10_000)
    return dashboard


def test_demo_app_in_voila(voila: Callable[[Path], Server], watched: Watched):
    dashboard = _open_app(watched, voila(DEMO))
    for title in DASHBOARD_TABS:
        assert dashboard.get_by_role("tab", name=title, exact=True).is_visible()
    assert not watched.page.get_by_text("from workbench.dashboards import").is_visible()
    watched.screenshot("voila-overview")
    _open_tab(dashboard, "Stance")
    dashboard.locator(".widget-button[title^='Orbita News → Ukraine:']").click()
    evidence = _evidence(dashboard, "Orbita News → Ukraine (all)")
    assert evidence.locator("table.wb-table tr").count() >= 2
    watched.screenshot("voila-stance")
    watched.assert_not_pwned()


def test_hostile_corpus_in_voila(voila: Callable[[Path], Server], watched: Watched):
    dashboard = _open_app(watched, voila(HOSTILE))
    _check_hostile_dashboard(watched, dashboard)
    watched.screenshot("voila-hostile")
