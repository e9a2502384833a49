"""Home-page sections filled by the other apps' template tags."""

from home.privacy import site_pages
from site_project.fragments import remembered

SECTION_TEMPLATE = "components/page_list_section.html"


def page_list_section(heading, index_model, count):
    """Context for a section listing the newest live pages under a section's index page.

    Empty (and so rendered as nothing) until the index page exists and has children.
    """
    index, pages = remembered(
        ("home-section", index_model._meta.label, count), lambda: _newest(index_model, count)
    )
    return {"heading": heading, "index": index, "pages": pages}


def _newest(index_model, count):
    index = index_model.objects.live().first()
    if index is None:
        return None, []
    return index, list(site_pages().child_of(index).live().public().order_by("-first_published_at")[:count])
