"""Django's file cache, counting its folder on every n-th write instead of on every one.

`FileBasedCache.set` calls `_cull`, which lists the whole folder to count the files before
deciding whether to remove any. Every key of ours holds a version, so a key of an older
version is never asked for again and its file stays until culled: the folder fills to
MAX_ENTRIES (20 000) and stays near it, and each write then lists 13 000-20 000 names
(about 20 ms of CPU at 15 000 files, against 0.2 ms for the write itself; a first view of
the start page writes six entries). Here the folder is counted, and culled as Django culls
it, on a process's first write and then on every `CULL_EVERY`-th (option, default 100), so
the folder holds at most MAX_ENTRIES plus CULL_EVERY per process writing to it.
"""

import itertools
from typing import Any

from django.core.cache.backends.filebased import FileBasedCache


class SeldomCullingFileCache(FileBasedCache):
    def __init__(self, dir: str, params: dict[str, Any]) -> None:
        super().__init__(dir, params)
        options = params.get("OPTIONS", {})
        self._cull_every = max(1, int(options.get("CULL_EVERY", 100)))
        # Shared by the threads of a process: next() on a count is atomic under the GIL.
        self._writes = itertools.count()

    def _cull(self) -> None:
        if next(self._writes) % self._cull_every == 0:
            super()._cull()  # type: ignore[misc]  # not in django-stubs
