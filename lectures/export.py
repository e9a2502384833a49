"""A tour's sessions as the lecture spreadsheet, in .xlsx or .csv, which imports back unchanged."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from home.sheets.reading import FORMULA_STARTS
from lectures.sheet import LectureSheet

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMN_WIDTHS = (6, 12, 10, 10, 18, 16, 30, 12, 24, 8, 30)


def session_rows(tour, team_ids=None):
    """Each session of the tour as the sheet's cells, in 序号 order; only `team_ids`' if given, so
    that a team's own export imports back."""
    sessions = tour.sessions.select_related("team", "town").prefetch_related("speakers").order_by("number")
    if team_ids is not None:
        sessions = sessions.filter(team__in=team_ids)
    for session in sessions:
        yield [
            session.number,
            session.date,
            session.start,
            session.end,
            session.team.title,
            "、".join(sorted(speaker.name for speaker in session.speakers.all())),
            session.topic,
            session.town.name,
            session.venue,
            session.get_venue_kind_display(),
            session.notes,
        ]


def as_csv(tour, team_ids=None):
    """UTF-8 with a BOM, which Excel on Chinese Windows opens without garbling; a text that Excel
    would take for a formula is written with a leading ' (the importer drops it)."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(LectureSheet.headers())
    for number, date, start, end, *texts in session_rows(tour, team_ids):
        texts = [f"'{text}" if text.startswith(FORMULA_STARTS) else text for text in texts]
        writer.writerow([number, f"{date:%Y-%m-%d}", f"{start:%H:%M}", f"{end:%H:%M}", *texts])
    return ("\ufeff" + text.getvalue()).encode()


def as_xlsx(tour, team_ids=None):
    """Dates and times as real Excel cells, so the teams can sort and filter them; texts always
    as text, never as formulas."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "宣讲安排"
    sheet.append(LectureSheet.headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in session_rows(tour, team_ids):
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
        date, start, end = (
            sheet.cell(sheet.max_row, 2),
            sheet.cell(sheet.max_row, 3),
            sheet.cell(sheet.max_row, 4),
        )
        date.number_format = "yyyy-mm-dd"
        start.number_format = end.number_format = "hh:mm"
    for letter, width in zip("ABCDEFGHIJK", COLUMN_WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    data = io.BytesIO()
    workbook.save(data)
    return data.getvalue()
