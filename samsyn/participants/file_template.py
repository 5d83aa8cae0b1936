"""The participations file as the staff fill it in: a template to download (Excel, the
columns' Swedish names in the header, the accepted words as lists in the cells) and, for the
import page, the words each column accepts.

Every word offered here is one the file reader accepts (participation_file.py; a test reads
the template back through it), so a file made from the template imports as it is.
"""

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from samsyn.associations.access import Scope
from samsyn.associations.models import MemberKind
from samsyn.participants.codes import Referrer
from samsyn.participants.models import ReferrerCode
from samsyn.participants.participation_file import REQUIRED, SUPPORT_TIMES

# The header of each column as the template writes it: a Swedish name the reader knows
# (participation_file.COLUMNS), in the reader's order.
HEADERS: dict[str, str] = {
    "intervention": "Insats",
    "participant": "Personnummer",
    "gender": "Kön",
    "birth_year": "Födelseår",
    "municipality": "Kommun",
    "referrer": "Anvisare",
    "start_date": "Startdatum",
    "support_at_start": "Försörjning vid start",
    "support_time": "Tid i offentlig försörjning",
    "consent_date": "Samtyckesdatum",
    "occupation_at_start": "Sysselsättning vid start",
    "end_date": "Slutdatum",
    "exit_reason": "Avslutsorsak",
    "occupation_at_exit": "Sysselsättning vid avslut",
    "support_at_exit": "Försörjning vid avslut",
    "followup_date": "Uppföljningsdatum",
    "followup_occupation": "Sysselsättning vid uppföljning",
    "followup_support": "Försörjning vid uppföljning",
}

# One Swedish word per national code, as the lists offer them (each is a synonym the reader
# knows: codes.SYNONYMS and participation_file.OCCUPATIONS).
GENDERS = ["Kvinna", "Man", "Ej angett"]
REFERRERS = {Referrer.AF: "Arbetsförmedlingen", Referrer.FK: "Försäkringskassan",
             Referrer.KOMMUN: "Kommunen", Referrer.REGION: "Regionen",
             Referrer.SELF: "Egen anmälan", Referrer.OTHER: "Annat"}
SUPPORTS = ["Försörjningsstöd", "Sjukpenning", "Aktivitetsersättning", "Sjukersättning",
            "Aktivitetsstöd", "A-kassa", "Etableringsersättning", "Lön", "Ingen", "Annan"]
EXIT_REASONS = ["Arbete", "Studier", "Ordinarie insats AF", "Ordinarie insats kommun",
                "Annan insats", "Fortsatt rehabilitering", "Sjukdom", "Övrigt"]
OCCUPATIONS = ["Arbete", "Studier", "Arbetssökande", "Ingen sysselsättning", "Annan"]

DATE_COLUMNS = ("start_date", "end_date", "consent_date", "followup_date")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    words: list[str]    # the accepted words, offered as a list; empty: free text
    hint: str           # what goes in the column, for a column without a list


def columns(scope: Scope) -> list[Column]:
    """The columns of the förbund's file, with the words each accepts for the insatser this
    person keeps records for."""
    association = scope.association
    interventions = list(scope.interventions().filter(aggregate_only=False)
                         .order_by("name").values_list("name", flat=True))
    municipalities = list(association.members.filter(kind=MemberKind.MUNICIPALITY)
                          .order_by("name").values_list("name", flat=True))
    own = list(ReferrerCode.objects.filter(association=association).order_by("label")
               .values_list("label", flat=True))
    words: dict[str, list[str]] = {
        "intervention": interventions, "gender": GENDERS, "municipality": municipalities,
        "referrer": list(REFERRERS.values()) + own, "support_at_start": SUPPORTS,
        "support_at_exit": SUPPORTS, "followup_support": SUPPORTS,
        "exit_reason": EXIT_REASONS, "occupation_at_start": OCCUPATIONS,
        "occupation_at_exit": OCCUPATIONS, "followup_occupation": OCCUPATIONS,
        "support_time": list(SUPPORT_TIMES),
    }
    hints = {
        "participant": _("A personnummer (YYYYMMDD-NNNN) or the insats's own code for the "
                         "person; turned into a pseudonym at once, never stored."),
        "birth_year": _("Four digits, such as 1990."),
        **{key: _("A date, YYYY-MM-DD.") for key in DATE_COLUMNS},
    }
    return [Column(key, header, key in REQUIRED, words.get(key, []), hints.get(key, ""))
            for key, header in HEADERS.items()]


_LISTS = "Ordlistor"
_ROWS = 1000  # rows of the template that offer the lists


def workbook(scope: Scope) -> bytes:
    """The template as an .xlsx file: a header row, an empty sheet to fill in, and the
    lists on a sheet of their own (a list in a cell holds at most 255 characters inline)."""
    from openpyxl import Workbook  # noqa: PLC0415 - start-up cost: openpyxl only for a download
    from openpyxl.styles import Font  # noqa: PLC0415 - as above
    from openpyxl.utils import get_column_letter  # noqa: PLC0415 - as above
    from openpyxl.worksheet.datavalidation import DataValidation  # noqa: PLC0415 - as above

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Participations")
    lists = book.create_sheet(_LISTS)
    bold = Font(bold=True)
    for index, column in enumerate(columns(scope), start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = bold
        sheet.column_dimensions[letter].width = max(14, len(column.header) + 4)
        if column.key in DATE_COLUMNS:
            for row in range(2, _ROWS + 2):
                sheet.cell(row=row, column=index).number_format = "yyyy-mm-dd"
        if not column.words:
            continue
        lists.cell(row=1, column=index, value=column.header).font = bold
        for row, word in enumerate(column.words, start=2):
            lists.cell(row=row, column=index, value=word)
        last = len(column.words) + 1
        check = DataValidation(
            type="list", formula1=f"'{_LISTS}'!${letter}$2:${letter}${last}",
            allow_blank=not column.required, showErrorMessage=True,
            errorTitle=column.header,
            error=_("Choose one of the words in the list."))
        sheet.add_data_validation(check)
        check.add(f"{letter}2:{letter}{_ROWS + 1}")
    sheet.freeze_panes = "A2"
    lists.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
