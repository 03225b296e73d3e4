"""The bank's HMAC signature: the canonical string, signing and verification."""

from __future__ import annotations

import base64
import hashlib
import hmac

from payment_mocks.bank.signing import (
    canonical_path,
    request_target,
    sign,
    signed_headers,
    string_to_sign,
    target_of_url,
    verify,
    verify_headers,
)

SECRET = "court-node-1-shared-secret"
BODY = b'{"request_no":"Q1"}'


def test_string_to_sign_is_method_target_timestamp_nonce_and_body_digest_each_on_a_line() -> None:
    text = string_to_sign("post", "/judicial/v1/queries", "1772330400", "n0nce-0001", BODY)
    digest = hashlib.sha256(BODY).hexdigest()
    assert text == f"POST\n/judicial/v1/queries\n1772330400\nn0nce-0001\n{digest}\n".encode()


def test_signature_is_base64_hmac_sha256_of_the_string_to_sign() -> None:
    expected = hmac.new(SECRET.encode(), string_to_sign("GET", "/p", "1", "abcdefgh", b""), hashlib.sha256).digest()
    assert sign(SECRET, "GET", "/p", "1", "abcdefgh", b"") == base64.b64encode(expected).decode()


def test_worked_example_from_the_dialect_documentation() -> None:
    signature = sign(SECRET, "GET", "/judicial/v1/requests/Q1/feedback", "1772330400",
                     "3f1c2a9e8b7d4c6e", b"")
    assert signature == "ifpV3eJI3OG5fvFs0TN8gwANELmj60PCq011Xdl5LFg="


def test_a_valid_signature_verifies() -> None:
    signature = sign(SECRET, "POST", "/x", "10", "abcdefgh", BODY)
    assert verify(SECRET, "POST", "/x", "10", "abcdefgh", BODY, signature)


def test_a_changed_body_does_not_verify() -> None:
    signature = sign(SECRET, "POST", "/x", "10", "abcdefgh", BODY)
    assert not verify(SECRET, "POST", "/x", "10", "abcdefgh", BODY + b" ", signature)


def test_another_secret_does_not_verify() -> None:
    signature = sign(SECRET, "POST", "/x", "10", "abcdefgh", BODY)
    assert not verify("another-secret-0123456789", "POST", "/x", "10", "abcdefgh", BODY, signature)


def test_target_is_the_path_alone_without_a_query_string() -> None:
    assert request_target("/judicial/v1/queries") == "/judicial/v1/queries"
    assert request_target("/a", "x=1&y=2") == "/a?x=1&y=2"


def test_paths_are_signed_percent_encoded_once_whatever_form_they_arrive_in() -> None:
    assert canonical_path("/retail/v1/accounts/账户 1") == "/retail/v1/accounts/%E8%B4%A6%E6%88%B7%201"
    assert canonical_path("/retail/v1/accounts/%E8%B4%A6%E6%88%B7%201") == canonical_path("/retail/v1/accounts/账户 1")


def test_target_of_a_url_drops_scheme_and_host_and_keeps_the_query() -> None:
    assert target_of_url("http://127.0.0.1:8700/bank/feedback?node=1") == "/bank/feedback?node=1"
    assert target_of_url("http://localhost:8700") == "/"


def test_signed_headers_verify_as_a_set() -> None:
    headers = signed_headers("COURT-NODE-1", SECRET, "POST", "/x", BODY, 1772330400)
    assert headers["X-Node-Id"] == "COURT-NODE-1" and headers["X-Timestamp"] == "1772330400"
    assert verify_headers(SECRET, "POST", "/x", BODY, headers)


def test_headers_with_a_missing_signature_do_not_verify() -> None:
    headers = signed_headers("COURT-NODE-1", SECRET, "POST", "/x", BODY, 1772330400)
    del headers["X-Signature"]
    assert not verify_headers(SECRET, "POST", "/x", BODY, headers)


def test_header_names_are_matched_whatever_their_case() -> None:
    headers = {k.lower(): v for k, v in signed_headers("COURT-NODE-1", SECRET, "POST", "/x", BODY, 1).items()}
    assert verify_headers(SECRET, "POST", "/x", BODY, headers)
