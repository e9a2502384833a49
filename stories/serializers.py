"""How the API gives what the stories' pages hold beyond plain fields."""

from rest_framework.fields import Field

from home.api_fields import absolute_url


class VideoField(Field):
    """An episode's video, as a player needs it: the file's absolute URL and type, duration in
    seconds, width and height, the subtitles' (WebVTT) absolute URL."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, video):
        request = self.context["request"]
        (source,) = video.sources
        return {
            "id": video.pk,
            "title": video.title,
            "url": absolute_url(request, video.url),
            "type": source["type"],
            "duration": video.duration,
            "width": video.width,
            "height": video.height,
            "subtitles_url": absolute_url(request, video.subtitles.url) if video.subtitles else None,
        }
