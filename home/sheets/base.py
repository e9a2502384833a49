"""A spreadsheet import, declared: its columns and their parsers, what makes two rows the same,
what each row does; read, checked and applied here for the admin's views and the commands alike.

A subclass names its `columns` and implements `match` (what a checked row would do: its status
and note) and `apply` (do it). Checking never writes; applying is all or nothing.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from home.sheets.cells import CellProblem
from home.sheets.reading import MB, Problem, read_table

HAS_PROBLEMS = "有问题"
NEW = "新建"


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    parse: Any  # text -> value, or the name of the sheet's method that is
    required: bool = True  # the header must be in the sheet (an empty cell is the parser's business)


@dataclass
class Row:
    number: int  # the row as Excel numbers it
    cells: dict  # header -> text as read
    values: dict = field(default_factory=dict)  # field -> checked value
    problems: list = field(default_factory=list)
    status: str = HAS_PROBLEMS
    note: str = ""  # what the preview says besides the status
    target: Any = None  # what the row updates or duplicates, if anything

    def problem(self, column, message):
        self.problems.append(Problem(self.number, column, message))


class Sheet:
    columns = ()
    max_bytes = 2 * MB
    max_rows = 2000
    statuses = (HAS_PROBLEMS, NEW)  # in the order the preview lists rows
    actionable = (NEW,)  # the statuses of rows that confirming changes something for
    preview_headers = ()  # the columns the preview's table shows

    def __init__(self):
        self.rows, self.problems = [], []

    @classmethod
    def headers(cls, *, required=False):
        return tuple(column.header for column in cls.columns if column.required or not required)

    def check_file(self, file):
        """Read an uploaded sheet and check each row."""
        records, problems = read_table(
            file,
            self.headers(),
            self.headers(required=True),
            max_bytes=self.max_bytes,
            max_rows=self.max_rows,
        )
        if problems:
            self.rows, self.problems = [], problems
            return self
        return self.check_records(records)

    def check_records(self, records):
        """Check the rows as read (what the admin carries from preview to confirmation)."""
        self.prepare()
        parsers = [(column, self._parser(column)) for column in self.columns]
        first_rows = {}  # a row's key -> the number of the row that first has it
        self.rows = []
        for record in records:
            row = Row(record["row"], record["cells"])
            for column, parse in parsers:
                try:
                    row.values[column.field] = parse(row.cells[column.header])
                except CellProblem as problem:
                    row.problem(column.header, str(problem))
            if not row.problems:
                self.clean(row)
            if not row.problems:
                key, column, same = self.key(row)
                if key in first_rows:
                    row.problem(column, f"与第 {first_rows[key]} 行重复（{same}）。")
                else:
                    first_rows[key] = row.number
                    self.match(row)
            if row.problems:
                row.status = HAS_PROBLEMS
            self.rows.append(row)
        self.problems = [problem for row in self.rows for problem in row.problems]
        return self

    def records(self):
        """The rows as read, to be checked again on confirmation."""
        return [{"row": row.number, "cells": row.cells} for row in self.rows]

    def rows_with(self, *statuses):
        return [row for row in self.rows if row.status in statuses]

    @property
    def actionable_rows(self):
        return self.rows_with(*self.actionable)

    def apply(self, user=None):
        if self.problems:
            raise ValueError("A sheet with problems is never imported.")
        with transaction.atomic():
            return self.save(user)

    def _parser(self, column):
        return getattr(self, column.parse) if isinstance(column.parse, str) else column.parse

    # What a subclass declares.

    def prepare(self):
        """Read once per check what the rows are checked against."""

    def clean(self, row):
        """Check what spans columns; add problems to the row."""

    def key(self, row):
        """(what makes two rows the same, the column to blame, how the message names it)."""
        raise NotImplementedError

    def match(self, row):
        """Set the row's status (and note, target); add problems it cannot be applied with."""
        raise NotImplementedError

    def save(self, user):
        """Apply the checked rows, inside a transaction; returns what it created or changed."""
        raise NotImplementedError

    def summary(self):
        """What confirming does, in one sentence."""
        raise NotImplementedError

    def preview_message(self):
        """What the preview says confirming will do."""
        raise NotImplementedError

    def nothing_to_do(self):
        """What the preview says when no row would change anything."""
        raise NotImplementedError

    def done_message(self, saved):
        raise NotImplementedError

    def confirm_label(self):
        return "确认导入"
