#!/usr/bin/env python3
"""Verify a Gatehouse access token from another service, with the JWKS only (no shared secret).

Usage: verify_gatehouse_token.py JWKS_URL TOKEN [ISSUER] [AUDIENCE]
Needs only the standard library and `cryptography` (pip install cryptography). Prints the claims as JSON
and exits 0 when the token is valid; prints the reason and exits 1 otherwise.
"""
import base64
import json
import sys
import time
import urllib.request

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

LEEWAY = 5  # seconds of clock tolerance, as Gatehouse itself allows


def b64d(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def as_int(segment: str) -> int:
    return int.from_bytes(b64d(segment), "big")


def verify(jwks_url: str, token: str, issuer: str = "gatehouse", audience: str = "gatehouse-api") -> dict:
    parts = token.split(".")
    if len(parts) != 3:
        raise ValueError("not a compact JWS (an encrypted Gatehouse token can only be read by Gatehouse)")
    header = json.loads(b64d(parts[0]))
    # Pin the algorithms and never follow keys named by the token (RFC 8725).
    if header.get("alg") not in ("ES256", "RS256", "EdDSA") or header.get("typ") != "at+jwt":
        raise ValueError("unexpected alg or typ")
    if any(name in header for name in ("jku", "x5u", "jwk", "x5c", "crit")):
        raise ValueError("key-bearing or critical header")
    with urllib.request.urlopen(jwks_url, timeout=5) as response:  # cache this for Cache-Control max-age
        keys = {k["kid"]: k for k in json.load(response)["keys"]}
    jwk = keys.get(header.get("kid"))
    if jwk is None or jwk.get("alg") != header["alg"]:
        raise ValueError("unknown kid")

    signed = f"{parts[0]}.{parts[1]}".encode()
    signature = b64d(parts[2])
    try:
        if header["alg"] == "ES256":
            public_key = ec.EllipticCurvePublicNumbers(as_int(jwk["x"]), as_int(jwk["y"]), ec.SECP256R1()).public_key()
            der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
            public_key.verify(der, signed, ec.ECDSA(hashes.SHA256()))
        elif header["alg"] == "EdDSA":
            Ed25519PublicKey.from_public_bytes(b64d(jwk["x"])).verify(signature, signed)
        else:
            public_key = rsa.RSAPublicNumbers(as_int(jwk["e"]), as_int(jwk["n"])).public_key()
            public_key.verify(signature, signed, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        raise ValueError("bad signature") from None

    claims = json.loads(b64d(parts[1]))
    now = time.time()
    if claims.get("iss") != issuer:
        raise ValueError("wrong iss")
    aud = claims.get("aud")
    if audience not in (aud if isinstance(aud, list) else [aud]):
        raise ValueError("wrong aud")
    if not isinstance(claims.get("exp"), (int, float)) or claims["exp"] + LEEWAY < now:
        raise ValueError("expired or no exp")
    if isinstance(claims.get("nbf"), (int, float)) and claims["nbf"] - LEEWAY > now:
        raise ValueError("not yet valid")
    return claims


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    try:
        print(json.dumps(verify(*sys.argv[1:5])))
    except Exception as error:  # noqa: BLE001 - a verifier answers valid or not, with the reason
        print(f"invalid: {error}")
        sys.exit(1)
