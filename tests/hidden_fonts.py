"""Run a command as on a machine without CJK fonts: its font folders hidden behind tmpfs.

vl-convert reads /usr/share/fonts on its own and no setting keeps it out, so the tests hide the
folders in a private mount namespace (``unshare -m``; Linux, as root: CI and ``python3 dev.py
test`` there).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts")


@cache
def can_hide_fonts() -> bool:
    """Tell whether this machine lets a test hide its font folders."""
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True, check=False)
    return probe.returncode == 0


needs_namespace = pytest.mark.skipif(
    not can_hide_fonts(),
    reason="hiding the system fonts needs a Linux mount namespace (unshare -m, as root)",
)


def without_system_fonts(cmd: list) -> list:
    """Wrap ``cmd`` so that it runs with the machine's font folders empty."""
    mounts = [f"mount -t tmpfs none {d}" for d in FONT_FOLDERS if Path(d).is_dir()]
    script = " && ".join([*mounts, 'exec "$@"'])
    return ["unshare", "-m", "sh", "-c", script, "sh", *[str(c) for c in cmd]]
