from django.utils.text import slugify

from pypinyin import lazy_pinyin, load_phrases_dict

# Local names whose polyphones pypinyin reads the common way (都 as dōu, 还 as hái).
load_phrases_dict({"铜都": [["tóng"], ["dū"]], "还地桥": [["huán"], ["dì"], ["qiáo"]]})


def pinyin_slug(text, max_length=60):
    """An ASCII slug read from Chinese: "铜都先锋" -> "tong-du-xian-feng".

    Shared links stay readable (WeChat shows percent-escapes for Chinese slugs).
    """
    slug = slugify(" ".join(lazy_pinyin(text)))
    if len(slug) > max_length:
        slug = slug[: max_length + 1].rsplit("-", 1)[0]
    return slug


def free_slug(parent, slug, page=None):
    """`slug`, or `slug-2`, `slug-3` …: the first that no other child of `parent` has."""
    siblings = parent.get_children().filter(slug__startswith=slug)
    if page is not None and page.pk:
        siblings = siblings.exclude(pk=page.pk)
    taken = set(siblings.values_list("slug", flat=True))
    candidate, suffix = slug, 1
    while candidate in taken:
        suffix += 1
        candidate = f"{slug}-{suffix}"
    return candidate


def child_slug(parent, title, page_type, page=None):
    """The slug a page under `parent` takes from its title: its pinyin (or, for a title with
    nothing to read, such as "！？" or emoji, the page type's name), made free among its siblings."""
    return free_slug(parent, pinyin_slug(title) or pinyin_slug(str(page_type._meta.verbose_name)), page)
