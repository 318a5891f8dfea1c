"""Prints the access key id botocore resolves for profile argv[1] (from the files of HOME), for
the sign-in interop tests. botocore's login provider needs awscrt (botocore[crt]), which has no
wheel here: signinworld.CrtEcShim gives it the same EC calls on `cryptography`, and botocore does
the rest (cache reading, the refresh call, its DPoP JWT, the cache write) itself."""

import sys
from pathlib import Path

import botocore.credentials
import botocore.session

sys.path.insert(0, str(Path(__file__).resolve().parent))
from signinworld import CrtEcShim  # noqa: E402

botocore.credentials.EC = CrtEcShim
creds = botocore.session.Session(profile=sys.argv[1]).get_credentials()
print(creds.get_frozen_credentials().access_key)
