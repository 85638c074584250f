"""Chinese charts draw on any machine; English charts never need a CJK font.

The machine-without-fonts tests hide the system's fonts (see ``hidden_fonts.py``).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from hidden_fonts import needs_namespace, without_system_fonts

from openviz import fonts
from openviz.charts import theme

ROOT = Path(__file__).resolve().parent.parent
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def own_chinese_characters() -> set[str]:
    """Every Han character in openviz's own text: package, data and notebooks."""
    chars: set[str] = set()
    # The words themselves are in openviz/words.yaml, the one translation table.
    paths = [path for p in ("*.py", "*.js", "*.yaml") for path in (ROOT / "openviz").rglob(p)]
    paths += [*(ROOT / "defs").rglob("*.yaml"), *(ROOT / "notebooks").glob("*.ipynb")]
    for path in paths:
        chars.update(_CJK.findall(path.read_text(encoding="utf-8")))
    return chars


def cmap(weight: str) -> set[str]:
    font = TTFont(fonts.BUNDLED_DIR / f"OpenVizCJKSubset-{weight}.otf")
    return {chr(code) for code in font.getBestCmap()}


@pytest.mark.parametrize("weight", ["Regular", "Bold"])
def test_bundled_subset_draws_every_chinese_character_openviz_uses(weight):
    missing = sorted(own_chinese_characters() - cmap(weight))
    assert not missing, (
        f"the bundled {weight} subset lacks {''.join(missing)}: "
        "run `.venv/bin/python scripts/build_cjk_subset.py` and commit openviz/_fonts"
    )


def test_subset_coverage_list_matches_the_font_and_names_it_as_ofl_requires():
    listed = set((fonts.BUNDLED_DIR / "coverage-regular.txt").read_text("utf-8").strip())
    assert listed <= cmap("Regular")
    assert len(listed) > 3755  # GB 2312 level 1 and openviz's own text
    names = TTFont(fonts.BUNDLED_DIR / "OpenVizCJKSubset-Regular.otf")["name"]
    assert names.getDebugName(1) == fonts.BUNDLED_FAMILY
    assert "Source" not in names.getDebugName(1)  # the OFL's reserved name
    licence = (fonts.BUNDLED_DIR / "OFL.txt").read_text("utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Adobe" in licence
    assert fonts.BUNDLED_FAMILY in theme.FONT


def test_missing_characters_names_only_what_the_subset_lacks():
    assert fonts.missing_characters("开放源代码 AI，定义 abc") == ""
    assert fonts.missing_characters("鑫鑫淼 open") == "鑫淼"


@pytest.mark.parametrize("platform", ["linux", "darwin", "win32"])
def test_with_no_font_on_the_machine_the_subset_is_used(platform, monkeypatch, tmp_path):
    monkeypatch.delenv(fonts.FONT_DIR_ENV, raising=False)
    monkeypatch.setattr(fonts, "FONT_DIRS", {platform: (str(tmp_path),)})
    font = fonts.find_cjk_font(platform)
    assert font.bundled and font.family == fonts.BUNDLED_FAMILY
    with pytest.raises(FileNotFoundError, match=fonts.FONT_DIR_ENV):
        fonts.find_font_dir(platform)


@pytest.mark.parametrize(
    ("platform", "file_name", "family", "hint"),
    [
        ("linux", "NotoSansCJK-Regular.ttc", "Noto Sans CJK SC", "fonts-noto-cjk"),
        ("linux", "wqy-microhei.ttc", "WenQuanYi Micro Hei", "fonts-noto-cjk"),
        ("linux", "SourceHanSansSC-Regular.otf", "Source Han Sans SC", "pacman"),
        ("darwin", "PingFang.ttc", "PingFang SC", "brew install"),
        ("darwin", "Hiragino Sans GB.ttc", "Hiragino Sans GB", "PingFang"),
        ("win32", "msyh.ttc", "Microsoft YaHei", "Microsoft YaHei"),
        ("win32", "simhei.ttf", "SimHei", "Optional features"),
    ],
)
def test_each_platforms_chinese_fonts_are_found(
    platform, file_name, family, hint, monkeypatch, tmp_path
):
    monkeypatch.delenv(fonts.FONT_DIR_ENV, raising=False)
    nested = tmp_path / "fonts" / "cjk"  # one folder down, as Arch and Fedora lay them out
    nested.mkdir(parents=True)
    (nested / file_name).write_bytes(b"")
    monkeypatch.setattr(fonts, "FONT_DIRS", {platform: ("/nonexistent", str(tmp_path / "fonts"))})
    found = fonts.find_cjk_font(platform)
    assert (found.family, found.bundled) == (family, False)
    assert family in theme.FONT
    assert hint in fonts.install_hint(platform)


def test_font_dir_from_the_environment_wins_and_a_wrong_one_is_named(monkeypatch, tmp_path):
    (tmp_path / "NotoSansCJKsc-Regular.otf").write_bytes(b"")
    monkeypatch.setenv(fonts.FONT_DIR_ENV, str(tmp_path))
    assert fonts.find_cjk_font().folder == tmp_path.resolve()
    monkeypatch.setenv(fonts.FONT_DIR_ENV, str(tmp_path / "empty"))
    with pytest.raises(FileNotFoundError, match="holds no CJK font") as info:
        fonts.find_cjk_font()
    assert str(tmp_path / "empty") in str(info.value)


def test_characters_outside_the_subset_fail_in_one_line_with_what_to_install(monkeypatch):
    monkeypatch.delenv(fonts.FONT_DIR_ENV, raising=False)
    monkeypatch.setattr(fonts, "FONT_DIRS", {})
    with pytest.raises(fonts.MissingFontError) as info:
        fonts.register_fonts("我的定义：鑫淼", platform="linux")
    message = str(info.value)
    assert "\n" not in message and "鑫淼" in message and "fonts-noto-cjk" in message


# -- a machine without CJK fonts, for real ---------------------------------------------------
def run_without_system_fonts(code: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """Run Python code with every font folder of the machine hidden (and a new HOME)."""
    env = dict(os.environ, HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"))
    env.pop(fonts.FONT_DIR_ENV, None)
    script = tmp_path / "script.py"
    script.write_text(code, encoding="utf-8")
    return subprocess.run(
        without_system_fonts([sys.executable, script]),
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )


_EXPORTS = """
import json
from openviz import fonts
from openviz.export import export
print(json.dumps({"font": fonts.find_cjk_font().family}))
export("verdict-matrix", "en.png", models=["llama-3-8b", "olmo-7b"])
export("verdict-matrix", "zh.png", models=["llama-3-8b", "olmo-7b"], lang="zh")
try:
    export("verdict-matrix", "odd.svg", models=["llama-3-8b"], lang="zh",
           description="鑫淼")
except fonts.MissingFontError as exc:
    print(json.dumps({"error": str(exc)}))
"""


@needs_namespace
def test_on_a_machine_without_cjk_fonts_english_and_chinese_exports_work(tmp_path):
    done = run_without_system_fonts(_EXPORTS, tmp_path)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert lines[0] == {"font": fonts.BUNDLED_FAMILY}
    for name in ("en.png", "zh.png"):
        assert (tmp_path / name).read_bytes().startswith(b"\x89PNG")
    assert "鑫淼" in lines[1]["error"] and "fonts-noto-cjk" in lines[1]["error"]
    assert not (tmp_path / "odd.svg").exists()


_GLYPHS = """
import vl_convert as vlc
from openviz import fonts
text = "开放源代码人工智能"
font = fonts.BUNDLED_FAMILY if MODE == "subset" else "Liberation Sans"
if MODE == "subset":
    fonts.register_fonts(text)
spec = {"data": {"values": [{"t": text}]}, "mark": {"type": "text", "font": font,
        "fontSize": 40}, "encoding": {"text": {"field": "t"}}, "width": 400, "height": 60}
open(MODE + ".png", "wb").write(vlc.vegalite_to_png(spec))
"""


@needs_namespace
def test_the_subset_draws_real_glyphs_where_the_machine_has_none(tmp_path):
    # Empty boxes (tofu) compress far better than nine distinct glyphs.
    sizes = {}
    for mode in ("subset", "tofu"):
        done = run_without_system_fonts(f"MODE = {mode!r}\n" + _GLYPHS, tmp_path)
        assert done.returncode == 0, done.stderr
        sizes[mode] = (tmp_path / f"{mode}.png").stat().st_size
    assert sizes["subset"] > 1.3 * sizes["tofu"], sizes
