"""Ratings packed as threshold bits, and the lookup tables that rate a leaf in one step.

See :mod:`openviz.rules` for the packing: bit 0 ``lo >= 1``, bit 1 ``lo >= 2``, bit 2
``hi >= 1``, bit 3 ``hi >= 2``.
"""

from __future__ import annotations

import numpy as np

from openviz._caches import bounded
from openviz.licenses import CATEGORIES
from openviz.release_tables import NCAT

Bounds = tuple[np.ndarray, np.ndarray]

# Packed ratings: (lo, hi) as threshold bits (see the module docstring).
LO_PARTIAL, LO_MET, HI_PARTIAL, HI_MET = 1, 2, 4, 8
#: The packed rating of (met, met).
ALL_MET = 15
_PACK_LO = np.array([0, 1, 3], dtype=np.uint8)
_PACK_HI = np.array([0, 4, 12], dtype=np.uint8)
_UNPACK_LO = np.array([(b & 1) + (b >> 1 & 1) for b in range(16)], dtype=np.int8)
_UNPACK_HI = np.array([(b >> 2 & 1) + (b >> 3 & 1) for b in range(16)], dtype=np.int8)
_AT_MOST_PARTIAL = np.uint8(LO_PARTIAL | HI_PARTIAL)


def pack(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Pack ``(lo, hi)`` rating arrays into one threshold byte per release."""
    return _PACK_LO[lo] | _PACK_HI[hi]


def unpack(bits: np.ndarray) -> Bounds:
    """Unpack threshold bytes into ``(lo, hi)`` int8 rating arrays."""
    return _UNPACK_LO[bits], _UNPACK_HI[bits]


def _pack_one(lo: int, hi: int) -> int:
    return int(_PACK_LO[lo] | _PACK_HI[hi])


@bounded("leaf-lut", maxsize=256)
def _leaf_lut(accepted: frozenset[str] | None, accept_partial: bool) -> np.ndarray:
    """Packed rating of a component leaf for every (status, license category) code.

    A leaf is rated by table lookup: codes are ``(status + 1) * NCAT + (category + 1)``.
    """
    out = np.zeros(4 * NCAT, dtype=np.uint8)
    ok = _accept_lut(accepted)
    for status in (-1, 0, 1, 2):
        for cat in range(-1, len(CATEGORIES)):
            i = (status + 1) * NCAT + cat + 1
            s = 2 if (accept_partial and status == 1) else status
            if s < 0:
                # Unknown whether released: at best it was, under the license recorded, so a
                # license known to be refused caps the upper bound (released, not accepted).
                refused = ok is not None and cat >= 0 and not ok[cat + 1]
                out[i] = _pack_one(0, 1 if refused else 2)
            elif s < 2 or ok is None:
                out[i] = _pack_one(s, s)
            elif cat < 0:
                # An unrecorded license might be an accepted one: leave the upper bound open.
                out[i] = _pack_one(1, 2)
            else:
                out[i] = _pack_one(2, 2) if ok[cat + 1] else _pack_one(1, 1)
    return out


@bounded("restriction-lut", maxsize=1)
def _restriction_lut() -> np.ndarray:
    """Packed rating of ``no-restrictions`` for one component, by ``code * 2 + restricted``.

    Released under restricted terms: unmet. Released with no license known, or unknown
    whether released while the license is restricted or unknown: cannot tell (a component
    whose release is unknown may be out under restrictive terms). Otherwise met.
    """
    key = np.arange(4 * NCAT * 2)
    code, restricted = key >> 1, (key & 1) == 1
    status, cat = code // NCAT - 1, code % NCAT - 1
    released, unlicensed = status >= 1, cat < 0
    out = np.full(len(key), ALL_MET, dtype=np.uint8)
    out[(released & unlicensed) | ((status < 0) & (restricted | unlicensed))] = _pack_one(0, 2)
    out[released & restricted] = _pack_one(0, 0)
    return out


@bounded("accept-lut", maxsize=64)
def _accept_lut(accepted: frozenset[str] | None) -> np.ndarray | None:
    # Index 0 stands for an unknown license (-1 + 1), which is never "accepted for sure".
    if accepted is None:
        return None
    return np.array([False] + [c in accepted for c in CATEGORIES], dtype=bool)
