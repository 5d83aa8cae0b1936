"""The code lists an insats is classified by for Uppföljning Finsam, read from data files.

The lists are data (samsyn/interventions/codes/*.toml, each with its source and the date it
was read), not code: an installation replaces one by putting a file of the same name in
`settings.CODE_LISTS_DIR`. Plain functions over plain values, no ORM: the model's `clean`,
the forms, the association file and the report all ask here.
"""

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

SHIPPED = Path(__file__).resolve().parent / "codes"
ORIENTATION, PRECISE, METHOD, ESF, TARGET_GROUP = (
    "inriktning", "preciserad_inriktning", "uppfoljningsmetod", "esf", "malgrupp")
LISTS = (ORIENTATION, PRECISE, METHOD, ESF, TARGET_GROUP)
KINDS = ("individual", "structural")


@dataclass(frozen=True)
class Code:
    code: str
    label: str
    source: str = ""


@dataclass(frozen=True)
class CodeList:
    name: str
    title: str
    question: str       # the form's own label of the question, as the report prints it
    source: str
    source_url: str
    read_on: dt.date | None
    verified: bool      # the labels were read from Uppföljning Finsam's own text
    codes: tuple[Code, ...] = ()
    # The preciserad inriktning: one list per inriktning (kind).
    per_kind: dict[str, tuple[Code, ...]] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)  # e.g. the ESF answers "yes"/"no"
    path: str = ""

    def all_codes(self) -> tuple[Code, ...]:
        return self.codes + tuple(c for codes in self.per_kind.values() for c in codes)

    def for_kind(self, kind: str) -> tuple[Code, ...]:
        return self.per_kind.get(kind, ()) if self.per_kind else self.codes

    def label(self, code: str) -> str | None:
        return next((c.label for c in self.all_codes() if c.code == code), None)


def _path(name: str) -> Path:
    own = getattr(settings, "CODE_LISTS_DIR", None)
    if own and (Path(own) / f"{name}.toml").is_file():
        return Path(own) / f"{name}.toml"
    return SHIPPED / f"{name}.toml"


def _codes(raw: Any, where: str) -> tuple[Code, ...]:
    if not isinstance(raw, list):
        raise ImproperlyConfigured(f"{where}: must be a list of codes")
    codes = []
    for i, item in enumerate(raw):
        if not (isinstance(item, dict) and isinstance(item.get("code"), str) and item["code"]
                and isinstance(item.get("label"), str) and item["label"]):
            raise ImproperlyConfigured(f"{where}[{i}]: needs a code and a label (text)")
        if len(item["code"]) > 40:
            raise ImproperlyConfigured(f"{where}[{i}]: a code has at most 40 characters")
        codes.append(Code(item["code"], item["label"], str(item.get("source", ""))))
    seen = [c.code for c in codes]
    if len(set(seen)) != len(seen):
        raise ImproperlyConfigured(f"{where}: a code appears twice")
    return tuple(codes)


@cache
def _load(path: Path) -> CodeList:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ImproperlyConfigured(f"{path}: cannot be read as a code list ({exc})") from exc
    name = path.stem
    read_on = data.get("read_on")
    per_kind = {kind: _codes(data.get(kind, []), f"{path}: {kind}")
                for kind in KINDS} if name == PRECISE else {}
    listed = CodeList(
        name=name, title=str(data.get("title", name)),
        question=str(data.get("question", data.get("title", name))),
        source=str(data.get("source", "")), source_url=str(data.get("source_url", "")),
        read_on=read_on if isinstance(read_on, dt.date) else None,
        verified=data.get("verified") is True,
        codes=() if per_kind else _codes(data.get("code", []), f"{path}: code"),
        per_kind=per_kind,
        extra={k: v for k, v in data.items() if k in ("yes", "no") and isinstance(v, str)},
        path=str(path),
    )
    if name == ORIENTATION and {c.code for c in listed.codes} != set(KINDS):
        raise ImproperlyConfigured(f"{path}: the codes must be {', '.join(KINDS)}")
    return listed


def code_list(name: str) -> CodeList:
    """The list `name` (one of LISTS), the installation's own where it has one."""
    if name not in LISTS:
        raise KeyError(name)
    return _load(_path(name))


def check_all() -> list[str]:
    """Every list that cannot be read, as a line each (for `manage.py check`)."""
    faults = []
    for name in LISTS:
        try:
            code_list(name)
        except ImproperlyConfigured as exc:
            faults.append(str(exc))
    return faults


@dataclass(frozen=True)
class Classification:
    """What Uppföljning Finsam asks of an insats, as Samsyn holds it."""

    kind: str
    precise: str = ""
    method: str = ""
    esf_funded: bool = False
    esf_programme: str = ""
    target_codes: tuple[str, ...] = ()
    target_text: str = ""


def errors(c: Classification) -> dict[str, str]:
    """Each value not in its list, by the insats' field name, in words naming the question."""
    found: dict[str, str] = {}
    precise = code_list(PRECISE)
    kind_label = code_list(ORIENTATION).label(c.kind) or c.kind
    if c.precise and c.precise not in {x.code for x in precise.for_kind(c.kind)}:
        found["precise_orientation"] = _(
            "%(value)s is not in the list of %(question)s for %(kind)s.") % {
            "value": f"”{c.precise}”", "question": precise.question, "kind": kind_label}
    method = code_list(METHOD)
    if c.method and method.label(c.method) is None:
        found["followup_method"] = _("%(value)s is not in the list of %(question)s.") % {
            "value": f"”{c.method}”", "question": method.question}
    esf = code_list(ESF)
    if c.esf_programme and esf.label(c.esf_programme) is None:
        found["esf_programme"] = _("%(value)s is not in the list of ESF programmes.") % {
            "value": f"”{c.esf_programme}”"}
    elif c.esf_programme and not c.esf_funded:
        found["esf_programme"] = _("An ESF programme is named only for an insats financed "
                                   "by the ESF.")
    groups = code_list(TARGET_GROUP)
    unknown = [code for code in c.target_codes if groups.label(code) is None]
    if unknown:
        found["target_group_codes"] = _("%(value)s is not in the list of %(question)s.") % {
            "value": ", ".join(f"”{u}”" for u in unknown), "question": groups.question}
    elif len(set(c.target_codes)) != len(c.target_codes):
        found["target_group_codes"] = _("A target group is named twice.")
    return found


def to_classify(c: Classification) -> list[str]:
    """The questions of the form Samsyn could answer but has no answer for yet (by the
    form's own labels). The preciserad inriktning counts only where its list is known."""
    missing = []
    if not c.precise and code_list(PRECISE).for_kind(c.kind):
        missing.append(code_list(PRECISE).question)
    if not c.method:
        missing.append(code_list(METHOD).question)
    if not c.target_codes:
        missing.append(code_list(TARGET_GROUP).question)
    return missing


def answers(c: Classification) -> dict[str, str]:
    """Each coded answer as the form words it ("" where Samsyn has none; a code no longer
    listed as itself)."""
    groups = code_list(TARGET_GROUP)
    esf = code_list(ESF)
    return {
        "kind": code_list(ORIENTATION).label(c.kind) or c.kind,
        "precise": code_list(PRECISE).label(c.precise) or c.precise,
        "target_groups": "; ".join(groups.label(code) or code for code in c.target_codes),
        "method": code_list(METHOD).label(c.method) or c.method,
        "esf": esf.extra.get("yes", _("yes")) if c.esf_funded else esf.extra.get("no", _("no")),
        "programme": esf.label(c.esf_programme) or c.esf_programme,
    }


def shown(c: Classification) -> dict[str, Any]:
    """The classification as an insats' page lists it: (the form's label, the answer)."""
    said = answers(c)
    rows = [(code_list(ORIENTATION).question, said["kind"]),
            (code_list(PRECISE).question, said["precise"]),
            (code_list(TARGET_GROUP).question, "; ".join(
                x for x in (said["target_groups"], c.target_text) if x)),
            (code_list(METHOD).question, said["method"]),
            (code_list(ESF).question, said["esf"])]
    return {"rows": [{"label": label, "value": value} for label, value in rows],
            "programme": said["programme"]}
