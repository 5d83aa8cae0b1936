"""Fill empty or fuzzy Swedish translations in the catalogues from a JSON map.

Usage: python scripts/po_fill.py map.json   (map: {"English msgid": "Svensk text"})
then `make messages` to compile. Existing, confirmed translations are left alone.
"""

import ast
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _field(lines: list[str], key: str) -> str | None:
    for i, line in enumerate(lines):
        if line.startswith(f"{key} "):
            text = ast.literal_eval(line[len(key) + 1:])
            for more in lines[i + 1:]:
                if not more.startswith('"'):
                    break
                text += ast.literal_eval(more)
            return str(text)
    return None


def fill_block(block: str, mapping: dict[str, str]) -> tuple[str, bool]:
    lines = block.split("\n")
    msgid = _field(lines, "msgid")
    if not msgid or msgid not in mapping or "msgid_plural" in block:
        return block, False
    fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
    if _field(lines, "msgstr") and not fuzzy:
        return block, False
    kept = []
    skipping = False
    for line in lines:
        if line.startswith("#|"):
            continue
        if line.startswith("#,"):
            flags = [f.strip() for f in line[2:].split(",") if f.strip() != "fuzzy"]
            if flags:
                kept.append("#, " + ", ".join(flags))
            continue
        if line.startswith("msgstr "):
            kept.append("msgstr " + json.dumps(mapping[msgid], ensure_ascii=False))
            skipping = True
            continue
        if skipping and line.startswith('"'):
            continue
        skipping = False
        kept.append(line)
    return "\n".join(kept), True


def main(path: str) -> int:
    mapping = json.loads(Path(path).read_text(encoding="utf-8"))
    filled = 0
    for po in sorted(ROOT.glob("samsyn/**/locale/sv/LC_MESSAGES/django.po")):
        blocks = po.read_text(encoding="utf-8").split("\n\n")
        out = []
        for block in blocks:
            new, changed = fill_block(block, mapping)
            filled += changed
            out.append(new)
        po.write_text("\n\n".join(out), encoding="utf-8")
    print(f"filled {filled} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
