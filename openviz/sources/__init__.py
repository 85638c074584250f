"""Importers that turn other openness databases into openviz release records.

``convert_mot`` reads the LF AI & Data Model Openness Tool records and
``convert_osai_index`` the European Open Source AI Index. Both are pure: they read a folder
and return an :class:`ImportResult`; :func:`write_records` writes one YAML file per record,
deleting only the importer's own earlier records, and only when asked to replace them.
The bundled collections in ``defs/models/imported/`` are made with
``python -m openviz.sources MOT_FOLDER INDEX_FOLDER``.
"""

from openviz.sources._common import ImportResult
from openviz.sources.collection import write_records
from openviz.sources.mot import convert_mot
from openviz.sources.osai_index import convert_osai_index

__all__ = ["ImportResult", "convert_mot", "convert_osai_index", "write_records"]
