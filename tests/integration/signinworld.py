"""Local stand-ins for the AWS services of the browser sign-in flows, which moto does not have, all
on 127.0.0.1 and speaking the services' real wire protocol (restJson1):

- SigninServer: AWS Sign-In (`aws login`, Invoke-AWSLogin): the /v1/authorize page (same-device
  loopback redirect or cross-device code page) and CreateOAuth2Token (`POST /v1/token`) with PKCE,
  DPoP proofs (RFC 9449) checked against the embedded key, and rotating refresh tokens;
- SsoServer: IAM Identity Center on one port: SSO-OIDC (RegisterClient, StartDeviceAuthorization,
  CreateToken with the device-code, authorization-code + PKCE and refresh-token grants, plus the
  /authorize and /device pages a browser visits) and the SSO portal (GetRoleCredentials,
  ListAccounts, ListAccountRoles, Logout); point AWS_ENDPOINT_URL_SSO_OIDC and AWS_ENDPOINT_URL_SSO
  at the same `.url`;

plus client-side helpers for tests that play the client (pkce_pair, dpop_proof, jwk_of,
jwk_thumbprint). The browser is scripted_browser.py.

Wire facts, from the SDKs installed here: paths, query names, headers, body keys and error shapes
from aws-sdk-signin 1.33.0, aws-sdk-ssooidc 1.121.0 and aws-sdk-sso 1.119.0 (src/protocol_serde,
src/operation) and botocore 1.44.5 (data/{signin,sso-oidc,sso}/service-2.json,
credentials.py `_build_dpop_header` / LoginCredentialFetcher); the authorize query strings from
aws-cli v2 (awscli/customizations/login/utils.py, awscli/botocore/utils.py SSOTokenFetcherAuth).
Errors carry `x-amzn-ErrorType: <Shape>` and the shape's JSON members: Sign-In
`{"error", "message"}`, SSO-OIDC `{"error", "error_description"}`, SSO portal `{"message"}`.

Choices where the models say nothing (documented so tests can rely on them):
- Sign-In answers AccessDeniedException with 400 (no httpError on the shape);
  TOKEN_EXPIRED for an unknown or already rotated refresh token, AUTHCODE_EXPIRED for an unknown,
  used or expired authorization code; ValidationException for the rest: `INVALID_REQUEST`
  (malformed), `unsupported_grant_type`, `invalid_grant` (code bound to another client,
  redirect URI or PKCE challenge) and `invalid_dpop_proof` (RFC 9449 section 7.1; not in the
  model's OAuth2ErrorCode enum, so clients see an unknown value) for any DPoP failure, including a
  refresh signed with another key than the one the session is bound to.
- Refresh responses of Sign-In carry no idToken (the model: "Not included in refresh token
  responses").
- SSO-OIDC answers an expired device code or authorization code with ExpiredTokenException
  (botocore maps it to PendingAuthorizationExpiredError), any other bad grant with
  InvalidGrantException; a registered redirect URI matches the authorize one with any port
  (RFC 8252 7.3: botocore registers `http://127.0.0.1/oauth/callback` and then uses it with the
  port of its listener).
- The SSO portal answers an account or role the token has no access to with 403
  ForbiddenException "No access" (what users of the real portal report; not in the model).
- A browser that "clicks Deny" is modelled by `consent=deny` in the query of /v1/authorize,
  /authorize or /device (scripted_browser.py's deny mode adds it).

Every request is recorded in `server.requests` as a Call with secret values redacted; the raw
requests (secrets included) stay in `server.raw_requests`: never print them.
"""

import base64
import hashlib
import html
import json
import secrets
import string
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (Prehashed, decode_dss_signature,
                                                             encode_dss_signature)

from localaws import LOOPBACK, LocalHttpServer, json_response

SAME_DEVICE_CLIENT = "arn:aws:signin:::devtools/same-device"
CROSS_DEVICE_CLIENT = "arn:aws:signin:::devtools/cross-device"
DEFAULT_SESSION_ARN = "arn:aws:iam::123456789012:user/Admin"
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
DEFAULT_ACCOUNTS = {
    "111111111111": {"name": "Development", "email": "dev@example.com",
                     "roles": ["AdministratorAccess", "ReadOnlyAccess"]},
    "222222222222": {"name": "Production", "email": "prod@example.com",
                     "roles": ["AdministratorAccess", "ReadOnlyAccess"]},
}

REDACTED = "<redacted>"
SECRET_FIELDS = frozenset({"clientSecret", "code", "codeVerifier", "refreshToken", "deviceCode",
                           "accessToken", "secretAccessKey", "sessionToken", "idToken"})
SECRET_HEADERS = frozenset({"dpop", "x-amz-sso_bearer_token", "authorization", "cookie"})
SECRET_QUERY = frozenset({"code"})
PKCE_CHARS = frozenset(string.ascii_letters + string.digits + "-._~")


# ------------------------------------------------------------------------------------------------
# Encoding, PKCE and DPoP helpers (used by the servers and by tests playing the client)
# ------------------------------------------------------------------------------------------------

def b64url(data):
    """base64url without padding (RFC 7515 section 2)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text):
    """Inverse of b64url; refuses padding and characters outside the base64url alphabet."""
    if not isinstance(text, str) or "=" in text or not set(text) <= set(
            string.ascii_letters + string.digits + "-_"):
        raise ValueError("not unpadded base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def pkce_challenge(verifier):
    """The S256 challenge of a verifier: base64url(sha256(verifier)) without padding."""
    return b64url(hashlib.sha256(verifier.encode("ascii")).digest())


def pkce_pair():
    """A (verifier, challenge) pair as the AWS CLI makes them: 64 characters of [A-Za-z0-9-._~]."""
    alphabet = string.ascii_letters + string.digits + "-._~"
    verifier = "".join(secrets.choice(alphabet) for _ in range(64))
    return verifier, pkce_challenge(verifier)


def jwk_of(key):
    """The public JWK (kty, crv, x, y) of a P-256 private or public key."""
    public = key.public_key() if isinstance(key, ec.EllipticCurvePrivateKey) else key
    numbers = public.public_numbers()
    return {"kty": "EC", "crv": "P-256", "x": b64url(numbers.x.to_bytes(32, "big")),
            "y": b64url(numbers.y.to_bytes(32, "big"))}


def jwk_thumbprint(jwk):
    """RFC 7638 thumbprint of an EC JWK: base64url(sha256 of the required members, sorted)."""
    canonical = json.dumps({"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"], "y": jwk["y"]},
                           separators=(",", ":"), sort_keys=True)
    return b64url(hashlib.sha256(canonical.encode()).digest())


def es256_sign(private_key, signing_input):
    """ES256 over signing_input: the raw 64-byte r||s of RFC 7518 section 3.4."""
    r, s = decode_dss_signature(private_key.sign(signing_input, ec.ECDSA(hashes.SHA256())))
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def compact_jws(private_key, header, payload):
    """header.payload.signature, compact JSON, base64url without padding, ES256."""
    signing_input = (b64url(json.dumps(header, separators=(",", ":")).encode()) + "."
                     + b64url(json.dumps(payload, separators=(",", ":")).encode()))
    return signing_input + "." + b64url(es256_sign(private_key, signing_input.encode()))


def dpop_proof(private_key, htu, htm="POST", iat=None, jti=None, header=None, payload=None):
    """A DPoP proof as the AWS CLI builds it (`build_dpop_header`); `header` and `payload` entries
    are merged over the standard ones (a value of None removes the entry), for negative tests."""
    h = {"typ": "dpop+jwt", "alg": "ES256", "jwk": jwk_of(private_key)}
    p = {"htm": htm, "htu": htu, "iat": int(time.time()) if iat is None else iat,
         "jti": jti or str(uuid.uuid4())}
    for base, extra in ((h, header), (p, payload)):
        for k, v in (extra or {}).items():
            if v is None:
                base.pop(k, None)
            else:
                base[k] = v
    return compact_jws(private_key, h, p)


class DpopError(Exception):
    """A DPoP proof that does not verify; str() is the reason."""


def verify_dpop_proof(proof, htm, htu, now=None, leeway=300):
    """Checks a DPoP proof per RFC 9449 section 4.3 (all but jti replay, which needs state):
    compact JWS of three unpadded base64url parts; header typ dpop+jwt, alg ES256 and a public
    P-256 jwk (no private member); signature raw r||s verified with that jwk; payload htm, htu
    (query and fragment ignored), integer iat within +-leeway of now, non-empty string jti.
    Returns (header, payload); raises DpopError."""
    if not proof:
        raise DpopError("missing DPoP header")
    parts = proof.split(".")
    if len(parts) != 3:
        raise DpopError("not a compact JWS")
    try:
        header = json.loads(b64url_decode(parts[0]))
        payload = json.loads(b64url_decode(parts[1]))
        signature = b64url_decode(parts[2])
    except ValueError as e:
        raise DpopError(f"undecodable JWS part ({e})") from None
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise DpopError("header or payload is not a JSON object")
    if header.get("typ") != "dpop+jwt":
        raise DpopError(f"typ is {header.get('typ')!r}, not 'dpop+jwt'")
    if header.get("alg") != "ES256":
        raise DpopError(f"alg is {header.get('alg')!r}, not 'ES256'")
    jwk = header.get("jwk")
    if not isinstance(jwk, dict) or jwk.get("kty") != "EC" or jwk.get("crv") != "P-256":
        raise DpopError("jwk is not an EC P-256 key")
    if "d" in jwk:
        raise DpopError("jwk contains a private key")
    try:
        x, y = b64url_decode(jwk["x"]), b64url_decode(jwk["y"])
        if len(x) != 32 or len(y) != 32:
            raise ValueError("coordinates are not 32 bytes")
        public = ec.EllipticCurvePublicNumbers(int.from_bytes(x, "big"), int.from_bytes(y, "big"),
                                               ec.SECP256R1()).public_key()
    except (KeyError, TypeError, ValueError) as e:
        raise DpopError(f"jwk is not a valid P-256 point ({e})") from None
    if len(signature) != 64:
        raise DpopError(f"signature is {len(signature)} bytes, not a raw 64-byte r||s")
    der = encode_dss_signature(int.from_bytes(signature[:32], "big"),
                               int.from_bytes(signature[32:], "big"))
    try:
        public.verify(der, f"{parts[0]}.{parts[1]}".encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        raise DpopError("signature does not verify with the embedded jwk") from None
    if payload.get("htm") != htm:
        raise DpopError(f"htm is {payload.get('htm')!r}, not {htm!r}")
    claimed = payload.get("htu")
    if not isinstance(claimed, str) or claimed.split("#")[0].split("?")[0] != htu:
        raise DpopError(f"htu is {claimed!r}, not {htu!r}")
    iat = payload.get("iat")
    now = time.time() if now is None else now
    if isinstance(iat, bool) or not isinstance(iat, int):
        raise DpopError("iat is not an integer")
    if abs(iat - now) > leeway:
        raise DpopError(f"iat is {iat - now:+.0f} s from now (allowed +-{leeway} s)")
    if not isinstance(payload.get("jti"), str) or not payload["jti"]:
        raise DpopError("jti is missing")
    return header, payload


def redact(obj):
    """obj (parsed JSON) with the values of SECRET_FIELDS replaced by REDACTED."""
    if isinstance(obj, dict):
        return {k: REDACTED if k in SECRET_FIELDS and isinstance(v, str) else redact(v)
                for k, v in obj.items()}
    if isinstance(obj, list):
        return [redact(v) for v in obj]
    return obj


def _random_key_id():
    alphabet = string.ascii_uppercase + "234567"
    return "ASIA" + "".join(secrets.choice(alphabet) for _ in range(16))


def _new_credentials():
    return {"accessKeyId": _random_key_id(),
            "secretAccessKey": base64.b64encode(secrets.token_bytes(30)).decode(),
            "sessionToken": base64.b64encode(secrets.token_bytes(180)).decode()}


def _is_loopback_uri(uri):
    """http://127.0.0.1|localhost|[::1][:port]/path, no fragment."""
    try:
        parts = urllib.parse.urlsplit(uri or "")
        _ = parts.port  # raises ValueError on a bad port
    except ValueError:
        return False
    return (parts.scheme == "http" and parts.hostname in (LOOPBACK, "localhost", "::1")
            and not parts.fragment)


def _without_port(uri):
    parts = urllib.parse.urlsplit(uri)
    host = f"[{parts.hostname}]" if ":" in (parts.hostname or "") else parts.hostname
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, parts.query, ""))


def _with_query(uri, params):
    return uri + ("&" if "?" in uri else "?") + urllib.parse.urlencode(params)


def _html(title, body_html, status=200):
    page = (f"<!DOCTYPE html><html><head><title>{html.escape(title)}</title></head>"
            f"<body><h1>{html.escape(title)}</h1>{body_html}</body></html>")
    return status, {"Content-Type": "text/html; charset=utf-8"}, page.encode()


# ------------------------------------------------------------------------------------------------
# Shared plumbing
# ------------------------------------------------------------------------------------------------

@dataclass
class Call:
    """One request as a service server saw and answered it (secret values redacted)."""
    method: str
    path: str
    query: dict
    headers: dict
    body: object = None       # the parsed JSON body, secrets redacted; None when not JSON
    at: float = 0.0           # time.monotonic() on arrival
    status: int = None        # the status answered
    error_type: str = None    # x-amzn-ErrorType answered, if an error
    error_code: str = None    # the `error` member answered, if any
    dpop: str = None          # Sign-In token calls: "ok", the reason of a rejection, or None


class ServiceError(Exception):
    """Raised by a handler: answer `status` with x-amzn-ErrorType `error_type` and JSON `body`."""

    def __init__(self, status, error_type, body):
        super().__init__(f"{status} {error_type}")
        self.status = status
        self.error_type = error_type
        self.body = body


class _ServiceServer:
    """A LocalHttpServer routed by (method, path) to handler methods, with a lock for the state,
    the Call log and one-shot injected failures (`fail_next[operation] = (status, type, body)`)."""

    ROUTES = {}  # (method, path) -> (operation name, handler method name)

    def __init__(self):
        self.lock = threading.RLock()
        self.requests = []
        self.fail_next = {}
        self.error_type_suffix = ""  # appended to x-amzn-ErrorType, e.g. ":http://internal..."
        self._http = LocalHttpServer(self._app)

    @property
    def port(self):
        return self._http.port

    @property
    def url(self):
        return self._http.url

    @property
    def errors(self):
        """Exceptions raised by the handlers (answered 500): a test should expect none."""
        return self._http.errors

    @property
    def raw_requests(self):
        """The localaws.Request objects, secrets included."""
        return self._http.requests

    def stop(self):
        self._http.stop()

    def calls(self, path):
        """The recorded Calls to `path`."""
        return [c for c in self.requests if c.path == path]

    def _app(self, req):
        call = Call(method=req.method, path=req.path,
                    query={k: REDACTED if k in SECRET_QUERY else v for k, v in req.query.items()},
                    headers={k: REDACTED if k in SECRET_HEADERS else v
                             for k, v in req.headers.items()},
                    at=time.monotonic())
        with self.lock:
            self.requests.append(call)
        route = self.ROUTES.get((req.method, req.path))
        try:
            if route is None:
                raise ServiceError(404, "UnknownOperationException",
                                   {"message": f"no operation at {req.method} {req.path}"})
            operation, handler = route
            with self.lock:
                injected = self.fail_next.pop(operation, None)
            if injected is not None:
                try:
                    call.body = redact(json.loads(req.body)) if req.body else None
                except ValueError:
                    pass
                self._count(operation, req, call)
                raise ServiceError(*injected)
            status, headers, body = getattr(self, handler)(req, call)
        except ServiceError as e:
            call.error_type = e.error_type
            if isinstance(e.body, dict):
                call.error_code = e.body.get("error")
                body = json.dumps(e.body).encode()
            else:
                body = e.body.encode() if isinstance(e.body, str) else e.body
            status = e.status
            headers = {"Content-Type": "application/json",
                       "x-amzn-ErrorType": e.error_type + self.error_type_suffix}
        call.status = status
        headers.setdefault("x-amzn-RequestId", str(uuid.uuid4()))
        return status, headers, body

    def _count(self, operation, req, call):
        """Hook: counts a call that an injected failure answers."""

    def _json(self, req, call, error):
        """The request body as a JSON object (recorded, redacted), else raise error(message)."""
        try:
            body = json.loads(req.body or b"{}")
        except ValueError:
            raise error("the request body is not JSON") from None
        if not isinstance(body, dict):
            raise error("the request body is not a JSON object")
        call.body = redact(body)
        return body


# ------------------------------------------------------------------------------------------------
# AWS Sign-In
# ------------------------------------------------------------------------------------------------

class SigninServer(_ServiceServer):
    """AWS Sign-In's login endpoints.

    GET /v1/authorize?response_type=code&client_id=..&state=..&code_challenge_method=SHA-256
    &scope=openid&redirect_uri=..&code_challenge=.. approves at once: same-device (client
    SAME_DEVICE_CLIENT, loopback redirect_uri) answers 302 to redirect_uri?code=..&state=..;
    cross-device (CROSS_DEVICE_CLIENT, redirect_uri == .confirmation_uri) answers a 200 page with
    the verification code, base64 of `code=..&state=..` (also in .last_cross_device_code).
    Parameter errors after a usable redirect_uri go back as error=invalid_request; an unknown
    client or unusable redirect_uri gets a 400 page.

    POST /v1/token (CreateOAuth2Token) takes {clientId, grantType: authorization_code, code,
    codeVerifier, redirectUri} or {clientId, grantType: refresh_token, refreshToken} and a `DPoP`
    header (any case) whose htu must be .token_url; answers {accessToken{accessKeyId,
    secretAccessKey, sessionToken}, tokenType: aws_sigv4, expiresIn, refreshToken, idToken (code
    grant only)}. A session is bound to the thumbprint of its DPoP key; refresh tokens rotate.

    Knobs: session_arn (the idToken `sub` of new sessions), expires_in, code_lifetime (s),
    iat_leeway (s), deny_next (error for the next authorize, one-shot), wrong_state (answer
    another state), fail_next_token = (status, error type, body) (one-shot), token_delay (s, slept
    before a token call is processed). State: requests, token_calls, refresh_calls,
    authorize_calls, issued (every accessToken answered, with its refreshToken),
    last_cross_device_code. Seeding: add_session(key) returns a refresh token bound to that key.
    """

    ROUTES = {("GET", "/v1/authorize"): ("Authorize", "_authorize"),
              ("POST", "/v1/token"): ("CreateOAuth2Token", "_token")}

    def __init__(self, session_arn=DEFAULT_SESSION_ARN, expires_in=900, code_lifetime=300,
                 iat_leeway=300):
        self.session_arn = session_arn
        self.expires_in = expires_in
        self.code_lifetime = code_lifetime
        self.iat_leeway = iat_leeway
        self.deny_next = None
        self.wrong_state = False
        self.token_delay = 0.0
        self.last_cross_device_code = None
        self.authorize_calls = 0
        self.token_calls = 0
        self.refresh_calls = 0
        self.issued = []
        self._codes = {}      # code -> pending authorization
        self._sessions = {}   # session id -> {client_id, jkt, arn, revoked}
        self._refresh = {}    # refresh token -> {session, used}
        self._jtis = set()
        self._id_key = ec.generate_private_key(ec.SECP256R1())
        super().__init__()

    @property
    def token_url(self):
        """The URL a DPoP proof's htu must name."""
        return f"{self.url}/v1/token"

    @property
    def confirmation_uri(self):
        """The redirect_uri of the cross-device flow."""
        return f"{self.url}/v1/sessions/confirmation"

    @property
    def fail_next_token(self):
        return self.fail_next.get("CreateOAuth2Token")

    @fail_next_token.setter
    def fail_next_token(self, failure):
        if failure is None:
            self.fail_next.pop("CreateOAuth2Token", None)
        else:
            self.fail_next["CreateOAuth2Token"] = failure

    # -- seeding ----------------------------------------------------------------------------------

    def add_session(self, key, client_id=SAME_DEVICE_CLIENT, session_arn=None):
        """A session bound to `key` (P-256 private/public key or its JWK) as if a login had made
        it; returns its refresh token."""
        jwk = key if isinstance(key, dict) else jwk_of(key)
        with self.lock:
            sid = self._new_session(client_id, jwk_thumbprint(jwk), session_arn)
            return self._new_refresh_token(sid)

    def expire_sessions(self, code="TOKEN_EXPIRED"):
        """Every existing session now answers refreshes with AccessDeniedException `code`
        (TOKEN_EXPIRED: the 12 hours are over; USER_CREDENTIALS_CHANGED: password changed;
        INSUFFICIENT_PERMISSIONS: signin:CreateOAuth2Token was taken away)."""
        with self.lock:
            for s in self._sessions.values():
                s["revoked"] = code

    # -- errors -----------------------------------------------------------------------------------

    @staticmethod
    def _denied(code, message):
        return ServiceError(400, "AccessDeniedException", {"error": code, "message": message})

    @staticmethod
    def _invalid(code, message):
        return ServiceError(400, "ValidationException", {"error": code, "message": message})

    # -- GET /v1/authorize ------------------------------------------------------------------------

    def _authorize(self, req, call):
        q = req.query
        with self.lock:
            self.authorize_calls += 1
        client_id, redirect_uri, state = q.get("client_id"), q.get("redirect_uri"), q.get("state")
        if client_id not in (SAME_DEVICE_CLIENT, CROSS_DEVICE_CLIENT):
            return _html("Unknown client", "<p>client_id is not a Sign-In developer tool.</p>",
                         400)
        cross = client_id == CROSS_DEVICE_CLIENT
        if cross and redirect_uri != self.confirmation_uri:
            return _html("Bad redirect", "<p>cross-device redirect_uri must be "
                         f"{html.escape(self.confirmation_uri)}</p>", 400)
        if not cross and not _is_loopback_uri(redirect_uri):
            return _html("Bad redirect", "<p>redirect_uri must be an http loopback URI.</p>", 400)
        with self.lock:
            denied = self.deny_next or ("access_denied" if q.get("consent") == "deny" else None)
            self.deny_next = None
        if denied:
            return self._send_back(redirect_uri, cross, {"error": denied, "state": state})
        problems = []
        if q.get("response_type") != "code":
            problems.append("response_type must be code")
        if q.get("code_challenge_method") != "SHA-256":
            problems.append("code_challenge_method must be SHA-256")
        if q.get("scope") != "openid":
            problems.append("scope must be openid")
        challenge = q.get("code_challenge", "")
        if len(challenge) != 43 or not set(challenge) <= PKCE_CHARS:
            problems.append("code_challenge must be 43 base64url characters")
        if problems:
            return self._send_back(redirect_uri, cross, {
                "error": "invalid_request", "error_description": "; ".join(problems),
                "state": state})
        code = secrets.token_urlsafe(32)
        with self.lock:
            self._codes[code] = {"client_id": client_id, "redirect_uri": redirect_uri,
                                 "challenge": challenge, "used": False,
                                 "expires": time.time() + self.code_lifetime}
        answered_state = f"not-{state}-{uuid.uuid4()}" if self.wrong_state else state
        return self._send_back(redirect_uri, cross, {"code": code, "state": answered_state})

    def _send_back(self, redirect_uri, cross, params):
        params = {k: v for k, v in params.items() if v is not None}
        if not cross:
            return 302, {"Location": _with_query(redirect_uri, params)}, b""
        if "error" in params:
            return _html("Sign-in failed", f"<p id=\"error\">{html.escape(params['error'])}</p>")
        code = base64.b64encode(urllib.parse.urlencode(params).encode()).decode()
        with self.lock:
            self.last_cross_device_code = code
        return _html("Verification code",
                     "<p>Enter this code where you started the sign-in:</p>"
                     f"<pre id=\"verification-code\">{code}</pre>")

    # -- POST /v1/token ---------------------------------------------------------------------------

    def _count(self, operation, req, call):
        try:
            grant = json.loads(req.body or b"{}").get("grantType")
        except (ValueError, AttributeError):
            grant = None
        with self.lock:
            self.token_calls += 1
            if grant == "refresh_token":
                self.refresh_calls += 1

    def _token(self, req, call):
        self._count("CreateOAuth2Token", req, call)
        if self.token_delay:
            time.sleep(self.token_delay)
        body = self._json(req, call, lambda m: self._invalid("INVALID_REQUEST", m))
        client_id, grant = body.get("clientId"), body.get("grantType")
        if not isinstance(client_id, str) or not isinstance(grant, str):
            raise self._invalid("INVALID_REQUEST", "clientId and grantType are required")
        if client_id not in (SAME_DEVICE_CLIENT, CROSS_DEVICE_CLIENT):
            raise self._invalid("INVALID_REQUEST", "unknown clientId")
        if grant not in ("authorization_code", "refresh_token"):
            raise self._invalid("unsupported_grant_type", f"grantType {grant!r} is not supported")
        jkt = self._check_dpop(req, call)
        with self.lock:
            if grant == "authorization_code":
                sid = self._redeem_code(body, jkt)
            else:
                sid = self._rotate(body, jkt)
            out = self._issue(sid, with_id_token=grant == "authorization_code")
        return json_response(out)

    def _check_dpop(self, req, call):
        """Verifies the DPoP header; records the jti; returns the key's thumbprint."""
        try:
            header, payload = verify_dpop_proof(req.headers.get("dpop"), "POST", self.token_url,
                                                leeway=self.iat_leeway)
            with self.lock:
                if payload["jti"] in self._jtis:
                    raise DpopError("jti was already used")
                self._jtis.add(payload["jti"])
        except DpopError as e:
            call.dpop = str(e)
            raise self._invalid("invalid_dpop_proof", f"Invalid DPoP proof: {e}") from None
        call.dpop = "ok"
        return jwk_thumbprint(header["jwk"])

    def _redeem_code(self, body, jkt):
        code, verifier, redirect_uri = (body.get("code"), body.get("codeVerifier"),
                                        body.get("redirectUri"))
        if not all(isinstance(v, str) and v for v in (code, verifier, redirect_uri)):
            raise self._invalid("INVALID_REQUEST",
                                "code, codeVerifier and redirectUri are required")
        pending = self._codes.get(code)
        if pending is None or pending["used"] or time.time() >= pending["expires"]:
            raise self._denied("AUTHCODE_EXPIRED", "The authorization code is invalid or expired")
        pending["used"] = True
        if body["clientId"] != pending["client_id"]:
            raise self._invalid("invalid_grant", "clientId differs from the authorize request's")
        if redirect_uri != pending["redirect_uri"]:
            raise self._invalid("invalid_grant",
                                "redirectUri differs from the authorize request's")
        if not 43 <= len(verifier) <= 128 or not set(verifier) <= PKCE_CHARS:
            raise self._invalid("INVALID_REQUEST", "codeVerifier is not a PKCE verifier")
        if pkce_challenge(verifier) != pending["challenge"]:
            raise self._invalid("invalid_grant", "codeVerifier does not match code_challenge")
        return self._new_session(pending["client_id"], jkt, None)

    def _rotate(self, body, jkt):
        token = body.get("refreshToken")
        if not isinstance(token, str) or not token:
            raise self._invalid("INVALID_REQUEST", "refreshToken is required")
        entry = self._refresh.get(token)
        if entry is None or entry["used"]:
            raise self._denied("TOKEN_EXPIRED", "The refresh token is invalid or was rotated")
        session = self._sessions[entry["session"]]
        if session["revoked"]:
            raise self._denied(session["revoked"], "The session can no longer be refreshed")
        if body["clientId"] != session["client_id"]:
            raise self._invalid("invalid_grant", "clientId differs from the session's")
        if jkt != session["jkt"]:
            raise self._invalid("invalid_dpop_proof", "Invalid DPoP proof: the key is not the "
                                "one the session is bound to")
        entry["used"] = True
        return entry["session"]

    def _new_session(self, client_id, jkt, session_arn):
        sid = str(uuid.uuid4())
        self._sessions[sid] = {"client_id": client_id, "jkt": jkt, "revoked": None,
                               "arn": session_arn or self.session_arn}
        return sid

    def _new_refresh_token(self, sid):
        token = "rt-" + secrets.token_urlsafe(48)
        self._refresh[token] = {"session": sid, "used": False}
        return token

    def _issue(self, sid, with_id_token):
        session = self._sessions[sid]
        credentials = _new_credentials()
        out = {"accessToken": credentials, "tokenType": "aws_sigv4",
               "expiresIn": self.expires_in, "refreshToken": self._new_refresh_token(sid)}
        if with_id_token:
            now = int(time.time())
            out["idToken"] = compact_jws(
                self._id_key, {"alg": "ES256", "typ": "JWT", "kid": "signinworld"},
                {"iss": self.url, "sub": session["arn"], "aud": session["client_id"],
                 "iat": now, "exp": now + self.expires_in})
        self.issued.append(dict(credentials, refreshToken=out["refreshToken"]))
        return out


# ------------------------------------------------------------------------------------------------
# IAM Identity Center: SSO-OIDC and the SSO portal
# ------------------------------------------------------------------------------------------------

class SsoServer(_ServiceServer):
    """SSO-OIDC and the SSO portal on one port.

    SSO-OIDC: POST /client/register, /device_authorization, /token (CreateToken: device-code,
    authorization_code + PKCE S256, refresh_token with rotation); GET /authorize (botocore's
    query: response_type, client_id, redirect_uri, state, code_challenge_method=S256, scopes,
    code_challenge) answers 302 to redirect_uri?code&state at once; GET /device?user_code=..
    (the verificationUriComplete) approves that device authorization.
    Portal: GET /federation/credentials, /assignment/accounts, /assignment/roles and POST /logout,
    all with header x-amz-sso_bearer_token; a bad, expired or logged-out token answers 401
    UnauthorizedException.

    Knobs: accounts ({account id: {"name", "email"?, "roles": [...]}}), token_expires_in,
    interval, device_expires_in, code_lifetime, role_credentials_ttl (s), page_size (default
    max_result), client_secret_lifetime (s), slow_down_times (answer SlowDownException that many
    times first), enforce_interval (a poll sooner than the interval gets SlowDownException),
    issue_refresh_tokens, deny_next, wrong_state, fail_next[operation] = (status, type, body).
    State: requests, registrations, create_token_times (time.monotonic() of every CreateToken),
    refresh_calls, logouts, issued (role credentials answered), last_user_code.
    Seeding: add_client(), add_access_token(), add_refresh_token(); approve()/deny() a device code.
    """

    ROUTES = {("POST", "/client/register"): ("RegisterClient", "_register_client"),
              ("POST", "/device_authorization"): ("StartDeviceAuthorization", "_start_device"),
              ("POST", "/token"): ("CreateToken", "_create_token"),
              ("GET", "/authorize"): ("Authorize", "_authorize"),
              ("GET", "/device"): ("Device", "_device_page"),
              ("GET", "/federation/credentials"): ("GetRoleCredentials", "_role_credentials"),
              ("GET", "/assignment/accounts"): ("ListAccounts", "_list_accounts"),
              ("GET", "/assignment/roles"): ("ListAccountRoles", "_list_account_roles"),
              ("POST", "/logout"): ("Logout", "_logout")}

    def __init__(self, accounts=None, token_expires_in=3600, interval=1, device_expires_in=600,
                 code_lifetime=300, role_credentials_ttl=3600):
        self.accounts = json.loads(json.dumps(accounts or DEFAULT_ACCOUNTS))
        self.token_expires_in = token_expires_in
        self.interval = interval
        self.device_expires_in = device_expires_in
        self.code_lifetime = code_lifetime
        self.role_credentials_ttl = role_credentials_ttl
        self.page_size = 20
        self.client_secret_lifetime = 90 * 24 * 3600
        self.slow_down_times = 0
        self.enforce_interval = False
        self.issue_refresh_tokens = True
        self.deny_next = None
        self.wrong_state = False
        self.registrations = 0
        self.create_token_times = []
        self.refresh_calls = 0
        self.logouts = 0
        self.issued = []
        self.last_user_code = None
        self._clients = {}   # client id -> registration
        self._devices = {}   # device code -> device authorization
        self._codes = {}     # authorization code -> pending authorization
        self._access = {}    # access token -> {client_id, expires, valid, refresh}
        self._refresh = {}   # refresh token -> {client_id, used, valid}
        super().__init__()

    # -- seeding ----------------------------------------------------------------------------------

    def add_client(self, grant_types=None, redirect_uris=None, scopes=None, expires_in=None):
        """A registered client, as RegisterClient would make it; returns (clientId, secret)."""
        with self.lock:
            return self._new_client("seeded", grant_types, redirect_uris, scopes, expires_in)

    def add_access_token(self, expires_in=None, client_id=None):
        """A valid bearer token for the portal (as if a login had happened); returns it."""
        with self.lock:
            return self._new_access_token(client_id, expires_in, None)

    def add_refresh_token(self, client_id):
        """A refresh token for `client_id` (see add_client); returns it."""
        with self.lock:
            return self._new_refresh_token(client_id)

    def approve(self, user_code=None):
        """Approves the device authorization of user_code (default: the latest one)."""
        self._decide(user_code, "approved")

    def deny(self, user_code=None):
        """Denies the device authorization of user_code (default: the latest one)."""
        self._decide(user_code, "denied")

    def expire_access_token(self, token):
        """Makes a bearer token expired (the portal answers 401)."""
        with self.lock:
            self._access[token]["expires"] = 0

    def _decide(self, user_code, status):
        with self.lock:
            user_code = user_code or self.last_user_code
            for d in self._devices.values():
                if d["user_code"] == user_code and d["status"] == "pending":
                    d["status"] = status
                    return
        raise KeyError(f"no pending device authorization for user code {user_code!r}")

    # -- errors -----------------------------------------------------------------------------------

    @staticmethod
    def _oidc_error(status, error_type, error, description):
        return ServiceError(status, error_type, {"error": error, "error_description": description})

    def _bad_request(self, description):
        return self._oidc_error(400, "InvalidRequestException", "invalid_request", description)

    @staticmethod
    def _portal_error(status, error_type, message):
        return ServiceError(status, error_type, {"message": message})

    # -- SSO-OIDC ---------------------------------------------------------------------------------

    def _new_client(self, name, grant_types, redirect_uris, scopes, expires_in):
        client_id = secrets.token_urlsafe(16)
        secret = "cs-" + secrets.token_urlsafe(48)
        issued = int(time.time())
        lifetime = self.client_secret_lifetime if expires_in is None else expires_in
        self._clients[client_id] = {
            "secret": secret, "name": name, "issued": issued, "expires": issued + lifetime,
            "grant_types": list(grant_types) if grant_types else None,
            "redirect_uris": list(redirect_uris or []), "scopes": list(scopes or [])}
        return client_id, secret

    def _register_client(self, req, call):
        body = self._json(req, call, self._bad_request)
        name, client_type = body.get("clientName"), body.get("clientType")
        if not isinstance(name, str) or not name or not isinstance(client_type, str):
            raise self._bad_request("clientName and clientType are required")
        if client_type != "public":
            raise self._oidc_error(400, "InvalidClientMetadataException",
                                   "invalid_client_metadata", "clientType must be public")
        grant_types = body.get("grantTypes")
        allowed = {"authorization_code", "refresh_token", DEVICE_GRANT}
        if grant_types is not None and (not isinstance(grant_types, list)
                                        or not set(grant_types) <= allowed):
            raise self._oidc_error(400, "UnsupportedGrantTypeException",
                                   "unsupported_grant_type", f"grantTypes {grant_types!r}")
        redirect_uris = body.get("redirectUris") or []
        if not isinstance(redirect_uris, list) or not all(map(_is_loopback_uri, redirect_uris)):
            raise self._oidc_error(400, "InvalidRedirectUriException", "invalid_redirect_uri",
                                   "redirectUris must be http loopback URIs")
        if grant_types and "authorization_code" in grant_types and not redirect_uris:
            raise self._oidc_error(400, "InvalidRedirectUriException", "invalid_redirect_uri",
                                   "the authorization_code grant needs redirectUris")
        with self.lock:
            self.registrations += 1
            client_id, secret = self._new_client(name, grant_types, redirect_uris,
                                                 body.get("scopes"), None)
            reg = self._clients[client_id]
        return json_response({"clientId": client_id, "clientSecret": secret,
                              "clientIdIssuedAt": reg["issued"],
                              "clientSecretExpiresAt": reg["expires"]})

    def _client(self, body):
        """The registration that clientId/clientSecret authenticate, else InvalidClientException."""
        client_id, secret = body.get("clientId"), body.get("clientSecret")
        if not isinstance(client_id, str) or not isinstance(secret, str):
            raise self._bad_request("clientId and clientSecret are required")
        reg = self._clients.get(client_id)
        if reg is None or not secrets.compare_digest(reg["secret"], secret):
            raise self._oidc_error(401, "InvalidClientException", "invalid_client",
                                   "Invalid client credentials")
        if time.time() >= reg["expires"]:
            raise self._oidc_error(401, "InvalidClientException", "invalid_client",
                                   "The client secret has expired")
        return client_id, reg

    def _start_device(self, req, call):
        body = self._json(req, call, self._bad_request)
        with self.lock:
            client_id, _ = self._client(body)
            if not isinstance(body.get("startUrl"), str) or not body["startUrl"]:
                raise self._bad_request("startUrl is required")
            device_code = "dc-" + secrets.token_urlsafe(48)
            alphabet = "BCDFGHJKLMNPQRSTVWXZ"
            user_code = "-".join("".join(secrets.choice(alphabet) for _ in range(4))
                                 for _ in range(2))
            self._devices[device_code] = {
                "client_id": client_id, "user_code": user_code, "status": "pending",
                "start_url": body["startUrl"], "expires": time.time() + self.device_expires_in,
                "interval": self.interval, "last_poll": None}
            self.last_user_code = user_code
        verification_uri = f"{self.url}/device"
        return json_response({
            "deviceCode": device_code, "userCode": user_code, "verificationUri": verification_uri,
            "verificationUriComplete": f"{verification_uri}?user_code={user_code}",
            "expiresIn": self.device_expires_in, "interval": self.interval})

    def _count(self, operation, req, call):
        if operation != "CreateToken":
            return
        try:
            grant = json.loads(req.body or b"{}").get("grantType")
        except (ValueError, AttributeError):
            grant = None
        with self.lock:
            self.create_token_times.append(call.at)
            if grant == "refresh_token":
                self.refresh_calls += 1

    def _create_token(self, req, call):
        self._count("CreateToken", req, call)
        body = self._json(req, call, self._bad_request)
        grant = body.get("grantType")
        if not isinstance(grant, str):
            raise self._bad_request("grantType is required")
        with self.lock:
            client_id, reg = self._client(body)
            if grant not in (DEVICE_GRANT, "authorization_code", "refresh_token"):
                raise self._oidc_error(400, "UnsupportedGrantTypeException",
                                       "unsupported_grant_type", f"grantType {grant!r}")
            if (reg["grant_types"] is not None and grant not in reg["grant_types"]) or (
                    reg["grant_types"] is None and grant == "authorization_code"):
                raise self._oidc_error(400, "UnauthorizedClientException", "unauthorized_client",
                                       f"the client is not registered for {grant}")
            if grant == DEVICE_GRANT:
                self._device_grant(body, client_id, call)
            elif grant == "authorization_code":
                self._code_grant(body, client_id)
            else:
                self._refresh_grant(body, client_id)
            refresh = self._new_refresh_token(client_id) if self.issue_refresh_tokens else None
            out = {"accessToken": self._new_access_token(client_id, None, refresh),
                   "tokenType": "Bearer", "expiresIn": self.token_expires_in}
            if refresh:
                out["refreshToken"] = refresh
        return json_response(out)

    def _device_grant(self, body, client_id, call):
        device = self._devices.get(body.get("deviceCode"))
        if device is None or device["client_id"] != client_id or device["status"] == "used":
            raise self._oidc_error(400, "InvalidGrantException", "invalid_grant",
                                   "Invalid device code provided")
        if time.time() >= device["expires"]:
            raise self._oidc_error(400, "ExpiredTokenException", "expired_token",
                                   "Device code has expired")
        last, device["last_poll"] = device["last_poll"], call.at
        too_soon = (self.enforce_interval and last is not None
                    and call.at - last < device["interval"] - 0.1)
        if self.slow_down_times > 0 or too_soon:
            self.slow_down_times = max(0, self.slow_down_times - 1)
            device["interval"] += 5
            raise self._oidc_error(400, "SlowDownException", "slow_down",
                                   "Client is polling too quickly")
        if device["status"] == "denied":
            raise self._oidc_error(400, "AccessDeniedException", "access_denied",
                                   "The user denied the authorization request")
        if device["status"] == "pending":
            raise self._oidc_error(400, "AuthorizationPendingException", "authorization_pending",
                                   "Authorization is still pending")
        device["status"] = "used"

    def _code_grant(self, body, client_id):
        code, verifier, redirect_uri = (body.get("code"), body.get("codeVerifier"),
                                        body.get("redirectUri"))
        if not all(isinstance(v, str) and v for v in (code, verifier, redirect_uri)):
            raise self._bad_request("code, codeVerifier and redirectUri are required")
        pending = self._codes.get(code)
        if pending is None or pending["used"] or pending["client_id"] != client_id:
            raise self._oidc_error(400, "InvalidGrantException", "invalid_grant",
                                   "Invalid authorization code provided")
        pending["used"] = True
        if time.time() >= pending["expires"]:
            raise self._oidc_error(400, "ExpiredTokenException", "expired_token",
                                   "Authorization code has expired")
        if redirect_uri != pending["redirect_uri"]:
            raise self._oidc_error(400, "InvalidGrantException", "invalid_grant",
                                   "redirectUri differs from the authorize request's")
        if not set(verifier) <= PKCE_CHARS or pkce_challenge(verifier) != pending["challenge"]:
            raise self._oidc_error(400, "InvalidGrantException", "invalid_grant",
                                   "codeVerifier does not match code_challenge")

    def _refresh_grant(self, body, client_id):
        token = body.get("refreshToken")
        if not isinstance(token, str) or not token:
            raise self._bad_request("refreshToken is required")
        entry = self._refresh.get(token)
        if (entry is None or entry["used"] or not entry["valid"]
                or entry["client_id"] != client_id):
            raise self._oidc_error(400, "InvalidGrantException", "invalid_grant",
                                   "Invalid refresh token provided")
        entry["used"] = True

    def _new_access_token(self, client_id, expires_in, refresh):
        token = "aoa-" + secrets.token_urlsafe(64)
        lifetime = self.token_expires_in if expires_in is None else expires_in
        self._access[token] = {"client_id": client_id, "expires": time.time() + lifetime,
                               "valid": True, "refresh": refresh}
        return token

    def _new_refresh_token(self, client_id):
        token = "aor-" + secrets.token_urlsafe(64)
        self._refresh[token] = {"client_id": client_id, "used": False, "valid": True}
        return token

    # -- the pages a browser visits ---------------------------------------------------------------

    def _authorize(self, req, call):
        q = req.query
        with self.lock:
            reg = self._clients.get(q.get("client_id"))
        if reg is None:
            return _html("Unknown client", "<p>client_id is not registered.</p>", 400)
        redirect_uri = q.get("redirect_uri")
        if not _is_loopback_uri(redirect_uri) or _without_port(redirect_uri) not in [
                _without_port(u) for u in reg["redirect_uris"]]:
            return _html("Bad redirect", "<p>redirect_uri is not registered.</p>", 400)
        state = q.get("state")
        with self.lock:
            denied = self.deny_next or ("access_denied" if q.get("consent") == "deny" else None)
            self.deny_next = None
        if denied:
            return self._redirect(redirect_uri, {"error": denied, "state": state})
        problems = []
        if q.get("response_type") != "code":
            problems.append("response_type must be code")
        if q.get("code_challenge_method") != "S256":
            problems.append("code_challenge_method must be S256")
        challenge = q.get("code_challenge", "")
        if len(challenge) != 43 or not set(challenge) <= PKCE_CHARS:
            problems.append("code_challenge must be 43 base64url characters")
        if not q.get("scopes"):
            problems.append("scopes is required")
        if problems:
            return self._redirect(redirect_uri, {
                "error": "invalid_request", "error_description": "; ".join(problems),
                "state": state})
        if reg["scopes"] and not set(q["scopes"].split()) <= set(reg["scopes"]):
            return self._redirect(redirect_uri, {"error": "invalid_scope", "state": state})
        code = secrets.token_urlsafe(32)
        with self.lock:
            self._codes[code] = {"client_id": q["client_id"], "redirect_uri": redirect_uri,
                                 "challenge": challenge, "used": False,
                                 "expires": time.time() + self.code_lifetime}
        answered_state = f"not-{state}-{uuid.uuid4()}" if self.wrong_state else state
        return self._redirect(redirect_uri, {"code": code, "state": answered_state})

    @staticmethod
    def _redirect(redirect_uri, params):
        params = [(k, v) for k, v in params.items() if v is not None]
        return 302, {"Location": _with_query(redirect_uri, params)}, b""

    def _device_page(self, req, call):
        user_code = req.query.get("user_code")
        with self.lock:
            device = next((d for d in self._devices.values() if d["user_code"] == user_code),
                          None)
            if device is None:
                return _html("Unknown code", "<p>No such user code.</p>", 404)
            if time.time() >= device["expires"]:
                return _html("Expired", "<p>The code has expired.</p>", 400)
            if device["status"] == "pending":
                device["status"] = "denied" if req.query.get("consent") == "deny" else "approved"
            status = device["status"]
        return _html("Request " + ("denied" if status == "denied" else "approved"),
                     "<p>You can close this window.</p>")

    # -- SSO portal -------------------------------------------------------------------------------

    def _bearer(self, req):
        token = req.headers.get("x-amz-sso_bearer_token")
        with self.lock:
            entry = self._access.get(token) if token else None
            if entry is None or not entry["valid"] or time.time() >= entry["expires"]:
                raise self._portal_error(401, "UnauthorizedException",
                                         "Session token not found or invalid")
            return token, entry

    def _page(self, req, items, key):
        """A page of `items` from next_token/max_result, and the nextToken of the rest."""
        try:
            size = int(req.query.get("max_result", self.page_size))
            if not 1 <= size <= 100:
                raise ValueError
        except ValueError:
            raise self._portal_error(400, "InvalidRequestException",
                                     "max_result must be 1..100") from None
        start = 0
        if "next_token" in req.query:
            try:
                scope, start = json.loads(b64url_decode(req.query["next_token"]))
                if scope != key or not isinstance(start, int) or not 0 < start < len(items):
                    raise ValueError
            except (ValueError, TypeError):
                raise self._portal_error(400, "InvalidRequestException",
                                         "Invalid next token") from None
        rest = start + size
        token = b64url(json.dumps([key, rest]).encode()) if rest < len(items) else None
        return items[start:rest], token

    def _account(self, account_id):
        account = self.accounts.get(account_id) if account_id else None
        if account is None:
            raise self._portal_error(403, "ForbiddenException", "No access")
        return account

    def _role_credentials(self, req, call):
        self._bearer(req)
        role, account_id = req.query.get("role_name"), req.query.get("account_id")
        if not role or not account_id:
            raise self._portal_error(400, "InvalidRequestException",
                                     "role_name and account_id are required")
        if role not in self._account(account_id)["roles"]:
            raise self._portal_error(403, "ForbiddenException", "No access")
        credentials = _new_credentials()
        credentials["expiration"] = int((time.time() + self.role_credentials_ttl) * 1000)
        with self.lock:
            self.issued.append(dict(credentials, accountId=account_id, roleName=role))
        return json_response({"roleCredentials": credentials})

    def _list_accounts(self, req, call):
        self._bearer(req)
        items = [{"accountId": a, "accountName": v["name"],
                  "emailAddress": v.get("email", f"{a}@example.com")}
                 for a, v in sorted(self.accounts.items())]
        page, token = self._page(req, items, "accounts")
        out = {"accountList": page}
        if token:
            out["nextToken"] = token
        return json_response(out)

    def _list_account_roles(self, req, call):
        self._bearer(req)
        account_id = req.query.get("account_id")
        if not account_id:
            raise self._portal_error(400, "InvalidRequestException", "account_id is required")
        items = [{"roleName": r, "accountId": account_id}
                 for r in self._account(account_id)["roles"]]
        page, token = self._page(req, items, f"roles:{account_id}")
        out = {"roleList": page}
        if token:
            out["nextToken"] = token
        return json_response(out)

    def _logout(self, req, call):
        _, entry = self._bearer(req)
        with self.lock:
            entry["valid"] = False
            if entry["refresh"] in self._refresh:
                self._refresh[entry["refresh"]]["valid"] = False
            self.logouts += 1
        return 200, {}, b""


class CrtEcShim:
    """The awscrt.crypto.EC calls botocore's DPoP code makes, on cryptography (botocore[crt] is
    not installed here); botocore still builds the JWT, picks the URL and sends the header."""

    class Key:
        def __init__(self, key):
            self.key = key

        def get_public_coords(self):
            n = self.key.public_key().public_numbers()
            return n.x.to_bytes(32, "big"), n.y.to_bytes(32, "big")

        def sign(self, digest):
            return self.key.sign(digest, ec.ECDSA(Prehashed(hashes.SHA256())))

    @classmethod
    def new_key_from_der_data(cls, der):
        return cls.Key(serialization.load_der_private_key(der, None))

    @staticmethod
    def decode_der_signature_to_padded_pair(signature, pad_to):
        r, s = decode_dss_signature(signature)
        return r.to_bytes(pad_to, "big") + s.to_bytes(pad_to, "big")
