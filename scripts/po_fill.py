"""Fill empty Swedish translations in the catalogues from a JSON map {msgid: msgstr}.

Usage: python scripts/po_fill.py translations.json   (then: make messages)
Only entries with an empty msgstr are touched; existing translations are kept.
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENTRY = re.compile(r'(^msgid "(?P<id>(?:[^"\\]|\\.)*)"\n)(?P<cont>(?:"(?:[^"\\]|\\.)*"\n)*)'
                   r'msgstr ""\n(?!")', re.M)


def unquote(text: str) -> str:
    return json.loads(f'"{text}"')


def main(path: str) -> int:
    mapping = json.loads(Path(path).read_text(encoding="utf-8"))
    filled = 0
    for po in sorted(ROOT.glob("samsyn/**/locale/sv/LC_MESSAGES/django.po")):
        text = po.read_text(encoding="utf-8")

        def replace(match: re.Match[str]) -> str:
            nonlocal filled
            msgid = unquote(match["id"]) + "".join(
                unquote(line[1:-1]) for line in match["cont"].splitlines()
            )
            if not msgid or msgid not in mapping:
                return match.group(0)
            filled += 1
            value = json.dumps(mapping[msgid], ensure_ascii=False)
            return f"{match.group(1)}{match['cont']}msgstr {value}\n"

        po.write_text(ENTRY.sub(replace, text), encoding="utf-8")
    print(f"filled {filled} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
