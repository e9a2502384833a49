from wagtail import blocks


class FigureBlock(blocks.StructBlock):
    """A headline number with its unit and what it counts, e.g. 3,921 名 在职党员进社区报到."""

    number = blocks.IntegerBlock(label="数字", min_value=0)
    unit = blocks.CharBlock(label="单位", max_length=8, required=False, help_text="如：名、人次、个、场")
    label = blocks.CharBlock(label="说明", max_length=40)

    class Meta:
        icon = "decimal"
        label = "数字"
        template = "home/blocks/figure.html"
        description = "醒目的统计数字，如“3921名在职党员进社区报到”"
        preview_value = {"number": 3921, "unit": "名", "label": "在职党员进社区报到"}
