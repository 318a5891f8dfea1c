"""The STS calls made while resolving go where the standard endpoint settings say: `endpoint_url`
in the profile, a `[services NAME]` section, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_STS, with the
shared precedence (service-specific environment, global environment, [services], endpoint_url)."""

import json

from localaws import closed_port

BASE_KEY = "AKIDINTEGENDPOINT001"
BASE_SECRET = "fakeSecretIntegEndpoint/0001+abcdefghij"
ROLE = "arn:aws:iam::123456789012:role/EndpointRole"


def files(sb, profile_extra="", services=""):
    sb.secret(BASE_SECRET)
    sb.credentials(f"""
        [base]
        aws_access_key_id = {BASE_KEY}
        aws_secret_access_key = {BASE_SECRET}
        """)
    sb.config(f"""
        [profile E]
        role_arn = {ROLE}
        source_profile = base
        role_session_name = endpoint-session
        region = us-east-1
        {profile_extra}
        {services}
        """.replace("\n        \n", "\n"))


def dead():
    return f"http://127.0.0.1:{closed_port()}"


def assert_resolves_through(sandbox, spy):
    creds = sandbox.get("E")
    assert creds["Source"] == "AssumeRole"
    assert [r.form.get("Action") for r in spy.requests] == ["AssumeRole"]
    assert spy.requests[0].form["RoleArn"] == ROLE
    who = sandbox.whoami("E")
    assert who["Arn"] == "arn:aws:sts::123456789012:assumed-role/EndpointRole/endpoint-session"
    assert [r.form.get("Action") for r in spy.requests] == ["AssumeRole", "GetCallerIdentity"]


def test_endpoint_url_in_profile(sandbox, sts_spy):
    files(sandbox, profile_extra=f"endpoint_url = {sts_spy.url}")
    assert_resolves_through(sandbox, sts_spy)


def test_services_section(sandbox, sts_spy, aws_bin):
    files(sandbox, profile_extra="services = local-moto",
          services=f"[services local-moto]\n        sts =\n          endpoint_url = {sts_spy.url}")
    assert "sts =\n  endpoint_url = " in sandbox.config_path.read_text()
    assert_resolves_through(sandbox, sts_spy)
    # the AWS CLI reads the same section the same way (and uses awscred's cached role)
    out = json.loads(sandbox.aws(aws_bin, "sts", "get-caller-identity", "--profile", "E",
                                 "--output", "json").stdout)
    assert out["Arn"] == "arn:aws:sts::123456789012:assumed-role/EndpointRole/endpoint-session"
    assert [r.form.get("Action") for r in sts_spy.requests] == [
        "AssumeRole", "GetCallerIdentity", "GetCallerIdentity"]


def test_aws_endpoint_url_environment(sandbox, sts_spy):
    files(sandbox)
    sandbox.setenv(AWS_ENDPOINT_URL=sts_spy.url)
    assert_resolves_through(sandbox, sts_spy)


def test_service_environment_beats_global_and_files(sandbox, sts_spy):
    files(sandbox, profile_extra=f"endpoint_url = {dead()}\n        services = s",
          services=f"[services s]\n        sts =\n          endpoint_url = {dead()}")
    sandbox.setenv(AWS_ENDPOINT_URL_STS=sts_spy.url, AWS_ENDPOINT_URL=dead())
    assert_resolves_through(sandbox, sts_spy)


def test_global_environment_beats_files(sandbox, sts_spy):
    files(sandbox, profile_extra=f"endpoint_url = {dead()}\n        services = s",
          services=f"[services s]\n        sts =\n          endpoint_url = {dead()}")
    sandbox.setenv(AWS_ENDPOINT_URL=sts_spy.url)
    assert_resolves_through(sandbox, sts_spy)


def test_services_section_beats_endpoint_url(sandbox, sts_spy):
    files(sandbox, profile_extra=f"endpoint_url = {dead()}\n        services = s",
          services=f"[services s]\n        sts =\n          endpoint_url = {sts_spy.url}")
    assert_resolves_through(sandbox, sts_spy)


def test_profile_endpoint_loses_to_sts_environment(sandbox, sts_spy):
    files(sandbox, profile_extra=f"endpoint_url = {sts_spy.url}")
    sandbox.setenv(AWS_ENDPOINT_URL_STS=dead())
    r = sandbox.awscred("get", "E", "--json", expect_rc=12)
    assert "AssumeRole" in r.stderr
    assert sts_spy.requests == []
