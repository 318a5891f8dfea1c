"""The default chain when nothing is configured (fast failure, with reasons, bounded instance
metadata) and the region chain."""

import time

import pytest

from localaws import text_response


def _timed(sandbox, *args, expect_rc):
    started = time.monotonic()
    r = sandbox.awscred(*args, expect_rc=expect_rc)
    return r, time.monotonic() - started


# ------------------------------------------------------------------------------------------------
# 10. fast failure
# ------------------------------------------------------------------------------------------------

def test_no_credentials_fails_fast_with_black_hole_imds(sandbox, black_hole, capsys):
    sandbox.setenv(AWS_EC2_METADATA_DISABLED=None,
                   AWS_EC2_METADATA_SERVICE_ENDPOINT=black_hole.url)
    r, elapsed = _timed(sandbox, "get", "--json", expect_rc=9)
    with capsys.disabled():
        print(f"\n[fast failure] `awscred get` with instance metadata a black hole: exit "
              f"{r.returncode} after {elapsed:.3f} s")
    assert elapsed < 2.0, f"took {elapsed:.3f} s"
    assert black_hole.accepted() >= 1, "instance metadata was not even tried"
    assert r.stdout == ""
    err = r.stderr
    assert err.startswith("awscred: ") and err.count("\n") == 1, err
    # every source of the default chain, in order, each with why it gave nothing
    expected = [
        "environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set",
        "profile 'default': not found in",
        "web identity: AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not both set",
        "container (ECS): AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and "
        "AWS_CONTAINER_CREDENTIALS_FULL_URI are not set",
        "instance metadata (EC2): ",
    ]
    positions = [err.find(e) for e in expected]
    assert all(p >= 0 for p in positions), (expected, err)
    assert positions == sorted(positions), err
    imds_reason = err[positions[-1] + len(expected[-1]):].strip()
    assert imds_reason, "no reason given for instance metadata"
    assert str(sandbox.home / ".aws" / "config") in err


def test_whoami_and_region_bounded_with_black_hole_imds(sandbox, black_hole, capsys):
    sandbox.setenv(AWS_EC2_METADATA_DISABLED=None,
                   AWS_EC2_METADATA_SERVICE_ENDPOINT=black_hole.url)
    _, who_elapsed = _timed(sandbox, "whoami", "--json", expect_rc=9)
    r, region_elapsed = _timed(sandbox, "region", "--json", expect_rc=0)
    with capsys.disabled():
        print(f"\n[fast failure] whoami {who_elapsed:.3f} s, region {region_elapsed:.3f} s")
    assert who_elapsed < 2.0 and region_elapsed < 2.0
    assert r.stdout.strip() == "{}"


def test_metadata_disabled_makes_no_connection(sandbox, black_hole):
    sandbox.setenv(AWS_EC2_METADATA_DISABLED="true",
                   AWS_EC2_METADATA_SERVICE_ENDPOINT=black_hole.url)
    r, elapsed = _timed(sandbox, "get", "--json", expect_rc=9)
    assert "instance metadata (EC2): disabled by AWS_EC2_METADATA_DISABLED" in r.stderr
    sandbox.awscred("whoami", expect_rc=9)
    assert sandbox.awscred_json("region") == {}
    assert sandbox.awscred("explain", "--json").returncode == 0
    assert black_hole.accepted() == 0
    assert elapsed < 1.0


# ------------------------------------------------------------------------------------------------
# 12. region precedence
# ------------------------------------------------------------------------------------------------

REGION_CONFIG = """
    [default]
    region = sa-east-1

    [profile p]
    region = eu-west-1

    [profile q]
    output = json
    """


def region(sandbox, *args):
    return sandbox.awscred_json("region", *args, "--no-instance-metadata")


def test_region_precedence(sandbox):
    sandbox.config(REGION_CONFIG)
    sandbox.setenv(AWS_REGION="us-west-2", AWS_DEFAULT_REGION="ap-south-1")
    # the selected profile's own region beats the environment
    assert region(sandbox, "p") == {"Region": "eu-west-1", "Source": "Profile", "Profile": "p"}
    # AWS_REGION beats AWS_DEFAULT_REGION and the default profile
    assert region(sandbox, "q") == {"Region": "us-west-2", "Source": "Environment"}
    sandbox.setenv(AWS_REGION=None)
    assert region(sandbox, "q") == {"Region": "ap-south-1", "Source": "Environment"}
    # then the default profile
    sandbox.setenv(AWS_DEFAULT_REGION=None)
    assert region(sandbox, "q") == {"Region": "sa-east-1", "Source": "DefaultProfile",
                                    "Profile": "default"}
    # without NAME: AWS_PROFILE, else default
    assert region(sandbox) == {"Region": "sa-east-1", "Source": "Profile", "Profile": "default"}
    sandbox.setenv(AWS_PROFILE="p")
    assert region(sandbox) == {"Region": "eu-west-1", "Source": "Profile", "Profile": "p"}
    # blank environment values count as unset
    sandbox.setenv(AWS_PROFILE=None, AWS_REGION="  ", AWS_DEFAULT_REGION="")
    assert region(sandbox, "q")["Source"] == "DefaultProfile"


def imds_region_app(req):
    if req.path == "/latest/api/token" and req.method == "PUT":
        status, headers, body = text_response("fake-imds-token-12")
        headers["x-aws-ec2-metadata-token-ttl-seconds"] = "21600"
        return status, headers, body
    if req.path == "/latest/meta-data/placement/region" and \
            req.headers.get("x-aws-ec2-metadata-token") == "fake-imds-token-12":
        return text_response("me-south-1")
    return text_response("not found", 404)


def test_default_profile_is_last_before_instance_metadata(sandbox, http_server):
    server = http_server(imds_region_app)
    sandbox.setenv(AWS_EC2_METADATA_DISABLED=None, AWS_EC2_METADATA_SERVICE_ENDPOINT=server.url)
    sandbox.config(REGION_CONFIG)
    assert sandbox.awscred_json("region", "q") == {
        "Region": "sa-east-1", "Source": "DefaultProfile", "Profile": "default"}
    assert server.requests == [], "instance metadata asked although a region was configured"

    sandbox.config("[profile q]\noutput = json\n")
    assert region(sandbox, "q") == {}
    # no region anywhere: NoRegion (exit 14), nothing on stdout
    assert sandbox.awscred("region", "q", "--no-instance-metadata", expect_rc=14).stdout == ""
    assert server.requests == [], "--no-instance-metadata still asked instance metadata"

    # nothing configured at all: instance metadata answers last
    assert sandbox.awscred_json("region", "q") == {"Region": "me-south-1",
                                                   "Source": "InstanceMetadata"}
    assert [r.path for r in server.requests] == ["/latest/api/token",
                                                 "/latest/meta-data/placement/region"]


@pytest.mark.parametrize("env_name", ["AWS_REGION", "AWS_DEFAULT_REGION"])
def test_environment_region_beats_instance_metadata(sandbox, black_hole, env_name):
    sandbox.setenv(AWS_EC2_METADATA_DISABLED=None,
                   AWS_EC2_METADATA_SERVICE_ENDPOINT=black_hole.url, **{env_name: "ca-central-1"})
    assert sandbox.awscred_json("region") == {"Region": "ca-central-1", "Source": "Environment"}
    assert black_hole.accepted() == 0
