"""Write the classroom notebooks, English and Chinese, from their one source.

    .venv/bin/python scripts/build_classroom.py           write the notebooks
    .venv/bin/python scripts/build_classroom.py --check   exit 1 if one differs from the source

The lesson "Is Llama open source?" lives in ``notebooks/classroom.yaml``: the cells in
order, each markdown cell with its English (``en``) and Chinese (``zh``) text, each code
cell once. Each language gets one notebook (``classroom.ipynb``, ``classroom-zh.ipynb``):
the same cells with the same ids, the markdown in that language, and the code with
``lang="en"`` turned into that language's code. Edit the YAML, never the notebooks, then
run this script and commit all three files; ``tests/test_notebooks.py`` fails while a
committed notebook differs from what this script writes.

The notebooks are written as nbstripout (``--keep-id``) leaves them: no outputs, no
execution counts, nbformat's JSON layout.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "notebooks" / "classroom.yaml"
#: Each language of the lesson and the notebook it is written to.
NOTEBOOKS = {"en": "classroom.ipynb", "zh": "classroom-zh.ipynb"}
#: The code's language marker: every widget call in the source carries it.
LANG_ARG = 'lang="en"'
_WIDGET_CALL = re.compile(r"\b(Prediction|Explorer|Comparison|DraftStepper|ExportPanel)\(")
_METADATA = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


def _lines(text: str) -> list[str]:
    return text.rstrip("\n").splitlines(keepends=True)


def _cell(entry: dict, lang: str, where: str) -> dict:
    if set(entry) == {"id", "markdown"}:
        texts = entry["markdown"]
        missing = [k for k in NOTEBOOKS if not str(texts.get(k) or "").strip()]
        if missing or set(texts) - set(NOTEBOOKS):
            msg = f"{where}: markdown needs exactly the languages {sorted(NOTEBOOKS)}"
            raise ValueError(msg)
        return {
            "cell_type": "markdown",
            "id": entry["id"],
            "metadata": {},
            "source": _lines(texts[lang]),
        }
    if set(entry) == {"id", "code"}:
        code = entry["code"]
        calls = len(_WIDGET_CALL.findall(code))
        if code.count(LANG_ARG) != calls:
            msg = f"{where}: each of its {calls} widget call(s) needs {LANG_ARG}"
            raise ValueError(msg)
        return {
            "cell_type": "code",
            "execution_count": None,
            "id": entry["id"],
            "metadata": {},
            "outputs": [],
            "source": _lines(code.replace(LANG_ARG, f'lang="{lang}"')),
        }
    msg = f"{where}: a cell has an id and either markdown (en, zh) or code"
    raise ValueError(msg)


def build(source: Path = SOURCE) -> dict[str, str]:
    """Return ``{notebook file name: its text}`` for every language of the lesson."""
    lesson = yaml.safe_load(source.read_text(encoding="utf-8"))
    cells = lesson["cells"]
    ids = [c.get("id") for c in cells]
    if len(set(ids)) != len(ids) or not all(isinstance(i, str) and i for i in ids):
        msg = f"{source.name}: every cell needs its own id"
        raise ValueError(msg)
    out = {}
    for lang, name in NOTEBOOKS.items():
        nb = {
            "cells": [_cell(c, lang, f"{source.name}, cell {c['id']}") for c in cells],
            "metadata": _METADATA,
            "nbformat": 4,
            "nbformat_minor": 5,
        }
        out[name] = json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    return out


def stale(source: Path = SOURCE) -> list[str]:
    """Return the notebooks whose committed text differs from what the source gives."""
    folder = source.parent
    return [
        name
        for name, text in build(source).items()
        if not (folder / name).exists() or (folder / name).read_text(encoding="utf-8") != text
    ]


def main(argv: list[str]) -> int:
    if argv == ["--check"]:
        names = stale()
        for name in names:
            print(f"notebooks/{name} differs from notebooks/{SOURCE.name}: run {sys.argv[0]}")
        return 1 if names else 0
    if argv:
        print(__doc__.split("\n\n")[1])
        return 2
    for name, text in build().items():
        path = SOURCE.parent / name
        changed = not path.exists() or path.read_text(encoding="utf-8") != text
        path.write_text(text, encoding="utf-8")
        print(f"{'wrote' if changed else 'unchanged'} notebooks/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
