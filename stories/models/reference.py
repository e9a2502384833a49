"""Reference data editors keep as snippets: towns and honour categories (and the base of columns)."""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from home.slugs import pinyin_slug


class ReferenceItem(models.Model):
    """A named row of reference data, listed in the editors' order."""

    sort_order = models.PositiveSmallIntegerField("排序", default=100)

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Town(index.Indexed, ReferenceItem):
    """A town or street of Daye (乡镇/街道)."""

    name = models.CharField("名称", max_length=20, unique=True)
    slug = models.SlugField(
        "网址名称", max_length=60, unique=True, blank=True, help_text="留空则按名称生成拼音。"
    )
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(ReferenceItem.Meta):
        verbose_name = "乡镇（街道）"
        verbose_name_plural = "乡镇（街道）"

    def save(self, *args, **kwargs):
        self.slug = self.slug or pinyin_slug(self.name)
        super().save(*args, **kwargs)


class HonourCategory(ReferenceItem):
    """A commendation category of the city's 七一 honours, e.g. 优秀共产党员."""

    name = models.CharField("名称", max_length=30, unique=True)
    slug = models.SlugField("网址名称", max_length=60, unique=True)
    honours_organisations = models.BooleanField(
        "表彰组织", default=False, help_text="勾选表示表彰的是党组织（如先进基层党组织），而不是个人。"
    )
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("honours_organisations"),
        FieldPanel("sort_order"),
    ]

    class Meta(ReferenceItem.Meta):
        verbose_name = "荣誉类别"
        verbose_name_plural = "荣誉类别"
