"""The court node's own implementation of the bank's HMAC recipe agrees with the dialect's definition."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from court_node.adapters.bank import signing
from payment_mocks.bank import signing as bank_signing

SECRET = "court-node-1-shared-secret"


def test_worked_example_from_the_dialect_documentation() -> None:
    signature = signing.sign(SECRET, "GET", "/judicial/v1/requests/Q1/feedback", "1772330400", "3f1c2a9e8b7d4c6e",
                             b"")
    assert signature == "ifpV3eJI3OG5fvFs0TN8gwANELmj60PCq011Xdl5LFg="


def test_string_to_sign_ends_every_line_with_a_newline() -> None:
    text = signing.string_to_sign("post", "/p", "1", "nonce-01", b"")
    assert text.decode().split("\n") == ["POST", "/p", "1", "nonce-01",
                                         "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ""]


def test_a_path_is_signed_percent_encoded_once() -> None:
    assert signing.target_of("http://bank.test/judicial/v1/requests/Q%201/feedback?a=b") == \
        "/judicial/v1/requests/Q%201/feedback?a=b"
    assert signing.canonical_path("/accounts/账户") == "/accounts/%E8%B4%A6%E6%88%B7"


@given(path=st.text(max_size=30), body=st.binary(max_size=64), nonce=st.text("abcdef0123456789", min_size=8,
                                                                                max_size=16))
def test_signatures_agree_with_the_bank_for_any_path_and_body(path: str, body: bytes, nonce: str) -> None:
    target = signing.target_of("/" + path.replace("?", "").replace("#", ""))
    assert target == bank_signing.target_of_url("/" + path.replace("?", "").replace("#", ""))
    assert signing.sign(SECRET, "POST", target, "1772330400", nonce, body) == \
        bank_signing.sign(SECRET, "POST", target, "1772330400", nonce, body)


def test_request_headers_verify_at_the_bank() -> None:
    headers = signing.request_headers("COURT-NODE-1", SECRET, "POST", "/judicial/v1/queries", b"{}", 1772330400)
    assert bank_signing.verify_headers(SECRET, "POST", "/judicial/v1/queries", b"{}", headers)
    assert headers["X-Node-Id"] == "COURT-NODE-1" and headers["X-Timestamp"] == "1772330400"


def test_nonces_are_fresh_for_every_request() -> None:
    first = signing.request_headers("N", SECRET, "GET", "/p", b"", 1)
    second = signing.request_headers("N", SECRET, "GET", "/p", b"", 1)
    assert first["X-Nonce"] != second["X-Nonce"]


def _answer_headers(body: bytes, *, signer: str = "BANK", timestamp: int = 1772330400) -> dict[str, str]:
    return bank_signing.signed_headers(signer, SECRET, "GET", "/p", body, timestamp)


def test_an_answer_signed_by_the_bank_is_trusted() -> None:
    headers = _answer_headers(b"{}")
    assert signing.signature_problem(SECRET, "BANK", "GET", "/p", b"{}", headers, 1772330400.0) is None


def test_an_answer_with_a_changed_body_is_not_trusted() -> None:
    headers = _answer_headers(b"{}")
    problem = signing.signature_problem(SECRET, "BANK", "GET", "/p", b"{ }", headers, 1772330400.0)
    assert problem == "the signature does not match the message"


def test_an_answer_for_another_request_is_not_trusted() -> None:
    headers = _answer_headers(b"{}")
    assert signing.signature_problem(SECRET, "BANK", "GET", "/q", b"{}", headers, 1772330400.0) is not None


def test_an_unsigned_answer_is_not_trusted() -> None:
    problem = signing.signature_problem(SECRET, "BANK", "GET", "/p", b"{}", {}, 1772330400.0)
    assert problem == "the signature headers are missing"


def test_an_answer_signed_by_another_signer_is_not_trusted() -> None:
    headers = _answer_headers(b"{}", signer="OTHER-BANK")
    assert "OTHER-BANK" in (signing.signature_problem(SECRET, "BANK", "GET", "/p", b"{}", headers, 1772330400.0)
                            or "")


def test_a_stale_answer_is_not_trusted() -> None:
    headers = _answer_headers(b"{}", timestamp=1772330400 - 301)
    assert "timestamp" in (signing.signature_problem(SECRET, "BANK", "GET", "/p", b"{}", headers, 1772330400.0)
                           or "")


def test_header_names_are_case_insensitive() -> None:
    headers = {k.lower(): v for k, v in _answer_headers(b"{}").items()}
    assert signing.signature_problem(SECRET, "BANK", "GET", "/p", b"{}", headers, 1772330400.0) is None
