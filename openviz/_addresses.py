"""Whether an evidence address names a public web page, and if not, what is wrong with it.

The schema only checks the shape (``http://`` or ``https://`` and no spaces). An address
can have that shape and still lead somewhere other than it reads: ``https:///x`` has no
host, ``https://opensource.org@evil.example/`` goes to ``evil.example`` (the part before
``@`` is a user name), and ``localhost``, private and numeric addresses show the reader's
own machine or network, never a page anyone else can check.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["address_problem"]

# A host name: dot-separated labels of letters (any script), digits and hyphens.
_HOST = re.compile(r"^[^\W_]([\w-]*[^\W_])?(\.[^\W_]([\w-]*[^\W_])?)*$")
# Names that never resolve on the public internet (RFC 2606, 6761, 6762, 8375).
_LOCAL_SUFFIXES = (
    "localhost",
    "local",
    "localdomain",
    "internal",
    "intranet",
    "lan",
    "home",
    "home.arpa",
    "arpa",
    "test",
    "invalid",
    "example",
)

_LOCAL_ENDINGS = tuple(f".{s}" for s in _LOCAL_SUFFIXES)
# An address with a plain domain name (letters in its last label), no user name, no port.
_PLAIN = re.compile(
    r"https?://((?:[a-z0-9-]+\.)+[a-z][a-z0-9-]*[a-z0-9])(?:[/?#][^\s\\]*)?\Z", re.I
)


def address_problem(url: str) -> str:
    """Return what keeps ``url`` from being a public page's address, or ``""``.

    Parameters
    ----------
    url
        An address that already has the schema's shape (``http(s)://`` and no spaces);
        others are left to the schema and give ``""``.
    """
    plain = _PLAIN.match(url)
    if plain is not None and not plain[1].lower().endswith(_LOCAL_ENDINGS):
        return ""  # the common case, decided by one match: thousands of addresses per load
    if not re.match(r"https?://", url, re.IGNORECASE) or re.search(r"\s", url):
        return ""
    if "\\" in url:
        return "has a backslash, which browsers read as '/', so it may lead elsewhere"
    try:
        parts = urlsplit(url)
    except ValueError:  # an unbalanced "[" or "]" around the host
        return "has a host in brackets that is not a valid IPv6 address"
    netloc = parts.netloc
    if "@" in netloc:
        user, _, host = netloc.rpartition("@")
        return f"has a user name before '@' ({user!r}), so it leads to {host or 'no host'!r}"
    try:
        parts.port  # noqa: B018 - raises for a port that is not a number in range
    except ValueError:
        return "has a port that is not a number from 1 to 65535"
    host = (parts.hostname or "").rstrip(".")
    if not host:
        return "has no host name"
    last = host.rsplit(".", 1)[-1]
    if ":" in host or last.isdigit() or re.fullmatch(r"0x[0-9a-f]*", last):
        return f"names the numeric host {host!r}, not a public domain name"
    if not _HOST.match(host):
        return f"names the host {host!r}, which is not a domain name"
    if any(host == s or host.endswith("." + s) for s in _LOCAL_SUFFIXES):
        return f"names the local or reserved host {host!r}, not a public one"
    if "." not in host:
        return f"names the host {host!r}, which is not a public domain name (it has no dot)"
    return ""
