"""Saving the explorer's definition as a YAML file, and loading definition files into it."""

from __future__ import annotations

import tempfile
from pathlib import Path

import ipywidgets as w

from openviz.authoring import save_definition
from openviz.catalog import definition_clash, read_definition
from openviz.i18n import text as ui
from openviz.problems import CatalogError, Problem
from openviz.records import Definition
from openviz.widgets._common import guarded


class DefinitionFilesMixin:
    """The save and load methods of the explorer (which holds the widgets they read)."""

    def _make_file_tools(self) -> None:
        """Make the boxes of "save as my definition" and "load definition file"."""
        self.save_name = w.Text(placeholder="OSAID 1.0 without training code")
        self.save_path = w.Text(placeholder="my-definitions/my-osaid.yaml")
        self.save_overwrite = w.Checkbox(value=False, indent=False)
        self.save_button = w.Button(icon="save", button_style="primary")
        self.load_path = w.Text(placeholder="my-definitions/my-osaid.yaml")
        self.load_button = w.Button(icon="folder-open")
        self.save_heading, self.load_heading = w.HTML(), w.HTML()

    def save(self, path: str | Path, name: str, *, overwrite: bool = False) -> Definition:
        """Save the current definition (toggles applied) as a YAML file, then load it.

        The file's name is the new definition's id. The file is checked before it is
        written (``openviz validate`` rules), so a bad id or name writes nothing.

        Returns
        -------
        Definition
            The definition read back from the file, now in the picker and the matrix.

        Raises
        ------
        ValueError, FileExistsError, OSError, CatalogError
            With a message for the user; the widgets show it in the message panel.
        """
        name = name.strip()
        if not name:
            raise ValueError(ui("need name", self.lang))
        if not str(path).strip():
            raise ValueError(ui("need path", self.lang))
        target = Path(str(path).strip()).expanduser()
        if target.suffix not in (".yaml", ".yml"):
            target = target.with_suffix(".yaml")
        self._check_clash(target.stem)
        # A dry run in a scratch folder: report problems before touching the user's file.
        with tempfile.TemporaryDirectory() as scratch:
            try:
                trial = save_definition(
                    self.definition, Path(scratch) / target.name, name=name, catalog=self.catalog
                )
                read_definition(trial, self.catalog)
            except CatalogError as error:
                raise CatalogError(
                    [
                        Problem(str(target), p.line, p.field, p.problem, p.expected)
                        for p in error.problems
                    ]
                ) from None
        if target.exists() and not overwrite:
            raise FileExistsError(ui("exists", self.lang, path=target))
        written = save_definition(
            self.definition, target, name=name, overwrite=overwrite, catalog=self.catalog
        )
        return self.load(written)

    def load(self, path: str | Path) -> Definition:
        """Read a definition file and show it in the picker and the matrix.

        Loading a file again (after saving over it) replaces the earlier version.

        Raises
        ------
        CatalogError
            Listing every problem in the file.
        ValueError
            When its id is that of a published definition.
        """
        if not str(path).strip():
            raise ValueError(ui("need path", self.lang))
        source = Path(str(path).strip()).expanduser()
        # The id is the file name (read_definition checks it); say the clash in the
        # explorer's language before the file is read.
        self._check_clash(source.stem)
        found = read_definition(source, self.catalog)
        self._check_clash(found.id)
        self.loaded[found.id] = found
        if found.id not in self.compare:
            self.compare.append(found.id)
        self._quiet = True
        try:
            self._relabel_picker()
        finally:
            self._quiet = False
        if self.definition.id == found.id:  # reloaded the one being edited
            self.definition = found
            self._build_switches()
        self._changed(None)
        return found

    def _check_clash(self, definition_id: str) -> None:
        if definition_clash(self.catalog.definitions, definition_id):
            raise ValueError(ui("clash", self.lang, id=definition_id))

    @guarded
    def _save_clicked(self, _button) -> None:
        self.messages.clear()
        found = self.save(
            self.save_path.value, self.save_name.value, overwrite=self.save_overwrite.value
        )
        self.load_path.value = self.save_path.value
        self.messages.info(
            ui("saved", self.lang, name=found.name, path=found.path or self.save_path.value)
        )

    @guarded
    def _load_clicked(self, _button) -> None:
        self.messages.clear()
        found = self.load(self.load_path.value)
        self.messages.info(ui("loaded", self.lang, name=found.name, path=found.path))
