"""Starting Django imports no heavy library that the process may never use (issue 29).

Every command and web worker starts with `django.setup()`, which imports each app's report
builders (the registry) and with them the audit and the renderers. scipy, numpy, matplotlib,
WeasyPrint, python-docx and openpyxl are loaded on first use only: the audit's solver and the
XLSX and PDF writers by their dotted paths (`publication.audit.SOLVER`,
`reports.render.XLSX_WRITER`, `reports.render.PDF_WRITER`), the others inside the function that
draws or writes. Each check runs in a fresh interpreter,
since this test process has imported them all already.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HEAVY = ("scipy", "numpy", "matplotlib", "weasyprint", "docx", "openpyxl")


def _loaded_after(code: str) -> list[str]:
    """The heavy top-level packages in sys.modules after `django.setup()` and `code`."""
    script = (
        "import json, sys, django\n"
        "django.setup()\n"
        f"{code}\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "samsyn.settings_test"}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True, timeout=120)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_django_setup_imports_no_solver_chart_pdf_or_office_library():
    assert _loaded_after("") == []


def test_a_web_worker_and_the_import_command_load_none_of_them_either():
    code = ("import samsyn.urls\n"
            "from django.core.management import load_command_class\n"
            "load_command_class('samsyn.participants', 'import_participations')")
    assert _loaded_after(code) == []


def test_the_first_audit_and_the_first_workbook_load_them_by_their_dotted_paths():
    code = ("from samsyn.publication.audit import audit\n"
            "result = audit({'a': 2, 'b': 9, 't': 11}, [('a', 'b', 't')], set(), 3)\n"
            "assert {'a', 'b'} <= result.hidden, result.hidden\n"
            "from samsyn.reports.render import to_xlsx\n"
            "from samsyn.reports.document import Report\n"
            "import datetime as dt\n"
            "day = dt.date(2022, 1, 1)\n"
            "assert to_xlsx(Report('x', 'X', 'x', 'X', day, day, [])).startswith(b'PK')")
    assert {"scipy", "numpy", "openpyxl"} <= set(_loaded_after(code))
