"""Pieces shared by the widgets: the error panel, the grouped definition picker, relabelling."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterable, Sequence

import ipywidgets as w

from openviz.i18n import text as ui
from openviz.problems import CatalogError
from openviz.records import Definition

__all__ = [
    "MessagePanel",
    "css_name",
    "definition_groups",
    "guarded",
    "picker_options",
    "publisher_short",
    "set_options",
]


class MessagePanel:
    """An HTML panel for errors and confirmations: escaped text, hidden while empty.

    A widget callback that raises shows nothing useful in a notebook (the traceback goes to
    the log console) and a Voila page shows nothing at all; the widgets catch what goes
    wrong and show it here instead, in plain words.
    """

    def __init__(self) -> None:
        self.widget = w.HTML(layout=w.Layout(display="none"))
        self.widget.add_class("openviz-messages")
        self.kind = ""

    @property
    def value(self) -> str:
        """Return the panel's HTML (empty when nothing is shown)."""
        return self.widget.value

    def clear(self) -> None:
        """Hide the panel."""
        self.kind = ""
        self.widget.value = ""
        self.widget.layout.display = "none"

    def info(self, message: str) -> None:
        """Show a confirmation."""
        self.kind = "info"
        self.widget.value = (
            "<div class='openviz-info' style='border-left:4px solid #009E73;padding:4px 8px;"
            f"background:#EEF8F4'>{html.escape(message)}</div>"
        )
        self.widget.layout.display = None

    def error(self, error: BaseException | str, lang: str = "en") -> None:
        """Show what went wrong: a message, or every problem of a :class:`CatalogError`."""
        self.kind = "error"
        head, lines = _describe(error, lang)
        items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in lines)
        body = f"<ul style='margin:4px 0'>{items}</ul>" if items else ""
        self.widget.value = (
            "<div class='openviz-error' role='alert' style='border-left:4px solid #D55E00;"
            f"padding:4px 8px;background:#FDF1EA'><b>{html.escape(ui('error', lang))}:</b> "
            f"{html.escape(head)}{body}</div>"
        )
        self.widget.layout.display = None


def _describe(error: BaseException | str, lang: str) -> tuple[str, list[str]]:
    if isinstance(error, str):
        return error, []
    if isinstance(error, CatalogError):
        files = sorted({p.file for p in error.problems})
        head = ui("bad file", lang, path=", ".join(files)) if files else str(error)
        # One line per distinct problem (a schema can report the same one several times).
        return head, list(dict.fromkeys(str(p) for p in error.problems))
    if isinstance(error, KeyError) and error.args:
        return str(error.args[0]), []  # str(KeyError) adds quotes around the message
    if isinstance(error, OSError) and error.strerror:
        where = f": {error.filename}" if error.filename else ""
        return f"{error.strerror}{where}", []
    message = str(error) or type(error).__name__
    if not isinstance(error, ValueError | FileExistsError | TypeError):
        message = f"{type(error).__name__}: {message}"
    return message, []


def css_name(value: str) -> str:
    """Return ``value`` as a safe CSS class fragment (``osaid-1.0`` -> ``osaid-1-0``)."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", value)


def guarded(method: Callable) -> Callable:
    """Wrap a widget callback so that any exception lands in ``self.messages``, not a traceback.

    The owner must have ``messages`` (a :class:`MessagePanel`) and may have ``lang``.
    """

    @functools.wraps(method)
    def run(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception as error:  # every failure is shown to the user, in the panel
            self.messages.error(error, getattr(self, "lang", "en"))
            return None

    return run


def publisher_short(publisher: str) -> str:
    """Shorten a publisher line to its first name: before any bracket or comma."""
    name = publisher.split(" (", 1)[0].split(", ", 1)[0].strip()
    return name if len(name) <= 64 else name[:63].rstrip() + "…"


def _span(first: Definition, last: Definition, lang: str) -> str:
    a, b = first.title(lang), last.title(lang)
    wa, wb = a.split(" "), b.split(" ")
    common = 0
    while common < min(len(wa), len(wb)) - 1 and wa[common] == wb[common]:
        common += 1
    tail = " ".join(wb[common:]) if common else b
    return f"{a} → {tail}"


def definition_groups(
    definitions: Iterable[Definition], lang: str = "en", loaded: Iterable[Definition] = ()
) -> list[tuple[str, list[Definition]]]:
    """Group definitions by lineage (a series of versions, oldest first) under their publisher.

    Returns ``[(group label, [definitions])]``: groups sorted by publisher, the versions of
    a series in order (``"Open Source Initiative / OSAID 0.0.8 → 1.0"``), and definitions
    loaded from files last, in a group of their own.
    """
    series: dict[str, list[Definition]] = {}
    for d in definitions:
        series.setdefault(str(d.lineage.get("series", d.id)), []).append(d)
    groups = []
    for members in series.values():
        members.sort(key=lambda d: (d.lineage.get("order", 0), d.id))
        last = members[-1]
        span = _span(members[0], last, lang) if len(members) > 1 else last.title(lang)
        groups.append((f"{publisher_short(last.publisher)} / {span}", members))
    groups.sort(key=lambda g: g[0].casefold())
    loaded = list(loaded)
    if loaded:
        groups.append((ui("loaded group", lang), loaded))
    return groups


def picker_options(
    definitions: Iterable[Definition], lang: str = "en", loaded: Iterable[Definition] = ()
) -> list[tuple[str, str]]:
    """Return ``(label, id)`` options for a definition dropdown, in grouped order.

    A dropdown cannot show group headings, so each label starts with its group; versions of
    one series sit together, oldest first.
    """
    options = []
    for group, members in definition_groups(definitions, lang, loaded):
        for d in members:
            single = len(members) == 1 and not group.startswith(ui("loaded group", lang))
            options.append((group if single else f"{group}: {d.title(lang)}", d.id))
    return options


def set_options(control: w.DOMWidget, options: Sequence, value: object) -> None:
    """Replace a selection widget's options and keep (or set) its value.

    ipywidgets jumps to the first option whenever options change; callers mute their own
    observers around this (their ``_quiet`` flag) so the jump is never acted on.
    """
    control.options = options
    values = [o[1] if isinstance(o, tuple) else o for o in options]
    if isinstance(value, tuple):  # SelectMultiple
        control.value = tuple(v for v in value if v in values)
    elif value in values:
        control.value = value
