"""The source line under each figure: definitions shown, data date, attributions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from openviz.records import Definition, Release

from ._context import Context
from ._text import CAPTION_SIZES, wrap


# -- the source line ---------------------------------------------------------------------------
def data_date(definitions: Iterable[Definition], releases: Iterable[Release]) -> str:
    """Return the newest ``accessed`` date in the evidence and sources used (``""`` if none)."""
    newest = max((rel.evidence_date for rel in releases), default="")
    for d in definitions:
        for src in d.sources:
            newest = max(newest, src.accessed)
    return newest


def attributions(releases: Iterable[Release]) -> list[str]:
    """Return the attribution of each imported collection among the releases, once each."""
    seen: dict[str, str] = {}
    for rel in releases:
        origin = rel.origin
        source = origin.get("source", "")
        if rel.collection == "curated" or not source or source in seen:
            continue
        credit = origin.get("attribution", source)
        lic = origin.get("license", "")
        seen[source] = f"{credit} ({lic})" if lic else credit
    return list(seen.values())


def caption_lines(
    ctx: Context,
    width: int,
    extra: Sequence[str] = (),
    date: str | None = None,
    size: str = "article",
) -> list[str]:
    """Write the source line: definition versions, data date, attribution, tool version.

    ``date`` is the data date when already known (see :func:`data_date`); lines are wrapped
    for the caption text of ``size`` (see :data:`CAPTION_SIZES`).
    """
    from openviz import __version__

    parts = []
    if ctx.definitions:
        entries = ctx.semi.join(_caption_entry(d, ctx) for d in ctx.definitions)
        parts.append(ctx.t("caption definitions", defs=entries))
    modified = [d for d in ctx.definitions if d.is_modified]
    for d in modified:
        changes = ", ".join(
            f"{k.partition('#')[0]} {'licenses ' + '/'.join(v) if isinstance(v, tuple) else v}"
            for k, v in d.toggles
        )
        parts.append(ctx.t("caption modified", changes=f"{ctx.def_label(d)}: {changes}"))
    if ctx.releases:
        collections = sorted(
            {r.collection for r in ctx.releases}, key=lambda c: (c != "curated", c)
        )
        sep = ctx.comma
        parts.append(
            ctx.t(
                "caption data",
                date=(date if date is not None else data_date(ctx.definitions, ctx.releases))
                or "?",
                n=len(ctx.releases),
                collections=sep.join(ctx.t(c) for c in collections),
                newest=max(r.release_date for r in ctx.releases),
            )
        )
        imported = attributions(ctx.releases)
        if imported:
            parts.append(ctx.t("caption imported", sources=ctx.semi.join(imported)))
    parts.extend(extra)
    parts.append(ctx.t("caption tool", version=__version__))
    lines: list[str] = []
    for part in parts:
        lines.extend(wrap(part, width, CAPTION_SIZES[size]))
    return lines


def _caption_entry(d: Definition, ctx: Context) -> str:
    label = ctx.def_label(d).removesuffix(" *")
    version = d.version.strip()
    zh = ctx.lang == "zh"
    if version and version.lower() not in label.lower():
        label += f"，{version}" if zh else f", {version}"
    if d.date and d.date not in label:
        label += f"（{d.date}）" if zh else f" ({d.date})"
    return label
