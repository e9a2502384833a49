"""Media on S3-compatible object storage (MEDIA_STORAGE=s3), through django-storages."""

import mimetypes

from storages.backends.s3 import S3Storage

from site_project.media import shown_inline

mimetypes.add_type("text/vtt", ".vtt")  # subtitles; a browser loads a track only as text/vtt


class MediaStorage(S3Storage):
    """Stores each file under the type its name gives, never the type the uploading browser sent
    (the upload forms name a file after its content: a video called clip.html is stored as .mp4);
    what a browser would not show inline is stored as a download, as site_project.media serves it."""

    def get_object_parameters(self, name):
        parameters = super().get_object_parameters(name)
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        parameters["ContentType"] = content_type
        if not shown_inline(content_type):
            parameters["ContentDisposition"] = "attachment"
        return parameters
