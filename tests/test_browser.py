"""Real-browser tests: JupyterLab runs explore.ipynb, Voila serves the classroom lesson.

Headless Debian chromium, driven by Playwright through ``executable_path`` (never
``playwright install``). Each server listens on 127.0.0.1 on a free port, works on copies of
the notebooks in a temporary folder, and is stopped by its PID. The charts are the live
openviz LiveChart widgets with the offline Vega bundle (``OPENVIZ_RENDER`` is unset for the
servers); Vega's SVG renderer labels every mark with its data (``aria-label``), which is
how the tests read a cell of the rendered chart. Screenshots go to ``test-artifacts/``.
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


# -- servers ---------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_env(workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "OPENVIZ_RENDER"}  # live widgets
    settings = workdir / ".lab-settings"
    # Without this, JupyterLab asks about fetching news in a pop-up over the page.
    news = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    news.parent.mkdir(parents=True, exist_ok=True)
    news.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    env["JUPYTERLAB_SETTINGS_DIR"] = str(settings)
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
def _page(browser, errors: list[str], name: str, height: int = 1400):
    """A page that records script errors, and leaves ``NAME-failure.png`` if the test fails."""
    page = browser.new_page(viewport={"width": 1920, "height": height})
    page.on("pageerror", lambda exc: errors.append(str(exc)))
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


def _shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    return path


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
    """The command that serves JupyterLab on 127.0.0.1:``port`` over ``root``, no browser."""
    return [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ServerApp.open_browser=False",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--allow-root",
    ]


def test_explore_notebook_in_jupyterlab_toggles_a_requirement(browser, tmp_path):
    started = time.monotonic()
    shutil.copy(NOTEBOOKS / "explore.ipynb", tmp_path)  # Lab autosaves: never the original
    port, token = _free_port(), secrets.token_hex(16)
    cmd = _lab_command(tmp_path, port, token)
    errors: list[str] = []
    with _server(cmd, tmp_path, port), _page(browser, errors, "explore-jupyterlab") as page:
        page.goto(f"http://127.0.0.1:{port}/lab/tree/explore.ipynb?token={token}")
        # The toolbar says "idle" before a kernel is attached, and Run All with no kernel yet
        # clears the cells instead of running them: wait for the kernel itself to be idle.
        page.wait_for_function(
            "() => /\\(ipykernel\\) \\| Idle/"
            ".test(document.querySelector('.jp-StatusBar-Widget')?.innerText || '')",
            timeout=60_000,
        )
        page.locator(".jp-NotebookPanel .jp-Cell").first.click()  # the notebook is current
        page.click(".lm-MenuBar-itemLabel:text-is('Run')")
        page.click(
            ".lm-Menu-item:not(.lm-mod-disabled) .lm-Menu-itemLabel:text-is('Run All Cells')"
        )
        page.wait_for_function(
            "() => [...document.querySelectorAll('.jp-InputPrompt')]"
            ".some(e => /\\[(\\*|\\d+)\\]/.test(e.textContent))",
            timeout=10_000,
        )
        # Every cell has run (the last one loads a saved definition into the explorer).
        page.wait_for_function(
            "() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]"
            ".every(e => /\\[\\d+\\]/.test(e.textContent))",
            timeout=CHART_WAIT,
        )
        assert page.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
        root = ".openviz-explorer"
        mistral, osaid = "Mistral 7B (v0.1)", r"^OSAID 1\.0( \*)?$"
        before = _wait_cell(page, root, mistral, osaid)
        assert _verdict(before) == "fails", before

        # Switch "training code" off: Mistral 7B's OSAID 1.0 cell changes in place. The
        # drawn chart stays (no flash, no new layout): its data and source line are swapped.
        page.evaluate(
            f"() => {{ document.querySelector('{root} .openviz-chart svg.marks')"
            ".dataset.probe = 'drawn before the toggle'; }"
        )
        page.locator(f"{root} .openviz-req-training-code input[type=checkbox]").click()
        after = _wait_cell(page, root, mistral, osaid, not_verdict="fails")
        assert _verdict(after) == "cannot tell", after
        assert after["fill"] != before["fill"]
        assert "training-code" in page.inner_text(f"{root} .openviz-changes")
        chart_svg = page.locator(f"{root} .openviz-chart svg.marks")
        assert chart_svg.get_attribute("data-probe") == "drawn before the toggle"
        expect(chart_svg).to_contain_text("training-code off")  # the source line says so

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


# -- Voila ---------------------------------------------------------------------------------------
def test_classroom_app_in_voila_steps_through_the_drafts(browser, tmp_path):
    started = time.monotonic()
    shutil.copy(NOTEBOOKS / "classroom.ipynb", tmp_path)
    port = _free_port()
    cmd = [
        sys.executable,
        "-m",
        "voila",
        "classroom.ipynb",
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
    ]
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
    assert not errors, errors
    assert shot.stat().st_size > 10_000
    assert time.monotonic() - started < 120


def test_chinese_classroom_in_voila_has_chinese_headings_and_a_working_toggle(browser, tmp_path):
    started = time.monotonic()
    shutil.copy(NOTEBOOKS / "classroom-zh.ipynb", tmp_path)
    port = _free_port()
    cmd = [
        sys.executable,
        "-m",
        "voila",
        "classroom-zh.ipynb",
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
    ]
    errors: list[str] = []
    with (
        _server(cmd, tmp_path, port),
        _page(browser, errors, "classroom-zh-voila", height=2000) as page,
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
        for switch in ("data-information", "training-code"):
            page.locator(f"{root} .openviz-req-{switch} input[type=checkbox]").click()
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
    assert not errors, errors
    assert shot.stat().st_size > 10_000
    assert time.monotonic() - started < 120
