"""Update every gettext catalogue (sv) and compile them. Needs GNU gettext.

The project catalogue in samsyn/locale covers the shared templates and modules; each app
with a locale/ folder keeps its own, so apps can be worked on without touching one file.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "samsyn"


def main() -> int:
    env = {**os.environ, "SAMSYN_DEBUG": "1"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    apps = [d for d in sorted(PACKAGE.iterdir()) if (d / "locale").is_dir()]
    common = ["makemessages", "-l", "sv", "--no-obsolete", "--no-location", "-v", "0",
              "-i", "tests/*", "-i", "*/tests/*"]
    for app in apps:
        subprocess.run([*manage, *common], cwd=app, env=env, check=True)
    ignores = [arg for app in apps for arg in ("-i", f"{app.name}/*")]
    ignores += ["-i", "settings_test.py", "-i", "testing.py"]
    subprocess.run([*manage, *common, *ignores], cwd=PACKAGE, env=env, check=True)
    subprocess.run([*manage, "compilemessages", "-v", "0"], cwd=ROOT, env=env, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
