"""Import of a participations file, streamed (issue 14). Run with `make bench`.

The figures at 100 k and 1 M rows against COPY come from `benchmarks/import_scale.py`
(minutes, PostgreSQL); this measures the same path at a size a benchmark round can repeat.
"""

import io

import pytest

from benchmarks.import_scale import write_file
from samsyn.associations.access import Scope
from samsyn.participants import importing
from samsyn.testing import make_world


@pytest.mark.django_db
def test_preview_an_import_of_20000_participations(benchmark, tmp_path):
    world = make_world("bench")
    path = tmp_path / "d.csv"
    write_file(path, 20_000)
    data = path.read_bytes()
    scope = Scope.system(world.association)

    def preview() -> importing.Summary:
        return importing.import_file(scope, io.BytesIO(data), "d.csv", apply=False, user=None)

    summary = benchmark(preview)
    assert (summary.create, summary.errors) == (20_000, [])
