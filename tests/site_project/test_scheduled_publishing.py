"""Go-live and expiry times take effect on their own under the server `make run` starts: its worker
runs Wagtail's publish_scheduled, with no cron."""

import subprocess
import sys
import time

from django.conf import settings

import pytest

from tests.site_project.conftest import get

pytestmark = pytest.mark.slow  # a wait on the production server for its worker's round

SCHEDULE = """
import datetime
from django.utils import timezone
from stories.models import StoryIndexPage, StoryPage

index = StoryIndexPage.objects.get()
soon = timezone.now() + datetime.timedelta(seconds=20)
coming = StoryPage(title="定时上线的报道", slug="ding-shi-shang-xian", column_id=index.stories().first().column_id,
                   body=[("paragraph", "<p>二十秒后上线。</p>")], go_live_at=soon, live=False)
index.add_child(instance=coming)
coming.save_revision().publish()  # with a go-live time ahead, this schedules
going = index.stories().first().specific
going.expire_at = soon
going.save_revision().publish()
print(coming.url, going.url, soon.timestamp())
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


def test_a_page_scheduled_seconds_ahead_goes_live_and_an_expiring_one_goes_offline(server):
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
