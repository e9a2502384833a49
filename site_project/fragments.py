"""What every page reads or draws the same way until the content changes — the menu, the site
settings, the private sections, facet counts, the pages along a path and each page served, a page
of cards or of search results — remembered in each process for the pages' version
(site_project.page_cache) it was read at. Any change moves the version on, so the next request reads
afresh; entries of past versions are forgotten oldest first.

Only values no request changes belong here: they are shared by the threads of a process. A page
remembered is drawn by several requests at once, so nothing keeps a request's state on it (read a
file through its storage, not through the page's FieldFile, which would hold it open).
"""

import threading
from collections import OrderedDict

from site_project.page_cache import pages_version

MAX_ENTRIES = 2000

_entries = OrderedDict()
_lock = threading.Lock()


def remembered(key, compute):
    """compute()'s value for `key` at the current version; outside a request, computed each time."""
    return remembered_each([key], lambda keys: {key: compute()})[key]


def remembered_each(keys, compute_missing):
    """{key: value} for each of `keys`, compute_missing(keys not remembered) giving {key: value} for
    those in one go (one query for all of them rather than one each); a key it leaves out is left
    out of the answer."""
    version = pages_version()
    if version is None:
        return compute_missing(list(keys))
    found = {}
    with _lock:
        for key in keys:
            if (version, key) in _entries:
                _entries.move_to_end((version, key))
                found[key] = _entries[version, key]
    missing = [key for key in keys if key not in found]
    if missing:
        computed = compute_missing(missing)
        with _lock:
            for key in missing:
                if key in computed:
                    _entries[version, key] = computed[key]
            while len(_entries) > MAX_ENTRIES:
                _entries.popitem(last=False)
        found.update(computed)
    return found
