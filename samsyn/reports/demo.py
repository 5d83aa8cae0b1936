"""The board's decisions and the texts of the demo documents, as the seed documents give them.

Only what a document prints is held: 002 closes with the board's decision (Haninge, 22 March
2023) signed by six members; the texts a person wrote (foreword, about the förbund, direction,
vision, personnel, expected development, accounting principles) are the documents' own words
with only OCR breakage mended. Idempotent.
"""

import datetime as dt
import json
from pathlib import Path

from django.db import transaction

from samsyn.associations.models import Association
from samsyn.reports.models import Decision, ReportText, Signatory

DEMO_DIR = Path(__file__).resolve().parent / "demo"


def load_demo(association: Association) -> list[str]:
    path = DEMO_DIR / f"{association.slug}.json"
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    made = 0
    with transaction.atomic():
        for item in data.get("decisions", []):
            decision, created = Decision.objects.update_or_create(
                association=association, kind=item["kind"], year=item["year"],
                defaults={"decided": dt.date.fromisoformat(item["decided"]),
                          "place": item.get("place", ""),
                          "statement": item.get("statement", "")})
            made += created
            decision.signatories.all().delete()
            Signatory.objects.bulk_create(
                Signatory(decision=decision, order=i, name=s["name"], role=s.get("role", ""))
                for i, s in enumerate(item["signatories"]))
        for item in data.get("texts", []):
            _text, created = ReportText.objects.update_or_create(
                association=association, kind=item["kind"], year=item["year"],
                defaults={k: v for k, v in item.items()
                          if k not in ("kind", "year") and not k.startswith("_")})
            made += created
    return [f"reports: {made} decisions and texts added" if made
            else "reports: already up to date"]
