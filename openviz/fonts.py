"""Fonts for Chinese charts: a CJK font of this machine, or the subset openviz ships.

English charts name Liberation Sans, which vl-convert carries itself, and never need
anything from here. Chinese charts name a list of common Chinese fonts (see
:data:`openviz.charts.theme.FONT`); before vl-convert draws one, :func:`register_fonts`
registers the first CJK font found on this machine, in this order:

1. the folder ``$OPENVIZ_FONT_DIR`` names (an error if it holds no known CJK font);
2. the platform's usual folders (:data:`FONT_DIRS`): Noto Sans CJK, Source Han Sans and
   WenQuanYi on Linux, PingFang SC and Hiragino Sans GB on macOS, Microsoft YaHei and
   SimHei on Windows;
3. always, as the last resort, :data:`BUNDLED_FAMILY`: a subset of Noto Sans CJK SC
   shipped inside openviz (SIL Open Font License 1.1, ``openviz/_fonts/OFL.txt``). It
   holds every character of openviz's own Chinese text plus the 3,755 common characters
   of GB 2312 level 1, so ``pip install openviz`` alone draws Chinese charts.

A chart whose Chinese text has characters outside the subset (a rare name in a user's
own definition, say) on a machine with no CJK font fails with one line saying which
characters and what to install for that platform: openviz never writes a chart with
empty boxes in it.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from openviz._caches import bounded

__all__ = [
    "BUNDLED_DIR",
    "BUNDLED_FAMILY",
    "FONT_DIRS",
    "FONT_DIR_ENV",
    "KNOWN_FONTS",
    "SKIP_FONTS_ENV",
    "CJKFont",
    "MissingFontError",
    "find_cjk_font",
    "find_font_dir",
    "install_hint",
    "missing_characters",
    "register_fonts",
]

#: Environment variable naming a folder that holds a CJK font.
FONT_DIR_ENV = "OPENVIZ_FONT_DIR"
#: Environment variable that skips font registration (tests use it to withhold the font).
SKIP_FONTS_ENV = "OPENVIZ_SKIP_FONT_REGISTRATION"
#: The folder of the bundled subset and the family name it carries.
BUNDLED_DIR = Path(__file__).resolve().parent / "_fonts"
BUNDLED_FAMILY = "OpenViz CJK Subset"

#: CJK font families openviz recognises, each with the file names it comes in.
KNOWN_FONTS = (
    ("Noto Sans CJK SC", re.compile(r"^NotoSans(CJK|SC|CJKsc)[-\w]*\.(ttc|otf|ttf)$", re.I)),
    ("Source Han Sans SC", re.compile(r"^SourceHanSans(SC|CN)?[-\w]*\.(ttc|otf|ttf)$", re.I)),
    ("WenQuanYi Micro Hei", re.compile(r"^wqy-microhei\.ttc$", re.I)),
    ("WenQuanYi Zen Hei", re.compile(r"^wqy-zenhei\.ttc$", re.I)),
    ("PingFang SC", re.compile(r"^PingFang\.ttc$", re.I)),
    ("Hiragino Sans GB", re.compile(r"^Hiragino Sans GB( W\d)?\.ttc$", re.I)),
    ("Microsoft YaHei", re.compile(r"^msyh\.tt[cf]$", re.I)),
    ("SimHei", re.compile(r"^simhei\.ttf$", re.I)),
)

_WINDOWS_FONTS = str(Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts")
#: Where CJK fonts are looked for, per platform, after ``$OPENVIZ_FONT_DIR`` (each folder and
#: the folders directly inside it).
FONT_DIRS = {
    "linux": (
        "/usr/share/fonts/opentype/noto",  # Debian, Ubuntu: fonts-noto-cjk
        "/usr/share/fonts/noto-cjk",  # Arch: noto-fonts-cjk
        "/usr/share/fonts/google-noto-cjk",  # Fedora: google-noto-cjk-fonts
        "/usr/share/fonts/google-noto-sans-cjk-vf-fonts",  # Fedora (variable fonts)
        "/usr/share/fonts/opentype/noto-cjk",
        "/usr/share/fonts/adobe-source-han-sans",  # Arch: adobe-source-han-sans-cn-fonts
        "/usr/share/fonts/opentype/adobe-source-han-sans",
        "/usr/share/fonts/truetype/wqy",  # Debian, Ubuntu: fonts-wqy-microhei, -zenhei
        "/usr/share/fonts/wenquanyi",  # Arch: wqy-microhei, wqy-zenhei
        "/usr/share/fonts/wqy-microhei",  # Fedora
        "/usr/share/fonts/wqy-zenhei",
        "/usr/local/share/fonts",
        "~/.local/share/fonts",
        "~/.fonts",
    ),
    "darwin": (
        "/System/Library/Fonts",  # PingFang, Hiragino Sans GB
        "/System/Library/Fonts/Supplemental",
        "/Library/Fonts",
        "~/Library/Fonts",  # e.g. brew install --cask font-noto-sans-cjk-sc
    ),
    "win32": (
        _WINDOWS_FONTS,  # Microsoft YaHei (msyh.ttc), SimHei (simhei.ttf)
        str(Path(os.environ.get("LOCALAPPDATA", "~")) / "Microsoft" / "Windows" / "Fonts"),
    ),
}

_HINTS = {
    "linux": (
        "install Noto Sans CJK (`sudo apt-get install fonts-noto-cjk` on Debian and Ubuntu, "
        "`sudo dnf install google-noto-sans-cjk-fonts` on Fedora, "
        "`sudo pacman -S noto-fonts-cjk` on Arch)"
    ),
    "darwin": (
        "macOS normally has PingFang SC; if it is missing, install Noto Sans CJK "
        "(`brew install --cask font-noto-sans-cjk-sc`)"
    ),
    "win32": (
        "Windows normally has Microsoft YaHei; if it is missing, add the Chinese "
        "supplemental fonts (Settings > Apps > Optional features) or install Noto Sans CJK"
    ),
}


class MissingFontError(FileNotFoundError):
    """No font on this machine can draw some of a chart's Chinese characters."""


@dataclass(frozen=True)
class CJKFont:
    """A CJK font openviz can hand to vl-convert.

    Attributes
    ----------
    family
        The family name charts name.
    folder
        The folder to register with vl-convert.
    bundled
        Whether it is the subset shipped with openviz.
    """

    family: str
    folder: Path
    bundled: bool = False


def _platform(platform: str | None) -> str:
    platform = platform or sys.platform
    return "linux" if platform.startswith(("linux", "freebsd")) else platform


def install_hint(platform: str | None = None) -> str:
    """Say what to install on ``platform`` (``sys.platform`` by default) for Chinese charts."""
    hint = _HINTS.get(_platform(platform), "install a CJK font such as Noto Sans CJK SC")
    return f"{hint}, or set {FONT_DIR_ENV} to a folder that holds a CJK font"


def _known_font_in(folder: Path) -> str | None:
    """Return the family of the first known CJK font in ``folder`` or a folder in it."""
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return None
    for path in entries + [p for d in entries if d.is_dir() for p in _listing(d)]:
        for family, pattern in KNOWN_FONTS:
            if pattern.match(path.name):
                return family
    return None


def _listing(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError:
        return []


def find_cjk_font(platform: str | None = None) -> CJKFont:
    """Return the CJK font Chinese charts will use on this machine.

    ``$OPENVIZ_FONT_DIR`` comes first, then the platform's folders (:data:`FONT_DIRS`),
    then the bundled subset, which is always there.

    Raises
    ------
    FileNotFoundError
        When ``$OPENVIZ_FONT_DIR`` is set but holds no CJK font openviz knows.
    """
    env = os.environ.get(FONT_DIR_ENV, "").strip()
    if env:
        folder = Path(env).expanduser()
        family = _known_font_in(folder)
        if family is None:
            names = ", ".join(name for name, _ in KNOWN_FONTS)
            msg = f"{FONT_DIR_ENV}={env} holds no CJK font openviz knows (looked for {names})"
            raise FileNotFoundError(msg)
        return CJKFont(family, folder.resolve())
    for raw in FONT_DIRS.get(_platform(platform), ()):
        folder = Path(raw).expanduser()
        family = _known_font_in(folder)
        if family is not None:
            return CJKFont(family, folder.resolve())
    return CJKFont(BUNDLED_FAMILY, BUNDLED_DIR, bundled=True)


def find_font_dir(platform: str | None = None) -> Path:
    """Return the folder of this machine's own CJK font (not the bundled subset).

    Raises
    ------
    FileNotFoundError
        Naming what to install, when the machine has none.
    """
    font = find_cjk_font(platform)
    if font.bundled:
        searched = ", ".join(FONT_DIRS.get(_platform(platform), ()))
        msg = f"No CJK font found on this machine (looked in {searched}): {install_hint(platform)}."
        raise FileNotFoundError(msg)
    return font.folder


@bounded("font-coverage", maxsize=1)
def _bundled_coverage() -> frozenset[str]:
    text = (BUNDLED_DIR / "coverage-regular.txt").read_text(encoding="utf-8")
    return frozenset(text.strip()) | {chr(c) for c in range(0x20, 0x7F)}


def _is_cjk(char: str) -> bool:
    return ord(char) > 0x2E7F and unicodedata.east_asian_width(char) in "WF"


def missing_characters(text: str) -> str:
    """Return the CJK characters of ``text`` that the bundled subset lacks, each once."""
    covered = _bundled_coverage()
    return "".join(dict.fromkeys(c for c in text if _is_cjk(c) and c not in covered))


_registered: dict[Path, None] = {}


def register_fonts(text: str = "", platform: str | None = None) -> CJKFont | None:
    """Register the CJK fonts with vl-convert (once per process) for a chart's ``text``.

    The bundled subset is always registered, so characters a machine's own font lacks are
    still drawn where the subset has them. Returns the font charts will use, or ``None``
    when ``$OPENVIZ_SKIP_FONT_REGISTRATION`` is set.

    Raises
    ------
    MissingFontError
        When only the subset is available and ``text`` has characters it lacks.
    """
    if os.environ.get(SKIP_FONTS_ENV, "").strip() not in ("", "0"):
        return None
    font = find_cjk_font(platform)
    if font.bundled:
        missing = missing_characters(text)
        if missing:
            shown = missing[:12] + ("…" if len(missing) > 12 else "")
            msg = (
                f"Chinese export: {len(missing)} character(s) ({shown}) are not in openviz's "
                f"bundled font and this machine has no CJK font; {install_hint(platform)}."
            )
            raise MissingFontError(msg)
    import vl_convert as vlc

    for folder in (BUNDLED_DIR, font.folder):
        if folder not in _registered:
            vlc.register_font_directory(str(folder))
            _registered[folder] = None
    return font
