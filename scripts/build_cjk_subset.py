"""Rebuild openviz's bundled CJK font subset (openviz/_fonts) from Noto Sans CJK SC.

    .venv/bin/python scripts/build_cjk_subset.py [FOLDER WITH NotoSansCJK-Regular.ttc/-Bold.ttc]

The folder defaults to Debian's fonts-noto-cjk (/usr/share/fonts/opentype/noto). Run it
when openviz gains Chinese text with characters the subset lacks (tests/test_fonts.py says
which). It needs fontTools (in the test extra); openviz itself only reads the files written.

What goes in:

* Regular: every character of openviz's own Chinese text (package, data, notebooks), the
  3,755 characters of GB 2312 level 1 (the common characters of modern Chinese, so that
  most Chinese names users give their own definitions also render), CJK punctuation and
  printable ASCII.
* Bold (chart titles): openviz's own characters, punctuation and ASCII only; other
  characters in a bold title are drawn from the regular face.

The subset is a Modified Version under the SIL Open Font License 1.1, so it carries the
original copyright and licence and a family name of its own (OFL condition 3 reserves
"Source"; the new name avoids any confusion with the full Noto font).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "openviz" / "_fonts"
FAMILY = "OpenViz CJK Subset"
SC_INDEX = 2  # Noto Sans CJK SC inside the .ttc collections
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
PUNCTUATION = "，。、：；（）！？“”‘’《》〈〉【】「」『』—…·～－％＋＝／"


def own_characters() -> set[str]:
    """Every CJK character in openviz's own text files."""
    chars: set[str] = set()
    sources = (("openviz", "*.py"), ("openviz", "*.js"), ("openviz", "*.yaml"), ("defs", "*.yaml"))
    for folder, pattern in sources:
        for path in (ROOT / folder).rglob(pattern):
            chars.update(_CJK.findall(path.read_text(encoding="utf-8")))
    for path in (ROOT / "notebooks").glob("*.ipynb"):
        chars.update(_CJK.findall(path.read_text(encoding="utf-8")))
    return chars


def gb2312_level1() -> set[str]:
    chars = set()
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue  # the last row is short
    return chars


def build(source: Path, weight: str, text: str) -> Path:
    font = TTFont(source, fontNumber=SC_INDEX)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 10, 13, 14, 16, 17]
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    names = font["name"]
    postscript = f"{FAMILY.replace(' ', '')}-{weight}"
    for record in list(names.names):
        if record.nameID in (1, 16):
            names.setName(FAMILY, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 4:
            names.setName(
                f"{FAMILY} {weight}", 4, record.platformID, record.platEncID, record.langID
            )
        elif record.nameID == 6:
            names.setName(postscript, 6, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 3:
            names.setName(
                f"openviz:{postscript}", 3, record.platformID, record.platEncID, record.langID
            )
        elif record.nameID == 17:
            names.setName(weight, 17, record.platformID, record.platEncID, record.langID)
    names.setName(
        "A subset of Noto Sans CJK SC made for openviz's charts (scripts/build_cjk_subset.py).",
        10,
        3,
        1,
        0x409,
    )
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [postscript]
        top = cff.topDictIndex[0]
        top.FamilyName = FAMILY
        top.FullName = f"{FAMILY} {weight}"
    out = OUT / f"{postscript}.otf"
    font.save(out)
    return out


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else Path("/usr/share/fonts/opentype/noto")
    own = own_characters()
    base = set(PUNCTUATION) | {chr(c) for c in range(0x20, 0x7F)}
    regular = own | gb2312_level1() | base
    bold = own | base
    OUT.mkdir(exist_ok=True)
    for weight, chars in (("Regular", regular), ("Bold", bold)):
        path = build(folder / f"NotoSansCJK-{weight}.ttc", weight, "".join(sorted(chars)))
        (OUT / f"coverage-{weight.lower()}.txt").write_text(
            "".join(sorted(c for c in chars if ord(c) > 0x7F)) + "\n", encoding="utf-8"
        )
        size = path.stat().st_size
        print(f"wrote {path.relative_to(ROOT)} ({size:,} bytes, {len(chars)} characters)")
    copyright_line = TTFont(folder / "NotoSansCJK-Regular.ttc", fontNumber=SC_INDEX)[
        "name"
    ].getDebugName(0)
    print(f"copyright of the source font: {copyright_line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
