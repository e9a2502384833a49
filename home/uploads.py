"""What an uploaded image keeps: its pixels, turned upright, without the camera's EXIF (GPS, model,
time) or other metadata; and a Chinese form error for a file Pillow cannot fully decode. The image
form (WAGTAILIMAGES_IMAGE_FORM_BASE) does it for every upload, single or several at once."""

import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from PIL import Image, ImageOps

# Pillow's save options that keep the picture as it was (the metadata is what is left out).
SAVE_OPTIONS = {"JPEG": {"quality": 95}, "WEBP": {"quality": 95}, "AVIF": {"quality": 90}, "PNG": {}}
UNREADABLE = "这个图片文件已损坏或含有异常数据，无法读取。请换一个文件，或用看图软件另存后再上传。"


def without_metadata(upload):
    """The upload re-encoded without metadata, or itself where that would lose something (GIFs,
    animations); a ValidationError when it cannot be decoded (a broken file, a decompression bomb)."""
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.load()  # every chunk, text included: a bomb hidden after the pixels fails here
            if image.format not in SAVE_OPTIONS or getattr(image, "n_frames", 1) > 1:
                upload.seek(0)
                return upload
            upright = ImageOps.exif_transpose(image)
            options = dict(SAVE_OPTIONS[image.format])
            for kept in ("icc_profile", "transparency"):
                if kept in image.info:
                    options[kept] = image.info[kept]
            output = io.BytesIO()
            upright.save(output, format=image.format, **options)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(UNREADABLE, code="invalid_image") from error
    return SimpleUploadedFile(
        upload.name, output.getvalue(), content_type=getattr(upload, "content_type", None)
    )


class DecodedImageField(WagtailImageField):
    """Wagtail's image field, refusing with a form error what Pillow raises while it looks at the
    file (a text chunk too large to inflate, say) instead of failing the request."""

    def to_python(self, data):
        try:
            return super().to_python(data)
        except (OSError, ValueError, SyntaxError) as error:
            raise ValidationError(UNREADABLE, code="invalid_image") from error


class SiteImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            self.fields["file"].__class__ = DecodedImageField  # the same field, with the guard above

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            return without_metadata(upload)
        return upload
