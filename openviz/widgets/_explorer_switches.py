"""The explorer's requirement switches: one control per requirement, grouped by part.

:class:`SwitchesMixin` holds the part of :class:`openviz.widgets.Explorer` that builds the
switches and licence chips, greys what a switched-off group holds, and turns their state
into toggles of the published definition.
"""

from __future__ import annotations

import ipywidgets as w

from openviz.catalog import Catalog
from openviz.i18n import text as ui
from openviz.licenses import CATEGORIES
from openviz.names import display_name, part_name, requirement_name
from openviz.records import Definition
from openviz.widgets._common import css_name, guarded
from openviz.widgets._controls import Group, LicenceChips


class SwitchesMixin:
    """The switch-building methods of the explorer (which holds the widgets they fill)."""

    def _build_switches(self) -> None:
        """One control per requirement, as it stands, in one collapsible group per part.

        A requirement with a licence set is one control: its checkbox, and under it one chip
        per licence category (greyed while the requirement, or a group above it, is off).
        """
        lang = self.lang
        self.switches.clear()
        self.license_pickers.clear()
        self._parents = {}
        self.groups = []
        rows: list[w.Widget] = []
        for heading, nodes in self._parts(self.definition, lang):
            if self.only is not None:
                nodes = [(n, 0) for n, _ in nodes if n.id in self.only]
            if not nodes:
                continue
            body = [self._requirement_control(node, depth) for node, depth in nodes]
            if heading:
                group = Group(heading, body)
                group.widget.add_class(f"openviz-group-{css_name(nodes[0][0].id)}")
                self.groups.append(group)
                rows.append(group.widget)
            else:
                rows.extend(body)
        for root in self.definition.roots():
            self._note_parents(root, ())
        self.switch_box.children = rows
        self._grey_licences()

    def _requirement_control(self, node, depth: int) -> w.Widget:
        lang = self.lang
        box = w.Checkbox(
            value=node.enabled,
            description=requirement_name(self.definition, node, lang),
            indent=False,
            tooltip=node.paraphrase,
            layout=w.Layout(margin=f"0 0 0 {depth * 18}px", width="auto"),
        )
        box.add_class(f"openviz-req-{css_name(node.id)}")
        box.observe(self._changed, names="value")
        self.switches[node.id] = box
        if node.licenses is None:
            return box
        chips = LicenceChips(
            [(display_name(self.catalog, "category", c, lang), c) for c in CATEGORIES],
            tuple(c for c in CATEGORIES if c in node.licenses),
            tooltips=_category_help(self.catalog),
            caption=ui("licenses", lang),
        )
        chips.widget.layout.margin = f"0 0 4px {depth * 18 + 22}px"
        chips.widget.add_class(f"openviz-licenses-{css_name(node.id)}")
        chips.observe(self._changed)
        self.license_pickers[node.id] = chips
        control = w.VBox([box, chips.widget])
        control.add_class("openviz-requirement")
        return control

    def _note_parents(self, node, above: tuple[str, ...]) -> None:
        self._parents[node.id] = above
        for child in node.children:
            self._note_parents(child, (*above, node.id))

    def _grey_licences(self) -> None:
        """Grey the licence chips of a requirement that is off, or under a group that is."""
        for rid, chips in self.license_pickers.items():
            chain = (*self._parents.get(rid, ()), rid)
            chips.disabled = any(not self.switches[r].value for r in chain if r in self.switches)

    @staticmethod
    def _parts(d: Definition, lang: str):
        """``(heading, [(node, depth)])`` per collapsible part of the controls.

        A level or dimension is a part; a yes/no definition's top requirement stands alone
        and each requirement group under it is a part.
        """
        if d.strategy.root_is_part:
            parts = d.strategy.parts(d)
            return [(part_name(p, lang), list(_walk(p.requirements))) for p in parts]
        root = d.requirements
        if root is None:
            return []
        out = [("", [(root, 0)])]
        loose = [c for c in root.children if not c.children]
        if loose:
            out.append(("", [(c, 1) for c in loose]))
        for child in root.children:
            if child.children:
                out.append((requirement_name(d, child, lang), list(_walk(child, 0))))
        return out

    def _apply_toggles(self) -> None:
        published = self.published(self.definition.id)
        switches = {
            node.id: "on" if box.value else "off"
            for node in published.walk()
            if (box := self.switches.get(node.id)) is not None and box.value != node.enabled
        }
        licenses = {
            rid: list(picker.value)
            for rid, picker in self.license_pickers.items()
            if frozenset(picker.value) != (published.requirement(rid).licenses or frozenset())
        }
        # Switches and license sets are separate toggles, even on the same requirement.
        self.definition = published.with_toggles(switches).with_toggles(licenses)

    @guarded
    def _reset(self, _button) -> None:
        self._quiet = True
        try:
            for node in self.published(self.definition.id).walk():
                if node.id in self.switches:
                    self.switches[node.id].value = node.enabled
                if node.id in self.license_pickers:
                    self.license_pickers[node.id].value = tuple(
                        c for c in CATEGORIES if c in (node.licenses or ())
                    )
        finally:
            self._quiet = False
        self._changed(None)


def _category_help(catalog: Catalog) -> dict[str, str]:
    return {c["id"]: c.get("description", "") for c in catalog.license_data.get("categories", ())}


def _walk(node, depth=0):
    yield node, depth
    for child in node.children:
        yield from _walk(child, depth + 1)
