"""{% picture %} as Wagtail's, drawn once per image, filters and attributes for each version of the
pages (site_project.fragments): a card's three formats in two sizes are six renditions to look up,
each with its filter parsed again, on every request."""

from django import template

from wagtail.images.templatetags.wagtailimages_tags import PictureNode, image

from site_project.fragments import remembered

register = template.Library()


class RememberedPictureNode(PictureNode):
    def render(self, context):
        picture = self.validate_image(context)
        if not picture or self.output_var_name:
            return super().render(context)
        attrs = tuple((name, str(value.resolve(context))) for name, value in self.attrs.items())
        key = ("picture", picture.pk, tuple(self.filter_specs), attrs)
        return remembered(key, lambda: super(RememberedPictureNode, self).render(context))


@register.tag
def picture(parser, token):
    node = image(parser, token)
    return RememberedPictureNode(node.image_expr, node.filter_specs, node.output_var_name, node.attrs)
