"""An S3-compatible server on loopback (moto's server mode) with the media bucket set up as the README
says (deploy/media-bucket-policy.json, deploy/media-bucket-cors.json), for the PostgreSQL + Redis
pass of the suite, which runs as a deployment does."""

import json
import logging
import os
import runpy
from typing import NamedTuple
from unittest import mock

from django.conf import settings

import boto3
import pytest
from moto.server import ThreadedMotoServer

BUCKET = "tongdu-media"  # the name deploy/media-bucket-policy.json gives


class ObjectStorage(NamedTuple):
    endpoint_url: str
    bucket: str
    env: dict  # MEDIA_STORAGE=s3 and the AWS_* variables, for a server's environment or settings_with
    client: object  # boto3's S3 client, with the site's keys

    def public_url(self, key):
        return f"{self.endpoint_url}/{self.bucket}/{key}"

    def keys(self, prefix=""):
        listing = self.client.list_objects_v2(Bucket=self.bucket, Prefix=prefix)
        return [entry["Key"] for entry in listing.get("Contents", [])]

    def empty(self):
        for key in self.keys():
            self.client.delete_object(Bucket=self.bucket, Key=key)


def settings_with(environment):
    """The settings that change when these variables are in the environment: base.py is read again
    with and without them (of STORAGES, only the default storage, beside the suite's static files)."""

    def read(extra):
        with mock.patch.dict(os.environ, extra):
            return runpy.run_path(str(settings.PROJECT_DIR / "settings" / "base.py"))

    before, after = read({}), read(environment)
    changed = {
        name: value
        for name, value in after.items()
        if name.isupper() and not name.startswith("_") and before.get(name) != value
    }
    if "STORAGES" in changed:
        changed["STORAGES"] = {**settings.STORAGES, "default": changed["STORAGES"]["default"]}
    return changed


@pytest.fixture(scope="session")
def object_storage():
    """moto's S3 on a free loopback port, with the media bucket, its policy and CORS rules; started
    once for the session. The SQLite pass skips what uses it."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("object storage is tested in the PostgreSQL + Redis pass (make test-postgres)")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto's server logs every request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint_url = f"http://{host}:{port}"
    env = {
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": endpoint_url,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_S3_ACCESS_KEY_ID": "moto-accepts-any-key",
        "AWS_S3_SECRET_ACCESS_KEY": "moto-accepts-any-secret",
    }
    client = boto3.client(
        "s3",
        endpoint_url=endpoint_url,
        region_name=env["AWS_S3_REGION_NAME"],
        aws_access_key_id=env["AWS_S3_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_S3_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=BUCKET)
    deploy = settings.BASE_DIR / "deploy"
    client.put_bucket_policy(Bucket=BUCKET, Policy=(deploy / "media-bucket-policy.json").read_text())
    client.put_bucket_cors(
        Bucket=BUCKET, CORSConfiguration=json.loads((deploy / "media-bucket-cors.json").read_text())
    )
    yield ObjectStorage(endpoint_url, BUCKET, env, client)
    server.stop()


@pytest.fixture
def media_on_object_storage(object_storage, settings):
    """The settings MEDIA_STORAGE=s3 gives (storage, CSP, document serving), for one test; the bucket
    is emptied after it. settings_with(object_storage.env | {...}) gives them with more variables."""
    for name, value in settings_with(object_storage.env).items():
        setattr(settings, name, value)
    yield object_storage
    object_storage.empty()
