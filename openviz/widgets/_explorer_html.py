"""The explorer's HTML fragments: what a toggled definition changes, the column titles."""

from __future__ import annotations

import html
from collections.abc import Sequence

from openviz.catalog import Catalog
from openviz.i18n import text
from openviz.i18n import text as ui
from openviz.names import display_name, requirement_name
from openviz.records import Definition


def unique_titles(defs: Sequence[Definition], lang: str) -> dict[str, str]:
    """Column titles, marked ``*`` when toggled; a clash (custom name) gets its id added."""
    titles: dict[str, str] = {}
    seen: set[str] = set()
    for d in defs:
        title = d.title(lang) + (" *" if d.is_modified else "")
        if title in seen:
            title = f"{title} [{d.id}]"
        seen.add(title)
        titles[d.id] = title
    return titles


def changes_html(
    definition: Definition, published: Definition, catalog: Catalog, lang: str = "en"
) -> str:
    """Summarise what differs from the published definition (empty when nothing does)."""
    if not definition.toggles:
        return ""
    items = []
    for key, value in definition.toggles:
        rid = key.partition("#")[0]
        try:
            name = requirement_name(published, rid, lang)
        except KeyError:
            name = rid
        if isinstance(value, str):
            what = ui("switched " + value, lang)
        else:
            cats = ", ".join(display_name(catalog, "category", c, lang) for c in value) or text(
                "none", lang
            )
            what = f"{ui('licenses', lang)}: {cats}"
        items.append(
            f"<li><span title='{html.escape(rid, quote=True)}'>{html.escape(name)}</span>: "
            f"{html.escape(what)}</li>"
        )
    head = html.escape(ui("differs", lang, title=published.title(lang)))
    return (
        "<div class='openviz-differs' style='border-left:4px solid #E69F00;padding:2px 8px;"
        f"background:#FFF7E6'><b>{head}</b><ul style='margin:2px 0'>{''.join(items)}</ul></div>"
    )
