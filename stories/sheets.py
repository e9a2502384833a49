"""Cells of stories' reference data as every spreadsheet import reads them."""

from home.sheets import cells
from stories.models import Town


def town_cell():
    """A 乡镇 cell: a town the site knows (read once, when the parser is made)."""
    return cells.named(
        {town.name: town for town in Town.objects.all()},
        missing="请填写乡镇（街道）。",
        unknown="没有“{text}”这个乡镇（街道）。如确有此地，请先在“基础数据 › 乡镇（街道）”里添加，再重新上传。",
    )
