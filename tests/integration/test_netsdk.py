"""The incumbent's Windows store (the AWS SDK for .NET's RegisteredAccounts.json, issue 10), as far
as it runs off Windows: the file is found through LOCALAPPDATA (always set on Windows; set here by
the test), its profiles are listed with StoreTypeName NetSDKCredentialsFile before the shared
files' (a name in both twice), `explain` names the store, and every path that needs the DPAPI
decryption (get, move) fails with KeychainUnavailable and changes nothing. The values below are
DPAPI-shaped blobs (the header every CryptProtectData output starts with), not real ones: DPAPI
itself is Windows code that has not run here."""

import json
from pathlib import Path

import pytest

PROFILE_NOT_FOUND, INVALID_INPUT, FILE_FORMAT, NO_CREDENTIALS, PROFILE_CONFIG = 3, 4, 5, 9, 13
KEYCHAIN_UNAVAILABLE = 27
BLOB = "01000000D08C9DDF0115D1118C7A00C04FC297EB01000000" + "AB" * 40

STORE = {
    "3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f": {
        "AWSAccessKey": BLOB, "AWSSecretKey": BLOB, "ProfileType": "AWS",
        "Region": "us-west-2", "DisplayName": "legacy"},
    "7a9d0e42-1c3b-4f5e-8d6a-b1c2d3e4f5a6": {
        "AWSAccessKey": BLOB, "AWSSecretKey": BLOB, "SessionToken": BLOB,
        "DisplayName": "both"},
    "c0ffee00-1111-4222-8333-444455556666": {
        "RoleArn": "arn:aws:iam::123456789012:role/Example", "SourceProfile": "legacy",
        "DisplayName": "legacy-role"},
    "d0d0d0d0-1111-4222-8333-444455556666": {"DisplayName": "empty"},
}


@pytest.fixture
def world(sandbox, tmp_path):
    local = tmp_path / "LocalAppData"
    store = sandbox.write(local / "AWSToolkit" / "RegisteredAccounts.json", json.dumps(STORE, indent=2))
    sandbox.setenv(LOCALAPPDATA=local)
    sandbox.credentials("""
        [both]
        aws_access_key_id = AKIAFILEKEY000000001
        aws_secret_access_key = file-secret
        [shared]
        aws_access_key_id = AKIAFILEKEY000000002
        aws_secret_access_key = file-secret-2
    """)
    sandbox.store_path = store
    sandbox.store_bytes = store.read_bytes()
    return sandbox


def untouched(world, before_credentials, before_config=None):
    assert world.store_path.read_bytes() == world.store_bytes
    assert world.credentials_path.read_bytes() == before_credentials
    assert (world.config_path.read_bytes() if world.config_path.exists() else None) == before_config


def listed(world, *args):
    return [(p["ProfileName"], p["StoreTypeName"], p["ProfileLocation"])
            for p in json.loads(world.awscred("list", "--detail", "--json", *args).stdout)]


def test_the_store_is_listed_first_with_its_store_type_name(world):
    creds = str(world.credentials_path)
    assert listed(world) == [
        ("legacy", "NetSDKCredentialsFile", ""),
        ("both", "NetSDKCredentialsFile", ""),
        ("legacy-role", "NetSDKCredentialsFile", ""),
        ("both", "SharedCredentialsFile", creds),
        ("shared", "SharedCredentialsFile", creds),
    ]


def test_store_order_and_profile_location_rules(world):
    rows = listed(world)
    netsdk = [r for r in rows if r[1] == "NetSDKCredentialsFile"]
    # The store's profiles come first (as the AWS Tools list them); a profile without keys or a
    # role ("empty") is not one that can give credentials.
    assert rows[:len(netsdk)] == netsdk
    assert sorted(n for n, _, _ in netsdk) == ["both", "legacy", "legacy-role"]
    assert all(loc == "" for _, _, loc in netsdk)
    # A ProfileLocation names one file and nothing else.
    assert listed(world, "--profile-location", str(world.credentials_path)) == [
        ("both", "SharedCredentialsFile", str(world.credentials_path)),
        ("shared", "SharedCredentialsFile", str(world.credentials_path)),
    ]
    # Without LOCALAPPDATA (every Linux and macOS session) there is no store.
    world.setenv(LOCALAPPDATA=None)
    assert [r[1] for r in listed(world)] == ["SharedCredentialsFile"] * 2


def test_a_name_in_both_resolves_from_the_shared_files(world):
    got = world.get("both")
    assert (got["AccessKeyId"], got["Source"]) == ("AKIAFILEKEY000000001", "Profile")


def test_a_profile_only_the_store_holds_needs_dpapi(world):
    before = world.credentials_path.read_bytes()
    r = world.awscred("get", "legacy", expect_rc=KEYCHAIN_UNAVAILABLE)
    assert "DPAPI" in r.stderr and "Windows" in r.stderr
    assert BLOB not in r.stderr
    # AWS_PROFILE and the default chain find it the same way.
    world.setenv(AWS_PROFILE="legacy")
    world.awscred("get", expect_rc=KEYCHAIN_UNAVAILABLE)
    world.setenv(AWS_PROFILE=None)
    # A role profile of the store is refused with what to do instead, before any decryption.
    r = world.awscred("get", "legacy-role", expect_rc=PROFILE_CONFIG)
    assert "Set-AWSCredential -StoreAs legacy-role" in r.stderr
    # With a ProfileLocation the store is not read.
    world.awscred("get", "legacy", "--profile-location", str(world.credentials_path),
                  expect_rc=PROFILE_NOT_FOUND)
    untouched(world, before)


def test_a_store_profile_that_gives_nothing_does_not_stop_the_default_chain(world):
    before = world.credentials_path.read_bytes()
    # A profile the SDK cannot classify is no profile: the files' not-found error stands.
    world.awscred("get", "empty", expect_rc=PROFILE_NOT_FOUND)
    # An implicit `default` of the store that is a role profile is skipped with its reason...
    store = dict(STORE)
    store["e1e1e1e1-1111-4222-8333-444455556666"] = {
        "RoleArn": "arn:aws:iam::123456789012:role/Default", "SourceProfile": "legacy",
        "DisplayName": "default"}
    world.write(world.store_path, json.dumps(store))
    r = world.awscred("get", expect_rc=NO_CREDENTIALS)
    assert "AssumeRole profile of the .NET SDK store" in r.stderr
    # ...while AWS_PROFILE naming it gets the role refusal.
    world.setenv(AWS_PROFILE="default")
    world.awscred("get", expect_rc=PROFILE_CONFIG)
    # A key profile `default` that cannot be decrypted (here: off Windows) is skipped the same way.
    store["e1e1e1e1-1111-4222-8333-444455556666"] = {
        "AWSAccessKey": BLOB, "AWSSecretKey": BLOB, "DisplayName": "default"}
    world.write(world.store_path, json.dumps(store))
    world.setenv(AWS_PROFILE=None)
    r = world.awscred("get", expect_rc=NO_CREDENTIALS)
    assert "'default' of the .NET SDK store" in r.stderr and "DPAPI" in r.stderr
    assert BLOB not in r.stderr
    world.setenv(AWS_PROFILE="default")
    world.awscred("get", expect_rc=KEYCHAIN_UNAVAILABLE)
    # An unreadable store: skipped for the implicit default, an error for AWS_PROFILE.
    world.write(world.store_path, "{ not json")
    world.awscred("get", expect_rc=FILE_FORMAT)
    world.setenv(AWS_PROFILE=None)
    r = world.awscred("get", expect_rc=NO_CREDENTIALS)
    assert ".NET SDK store unreadable" in r.stderr
    assert world.credentials_path.read_bytes() == before


def test_explain_names_the_store_and_the_entry(world):
    out = json.loads(world.awscred("explain", "legacy", "--json").stdout)
    [step] = out["Steps"]
    assert step["Provider"] == "NetSDKCredentialsFile"
    assert step["Profile"] == "legacy"
    assert step["File"] == str(world.store_path)
    assert step["Settings"]["entry"] == "3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f"
    assert step["Settings"]["kind"] == "Basic"
    assert BLOB not in json.dumps(out)
    # The shared files' profile wins for a name in both, in explain as in get.
    both = json.loads(world.awscred("explain", "both", "--json").stdout)
    assert [s["Provider"] for s in both["Steps"]] == ["AccessKey"]


@pytest.mark.parametrize("to", ["Keychain", "SharedCredentialsFile"])
def test_moving_out_of_the_store_needs_dpapi_and_changes_nothing(world, to):
    before = world.credentials_path.read_bytes()
    for args in (["legacy"], ["legacy", "--from", "NetSDKCredentialsFile"],
                 ["legacy", "--remove-source"], ["legacy", "--dry-run"]):
        world.awscred("move", *args, "--to", to, expect_rc=KEYCHAIN_UNAVAILABLE)
        untouched(world, before)


def test_move_refusals(world):
    before = world.credentials_path.read_bytes()
    # A name in both: without --from the shared files' profile is meant (it has no keychain
    # entry to move back); with --from the store's, which must not overwrite the files' profile.
    world.awscred("move", "both", "--to", "SharedCredentialsFile", expect_rc=INVALID_INPUT)
    r = world.awscred("move", "both", "--from", "NetSDKCredentialsFile", "--to", "Keychain",
                      expect_rc=INVALID_INPUT)
    assert "exists in the shared files too" in r.stderr
    world.awscred("move", "nosuch", "--from", "NetSDKCredentialsFile", "--to", "Keychain",
                  expect_rc=PROFILE_NOT_FOUND)
    world.awscred("move", "legacy", "--from", "Keychain", "--to", "SharedCredentialsFile",
                  expect_rc=INVALID_INPUT)
    world.awscred("move", "legacy", "--from", "NetSDKCredentialsFile", "--to", "Keychain",
                  "--profile-location", str(world.credentials_path), expect_rc=INVALID_INPUT)
    # Without --from, a ProfileLocation does not read the store either.
    world.awscred("move", "legacy", "--to", "Keychain", "--profile-location",
                  str(world.credentials_path), expect_rc=PROFILE_NOT_FOUND)
    world.awscred("move", "legacy-role", "--to", "Keychain", expect_rc=PROFILE_CONFIG)
    # RemoveSource names the .NET store as the source; a shared-file profile is refused with it.
    r = world.awscred("move", "shared", "--to", "Keychain", "--remove-source",
                      expect_rc=INVALID_INPUT)
    assert "RemoveSource" in r.stderr
    world.awscred("move", "ghost", "--to", "Keychain", "--remove-source",
                  expect_rc=PROFILE_NOT_FOUND)
    untouched(world, before)


def test_a_store_that_is_not_json_is_named_and_nothing_lists(world):
    world.write(world.store_path, "{ not json")
    world.store_bytes = world.store_path.read_bytes()
    r = world.awscred("list", "--detail", expect_rc=FILE_FORMAT)
    assert str(world.store_path) in r.stderr
    # A ProfileLocation does not read the store, so it still lists.
    assert [n for n, _, _ in listed(world, "--profile-location", str(world.credentials_path))] == [
        "both", "shared"]
    assert Path(world.store_path).read_bytes() == world.store_bytes
