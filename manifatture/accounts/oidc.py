"""The OpenID Connect relying party: authorization code flow with PKCE, state
and nonce, and the ID token checked against the provider's published keys.

Protocol only, no database: `start_login` says where to send the browser and
what to remember in the session; `finish_login` turns the provider's answer
into verified claims, or raises `OIDCError`. Which account the claims open is
decided in `accounts.services`.

Every check named by OpenID Connect Core 1.0 §3.1.3.7 that applies to the code
flow is here: signature with a key from the provider's JWKS (never "none", never
HMAC), `iss` equal to the configured issuer, our client id in `aud` (and `azp`
when there are several audiences), `exp` in the future, `iat` present, and the
`nonce` we sent. The discovery document's `issuer` must equal the configured one
(Discovery 1.0 §4.3), so a redirect cannot switch providers.
"""

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import quote, urlencode

import requests
from django.conf import settings
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, KeySetSerialization

from .exceptions import OIDCError

TIMEOUT_SECONDS = 10
# Time allowed between leaving for the provider and coming back.
FLOW_MAX_AGE_SECONDS = 15 * 60
CLOCK_LEEWAY_SECONDS = 60
ASYMMETRIC_ALGORITHMS = {
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
}  # fmt: skip


@dataclass(frozen=True)
class Provider:
    issuer: str
    client_id: str
    client_secret: str
    scopes: str
    name: str


def configured_provider() -> Provider | None:
    """The provider from the settings, or None when OIDC login is off."""
    if not settings.OIDC_ISSUER:
        return None
    return Provider(
        issuer=settings.OIDC_ISSUER,
        client_id=settings.OIDC_CLIENT_ID,
        client_secret=settings.OIDC_CLIENT_SECRET,
        scopes=settings.OIDC_SCOPES,
        name=settings.OIDC_PROVIDER_NAME,
    )


def _get_json(url: str, **kwargs) -> dict[str, Any]:
    try:
        response = requests.get(url, timeout=TIMEOUT_SECONDS, **kwargs)
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as error:
        raise OIDCError(f"GET {url} failed: {error}") from error
    if not isinstance(data, dict):
        raise OIDCError(f"GET {url}: not a JSON object")
    return data


def discover(provider: Provider) -> dict[str, Any]:
    document = _get_json(provider.issuer.rstrip("/") + "/.well-known/openid-configuration")
    if document.get("issuer") != provider.issuer:
        raise OIDCError("discovery document names another issuer")
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not isinstance(document.get(key), str):
            raise OIDCError(f"discovery document lacks {key}")
    return document


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def code_challenge(verifier: str) -> str:
    """PKCE S256 (RFC 7636 §4.2)."""
    return _b64url(hashlib.sha256(verifier.encode("ascii")).digest())


def start_login(provider: Provider, *, redirect_uri: str, language: str = "") -> tuple[str, dict]:
    """The provider's authorization URL, and the flow to keep in the session."""
    document = discover(provider)
    verifier = secrets.token_urlsafe(64)
    flow = {
        "state": secrets.token_urlsafe(32),
        "nonce": secrets.token_urlsafe(32),
        "code_verifier": verifier,
        "redirect_uri": redirect_uri,
        "started_at": int(time.time()),
    }
    params = {
        "response_type": "code",
        "client_id": provider.client_id,
        "redirect_uri": redirect_uri,
        "scope": provider.scopes,
        "state": flow["state"],
        "nonce": flow["nonce"],
        "code_challenge": code_challenge(verifier),
        "code_challenge_method": "S256",
    }
    if language:
        params["ui_locales"] = language
    endpoint = document["authorization_endpoint"]
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{urlencode(params)}", flow


def check_state(flow: dict | None, state: str) -> dict:
    """The flow this answer belongs to: same state, not too old. Without it a
    stranger's login could be planted in this browser (login CSRF)."""
    if (
        not isinstance(flow, dict)
        or not state
        or not secrets.compare_digest(str(flow.get("state", "")), state)
    ):
        raise OIDCError("state does not match the one sent")
    if time.time() - flow.get("started_at", 0) > FLOW_MAX_AGE_SECONDS:
        raise OIDCError("login flow expired")
    return flow


def _exchange_code(provider: Provider, document: dict, *, flow: dict, code: str) -> dict:
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": flow["redirect_uri"],
        "code_verifier": flow["code_verifier"],
    }
    methods = document.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    auth = None
    if "client_secret_basic" in methods:
        # RFC 6749 §2.3.1: both parts form-encoded before Basic encoding.
        auth = (quote(provider.client_id, safe=""), quote(provider.client_secret, safe=""))
    else:
        data |= {"client_id": provider.client_id, "client_secret": provider.client_secret}
    try:
        response = requests.post(
            document["token_endpoint"],
            data=data,
            auth=auth,
            headers={"Accept": "application/json"},
            timeout=TIMEOUT_SECONDS,
        )
        response.raise_for_status()
        tokens = response.json()
    except (requests.RequestException, ValueError) as error:
        raise OIDCError(f"token request failed: {error}") from error
    if not isinstance(tokens, dict) or not isinstance(tokens.get("id_token"), str):
        raise OIDCError("token response without id_token")
    return tokens


def verify_id_token(
    provider: Provider, document: dict, *, id_token: str, nonce: str
) -> dict[str, Any]:
    jwks = _get_json(document["jwks_uri"])
    offered = document.get("id_token_signing_alg_values_supported") or ["RS256"]
    algorithms = [alg for alg in offered if alg in ASYMMETRIC_ALGORITHMS]
    try:
        # A malformed set raises KeyError or TypeError, refused below.
        keys = KeySet.import_key_set(cast(KeySetSerialization, jwks))
        token = jwt.decode(id_token, keys, algorithms=algorithms)
        registry = jwt.JWTClaimsRegistry(
            leeway=CLOCK_LEEWAY_SECONDS,
            iss={"essential": True, "value": provider.issuer},
            sub={"essential": True},
            aud={"essential": True, "value": provider.client_id},
            exp={"essential": True},
            iat={"essential": True},
            nonce={"essential": True, "value": nonce},
        )
        registry.validate(token.claims)
    except (JoseError, ValueError, KeyError, TypeError) as error:
        raise OIDCError(f"ID token refused: {error}") from error
    claims = token.claims
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != provider.client_id:
        raise OIDCError("ID token for several audiences without our azp")
    return claims


def _userinfo(document: dict, *, access_token: str, subject: str) -> dict[str, Any]:
    endpoint = document.get("userinfo_endpoint")
    if not endpoint or not access_token:
        return {}
    info = _get_json(endpoint, headers={"Authorization": f"Bearer {access_token}"})
    # Core §5.3.2: claims about another subject must not be used.
    if info.get("sub") != subject:
        raise OIDCError("userinfo is about another subject")
    return info


def finish_login(provider: Provider, *, flow: dict, code: str) -> dict[str, Any]:
    """Exchange the code (with the PKCE verifier) and return the verified
    claims: the ID token's, completed by the userinfo endpoint's."""
    if not code:
        raise OIDCError("no authorization code")
    document = discover(provider)
    tokens = _exchange_code(provider, document, flow=flow, code=code)
    claims = verify_id_token(provider, document, id_token=tokens["id_token"], nonce=flow["nonce"])
    info = _userinfo(document, access_token=tokens.get("access_token", ""), subject=claims["sub"])
    # The ID token is signed: what it says wins over the userinfo answer.
    return info | claims
