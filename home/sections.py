"""Home-page sections filled by the other apps' template tags."""

SECTION_TEMPLATE = "components/page_list_section.html"


def page_list_section(heading, index_model, count):
    """Context for a section listing the newest live pages under a section's index page.

    Empty (and so rendered as nothing) until the index page exists and has children.
    """
    index = index_model.objects.live().first()
    pages = index.get_children().live().public().order_by("-first_published_at")[:count] if index else []
    return {"heading": heading, "index": index, "pages": pages}
