"""Media on S3-compatible object storage (MEDIA_STORAGE=s3), against moto's server on loopback: what an
editor uploads lands in the bucket, readers get it from the bucket's URLs (which the CSP allows),
video answers Range there, and documents stay private, served through Wagtail's view."""

import io
import re
import urllib.parse

from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

import pytest
from PIL import Image

from home.models import SiteImage
from stories.models import ProfileIndexPage, SeriesIndexPage, Video
from tests.factories import DEMO_VIDEO, SUBTITLES, EpisodePageFactory, ProfilePageFactory
from tests.object_storage import settings_with
from tests.site_project.conftest import get

VIDEO_BYTES = DEMO_VIDEO.read_bytes()


@pytest.fixture
def bucket(home_page, media_on_object_storage, settings):
    """The site tree with its pictures (the home page's, the default share image) moved to the bucket."""
    local = FileSystemStorage(location=settings.MEDIA_ROOT)
    for image in SiteImage.objects.all():
        with local.open(image.file.name) as original:
            media_on_object_storage.client.put_object(
                Bucket=media_on_object_storage.bucket, Key=image.file.name, Body=original.read()
            )
    return media_on_object_storage


def photo():
    output = io.BytesIO()
    Image.new("RGB", (900, 1200), (179, 18, 27)).save(output, "JPEG")
    return SimpleUploadedFile("chen.jpg", output.getvalue(), content_type="image/jpeg")


def upload_image(client, title="陈志刚"):
    response = client.post("/admin/images/add/", {"title": title, "file": photo()})
    assert response.status_code == 302, response.context["form"].errors
    return SiteImage.objects.get(title=title)


def upload_video(client):
    response = client.post(
        "/admin/media/video/add/",
        {
            "title": "金湾的理事会",
            "file": SimpleUploadedFile("episode.mp4", VIDEO_BYTES, content_type="text/plain"),
            "subtitles": SimpleUploadedFile("episode.vtt", SUBTITLES.encode(), content_type="text/plain"),
            "collection": 1,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    return Video.objects.get()


def publish(page):
    page.save_revision().publish()
    return page


def picture_urls(html):
    """Every URL the page's <img> and <source srcset> name."""
    urls = re.findall(r'<img [^>]*src="([^"]+)"', html)
    for srcset in re.findall(r'srcset="([^"]+)"', html):
        urls += [candidate.split()[0] for candidate in srcset.split(",")]
    return urls


def csp_sources(response, directive):
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return policy[directive].split()


def origin(url):
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def test_an_uploaded_picture_and_its_renditions_are_read_from_the_bucket(admin_client, client, bucket):
    portrait = upload_image(admin_client)
    assert portrait.file.name in bucket.keys("original_images/")
    with portrait.file.open("rb") as stored, Image.open(stored) as image:
        assert image.size == (900, 1200)
    profile = publish(
        ProfilePageFactory(parent=ProfileIndexPage.objects.get(), title="陈志刚", portrait=portrait)
    )

    response = client.get(profile.url)

    assert response.status_code == 200
    html = response.content.decode()
    urls = {url for url in picture_urls(html) if "/images/" in url}
    renditions = [rendition.file.name for rendition in portrait.renditions.all()]
    assert len(urls) == 6  # AVIF, WebP and JPEG, two sizes each
    assert urls < {bucket.public_url(name) for name in renditions}
    og_image = re.search(r'<meta property="og:image" content="([^"]+)"', html).group(1)
    assert og_image in {bucket.public_url(name) for name in renditions}
    assert sorted(bucket.keys("images/")) == sorted(renditions)
    assert origin(bucket.endpoint_url) in csp_sources(response, "img-src")
    fetched = get(sorted(urls)[0])  # as a reader's browser does: no keys
    assert fetched.status == 200
    assert fetched.headers["Content-Type"].startswith("image/")
    assert fetched.headers["Cache-Control"] == "public, max-age=2592000"
    assert client.get(f"/media/{portrait.file.name}").status_code == 404  # nothing served locally


def test_a_custom_domain_names_the_pages_media_and_the_csp_allows_it(admin_client, client, bucket, settings):
    for name, value in settings_with({**bucket.env, "AWS_S3_CUSTOM_DOMAIN": "media.example.cn"}).items():
        setattr(settings, name, value)
    portrait = upload_image(admin_client)
    profile = publish(
        ProfilePageFactory(parent=ProfileIndexPage.objects.get(), title="陈志刚", portrait=portrait)
    )

    response = client.get(profile.url)

    urls = [url for url in picture_urls(response.content.decode()) if "/images/" in url]
    assert urls and all(url.startswith("https://media.example.cn/images/") for url in urls)
    assert bucket.keys("images/")  # the renditions are in the bucket the domain fronts
    assert "https://media.example.cn" in csp_sources(response, "img-src")
    assert "https://media.example.cn" in csp_sources(response, "media-src")


def content_type(bucket, key):
    return bucket.client.head_object(Bucket=bucket.bucket, Key=key)["ContentType"]


@pytest.fixture
def episode(admin_client, bucket):
    video = upload_video(admin_client)
    return publish(
        EpisodePageFactory(parent=SeriesIndexPage.objects.get(), title="金湾的理事会", video=video)
    )


def test_an_uploaded_video_is_measured_and_its_subtitles_and_poster_are_in_the_bucket(episode, bucket):
    video = episode.video
    assert (video.duration, video.width, video.height) == (6.0, 640, 360)  # ffprobe on the upload
    assert bucket.keys("media/") == [video.file.name]
    assert bucket.keys("media_subtitles/") == [video.subtitles.name]
    assert video.poster.file.name in bucket.keys("original_images/")  # a frame ffmpeg took
    # Stored under the type of the name the form gave, not the text/plain the browser sent.
    assert content_type(bucket, video.file.name) == "video/mp4"
    assert content_type(bucket, video.subtitles.name) == "text/vtt"
    assert [cue.text for cue in video.subtitle_cues()] == [
        "金湾的村民自发成立了临时理事会",
        "90%的矛盾纠纷在村庄内部解决",
    ]


def test_the_episode_pages_video_answers_range_from_the_bucket(client, episode, bucket):
    response = client.get(episode.url)
    html = response.content.decode()

    (source,) = re.findall(r'<source src="([^"]+)" type="video/mp4">', html)
    (track,) = re.findall(r'<track [^>]*src="([^"]+)"', html)
    poster = re.search(r'<video [^>]*poster="([^"]+)"', html).group(1)
    assert source == bucket.public_url(episode.video.file.name)
    assert track == bucket.public_url(episode.video.subtitles.name)
    assert poster.startswith(bucket.public_url("images/"))
    assert origin(bucket.endpoint_url) in csp_sources(response, "media-src")
    assert "金湾的村民自发成立了临时理事会" in html  # the transcript, read from the subtitles in the bucket

    ranged = get(source, Range="bytes=10000-10999")
    assert ranged.status == 206
    assert ranged.headers["Content-Range"] == f"bytes 10000-10999/{len(VIDEO_BYTES)}"
    assert ranged.read() == VIDEO_BYTES[10000:11000]


def test_subtitles_from_the_bucket_load_into_the_player_across_origins(client, episode):
    html = client.get(episode.url).content.decode()
    assert re.search(r'<video [^>]*crossorigin="anonymous"', html)  # else a browser drops the track
    (track,) = re.findall(r'<track [^>]*src="([^"]+)"', html)

    response = get(track, Origin="https://www.example.cn")

    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/vtt")
    assert response.headers["Access-Control-Allow-Origin"] in ("*", "https://www.example.cn")
    assert response.read().decode() == SUBTITLES


def upload_document(client, collection):
    pdf = SimpleUploadedFile("huiyi.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    response = client.post(
        "/admin/documents/add/", {"title": "会议纪要", "file": pdf, "collection": collection.pk}
    )
    assert response.status_code == 302, response.context["form"].errors
    return get_document_model().objects.get(title="会议纪要")


def test_documents_are_private_in_the_bucket_and_served_through_wagtails_view(admin_client, client, bucket):
    document = upload_document(admin_client, Collection.get_first_root_node())
    assert bucket.keys("documents/") == [document.file.name]

    response = client.get(document.url)

    assert document.url.startswith("/documents/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 minutes"
    assert get(bucket.public_url(document.file.name)).status == 403  # not from the bucket directly


def test_a_document_in_a_restricted_collection_asks_for_a_login(admin_client, client, bucket):
    internal = Collection.get_first_root_node().add_child(name="内部文件")
    CollectionViewRestriction.objects.create(collection=internal, restriction_type="login")
    document = upload_document(admin_client, internal)

    response = client.get(document.url)

    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert admin_client.get(document.url).status_code == 200
