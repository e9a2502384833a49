"""The user group that manages a lecture team: a permission, kept off the team's page."""

from django.contrib.auth.models import Group
from django.db import models


class TeamGroup(models.Model):
    """Links a lecture team to the user group whose members manage its sessions: one group, one team.

    Not a field of LectureTeamPage: Wagtail copies a page's fields into every revision, and a draft
    or an older revision published later would bring back the group it was saved with. The link is
    a permission, not content: it takes effect when it is set, and publishing, reverting or copying
    the page leaves it alone. Set it with lectures.permissions.set_team_group (or on the team
    page's 设置 tab, which calls it)."""

    team = models.OneToOneField(
        "lectures.LectureTeamPage", verbose_name="宣讲团", on_delete=models.CASCADE, related_name="team_group"
    )
    group = models.OneToOneField(
        Group, verbose_name="用户组", on_delete=models.CASCADE, related_name="lecture_team"
    )

    class Meta:
        verbose_name = "宣讲团的用户组"
        verbose_name_plural = "宣讲团的用户组"

    def __str__(self):
        return f"{self.team}：{self.group}"
