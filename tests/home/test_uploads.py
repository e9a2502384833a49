"""Uploaded images lose their EXIF (GPS, camera) in the stored original; broken ones are refused."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from PIL import Image

from home.models import SiteImage

GPS, MODEL, ORIENTATION = 0x8825, 0x0110, 0x0112


def photo_with_gps():
    """A 300×200 JPEG as a phone writes it: turned by its EXIF orientation, with GPS and camera."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # shown turned 90°: upright it is 200×300
    exif[MODEL] = "HUAWEI P60"
    exif[GPS] = {1: "N", 2: (30.0, 5.0, 42.0), 3: "E", 4: (114.0, 58.0, 1.0)}
    output = io.BytesIO()
    Image.new("RGB", (300, 200), (179, 18, 27)).save(output, "JPEG", exif=exif)
    return output.getvalue()


def png_with_a_text_bomb():
    """A valid 1×1 PNG with, after its pixels, a zTXt chunk that inflates to 64 MB."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    pixels = zlib.compress(b"\x00\x00\x00\x00")
    bomb = b"Comment\x00\x00" + zlib.compress(b"\x00" * (64 << 20), 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", pixels)
        + chunk(b"zTXt", bomb)
        + chunk(b"IEND", b"")
    )


def stored(image):
    with image.file.open("rb") as file, Image.open(file) as stored_image:
        return stored_image.size, dict(stored_image.getexif())


def test_the_stored_original_keeps_no_exif_and_stands_upright(admin_client, home_page):
    upload = SimpleUploadedFile("jinwan.jpg", photo_with_gps(), content_type="image/jpeg")
    with Image.open(io.BytesIO(photo_with_gps())) as original:
        assert original.getexif().get_ifd(GPS)  # the phone's location is there to begin with

    response = admin_client.post("/admin/images/add/", {"title": "金湾村民议事", "file": upload})

    assert response.status_code == 302
    image = SiteImage.objects.get(title="金湾村民议事")
    assert stored(image) == ((200, 300), {})
    assert (image.width, image.height) == (200, 300)


def test_images_uploaded_several_at_once_lose_their_exif_too(admin_client, home_page):
    upload = SimpleUploadedFile("jinwan.jpg", photo_with_gps(), content_type="image/jpeg")

    response = admin_client.post(
        "/admin/images/multiple/add/", {"files[]": upload}, headers={"x-requested-with": "XMLHttpRequest"}
    )

    assert response.json()["success"] is True
    assert stored(SiteImage.objects.get(pk=response.json()["image_id"])) == ((200, 300), {})


@pytest.mark.parametrize(
    "content",
    [png_with_a_text_bomb(), photo_with_gps()[:2000]],  # a bomb after the pixels; a truncated JPEG
    ids=["text-bomb", "truncated"],
)
def test_an_image_that_cannot_be_decoded_is_a_form_error(admin_client, home_page, content):
    upload = SimpleUploadedFile("huaile.png", content, content_type="image/png")

    response = admin_client.post("/admin/images/add/", {"title": "坏图", "file": upload})

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not SiteImage.objects.filter(title="坏图").exists()
