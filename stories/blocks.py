from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from home.api_fields import WHOLE, image_representation
from home.blocks import FigureBlock


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="图片")
    alt = blocks.CharBlock(label="替代文字", max_length=120, help_text="给看不见图片的读者：图上是什么。")
    caption = blocks.CharBlock(label="图片说明", max_length=120, required=False)

    class Meta:
        icon = "image"
        label = "图片"
        template = "stories/blocks/captioned_image.html"
        description = "一张图片，带说明和摄影者"

    def get_api_representation(self, value, context=None):
        """The image as its renditions with absolute URLs, where Wagtail gives its id."""
        image, request = value["image"], (context or {}).get("request")
        return {
            "image": image and image_representation(image, WHOLE, request),
            "alt": value["alt"],
            "caption": value["caption"],
        }


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="引语", max_length=300)
    attribution = blocks.CharBlock(label="出处", max_length=60, required=False)

    class Meta:
        icon = "openquote"
        label = "引语"
        template = "stories/blocks/quote.html"
        description = "人物的一句话，醒目显示"
        preview_value = {"text": "群众的小事，就是我们的大事。", "attribution": "某村党支部书记"}


class StoryBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label="段落",
        features=["bold", "italic", "link", "ol", "ul"],
        icon="pilcrow",
        template="stories/blocks/paragraph.html",
        description="正文段落",
        preview_value="<p>他扎根村里二十年，带领群众修路、建厂、调处纠纷。</p>",
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    figure = FigureBlock()
