"""Rows of a sheet editors upload: .xlsx, or .csv as Excel saves it (UTF-8 with or without BOM, or GBK)."""

import csv
import datetime
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from openpyxl import load_workbook

MB = 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"  # .xlsx is a zip
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls
# A zip of a few MB can unpack to gigabytes; no sheet of a few thousand rows needs this much.
MAX_UNPACKED_BYTES = 50 * MB
CSV_ENCODINGS = ("utf-8-sig", "gb18030")  # gb18030 reads GBK, what Excel on Chinese Windows writes
FORMULA_STARTS = ("=", "+", "-", "@")
NOT_A_SHEET = "读不出表格内容：请上传 Excel（.xlsx）或 CSV 文件。"


class UnreadableSheet(Exception):
    """The file cannot be read as a sheet; the message tells the editor why."""


class CellProblem(ValueError):
    """A cell's value is not acceptable; the message says why."""


@dataclass(frozen=True)
class Problem:
    """What is wrong and where: the row as Excel numbers it (None for the whole file), the column."""

    row: int | None
    column: str
    message: str

    def __str__(self):
        where = "　".join(filter(None, [self.row and f"第 {self.row} 行", self.column]))
        return f"{where}：{self.message}" if where else self.message


def match_key(text):
    """Text as compared with headers and names: full-width letters, digits and brackets made
    half-width (优秀村(社区)书记 is 优秀村（社区）书记), spaces dropped."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def read_table(file, columns, required, *, max_bytes, max_rows):
    """The data rows as {"row": number, "cells": {column: text}}, and what keeps the file from
    being read: an unreadable or empty file, a missing or doubled column.

    Headers are matched by match_key, in any order; columns not in `columns` are not read.
    """
    try:
        rows = read_rows(file, max_bytes=max_bytes, max_rows=max_rows)
    except UnreadableSheet as error:
        return [], [Problem(None, "", str(error))]
    if not rows:
        return [], [Problem(None, "", "文件是空的。")]
    (header_number, header), *data_rows = rows
    keys = {match_key(column): column for column in columns}
    positions, problems = {}, []
    for position, text in enumerate(header):
        column = keys.get(match_key(text))
        if column in positions:
            problems.append(Problem(header_number, column, "表头里这一列出现了两次。"))
        elif column:
            positions[column] = position
    problems += [
        Problem(header_number, column, f"缺少必填列“{column}”。")
        for column in required
        if column not in positions
    ]
    if not problems and not data_rows:
        problems.append(Problem(None, "", "表格只有表头，没有数据行。"))
    records = [
        {"row": number, "cells": {column: _cell(cells, positions.get(column)) for column in columns}}
        for number, cells in data_rows
    ]
    return records, problems


def _cell(cells, position):
    return cells[position] if position is not None and position < len(cells) else ""


def read_rows(file, *, max_bytes, max_rows):
    """The sheet's non-blank rows as (row number as Excel shows it, stripped cell texts).

    The format is read from the content, not the file name.
    """
    data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UnreadableSheet(f"文件超过 {max_bytes // MB} MB，请分成几个文件导入。")
    if data.startswith(OLE_MAGIC):
        raise UnreadableSheet("这是旧版 Excel（.xls）文件：请在 Excel 里另存为 .xlsx 或 CSV 后再上传。")
    rows = _xlsx_rows(data) if data.startswith(ZIP_MAGIC) else _csv_rows(data)
    numbered = []
    for number, cells in enumerate(rows, start=1):
        texts = [cell_text(cell) for cell in cells]
        if not any(texts):
            continue
        if len(numbered) == max_rows:
            raise UnreadableSheet(f"表格超过 {max_rows} 行，请分成几个文件导入。")
        numbered.append((number, texts))
    return numbered


def cell_text(value):
    """A cell as text, as the editor wrote it in Excel: 2026 (Excel stores every number as a float,
    2026.0), a date cell as 2026-09-11, a time cell as 15:00. A leading ' that keeps Excel from
    reading =, +, - or @ as a formula is dropped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        value = value.date()
    if isinstance(value, datetime.datetime):
        text = value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
    elif isinstance(value, datetime.time):
        text = value.strftime("%H:%M:%S" if value.second else "%H:%M")
    else:
        text = str(value).strip()
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_STARTS else text


def _xlsx_rows(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise UnreadableSheet(NOT_A_SHEET) from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableSheet(NOT_A_SHEET)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            yield from workbook.active.iter_rows(values_only=True)
        finally:
            workbook.close()
    # openpyxl fails on a damaged or foreign zip with many kinds of error (KeyError, ValueError,
    # XML parse errors…); each means the same to the editor.
    except Exception as error:
        raise UnreadableSheet(NOT_A_SHEET) from error


def _csv_rows(data):
    if b"\x00" in data:  # text never holds NUL; images and other binaries do
        raise UnreadableSheet(NOT_A_SHEET)
    try:
        yield from csv.reader(io.StringIO(_decode(data), newline=""))
    except csv.Error as error:
        raise UnreadableSheet(NOT_A_SHEET) from error


def _decode(data):
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableSheet("认不出 CSV 文件的编码：请存为 UTF-8 或 GBK 编码，或者直接上传 .xlsx。")
