"""A small but real OpenID Connect provider for the tests, standing in for the
SPID/CIE identity proxy: an HTTP server on 127.0.0.1 (random port) in a thread.

It serves discovery, its JWKS (an RSA key made at start), /authorize (consents
at once as `provider.user`, redirecting with a code), /token (checks the
client's secret, the code, the redirect URI and the PKCE verifier; answers with
an ID token signed RS256) and /userinfo (Bearer token). The platform talks to it
over real HTTP; tests change what it asserts, or make it misbehave, through
`provider.user` and `provider.tamper`.

    with OIDCProvider(client_id="ma", client_secret="s3cret") as provider:
        settings.OIDC_ISSUER = provider.issuer
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class OIDCProvider:
    def __init__(self, *, client_id: str = "manifatture", client_secret: str = "segreto-di-prova"):
        self.client_id = client_id
        self.client_secret = client_secret
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key", "use": "sig"})
        # Same kid, not published: a token signed with it must be refused.
        self.foreign_key = RSAKey.generate_key(2048, parameters={"kid": "test-key", "use": "sig"})
        self.user: dict = {
            "sub": "spid-0001",
            "email": "mario.rossi@esempio.it",
            "email_verified": True,
            "name": "Mario Rossi",
        }
        # What a test makes the provider do wrong: "foreign_key", "tampered",
        # "nonce", "audience", "issuer", "expired".
        self.tamper: str = ""
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.authorize_requests: list[dict] = []
        self.token_requests: list[dict] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self._server.server_address[1]}/oidc"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> "OIDCProvider":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def reset(self) -> None:
        self.__dict__.update(tamper="", codes={}, tokens={})
        self.authorize_requests.clear()
        self.token_requests.clear()

    # The provider's side of the protocol ------------------------------------

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
        }

    def authorize(self, query: dict) -> tuple[int, dict]:
        self.authorize_requests.append(query)
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            return 400, {"error": "unauthorized_client"}
        if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            return 400, {"error": "invalid_request"}
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "redirect_uri": query["redirect_uri"],
            "challenge": query["code_challenge"],
            "nonce": query.get("nonce"),
            "user": dict(self.user),
        }
        location = query["redirect_uri"] + "?" + urlencode({"code": code, "state": query["state"]})
        return 302, {"Location": location}

    def token(self, form: dict, authorization: str) -> tuple[int, dict]:
        self.token_requests.append(form)
        expected = "Basic " + base64.b64encode(
            f"{self.client_id}:{self.client_secret}".encode()
        ).decode("ascii")
        if authorization != expected:
            return 401, {"error": "invalid_client"}
        grant = self.codes.pop(form.get("code", ""), None)  # a code works once
        if grant is None or form.get("grant_type") != "authorization_code":
            return 400, {"error": "invalid_grant"}
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "")
        if _b64url(hashlib.sha256(verifier.encode()).digest()) != grant["challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        access_token = secrets.token_urlsafe(24)
        self.tokens[access_token] = grant["user"]
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": self.id_token(grant["user"], nonce=grant["nonce"]),
        }

    def id_token(self, user: dict, *, nonce: str | None) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": user["sub"],
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            "auth_time": now,
            **{key: value for key, value in user.items() if key != "sub"},
        }
        if self.tamper == "nonce":
            claims["nonce"] = "not-the-one-you-sent"
        if self.tamper == "audience":
            claims["aud"] = "another-client"
        if self.tamper == "issuer":
            claims["iss"] = "http://127.0.0.1:1/someone-else"
        if self.tamper == "expired":
            claims |= {"iat": now - 900, "exp": now - 600}
        key = self.foreign_key if self.tamper == "foreign_key" else self.key
        token = jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, key)
        if self.tamper == "tampered":
            # Same signature, different payload: another person's subject.
            header, payload, signature = token.split(".")
            forged = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
            forged["sub"] = "spid-someone-else"
            payload = _b64url(json.dumps(forged).encode())
            token = f"{header}.{payload}.{signature}"
        return token

    def userinfo(self, authorization: str) -> tuple[int, dict]:
        user = self.tokens.get(authorization.removeprefix("Bearer "))
        if user is None:
            return 401, {"error": "invalid_token"}
        return 200, dict(user)

    def jwks(self) -> dict:
        return KeySet([self.key]).as_dict(private=False)

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet test output
                pass

            def _answer(self, status: int, body: dict) -> None:
                if status == 302:
                    self.send_response(302)
                    self.send_header("Location", body["Location"])
                    self.end_headers()
                    return
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                query = {key: values[0] for key, values in parse_qs(url.query).items()}
                path = url.path.removeprefix("/oidc")
                if path == "/.well-known/openid-configuration":
                    self._answer(200, provider.discovery())
                elif path == "/jwks":
                    self._answer(200, provider.jwks())
                elif path == "/authorize":
                    self._answer(*provider.authorize(query))
                elif path == "/userinfo":
                    self._answer(*provider.userinfo(self.headers.get("Authorization", "")))
                else:
                    self._answer(404, {"error": "not_found"})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode()
                form = {key: values[0] for key, values in parse_qs(body).items()}
                if urlsplit(self.path).path.removeprefix("/oidc") == "/token":
                    self._answer(*provider.token(form, self.headers.get("Authorization", "")))
                else:
                    self._answer(404, {"error": "not_found"})

        return Handler
