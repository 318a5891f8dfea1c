"""An IAM world in moto for the key tests (sync, rotation, key status), with signature checking on:
an admin user that the test itself uses, a host user `web-1` whose key the host profile holds, its
`SecretName` tag and the secret that publishes its key; and FaultProxy, a proxy in front of moto
that rejects chosen access key ids (moto accepts inactive keys and never models propagation),
fails chosen calls with a 500 or a dropped connection, SIGKILLs the client at a chosen call, and
records every call (service, action, signing key) so a test can assert that nothing was changed.
"""

import json
import os
import signal
import threading
import time
import urllib.error
import urllib.request

import boto3
from botocore.config import Config

from localaws import DropConnection, LocalHttpServer

REGION = "us-east-1"
ACCOUNT = "123456789012"
HOST_USER = "web-1"
SECRET_NAME = "hosts/web-1"
ALLOW_ALL = json.dumps({"Version": "2012-10-17",
                        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
# The host's own permissions; moto does not honour ${aws:username}, hence Resource "*".
HOST_POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Resource": "*", "Action": [
        "iam:GetUser", "iam:ListUserTags", "iam:ListAccessKeys", "iam:CreateAccessKey",
        "iam:UpdateAccessKey", "iam:DeleteAccessKey", "iam:GetAccessKeyLastUsed",
        "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue",
        "secretsmanager:UpdateSecretVersionStage", "secretsmanager:DescribeSecret"]}]})
CHANGING = {"CreateAccessKey", "UpdateAccessKey", "DeleteAccessKey", "PutSecretValue",
            "UpdateSecretVersionStage", "TagUser", "CreateSecret"}


def _post(url, body):
    req = urllib.request.Request(url, data=body.encode(), method="POST",
                                 headers={"Content-Type": "text/plain"})
    with urllib.request.urlopen(req, timeout=10) as r:
        assert r.status == 200, r.status


def client(service, url, key=None, secret=None):
    return boto3.client(service, endpoint_url=url, region_name=REGION,
                        aws_access_key_id=key or "testing", aws_secret_access_key=secret or "testing",
                        config=Config(retries={"max_attempts": 1}))


class World:
    """moto with an admin, the host user web-1 (key, tag, secret) and signature checks on."""

    def __init__(self, moto, secret_fields=None, host_policy=HOST_POLICY, tag=True):
        self.moto = moto
        _post(f"{moto.url}/moto-api/reset-auth", "inf")
        iam = client("iam", moto.url)
        iam.create_user(UserName="admin")
        iam.put_user_policy(UserName="admin", PolicyName="all", PolicyDocument=ALLOW_ALL)
        k = iam.create_access_key(UserName="admin")["AccessKey"]
        self.admin = (k["AccessKeyId"], k["SecretAccessKey"])
        user = iam.create_user(UserName=HOST_USER)["User"]
        self.host_arn = user["Arn"]
        iam.put_user_policy(UserName=HOST_USER, PolicyName="self", PolicyDocument=host_policy)
        if tag:
            iam.tag_user(UserName=HOST_USER, Tags=[{"Key": "SecretName", "Value": SECRET_NAME}])
        k = iam.create_access_key(UserName=HOST_USER)["AccessKey"]
        self.key = (k["AccessKeyId"], k["SecretAccessKey"])
        fields = {"AccessKeyId": self.key[0], "SecretAccessKey": self.key[1], "Note": "kept"}
        fields.update(secret_fields or {})
        client("secretsmanager", moto.url).create_secret(Name=SECRET_NAME,
                                                        SecretString=json.dumps(fields))
        _post(f"{moto.url}/moto-api/reset-auth", "0")

    def iam(self):
        return client("iam", self.moto.url, *self.admin)

    def secrets(self):
        return client("secretsmanager", self.moto.url, *self.admin)

    def keys(self, user=HOST_USER):
        """{key id: status} of the user's keys."""
        return {k["AccessKeyId"]: k["Status"]
                for k in self.iam().list_access_keys(UserName=user)["AccessKeyMetadata"]}

    def new_key(self, user=HOST_USER):
        k = self.iam().create_access_key(UserName=user)["AccessKey"]
        return k["AccessKeyId"], k["SecretAccessKey"]

    def publish(self, fields):
        self.secrets().put_secret_value(SecretId=SECRET_NAME, SecretString=json.dumps(fields))

    def current_secret(self):
        v = self.secrets().get_secret_value(SecretId=SECRET_NAME, VersionStage="AWSCURRENT")
        return json.loads(v["SecretString"])

    def works(self, key, secret):
        """True when moto accepts the key for an IAM call (deleted keys fail; inactive ones
        pass, as moto never checks Status)."""
        try:
            client("iam", self.moto.url, key, secret).list_access_keys(UserName=HOST_USER)
            return True
        except Exception:
            return False


# --------------------------------------------------------------------------------------------
# The fault proxy
# --------------------------------------------------------------------------------------------

def _error_xml(code, message):
    return (f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code>"
            f"<Message>{message}</Message></Error><RequestId>proxy</RequestId></ErrorResponse>"
            ).encode()


class Call:
    def __init__(self, service, action, key, token=None):
        self.service, self.action, self.key, self.token = service, action, key, token

    def __repr__(self):
        return f"{self.service}:{self.action}({self.key})"


def describe(req):
    """(service, action, signing key id) of a request to moto."""
    auth = req.headers.get("authorization", "")
    key = auth.split("Credential=", 1)[1].split("/", 1)[0] if "Credential=" in auth else None
    scope = auth.split("Credential=", 1)[1].split(",", 1)[0].split("/") if key else []
    service = scope[3] if len(scope) > 3 else "?"
    target = req.headers.get("x-amz-target")
    if target:
        action = target.split(".", 1)[1]
    else:
        action = req.form.get("Action", "?") if req.body else "?"
    return service, action, key


class FaultProxy:
    """Forwards to moto (keeping the Host header, so signatures still check) and injects faults.

    - reject_keys: key ids answered with InvalidClientTokenId (a key not yet propagated);
      reject_new_for: seconds during which any key not in `known` is rejected;
    - fail_at: {call index: "500" | "drop" | "kill"}: a 500 error, a dropped connection, or (after
      forwarding) a SIGKILL of the process `victim_pid` (the call has happened, the client dies).
    """

    def __init__(self, moto_url, known=()):
        self.moto_url = moto_url
        self.calls = []
        self.known = set(known)
        self.reject_keys = set()
        self.reject_new_until = 0.0
        self.fail_at = {}
        self.victim_pid = None
        # intercept(req, call) -> (status, headers, body) or None: answer a call instead of moto.
        self.intercept = None
        self.lock = threading.Lock()
        self.server = LocalHttpServer(self._app)

    @property
    def url(self):
        return self.server.url

    def stop(self):
        self.server.stop()

    def actions(self):
        return [c.action for c in self.calls]

    def changing_calls(self):
        return [c for c in self.calls if c.action in CHANGING]

    def _app(self, req):
        service, action, key = describe(req)
        with self.lock:
            index = len(self.calls)
            self.calls.append(Call(service, action, key, req.headers.get("x-amz-security-token")))
            fault = self.fail_at.get(index)
        if self.intercept:
            answer = self.intercept(req, self.calls[index])
            if answer is not None:
                return answer
        rejected = key in self.reject_keys or (
            key not in self.known and time.monotonic() < self.reject_new_until)
        if rejected:
            if service == "secretsmanager":
                return 400, {"Content-Type": "application/x-amz-json-1.1"}, json.dumps(
                    {"__type": "UnrecognizedClientException",
                     "message": "The security token included in the request is invalid."}).encode()
            return 403, {"Content-Type": "text/xml"}, _error_xml(
                "InvalidClientTokenId", "The security token included in the request is invalid.")
        if fault == "500":
            return 500, {"Content-Type": "text/xml"}, _error_xml("InternalFailure", "injected")
        if fault == "drop":
            raise DropConnection()
        headers = {k: v for k, v in req.headers.items()
                   if k not in ("content-length", "connection", "accept-encoding")}
        fwd = urllib.request.Request(self.moto_url + req.raw_path, data=req.body or None,
                                     headers=headers, method=req.method)
        try:
            with urllib.request.urlopen(fwd, timeout=10) as r:
                status, body, ctype = r.status, r.read(), r.headers.get("Content-Type", "text/xml")
        except urllib.error.HTTPError as e:
            status, body, ctype = e.code, e.read(), e.headers.get("Content-Type", "text/xml")
        if fault == "kill" and self.victim_pid:
            os.kill(self.victim_pid, signal.SIGKILL)
            time.sleep(0.2)
        return status, {"Content-Type": ctype}, body
