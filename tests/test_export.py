"""Export: every format is a real file of its type, Chinese renders with the project's CJK font,
HTML works offline and keeps hostile text inert, and writes are atomic and never clobber.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

import openviz
from openviz import export as ex
from openviz.charts import build, verdict_matrix
from openviz.export import CHART_NAMES, FORMATS, export, find_font_dir, render

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
SMALL = ["olmo-7b", "llama-3-8b", "mistral-7b"]
HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def font_dir() -> Path:
    try:
        return find_font_dir()
    except FileNotFoundError as exc:
        pytest.fail(f"{exc} (python3 dev.py test installs fonts-noto-cjk when run as root)")


@pytest.fixture(scope="module")
def small_zh(catalog, font_dir):
    return build("verdict-matrix", catalog, ["osaid-1.0", "mof"], SMALL, lang="zh")


# -- file types ----------------------------------------------------------------------------------
def _png_text(data: bytes) -> dict[str, str]:
    out, at = {}, 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length : at + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF, f"bad CRC in {kind!r}"
        if kind == b"iTXt":
            key, _, rest = body.partition(b"\0")
            text = rest[2:].split(b"\0", 2)[2]
            out[key.decode("latin-1")] = text.decode("utf-8")
        at += 12 + length
    return out


def _png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit, non-interlaced RGB or RGBA PNG into rows of pixels."""
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", data[16:29])
    assert depth == 8 and colour in (2, 6) and interlace == 0
    channels = 4 if colour == 6 else 3
    raw, at = b"", 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        if data[at + 4 : at + 8] == b"IDAT":
            raw += data[at + 8 : at + 8 + length]
        at += 12 + length
    flat = zlib.decompress(raw)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        kind = flat[y * (stride + 1)]
        line = bytearray(flat[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = prev[i]
            corner = prev[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, rows


def _pdf_info(data: bytes) -> dict[str, str]:
    """Follow the last trailer to the document information and check the xref offsets."""
    start = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    assert data[start : start + 4] == b"xref"
    section = data[start : data.index(b"trailer", start)]
    for first, count, entries in re.findall(rb"(\d+) (\d+)\r?\n((?:\d{10} \d{5} n\r\n)+)", section):
        for k, entry in enumerate(re.findall(rb"(\d{10}) \d{5} n", entries)):
            assert data[int(entry) :].startswith(b"%d 0 obj" % (int(first) + k))
        assert int(count) == len(re.findall(rb"\d{10}", entries))
    trailer = data[data.index(b"trailer", start) :]
    info = int(re.search(rb"/Info (\d+) 0 R", trailer).group(1))
    body = re.search(rb"\n%d 0 obj\n<<(.*?)>>\nendobj" % info, data, re.DOTALL).group(1)
    return {
        k.decode(): bytes.fromhex(v.decode()).decode("utf-16-be")[1:]
        for k, v in re.findall(rb"/(\w+) <([0-9A-F]+)>", body)
    }


def _check(fmt: str, data: bytes) -> None:
    assert data, f"{fmt} export is empty"
    if fmt == "svg":
        text = data.decode("utf-8")
        assert text.startswith("<svg") and text.rstrip().endswith("</svg>")
        assert "<title" in text and "<desc" in text and 'role="img"' in text
    elif fmt == "png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and data[-8:-4] == b"IEND"
        assert _png_text(data)["Description"]
    elif fmt == "pdf":
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
        assert _pdf_info(data)["Title"]
    elif fmt == "html":
        text = data.decode("utf-8")
        assert text.startswith("<!DOCTYPE html>") and "vegaEmbed(" in text
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        assert rows and "model" in rows[0]
    else:
        doc = json.loads(data)
        assert doc["tables"] and doc["caption"] and doc["definitions"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_writes_a_file_of_its_type(catalog, tmp_path, fmt, font_dir):
    out = export(
        "verdict-matrix", tmp_path / f"chart.{fmt}", catalog=catalog, models=SMALL, lang="zh"
    )
    assert out == tmp_path / f"chart.{fmt}"
    _check(fmt, out.read_bytes())
    assert [p.name for p in tmp_path.iterdir()] == [out.name], "no temporary file is left"


@pytest.mark.parametrize("name", CHART_NAMES)
def test_every_gallery_chart_exports(mini, tmp_path, name, font_dir):
    definitions = {
        "spectrum": ["spectrum"],
        "definition-diff": ["strict", "data-group"],
    }.get(name, ["strict", "ladder"])
    for fmt in ("svg", "png", "pdf"):
        out = export(name, tmp_path / f"x.{fmt}", catalog=mini, definitions=definitions)
        _check(fmt, out.read_bytes())


def test_gallery_export_writes_every_chart_in_every_format_and_names_the_skipped(
    mini, tmp_path, font_dir
):
    folder = tmp_path / "figures"  # created
    written, skipped = ex.export_gallery(
        folder, ("svg", "PNG", "pdf"), catalog=mini, definitions=["strict", "ladder"]
    )
    assert set(skipped) == {"spectrum"} and "score" in skipped["spectrum"]
    expected = {f"{n}.{f}" for n in CHART_NAMES if n != "spectrum" for f in ("svg", "png", "pdf")}
    assert {p.name for p in written} == expected == {p.name for p in folder.iterdir()}
    for path in written:
        _check(path.suffix[1:], path.read_bytes())


def test_gallery_export_writes_nothing_when_a_target_exists(mini, tmp_path):
    mine = tmp_path / "spectrum.png"
    mine.write_bytes(b"an earlier figure")
    with pytest.raises(FileExistsError, match="nothing was written"):
        ex.export_gallery(tmp_path, ("svg", "png"), catalog=mini, definitions=["spectrum"])
    assert mine.read_bytes() == b"an earlier figure"
    assert [p.name for p in tmp_path.iterdir()] == ["spectrum.png"]
    with pytest.raises(ValueError, match="bmp"):
        ex.export_gallery(tmp_path / "new", ("svg", "bmp"), catalog=mini)
    assert not (tmp_path / "new").exists()


def test_one_render_gives_the_same_files_as_one_format_at_a_time(small_zh):
    together = ex.render_many(small_zh, ("svg", "png", "csv"))
    for fmt, data in together.items():
        assert data == render(small_zh, fmt), fmt


def test_alt_text_and_metadata_are_embedded(small_zh):
    description = small_zh.to_dict()["description"]
    assert "OSAID 1.0" in description
    svg = render(small_zh, "svg").decode("utf-8")
    assert f'<desc id="openviz-desc">{description}</desc>' in svg
    png = _png_text(render(small_zh, "png", scale=2))
    assert png["Description"] == description and png["Title"] == "哪些模型发布算作开放？"
    assert "2026" in png["Source"] and png["Software"].startswith("openviz")
    pdf = render(small_zh, "pdf")
    info = _pdf_info(pdf)
    assert info["Title"] == "哪些模型发布算作开放？" and info["Subject"] == description
    assert b"/Lang (zh-CN)" in pdf
    custom = render(small_zh, "svg", description="Alt & <text>").decode("utf-8")
    assert '<desc id="openviz-desc">Alt &amp; &lt;text&gt;</desc>' in custom


def _png_size_and_dpi(data: bytes) -> tuple[int, int, float]:
    """Return a PNG's width and height in pixels and the pixels per inch it records."""
    width, height = struct.unpack(">II", data[16:24])
    at = data.index(b"pHYs")
    per_metre_x, per_metre_y, unit = struct.unpack(">IIB", data[at + 4 : at + 13])
    assert unit == 1 and per_metre_x == per_metre_y, "square pixels, in pixels per metre"
    return width, height, per_metre_x * 0.0254


def test_png_is_twice_the_chart_size_by_default_and_prints_at_the_chart_size(small_zh):
    svg = render(small_zh, "svg").decode()
    size = [float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups()]
    width, height, dpi = _png_size_and_dpi(render(small_zh, "png"))
    assert (width, height) == (round(2 * size[0]), round(2 * size[1]))
    assert dpi == pytest.approx(144, abs=0.5)
    # Printed at its recorded density, the image is as wide as the chart at 72 dpi.
    assert width / dpi == pytest.approx(size[0] / 72, rel=0.01)


def test_png_scale_and_dpi_set_the_density(small_zh, tmp_path):
    svg = render(small_zh, "svg").decode()
    chart_w = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))
    width, _, dpi = _png_size_and_dpi(render(small_zh, "png", scale=1))
    assert width == round(chart_w) and dpi == pytest.approx(72, abs=0.5)
    out = export(small_zh, tmp_path / "print.png", dpi=300)
    width, _, dpi = _png_size_and_dpi(out.read_bytes())
    assert width == pytest.approx(chart_w * 300 / 72, abs=1) and dpi == pytest.approx(300, abs=0.5)
    with pytest.raises(ValueError, match="scale or dpi, not both"):
        export(small_zh, tmp_path / "both.png", dpi=300, scale=2)
    with pytest.raises(ValueError, match="dpi applies to png"):
        export(small_zh, tmp_path / "chart.svg", dpi=300)
    with pytest.raises(ValueError, match="dpi must be positive"):
        export(small_zh, tmp_path / "zero.png", dpi=0)
    assert [p.name for p in tmp_path.iterdir()] == ["print.png"]


def test_cli_export_takes_dpi(tmp_path, capsys):
    from openviz.cli import main

    out = tmp_path / "m.png"
    args = ["export", "verdict-matrix", "-d", "osaid-1.0", "-m", "olmo-7b", "--out", str(out)]
    assert main([*args, "--dpi", "216"]) == 0
    assert _png_size_and_dpi(out.read_bytes())[2] == pytest.approx(216, abs=0.5)
    assert "wrote" in capsys.readouterr().out


def test_csv_and_json_carry_the_data_behind_the_chart(catalog, tmp_path):
    chart = build("definition-diff", catalog, [d.id for d in catalog.series("osaid")])
    spec = chart.to_dict()
    rows = list(csv.DictReader(io.StringIO(render(chart, "csv").decode("utf-8-sig"))))
    tables = {"requirements", "models"}
    assert {r["table"] for r in rows} == tables
    assert len(rows) == sum(len(spec["datasets"][t]) for t in tables)
    doc = json.loads(render(chart, "json"))
    assert set(doc["tables"]) == tables and doc["chart"] == "definition-diff"
    assert doc["definitions"][0]["version"] == "0.0.8" and doc["data_date"]
    single = list(
        csv.DictReader(io.StringIO(render(build("spectrum", catalog), "csv").decode("utf-8-sig")))
    )
    assert "table" in single[0] and {r["table"] for r in single} == {"segments", "totals"}


# -- Chinese glyphs ------------------------------------------------------------------------------
def test_zh_svg_contains_the_chinese_text(small_zh):
    svg = render(small_zh, "svg").decode("utf-8")
    for words in ("哪些模型发布算作开放？", "符合", "结论", "模型开放性框架"):
        assert words in svg
    assert "Noto Sans CJK SC" in svg


_WITHHELD = """
import sys
from openviz.charts import build
from openviz.export import render
chart = build("verdict-matrix", None, ["osaid-1.0", "mof"], {models!r}, lang="zh")
sys.stdout.buffer.write(render(chart, "png"))
"""


def _fontconfig_without_cjk(tmp_path: Path) -> Path:
    # Only Latin fonts are visible to the subprocess, so CJK glyphs can come from nowhere.
    dirs = [d for d in ("/usr/share/fonts/truetype/dejavu",) if Path(d).is_dir()]
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>'
        + "".join(f"<dir>{d}</dir>" for d in dirs)
        + f"<cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>\n"
    )
    return conf


def test_zh_png_needs_the_registered_font(small_zh, tmp_path):
    with_font = render(small_zh, "png")
    env = dict(os.environ)
    env[ex.SKIP_FONTS_ENV] = "1"
    env["FONTCONFIG_FILE"] = str(_fontconfig_without_cjk(tmp_path))
    env.pop(ex.FONT_DIR_ENV, None)
    proc = subprocess.run(
        [sys.executable, "-c", _WITHHELD.format(models=SMALL)],
        capture_output=True,
        env=env,
        cwd=ROOT,
        check=True,
        timeout=300,
    )
    without = proc.stdout
    assert without.startswith(b"\x89PNG")
    w1, h1, rows1 = _png_pixels(with_font)
    w2, h2, rows2 = _png_pixels(without)
    if (w1, h1) == (w2, h2):
        differing = sum(
            a != b for r1, r2 in zip(rows1, rows2, strict=True) for a, b in zip(r1, r2, strict=True)
        )
        assert differing > 0.01 * w1 * h1 * 4, "withholding the CJK font changes the picture"
    # Text measured without the font differs, so the layout usually differs too.


def test_english_export_needs_no_cjk_font(catalog, tmp_path, monkeypatch):
    # Liberation Sans ships inside vl-convert: English charts render on any machine.
    monkeypatch.setattr(ex, "register_fonts", lambda *a: pytest.fail("registered a CJK font"))
    out = export("verdict-matrix", tmp_path / "en.png", catalog=catalog, models=SMALL)
    _check("png", out.read_bytes())


# -- HTML: offline and inert ---------------------------------------------------------------------
def _page_style(html: str) -> str:
    """Return the page's own style sheet (the first <style>, before the inlined Vega bundle)."""
    return re.search(r"<style>(.*?)</style>", html, re.DOTALL).group(1)


def test_html_scales_the_chart_to_its_container(catalog):
    chart = build("verdict-matrix", catalog, ["osaid-1.0", "mof", "osai-index"])
    html = render(chart, "html").decode()
    style = _page_style(html)
    rules = dict(re.findall(r"([^{}]+)\{([^{}]*)\}", style))
    svg_rule = next(v for k, v in rules.items() if k.strip().endswith("svg"))
    assert re.search(r"width:\s*100%", svg_rule) and re.search(r"height:\s*auto", svg_rule)
    # Nothing in the page fixes a width in pixels (but the 1 px of the hidden alt text), so a
    # phone or an iframe never scrolls sideways.
    assert not re.search(r"(?<!max-)width:\s*\d{2,}px", style)
    assert 'name="viewport" content="width=device-width' in html
    # The drawing carries its own proportions, so a width of 100% keeps them.
    svg = render(chart, "svg").decode()
    match = re.search(r'<svg\b[^>]*\bwidth="(\d+)"[^>]*viewBox="0 0 (\d+) \d+"', svg)
    assert match and match.group(1) == match.group(2)
    assert int(match.group(1)) > 375, "this chart is wider than a phone: the page must shrink it"
    # The page margin on a narrow screen leaves the chart nearly all of a 375 px phone.
    small = re.search(r"@media \(max-width: (\d+)px\)\s*\{\s*body\s*\{\s*margin:\s*(\d+)px", style)
    assert small and int(small.group(1)) >= 375 and int(small.group(2)) <= 8


_ALLOWED = ("http://www.w3.org/", "https://vega.github.io/", "https://github.com/vega/")


def test_html_fetches_nothing(catalog):
    html = render(build("verdict-matrix", catalog, ["osaid-1.0"], SMALL), "html").decode()
    assert not re.search(r"<script[^>]+src=", html, re.IGNORECASE)
    assert not re.search(r"<link\b", html, re.IGNORECASE)
    assert not re.search(r"@import|url\(\s*['\"]?https?:", html, re.IGNORECASE)
    assert not re.search(r"(src|href)\s*=\s*['\"]?\s*(https?:)?//", html, re.IGNORECASE)
    assert "default-src 'none'" in html, "a content security policy forbids any fetch"
    # The only URLs left are XML namespaces and documentation strings inside the Vega code.
    urls = set(re.findall(r"https?://[^\s\"'<>)\\]+", html))
    assert all(u.startswith(_ALLOWED) for u in urls), sorted(urls)


def _hostile_chart(catalog):
    frame = openviz.evaluate(["osaid-1.0"], ["olmo-7b", "gpt-4o"], catalog=catalog)
    frame.loc[frame.model == "olmo-7b", "name"] = HOSTILE
    frame.loc[frame.model == "gpt-4o", "name"] = "</script><img src=x onerror=alert(2)>"
    return verdict_matrix(frame, catalog=catalog)


def test_csv_cells_never_start_a_formula(catalog):
    frame = openviz.evaluate(["osaid-1.0"], ["olmo-7b"], catalog=catalog)
    frame["name"] = '=HYPERLINK("http://example.org","x")'
    rows = list(
        csv.DictReader(io.StringIO(render(verdict_matrix(frame), "csv").decode("utf-8-sig")))
    )
    assert rows[0]["model"] == "'" + frame["name"].iloc[0]


def test_hostile_names_stay_inert_in_html(catalog):
    chart = _hostile_chart(catalog)
    html = render(chart, "html", description=HOSTILE).decode()
    assert HOSTILE not in html and "<img src=x" not in html
    assert html.count("<script") == 3, "bundle, spec and start-up: nothing injected"
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, "the alt text is escaped"
    svg = render(chart, "svg").decode()
    assert HOSTILE not in svg and "&lt;script&gt;" in svg


@pytest.mark.browser
def test_html_draws_offline_in_chromium(catalog, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.fail(f"{chromium} is missing: apt-get install chromium (python3 dev.py test does)")
    page_file = export(_hostile_chart(catalog), tmp_path / "chart.html")
    requests, dialogs, errors = [], [], []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(chromium),
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        try:
            page = browser.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(page_file.as_uri())
            page.wait_for_selector("#openviz-chart svg .mark-rect path", timeout=30_000)
            labels = page.eval_on_selector_all(
                "#openviz-chart svg [aria-label]",
                "els => els.map(e => e.getAttribute('aria-label'))",
            )
        finally:
            browser.close()
    assert not dialogs and not errors
    assert [u for u in requests if not u.startswith("file:")] == []
    assert any(HOSTILE in label for label in labels), "the name is drawn as text"


# -- writing -------------------------------------------------------------------------------------
def test_existing_file_is_not_overwritten_without_force(catalog, tmp_path):
    out = tmp_path / "chart.json"
    out.write_text("keep me")
    with pytest.raises(FileExistsError, match="force=True"):
        export("verdict-matrix", out, catalog=catalog, models=SMALL)
    assert out.read_text() == "keep me"
    export("verdict-matrix", out, catalog=catalog, models=SMALL, force=True)
    assert json.loads(out.read_text())["chart"] == "verdict-matrix"


def test_a_file_appearing_during_export_is_not_clobbered(catalog, tmp_path, monkeypatch):
    out = tmp_path / "chart.csv"
    real = ex.render

    def render_then_race(*args, **kwargs):
        data = real(*args, **kwargs)
        out.write_text("written meanwhile")
        return data

    monkeypatch.setattr(ex, "render", render_then_race)
    with pytest.raises(FileExistsError):
        export("verdict-matrix", out, catalog=catalog, models=SMALL)
    assert out.read_text() == "written meanwhile"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chart.csv"]


@pytest.mark.parametrize("where", ["render", "rename"])
def test_a_failed_export_leaves_no_file(catalog, tmp_path, monkeypatch, where):
    out = tmp_path / "chart.svg"
    if where == "render":
        monkeypatch.setattr(ex, "render", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("x")))
    else:

        def broken(*args, **kwargs):
            msg = "disk full"
            raise OSError(msg)

        monkeypatch.setattr(ex.os, "link", broken)
        monkeypatch.setattr(ex.os, "replace", broken)
    with pytest.raises((RuntimeError, OSError)):
        export("verdict-matrix", out, catalog=catalog, models=SMALL, fmt="csv")
    assert list(tmp_path.iterdir()) == []


def test_failed_replace_keeps_the_old_file(catalog, tmp_path, monkeypatch):
    out = tmp_path / "chart.csv"
    out.write_text("old")

    def broken(*args, **kwargs):
        msg = "disk full"
        raise OSError(msg)

    monkeypatch.setattr(ex.os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        export("verdict-matrix", out, catalog=catalog, models=SMALL, force=True)
    assert out.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["chart.csv"]


def test_options_are_checked_before_anything_is_written(catalog, tmp_path):
    chart = build("verdict-matrix", catalog, ["osaid-1.0"], SMALL)
    with pytest.raises(ValueError, match="cannot tell the format"):
        export(chart, tmp_path / "chart.gif")
    with pytest.raises(ValueError, match="unknown format"):
        export(chart, tmp_path / "chart.x", fmt="gif")
    with pytest.raises(ValueError, match="scale applies to png and pdf"):
        export(chart, tmp_path / "chart.svg", scale=2)
    with pytest.raises(ValueError, match="charts given by name"):
        export(chart, tmp_path / "chart.svg", width=400)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        export(chart, tmp_path / "missing" / "chart.svg")
    assert list(tmp_path.iterdir()) == []
    out = export(chart, tmp_path / "chart.data", fmt="JSON")
    assert json.loads(out.read_text())["chart"] == "verdict-matrix"


def test_width_lays_the_chart_out_for_the_column(catalog, tmp_path):
    narrow = export("spectrum", tmp_path / "n.svg", catalog=catalog, width=480)
    wide = export("spectrum", tmp_path / "w.svg", catalog=catalog, width=960)
    widths = [int(re.search(r'width="(\d+)"', p.read_text()).group(1)) for p in (narrow, wide)]
    assert widths[0] < widths[1] and widths[0] <= 520


def test_export_module_imports_no_chart_library():
    code = (
        "import sys, openviz.export\n"
        "print(','.join(m for m in ('altair', 'vl_convert') if m in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == ""


# -- the interactive page ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def hostile_page(catalog) -> str:
    import dataclasses

    models = [
        dataclasses.replace(catalog.release("olmo-7b"), name=HOSTILE),
        dataclasses.replace(
            catalog.release("gpt-4o"), name="</script><img src=x onerror=alert(2)>"
        ),
        dataclasses.replace(catalog.release("mistral-7b"), name="\"quoted\" & 'single'"),
    ]
    from openviz.interactive import interactive_page

    return interactive_page(
        catalog, ["osaid-1.0", "mof"], models, description=HOSTILE, file_name='a"b<i>.html'
    )


def test_interactive_page_fetches_nothing(catalog, tmp_path):
    out = export("verdict-matrix", tmp_path / "page.html", interactive=True, catalog=catalog)
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "vegaEmbed(" in html
    assert "default-src 'none'" in html, "a content security policy forbids any fetch"
    assert not re.search(r"<script[^>]+src=", html, re.IGNORECASE)
    assert not re.search(r"<link\b", html, re.IGNORECASE)
    assert not re.search(r"@import|url\(\s*['\"]?https?:", html, re.IGNORECASE)
    assert not re.search(r"(src|href)\s*=\s*['\"]?\s*(https?:)?//", html, re.IGNORECASE)
    # URLs outside the Vega code are the evidence and source links a reader may follow,
    # held as data in the JSON (set as link targets on click, never loaded).
    data = html[
        html.index('id="openviz-data">') : html.index("</script>", html.index('id="openviz-data">'))
    ]
    rest = html.replace(data, "")
    urls = set(re.findall(r"https?://[^\s\"'<>)\\]+", rest))
    assert all(u.startswith(_ALLOWED) for u in urls), sorted(urls)
    # The size budget (1.5 MB, issue 17) is reported by `python -m benchmarks --only interactive`;
    # here only a bound that catches a page carrying far more than its data (71 releases now).
    assert len(out.read_bytes()) < 2_000_000
    for piece in (
        "openviz-definition",
        "openviz-switches",
        "openviz-csv",
        "&lt;iframe src=&quot;page.html&quot;",
        "openviz-alt",
    ):
        assert piece in html, piece
    assert "Data: openviz catalogue" in html, "the source line"


def test_interactive_page_keeps_hostile_text_inert(hostile_page):
    html = hostile_page
    assert HOSTILE not in html and "<img src=x" not in html
    assert html.count("<script") == 3, "bundle, data and the page's script: nothing injected"
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, "the alt text is escaped"
    assert 'a"b<i>' not in html and 'download="a&quot;b&lt;i&gt;.csv"' in html
    assert "innerHTML" not in html[html.index('id="openviz-data"') :], "data is set as text only"


def test_interactive_page_options_are_checked(catalog, tmp_path):
    with pytest.raises(ValueError, match="verdict-matrix chart only"):
        export("spectrum", tmp_path / "x.html", interactive=True, catalog=catalog)
    with pytest.raises(ValueError, match="html file, not svg"):
        export("verdict-matrix", tmp_path / "x.svg", interactive=True, catalog=catalog)
    with pytest.raises(ValueError, match="toggles do not apply"):
        export(
            "verdict-matrix",
            tmp_path / "x.html",
            interactive=True,
            toggles={"osaid-1.0": {"training-code": "off"}},
        )
    assert list(tmp_path.iterdir()) == []


def test_the_pages_leaf_tables_are_the_engines_for_every_accepted_set():
    from itertools import combinations

    from openviz.licenses import CATEGORIES
    from openviz.rules import _leaf_lut, evaluator_tables

    tables = evaluator_tables()
    leaf, cats = tables["leaf"], tables["code_category"]
    for partial in (0, 1):
        assert leaf["plain"][partial] == _leaf_lut(None, bool(partial)).tolist()
        for k in range(len(CATEGORIES) + 1):
            for accepted in combinations(CATEGORIES, k):
                engine = _leaf_lut(frozenset(accepted), bool(partial)).tolist()
                page = [
                    leaf["accepted" if c >= 0 and CATEGORIES[c] in accepted else "rejected"][
                        partial
                    ][code]
                    for code, c in enumerate(cats)
                ]
                assert page == engine, (accepted, partial)


def test_the_compiled_program_lists_every_node_with_its_toggles(catalog):
    from openviz.rules import compile_definition, release_table

    components = tuple(c.id for c in catalog.components)
    rels = catalog.models("curated")
    table = release_table(rels, components, catalog.licenses)
    d = catalog.definition("osaid-1.0").with_toggles(
        {"training-code": "off", "evaluation-data": "on", "model-architecture": ["open-data"]}
    )
    program = compile_definition(d, components).program(table)
    nodes = {n["id"]: n for n in program["nodes"]}
    assert list(nodes) == [n.id for n in d.walk()]
    assert (
        nodes["training-code"]["enabled"] is False and nodes["evaluation-data"]["enabled"] is True
    )
    assert nodes["model-architecture"]["licenses"] == ["open-data"]
    conditions = [n for n in program["nodes"] if n["kind"] == "condition"]
    assert conditions and all(len(n["bits"]) == len(rels) for n in conditions)
    assert [program["nodes"][i]["id"] for i in program["roots"]] == [r.id for r in d.roots()]


def test_export_panel_writes_the_interactive_page(catalog, tmp_path):
    from openviz.widgets.export_panel import ExportPanel

    panel = ExportPanel(catalog, chart="component-heatmap")
    panel.interactive.value = True  # picks the verdict matrix, as HTML
    assert panel.chart_picker.value == "verdict-matrix" and panel.format.value == "html"
    out = panel.export(tmp_path / "page.html")
    html = out.read_text(encoding="utf-8")
    assert 'id="openviz-definition"' in html and html.count("<script") == 3
    panel.chart_picker.value = "spectrum"
    with pytest.raises(ValueError, match="verdict matrix"):
        panel.export(tmp_path / "again.html")


# -- the write guard -----------------------------------------------------------------------
def test_gallery_gives_family_to_the_chart_that_takes_it(catalog, tmp_path):
    written, skipped = ex.export_gallery(
        tmp_path,
        ["json"],
        charts=["consensus", "family-trajectory"],
        catalog=catalog,
        family="llama",
    )
    assert sorted(p.name for p in written) == ["consensus.json", "family-trajectory.json"]
    assert not skipped
    assert "llama" in (tmp_path / "family-trajectory.json").read_text(encoding="utf-8").lower()


def test_check_target_allows_only_the_callers_own_shipped_folder(tmp_path):
    from openviz._files import check_target
    from openviz._paths import defs_dir

    own = defs_dir() / "models" / "imported" / "mot"
    with pytest.raises(FileExistsError, match="shipped data"):
        check_target(defs_dir() / "models" / "new.yaml")
    with pytest.raises(FileExistsError, match="shipped data"):
        check_target(defs_dir() / "models" / "new.yaml", allowed=own)
    assert check_target(own / "new.yaml", allowed=own) == own / "new.yaml"
    link = tmp_path / "defs-link"
    link.symlink_to(defs_dir())
    with pytest.raises(FileExistsError, match="shipped data"):
        check_target(link / "figure.svg")  # a link into the shipped data is still inside it


def test_force_replaces_a_regular_file_but_not_a_link_to_nothing(catalog, tmp_path):
    target = tmp_path / "m.csv"
    target.write_text("old")
    export("verdict-matrix", target, catalog=catalog, force=True)
    header = target.read_text(encoding="utf-8-sig").splitlines()[0]
    assert "model" in header.split(",")
    dangling = tmp_path / "gone.csv"
    dangling.symlink_to(tmp_path / "nowhere.csv")
    with pytest.raises(FileExistsError, match="symbolic link to nothing"):
        export("verdict-matrix", dangling, catalog=catalog, force=True)
