"""How the API gives what the lecture pages and sessions hold beyond plain fields."""

from rest_framework.fields import DateTimeField, Field

from home.api_fields import PORTRAIT, image_representation, page_link


class SpeakersField(Field):
    """Speakers with their titles and, when they are honourees, their profile; a team's `members`
    with their photo and bio too."""

    def __init__(self, members=False, **kwargs):
        self.members = members
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, speakers):
        return [self.speaker(speaker) for speaker in speakers.all()]

    def speaker(self, speaker):
        request = self.context["request"]
        data = {
            "id": speaker.pk,
            "name": speaker.name,
            "title": speaker.title,
            "profile": page_link(speaker.profile, request) if speaker.profile else None,
        }
        if self.members:
            photo = speaker.photo and image_representation(speaker.photo, PORTRAIT, request)
            data.update(bio=speaker.bio, photo=photo)
        return data


class TourProgressField(Field):
    """How far a tour has come: its sessions by state (annotated by TourQuerySet.for_api) and the
    held ones as a percentage of its target."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, tour):
        counts = tour.api_state_counts()
        return {
            "target": tour.target,
            "total": sum(counts.values()),
            **counts,
            "percent": tour.progress(counts["held"]),
        }


class MovedFromField(Field):
    """The time first announced of a session moved since: {starts_at, ends_at}, or null."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, session):
        if session.previous_date is None:
            return None
        times = DateTimeField()  # in the current time zone, Asia/Shanghai: +08:00
        return {
            "starts_at": times.to_representation(session.previously_starts_at),
            "ends_at": times.to_representation(session.previously_ends_at),
        }
