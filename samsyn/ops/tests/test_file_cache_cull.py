"""The shared file cache (samsyn/filecache.py) counts its folder on every n-th write only, and
still keeps it near MAX_ENTRIES: a folder that grew without bound would fill the disk, one
counted on every write costs each write a listing of up to 20 000 names."""

from pathlib import Path
from typing import Any
from unittest import mock

from django.core.cache.backends.filebased import FileBasedCache

from samsyn.filecache import SeldomCullingFileCache


def _cache(folder: Path, every: int = 5) -> SeldomCullingFileCache:
    return SeldomCullingFileCache(str(folder), {"OPTIONS": {"MAX_ENTRIES": 10,
                                                            "CULL_EVERY": every}})


def _files(folder: Path) -> int:
    return len(list(folder.glob("*.djcache")))


def test_the_folder_stays_within_max_entries_and_one_round_of_writes(tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    most = 0
    for n in range(200):
        cache.set(f"key-{n}", n, 60)
        most = max(most, _files(tmp_path))
    assert most <= 10 + 5
    assert _files(tmp_path) >= 5  # culled by a third at a time, as Django culls, not emptied


def test_the_folder_is_listed_on_the_first_write_and_every_nth_after(tmp_path: Path) -> None:
    cache = _cache(tmp_path, every=4)
    listed: list[int] = []
    original = FileBasedCache._list_cache_files

    def counting(self: Any) -> list[str]:
        listed.append(1)
        return original(self)

    with mock.patch.object(FileBasedCache, "_list_cache_files", counting):
        for n in range(9):
            cache.set(f"key-{n}", n, 60)
    assert len(listed) == 3  # writes 1, 5 and 9


def test_what_is_written_is_read_back(tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    cache.set("figures", {"year": 2022}, 60)
    assert _cache(tmp_path).get("figures") == {"year": 2022}  # by another instance too
