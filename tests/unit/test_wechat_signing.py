"""The v3 signature recipe: Authorization header, signed messages, response verification."""

from __future__ import annotations

import pytest

from payment_mocks.signing import generate_rsa_key, rsa_sign
from payment_mocks.wechat.signing import (
    SCHEMA,
    Authorization,
    AuthorizationFormatError,
    SignatureMismatch,
    parse_authorization,
    request_message,
    response_headers,
    response_message,
    sign_request,
    verify_request_signature,
    verify_response,
)

KEY = generate_rsa_key()
OTHER_KEY = generate_rsa_key()
SERIAL = "PUB_KEY_ID_0114232204692025100100000000"
NOW = 1_800_000_000


def _headers(body: bytes, *, timestamp: int = NOW, key: object = KEY) -> dict[str, str]:
    return response_headers(lambda m: rsa_sign(key, m), SERIAL, body, timestamp=timestamp,  # type: ignore[arg-type]
                            request_id="REQ-1")


def test_request_message_is_five_lines_each_ending_in_newline() -> None:
    assert request_message("GET", "/v3/certificates", "1554208460", "593BEC0C930BF1AFEB40B4A08C8FB242", b"") == (
        b"GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n"
    )


def test_request_message_keeps_query_and_body_bytes() -> None:
    message = request_message("post", "/v3/x?a=1", "1", "N", '{"k":"值"}'.encode())
    assert message == b'POST\n/v3/x?a=1\n1\nN\n{"k":"\xe5\x80\xbc"}\n'


def test_response_message_is_three_lines() -> None:
    assert response_message("1", "N", b"{}") == b"1\nN\n{}\n"


def test_authorization_header_round_trips() -> None:
    header = sign_request(KEY, mchid="1900000109", serial_no="ABC", method="GET", url="/v3/x", body=b"",
                          timestamp=NOW, nonce="NONCE1")
    assert header.startswith(SCHEMA + ' mchid="1900000109",nonce_str="NONCE1",timestamp="1800000000"')
    auth = parse_authorization(header)
    assert (auth.mchid, auth.nonce_str, auth.timestamp, auth.serial_no) == ("1900000109", "NONCE1", str(NOW), "ABC")
    assert verify_request_signature(KEY.public_key(), auth, "GET", "/v3/x", b"")


def test_authorization_fields_parse_in_any_order_with_spaces() -> None:
    header = (f'{SCHEMA} signature="c2ln", serial_no="S1",  timestamp="{NOW}", nonce_str="N1",'
              ' mchid="1900000109"')
    assert parse_authorization(header) == Authorization("1900000109", "N1", str(NOW), "S1", "c2ln")


@pytest.mark.parametrize("header", [
    None,
    "",
    'Bearer mchid="1",nonce_str="n",timestamp="1",serial_no="s",signature="x"',
    f'{SCHEMA} mchid="1",nonce_str="n",timestamp="1",serial_no="s"',
    f'{SCHEMA} mchid="1",mchid="2",nonce_str="n",timestamp="1",serial_no="s",signature="x"',
    f'{SCHEMA} mchid="1",nonce_str="n",timestamp="soon",serial_no="s",signature="x"',
    f'{SCHEMA} mchid=1,nonce_str="n",timestamp="1",serial_no="s",signature="x"',
    f'{SCHEMA} garbage',
])
def test_malformed_authorization_is_refused(header: str | None) -> None:
    with pytest.raises(AuthorizationFormatError):
        parse_authorization(header)


def test_signature_over_other_body_does_not_verify() -> None:
    auth = parse_authorization(sign_request(KEY, mchid="1", serial_no="S", method="POST", url="/v3/x",
                                            body=b'{"a":1}', timestamp=NOW))
    assert not verify_request_signature(KEY.public_key(), auth, "POST", "/v3/x", b'{"a":2}')


def test_response_headers_verify() -> None:
    body = b'{"ok":true}'
    verify_response(_headers(body), body, public_key=KEY.public_key(), serial=SERIAL, now_s=NOW + 10)


def test_response_headers_carry_request_id_and_signature_type() -> None:
    headers = _headers(b"")
    assert headers["Request-ID"] == "REQ-1"
    assert headers["Wechatpay-Signature-Type"] == SCHEMA
    assert headers["Wechatpay-Serial"] == SERIAL


def test_tampered_response_body_is_refused() -> None:
    with pytest.raises(SignatureMismatch, match="does not verify"):
        verify_response(_headers(b'{"a":1}'), b'{"a":2}', public_key=KEY.public_key(), serial=SERIAL, now_s=NOW)


def test_response_signed_by_another_key_is_refused() -> None:
    with pytest.raises(SignatureMismatch, match="does not verify"):
        verify_response(_headers(b"{}", key=OTHER_KEY), b"{}", public_key=KEY.public_key(), serial=SERIAL, now_s=NOW)


def test_response_with_another_serial_is_refused() -> None:
    with pytest.raises(SignatureMismatch, match="Wechatpay-Serial"):
        verify_response(_headers(b"{}"), b"{}", public_key=KEY.public_key(), serial="PUB_KEY_ID_OTHER", now_s=NOW)


@pytest.mark.parametrize("skew", [300, -300, 3600])
def test_stale_response_is_refused(skew: int) -> None:
    with pytest.raises(SignatureMismatch, match="300 s"):
        verify_response(_headers(b"{}"), b"{}", public_key=KEY.public_key(), serial=SERIAL, now_s=NOW + skew)


def test_response_just_inside_the_window_verifies() -> None:
    verify_response(_headers(b"{}"), b"{}", public_key=KEY.public_key(), serial=SERIAL, now_s=NOW + 299)


@pytest.mark.parametrize("missing", ["Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Signature",
                                     "Wechatpay-Serial", "Wechatpay-Signature-Type"])
def test_response_missing_a_header_is_refused(missing: str) -> None:
    headers = _headers(b"{}")
    del headers[missing]
    with pytest.raises(SignatureMismatch, match=missing):
        verify_response(headers, b"{}", public_key=KEY.public_key(), serial=SERIAL, now_s=NOW)


def test_response_with_another_signature_type_is_refused() -> None:
    headers = _headers(b"{}") | {"Wechatpay-Signature-Type": "WECHATPAY2-SM2-WITH-SM3"}
    with pytest.raises(SignatureMismatch, match="Signature-Type"):
        verify_response(headers, b"{}", public_key=KEY.public_key(), serial=SERIAL, now_s=NOW)
