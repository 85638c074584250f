"""Real-browser tests: JupyterLab runs explore.ipynb, Voila serves the classroom lesson.

Headless Debian chromium, driven by Playwright through ``executable_path`` (never
``playwright install``). Each server listens on 127.0.0.1 on a free port, works on copies of
the notebooks in a temporary folder, and is stopped by its PID. The charts are the live
openviz LiveChart widgets with the offline Vega bundle (``OPENVIZ_RENDER`` is unset for the
servers); Vega's SVG renderer labels every mark with its data (``aria-label``), which is
how the tests read a cell of the rendered chart. Screenshots go to ``test-artifacts/``,
among them the first viewport after a toggle at 1366x768 and at 1920x1080.

The servers are started with the commands ``dev.py lab`` and ``dev.py classroom`` run (their
options and project-local Jupyter settings), so that what is tested is what users get.
"""

from __future__ import annotations

import importlib.util
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

from openviz.catalog import load_catalog
from openviz.i18n import label

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERVER_START = 60  # seconds; a cold start on a slow machine takes ~10
CHART_WAIT = 90_000  # ms: kernel start, imports and the first chart
#: The screens a toggle is checked on: a common laptop and a desktop monitor.
SCREENS = [(1366, 768), (1920, 1080)]


def _dev():
    """``dev.py`` as a module: its server commands and environment."""
    spec = importlib.util.spec_from_file_location("openviz_dev", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- servers ---------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_env(workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "OPENVIZ_RENDER"}  # live widgets
    env = _dev().jupyter_env(env)  # the project's settings: no news pop-up, no CDN
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    # Fresh, empty user settings: the pop-up must stay away by the project's config alone.
    env["JUPYTERLAB_SETTINGS_DIR"] = str(workdir / ".lab-settings")
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(workdir / ".lab-workspaces")
    return env


def _wait_for_port(port: int, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"server exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        with socket.socket() as s:
            s.settimeout(0.5)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    pytest.fail(f"server did not open port {port} in {SERVER_START} s:\n{log.read_text()[-3000:]}")


@contextmanager
def _server(cmd: list[str], workdir: Path, port: int) -> Iterator[subprocess.Popen]:
    log = workdir / "server.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            cmd, cwd=workdir, env=_server_env(workdir), stdout=out, stderr=subprocess.STDOUT
        )
        try:
            _wait_for_port(port, proc, log)
            yield proc
        finally:
            proc.terminate()  # by PID: only the process this test started
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)


@pytest.fixture
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (python3 dev.py test does)")
    from playwright.sync_api import sync_playwright

    expect.set_options(timeout=20_000)
    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@contextmanager
def _page(browser, errors: list[str], name: str, height: int = 1400, width: int = 1920):
    """A page that records script errors, and leaves ``NAME-failure.png`` if the test fails.

    ``page.outside`` collects every request the page makes to another host than the server.
    """
    page = browser.new_page(viewport={"width": width, "height": height})
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.outside = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(("http://127.0.0.1:", "ws://127.0.0.1:", "data:", "blob:"))
            else page.outside.append(request.url)
        ),
    )
    try:
        yield page
    except BaseException:
        try:
            _shot(page, f"{name}-failure.png")
        except Exception as problem:  # the original failure matters more
            print(f"no failure screenshot: {problem}")
        raise
    finally:
        page.close()


def _shot(page, name: str, *, full_page: bool = True) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=full_page)
    return path


# The part of the chart inside the window: {visible width, height; chart width, height}.
_CHART_IN_VIEW = """(root) => {
  const chart = document.querySelector(root + ' .openviz-chart svg.marks')
    || document.querySelector(root + ' .openviz-chart svg');
  if (!chart) return null;
  const r = chart.getBoundingClientRect();
  const w = Math.min(r.right, window.innerWidth) - Math.max(r.left, 0);
  const h = Math.min(r.bottom, window.innerHeight) - Math.max(r.top, 0);
  return {width: Math.max(0, w), height: Math.max(0, h), chartWidth: r.width,
          chartHeight: r.height, top: r.top, left: r.left};
}"""


def _assert_chart_in_view(page, root: str, what: str) -> None:
    """Fail unless the chart under ``root`` shows in the window as it is now (not scrolled).

    At least 300 px of it each way (or all of it, if smaller), and its left edge, where the
    model names are: a person who just clicked a switch sees the chart change.
    """
    seen = page.evaluate(_CHART_IN_VIEW, root)
    size = page.viewport_size
    assert seen is not None, f"{what}: no chart drawn"
    where = f"{what} at {size['width']}x{size['height']}: chart {seen}"
    assert seen["height"] >= min(300, seen["chartHeight"]), f"chart out of view after {where}"
    assert seen["width"] >= min(300, seen["chartWidth"]), f"chart out of view after {where}"
    assert 0 <= seen["left"] < size["width"], f"chart's model names out of view after {where}"


def _toggle_in_view(page, root: str, switch: str, name: str, screen: tuple[int, int]) -> None:
    """At ``screen`` size, switch ``switch`` off; the chart must be in the viewport after.

    Saves ``NAME-WIDTHxHEIGHT.png``: the viewport, as the person who clicked sees it.
    """
    width, height = screen
    page.set_viewport_size({"width": width, "height": height})
    box = page.locator(f"{root} .openviz-req-{switch} input[type=checkbox]")
    drawn = "(root) => document.querySelector(root + ' .openviz-chart svg.marks')?.textContent"
    before = page.evaluate(drawn, root)
    box.click()  # Playwright scrolls it into view first, as a person would
    # The summary names the requirement in words, its id only as the hover text.
    expect(page.locator(f"{root} .openviz-changes [title='{switch}']")).to_be_visible()
    page.wait_for_function(  # the new data is drawn (the source line names every change)
        f"([root, before]) => ({drawn})(root) !== before", arg=[root, before], timeout=20_000
    )
    page.mouse.move(2, 2)  # no tooltip over the chart in the screenshot
    _assert_chart_in_view(page, root, f"switching {switch} off")
    _shot(page, f"{name}-{width}x{height}.png", full_page=False)


# -- reading the rendered chart ----------------------------------------------------------------
# Find one rect of a verdict matrix under ``root`` by its model and definition (a regex), as
# Vega labels it: "definition: OSAID 1.0; model: Mistral 7B (v0.1); Verdict: fails; ...".
_FIND_CELL = """([root, model, definition]) => {
  const scope = document.querySelector(root);
  if (!scope) return null;
  for (const el of scope.querySelectorAll('.openviz-chart svg path[aria-label]')) {
    const label = el.getAttribute('aria-label');
    const d = /definition: ([^;]*);/.exec(label), m = /model: ([^;]*);/.exec(label);
    if (d && m && m[1] === model && new RegExp(definition).test(d[1])) {
      return {label: label, fill: el.getAttribute('fill')};
    }
  }
  return null;
}"""


def _cell(page, root: str, model: str, definition: str) -> dict | None:
    """Return the aria-label and fill of one cell of a rendered verdict matrix, or None."""
    return page.evaluate(_FIND_CELL, [root, model, definition])


def _wait_cell(
    page, root, model, definition, *, not_verdict="", key="Verdict", timeout=20_000
) -> dict:
    """Wait until the cell is drawn (and, if given, no longer shows ``not_verdict``).

    ``key`` is the verdict's name in the chart's language (``结论`` in Chinese charts).
    """
    page.wait_for_function(
        f"""(args) => {{
            const cell = ({_FIND_CELL})(args.slice(0, 3));
            return cell !== null
                && !(args[3] && cell.label.includes(args[4] + ': ' + args[3] + ';'));
        }}""",
        arg=[root, model, definition, not_verdict, key],
        timeout=timeout,
    )
    return _cell(page, root, model, definition)


def _verdict(cell: dict, key: str = "Verdict") -> str:
    found = re.search(rf"{key}: ([^;]*)", cell["label"])
    return found.group(1).strip() if found else ""


# -- JupyterLab --------------------------------------------------------------------------------
def _lab_command(root: Path, port: int, token: str) -> list[str]:
    """``dev.py lab``'s command, serving ``root`` on 127.0.0.1:``port``, no browser."""
    extra = [
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",  # the copy, not the repository
        "--allow-root",
    ]
    return [str(c) for c in _dev().lab_command(extra, python=Path(sys.executable))]


def _printed_url(log: Path, port: int) -> str:
    """The URL the server printed for the user to open (waits for it)."""
    deadline = time.monotonic() + SERVER_START
    while time.monotonic() < deadline:
        found = re.search(rf"http://127\.0\.0\.1:{port}/\S+", log.read_text())
        if found:
            return found.group(0)
        time.sleep(0.2)
    pytest.fail(f"the server printed no URL:\n{log.read_text()[-3000:]}")


# Draw the picker's chosen label in the select's own font: it must fit in the select.
_PICKER_FITS = """(root) => {
  const select = document.querySelector(root + ' .openviz-definition-picker select');
  const style = getComputedStyle(select);
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = style.font;
  const room = select.clientWidth - parseFloat(style.paddingLeft)
    - parseFloat(style.paddingRight);
  const need = ctx.measureText(select.options[select.selectedIndex].text).width;
  return {room: room, need: need, text: select.options[select.selectedIndex].text};
}"""


def _lab_run_all(page, tmp_path: Path, port: int, token: str) -> None:
    """Open the URL ``dev.py lab`` printed, Run All, and wait until every cell has run."""
    # The URL dev.py lab prints opens the notebook itself, not the Launcher.
    url = _printed_url(tmp_path / "server.log", port)
    assert "/lab/tree/notebooks/explore.ipynb?token=" in url, url
    # A token given on the command line is printed as "...", a generated one in full.
    page.goto(url.replace("token=...", f"token={token}"))
    # The toolbar says "idle" before a kernel is attached, and Run All with no kernel yet
    # clears the cells instead of running them: wait for the kernel itself to be idle.
    page.wait_for_function(
        "() => /\\(ipykernel\\) \\| Idle/"
        ".test(document.querySelector('.jp-StatusBar-Widget')?.innerText || '')",
        timeout=60_000,
    )
    assert page.locator(".jp-Launcher").count() == 0
    # The project's settings turned the news plugin off, for this server only.
    disabled = page.evaluate(
        "() => JSON.parse(document.getElementById('jupyter-config-data').textContent)"
        ".disabledExtensions"
    )
    assert "@jupyterlab/apputils-extension:announcements" in disabled, disabled
    page.locator(".jp-NotebookPanel .jp-Cell").first.click()  # the notebook is current
    page.click(".lm-MenuBar-itemLabel:text-is('Run')")
    page.click(".lm-Menu-item:not(.lm-mod-disabled) .lm-Menu-itemLabel:text-is('Run All Cells')")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.jp-InputPrompt')]"
        ".some(e => /\\[(\\*|\\d+)\\]/.test(e.textContent))",
        timeout=10_000,
    )
    # Every cell has run.
    page.wait_for_function(
        "() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]"
        ".every(e => /\\[\\d+\\]/.test(e.textContent))",
        timeout=CHART_WAIT,
    )


def test_explore_notebook_in_jupyterlab_toggles_a_requirement(browser, tmp_path):
    started = time.monotonic()
    (tmp_path / "notebooks").mkdir()
    # Lab autosaves: never the original.
    shutil.copy(NOTEBOOKS / "explore.ipynb", tmp_path / "notebooks")
    port, token = _free_port(), secrets.token_hex(16)
    cmd = _lab_command(tmp_path, port, token)
    errors: list[str] = []
    with (
        _server(cmd, tmp_path, port),
        _page(browser, errors, "explore-jupyterlab", *reversed(SCREENS[0])) as page,
    ):
        _lab_run_all(page, tmp_path, port, token)
        assert page.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
        root = ".openviz-explorer"
        mistral, osaid = "Mistral 7B (v0.1)", r"^OSAID 1\.0( \*)?$"
        before = _wait_cell(page, root, mistral, osaid)
        assert _verdict(before) == "fails", before
        fits = page.evaluate(_PICKER_FITS, root)
        assert fits["need"] <= fits["room"], f"the definition picker cuts its label: {fits}"

        # Switch "training code" off at 1366x768: Mistral 7B's OSAID 1.0 cell changes in
        # place, in view. The drawn chart stays (no flash, no new layout): its data and
        # source line are swapped.
        page.evaluate(
            f"() => {{ document.querySelector('{root} .openviz-chart svg.marks')"
            ".dataset.probe = 'drawn before the toggle'; }"
        )
        _toggle_in_view(page, root, "training-code", "explore-jupyterlab", SCREENS[0])
        after = _wait_cell(page, root, mistral, osaid, not_verdict="fails")
        assert _verdict(after) == "cannot tell", after
        assert after["fill"] != before["fill"]
        assert "training-code" not in page.inner_text(f"{root} .openviz-changes")
        expect(page.locator(f"{root} .openviz-changes [title='training-code']")).to_be_visible()
        chart_svg = page.locator(f"{root} .openviz-chart svg.marks")
        assert chart_svg.get_attribute("data-probe") == "drawn before the toggle"
        expect(chart_svg).to_contain_text("training-code off")  # the source line says so
        # JupyterLab asked nothing about news (the project's config turns that off).
        assert page.get_by_text("official Jupyter news").count() == 0

        # The same at 1920x1080, with another switch.
        _toggle_in_view(page, root, "data-information", "explore-jupyterlab", SCREENS[1])

        # Click OLMo 7B's cell (Llama 3 8B is shown first): its reasons replace Llama's.
        reasons = page.locator(f"{root} .openviz-reasons-panel")
        # Llama's licence caps monthly users: the reasons name the restriction in words.
        size_cap = label(load_catalog(), "restriction", "mau-cap")
        assert size_cap in reasons.inner_text()
        assert "mau-cap" not in reasons.inner_text()
        olmo = page.locator(f"{root} .openviz-chart svg path[aria-label*='model: OLMo 7B;']")
        olmo.first.scroll_into_view_if_needed()
        box = olmo.first.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        picker = page.locator(f"{root} .openviz-model-picker select")
        expect(picker).to_have_value("OLMo 7B")
        expect(reasons).not_to_contain_text(size_cap)
        page.mouse.move(5, 5)  # no tooltip over the chart in the screenshot
        page.locator(f"{root} .openviz-chart").scroll_into_view_if_needed()
        shot = _shot(page, "explore-jupyterlab.png")

        # 中文: the controls and the chart are relabelled, the toggle is kept.
        page.locator(f"{root} button", has_text="中文").click()
        expect(page.locator(f"{root} .openviz-req-training-code")).to_contain_text("训练、验证")
        expect(page.locator(f"{root} .openviz-changes")).to_contain_text("已关闭")
        expect(
            page.locator(f"{root} .openviz-chart svg path[aria-label*='不符合']").first
        ).to_be_attached()
        page.mouse.move(5, 5)
        _shot(page, "explore-jupyterlab-zh.png")
    assert not errors, errors
    assert shot.stat().st_size > 10_000
    assert time.monotonic() - started < 120


# The size text is drawn at on screen (font size times the chart's CSS scale): the smallest
# of what is read in the chart (axis labels, the cells' text, the legend) and of the rest
# (titles and the source line under the chart).
_TEXT_PX = """(root) => {
  const svg = document.querySelector(root + ' .openviz-chart svg.marks');
  if (!svg) return null;
  const scale = svg.getBoundingClientRect().width / svg.width.baseVal.value;
  const read = '.role-axis-label text, .role-mark text, .role-legend-label text';
  const measure = (texts) => {
    const shown = [...texts].filter((t) => t.textContent.trim());
    const sizes = shown.map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
    const least = Math.min(...sizes);
    return {smallest: least, count: sizes.length,
            example: shown[sizes.indexOf(least)]?.textContent.slice(0, 60)};
  };
  return {scale: scale, read: measure(svg.querySelectorAll(read)),
          all: measure(svg.querySelectorAll('text'))};
}"""


def test_explore_notebook_after_run_all_shows_the_explorer_with_readable_text(browser, tmp_path):
    """At 1366x768, Run All ends with the explorer's chart in view, its text at 11 px or more.

    Without the notebook's last cell (``back_to_chart``) the page stays at the bottom; a
    chart scaled into its column drew its labels at 6-8 px.
    """
    (tmp_path / "notebooks").mkdir()
    shutil.copy(NOTEBOOKS / "explore.ipynb", tmp_path / "notebooks")
    port, token = _free_port(), secrets.token_hex(16)
    errors: list[str] = []
    with (
        _server(_lab_command(tmp_path, port, token), tmp_path, port),
        _page(browser, errors, "explore-run-all", *reversed(SCREENS[0])) as page,
    ):
        _lab_run_all(page, tmp_path, port, token)
        root = ".openviz-explorer"
        _wait_cell(page, root, "Mistral 7B (v0.1)", r"^OSAID 1\.0( \*)?$")
        # The last cell's output scrolls back within a few seconds, without a click.
        page.wait_for_function(
            f"(root) => {{ const s = ({_CHART_IN_VIEW})(root);"
            " return s !== null && s.height >= Math.min(300, s.chartHeight); }",
            arg=root,
            timeout=10_000,
        )
        page.mouse.move(2, 2)
        _assert_chart_in_view(page, root, "Run All")
        _shot(page, "explore-run-all-1366x768.png", full_page=False)
        text = page.evaluate(_TEXT_PX, root)
        assert text is not None and text["read"]["count"] > 50, text
        assert text["scale"] >= 0.99, f"the chart is scaled down: {text}"
        assert text["read"]["smallest"] >= 11 - 0.05, f"chart text under 11 px: {text}"
        # The source line is the theme's footnote, 10 px: drawn at that size, not smaller.
        assert text["all"]["smallest"] >= 10 - 0.05, f"chart text under 10 px: {text}"
        # The edited definition is the chart's first column: in view beside the model names.
        first = page.evaluate(
            """(root) => {
              const svg = document.querySelector(root + ' .openviz-chart svg.marks');
              const cells = [...svg.querySelectorAll('path[aria-label]')].filter((c) =>
                /definition: OSAID 1\\.0( \\*)?;/.test(c.getAttribute('aria-label')));
              const col = svg.closest('.openviz-chart-col').getBoundingClientRect();
              return cells.length > 0 && cells.every((c) => {
                const r = c.getBoundingClientRect();
                return r.left >= col.left && r.right <= col.right;
              });
            }""",
            root,
        )
        assert first, "the edited definition's column is not in view"
    assert not errors, errors


# -- Voila ---------------------------------------------------------------------------------------
def _voila_command(notebook: str, port: int) -> list[str]:
    """``dev.py classroom``'s command (culling, kernel cap, no CDN) on 127.0.0.1:``port``."""
    extra = ["--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1"]
    return [str(c) for c in _dev().classroom_command(notebook, extra, python=Path(sys.executable))]


def test_classroom_app_in_voila_steps_through_the_drafts(browser, tmp_path):
    started = time.monotonic()
    shutil.copy(NOTEBOOKS / "classroom.ipynb", tmp_path)
    port = _free_port()
    cmd = _voila_command("classroom.ipynb", port)
    errors: list[str] = []
    with (
        _server(cmd, tmp_path, port),
        _page(browser, errors, "classroom-voila", height=2000) as page,
    ):
        page.goto(f"http://127.0.0.1:{port}/", timeout=CHART_WAIT)
        # The first stepper walks the OSAID drafts (the second, the AI Act readings).
        page.wait_for_selector(
            ".openviz-draft-stepper .openviz-chart svg path[aria-label]", timeout=CHART_WAIT
        )
        page.evaluate("document.querySelector('.openviz-draft-stepper').id = 'osaid-stepper'")
        stepper = "#osaid-stepper"
        assert page.locator(".jp-CodeCell .jp-InputArea:visible").count() == 0  # code hidden
        assert page.get_by_text("load_catalog()").count() == 0
        assert _cell(page, stepper, "OLMo 7B", r"^OSAID 0\.0\.9") is None

        # Step from draft 0.0.8 to 0.0.9: a column appears, OLMo 7B qualifies in it.
        page.locator(f"{stepper} button.openviz-draft-next").click()
        cell = _wait_cell(page, stepper, "OLMo 7B", r"^OSAID 0\.0\.9")
        assert _verdict(cell) == "qualifies", cell
        summary = page.locator(f"{stepper} .openviz-draft-summary")
        expect(summary).to_contain_text("What changed from OSAID 0.0.8 to OSAID 0.0.9")
        expect(summary).to_contain_text("OLMo 7B")

        # Predict and reveal: the hidden matrix appears with the verdicts.
        poll = ".openviz-prediction"
        page.locator(f"{poll} .openviz-predict-osaid-1-0 button", has_text="fails").click()
        page.locator(f"{poll} button", has_text="Reveal").click()
        page.wait_for_selector(f"{poll} .openviz-chart svg path[aria-label]", timeout=30_000)
        expect(page.locator(poll)).to_contain_text("openviz says")
        _shot(page, "classroom-voila.png")
        for part, selector in (
            ("prediction", poll),
            ("toggle", ".openviz-explorer"),
            ("compare", ".openviz-comparison"),
            ("drafts", stepper),
        ):
            shot = ARTIFACTS / f"classroom-voila-{part}.png"
            page.locator(selector).first.screenshot(path=str(shot))
        assert not page.outside, f"the page asked other hosts: {page.outside}"
    assert not errors, errors
    assert shot.stat().st_size > 10_000
    assert time.monotonic() - started < 120


def test_chinese_classroom_in_voila_has_chinese_headings_and_a_working_toggle(browser, tmp_path):
    started = time.monotonic()
    shutil.copy(NOTEBOOKS / "classroom-zh.ipynb", tmp_path)
    port = _free_port()
    cmd = _voila_command("classroom-zh.ipynb", port)
    errors: list[str] = []
    with (
        _server(cmd, tmp_path, port),
        _page(browser, errors, "classroom-zh-voila", *reversed(SCREENS[0])) as page,
    ):
        page.goto(f"http://127.0.0.1:{port}/", timeout=CHART_WAIT)
        root = ".openviz-explorer"
        page.wait_for_selector(f"{root} .openviz-chart svg path[aria-label]", timeout=CHART_WAIT)
        assert page.locator(".jp-CodeCell .jp-InputArea:visible").count() == 0  # code hidden
        expect(page.locator("h1").first).to_contain_text("Llama 是开源的吗？")
        for heading in ("1. 预测", "3. 开关", "5. 逐步浏览 OSAID 的各版草案", "6. 讨论"):
            expect(page.locator("h2", has_text=heading)).to_have_count(1)
        assert page.get_by_text("Predict (5 minutes)").count() == 0

        # The widgets speak Chinese: the poll, the explorer's switches, the stepper.
        poll = ".openviz-prediction"
        expect(page.locator(poll)).to_contain_text("是开源的吗？先对每个定义作出预测")
        expect(page.locator(f"{poll} button", has_text="揭晓")).to_have_count(1)
        expect(page.locator(f"{root} .openviz-req-training-code")).to_contain_text("训练、验证")
        expect(page.locator(".openviz-draft-stepper button", has_text="下一版")).to_have_count(2)

        # Toggle: with data information and training code off, Mistral NeMo's OSAID 1.0
        # cell moves from "fails" to "cannot tell" (its training data is undocumented).
        nemo, osaid = "Mistral NeMo 12B (Base 2407)", r"^OSAID 1\.0( \*)?$"
        before = _wait_cell(page, root, nemo, osaid, key="结论")
        assert _verdict(before, "结论") == "不符合", before
        # One switch at 1366x768, one at 1920x1080: the chart is in view after each.
        for switch, screen in zip(("data-information", "training-code"), SCREENS, strict=True):
            _toggle_in_view(page, root, switch, "classroom-zh-voila", screen)
        after = _wait_cell(page, root, nemo, osaid, not_verdict="不符合", key="结论")
        assert _verdict(after, "结论") == "无法判断", after
        expect(page.locator(f"{root} .openviz-changes")).to_contain_text("已关闭")

        # The stepper's summary is in Chinese too.
        stepper = ".openviz-draft-stepper"
        page.locator(f"{stepper} button.openviz-draft-next").first.click()
        summary = page.locator(f"{stepper} .openviz-draft-summary").first
        expect(summary).to_contain_text("从 OSAID 0.0.8 到 OSAID 0.0.9 的变化")
        page.mouse.move(5, 5)
        shot = _shot(page, "classroom-zh-voila.png")
        assert not page.outside, f"the page asked other hosts: {page.outside}"
    assert not errors, errors
    assert shot.stat().st_size > 10_000
    assert time.monotonic() - started < 120
