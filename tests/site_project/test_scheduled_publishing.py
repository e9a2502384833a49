"""Go-live and expiry times take effect on their own under the server `make run` starts: its worker
runs Wagtail's publish_scheduled, with no cron."""

import subprocess
import sys
import time

from django.conf import settings

import pytest

from tests.site_project.conftest import get

pytestmark = pytest.mark.slow  # a minute's wait on the production server

SCHEDULE = """
import datetime
from django.utils import timezone
from stories.models import StoryIndexPage, StoryPage

index = StoryIndexPage.objects.get()
in_a_minute = timezone.now() + datetime.timedelta(minutes=1)
coming = StoryPage(title="定时上线的报道", slug="ding-shi-shang-xian", column_id=index.stories().first().column_id,
                   body=[("paragraph", "<p>一分钟后上线。</p>")], go_live_at=in_a_minute, live=False)
index.add_child(instance=coming)
coming.save_revision().publish()  # with a go-live time ahead, this schedules
going = index.stories().first().specific
going.expire_at = in_a_minute
going.save_revision().publish()
print(coming.url, going.url, in_a_minute.timestamp())
"""


def manage(server, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env=server.env,
        cwd=settings.BASE_DIR,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def test_a_page_scheduled_a_minute_ahead_goes_live_and_an_expiring_one_goes_offline(server):
    coming, going, due = manage(server, "shell", "-v", "0", "-c", SCHEDULE).split()
    due = float(due)  # the go-live and expiry time, as the script set it (a busy machine may take
    # seconds to start the script and answer the first requests: the time is not counted from here)
    assert get(server.url + coming).status == 404
    assert get(server.url + going).status == 200

    while time.time() < due + 90:
        if get(server.url + coming).status == 200 and get(server.url + going).status == 404:
            break
        time.sleep(2)

    assert get(server.url + coming).status == 200, "the scheduled page did not go live"
    assert get(server.url + going).status == 404, "the expiring page is still online"
    assert due <= time.time() < due + 90  # at its time, not before
