"""The common parameters: which method, which app, the protocol switches, the RSA2 signature, the timestamp."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta

from payment_mocks.alipay.errors import invalid, invalid_parameter, missing
from payment_mocks.alipay.methods import METHODS
from payment_mocks.alipay.registry import MethodSpec
from payment_mocks.alipay.signing import sign_content, verify_params
from payment_mocks.clock import BEIJING
from payment_mocks.control.callers import Caller, CallerKind
from payment_mocks.runtime import Provider
from payment_mocks.signing import load_public_pem

#: how far a request's timestamp may be from the provider's clock, either way
TIMESTAMP_TOLERANCE = timedelta(minutes=15)
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
#: the gateway repeats the content it verified in the refusal, as Alipay does, up to this length
_ECHO_LIMIT = 2000


def known_method(params: Mapping[str, str]) -> MethodSpec:
    method = params.get("method")
    if not method:
        raise missing("method")
    spec = METHODS.get(method)
    if spec is None:
        raise invalid("isv.invalid-method", f"method {method!r} does not exist")
    return spec


def known_app(provider: Provider, params: Mapping[str, str]) -> Caller:
    app_id = params.get("app_id")
    if not app_id:
        raise missing("app_id")
    caller = provider.callers.get(CallerKind.ALIPAY_APP, app_id)
    if caller is None:
        raise invalid("isv.invalid-app-id", f"app_id {app_id} is not registered")
    return caller


def check_request(params: Mapping[str, str], caller: Caller, now: datetime) -> None:
    """Protocol switches, then the signature, then the clock: a stale request is refused only once authentic."""
    fmt, charset = params.get("format"), params.get("charset")
    if fmt and fmt.upper() != "JSON":
        raise invalid("isv.invalid-format", f"format {fmt!r} is not supported; use JSON")
    if charset and charset.lower() not in ("utf-8", "utf8"):
        raise invalid("isv.invalid-charset", f"charset {charset!r} is not supported; use utf-8")
    sign_type = params.get("sign_type")
    if not sign_type:
        raise missing("sign_type", "isv.missing-signature-type")
    if sign_type != "RSA2":
        raise invalid("isv.invalid-signature-type", f"sign_type {sign_type!r} is not supported; use RSA2")
    if not params.get("sign"):
        raise missing("sign", "isv.missing-signature")
    stamp = params.get("timestamp")
    if not stamp:
        raise missing("timestamp")
    sent_at = _parse_timestamp(stamp)
    version = params.get("version")
    if not version:
        raise missing("version")
    if version != "1.0":
        raise invalid_parameter("version", "must be 1.0")
    if not verify_params(params, load_public_pem(caller.public_key_pem)):
        content = sign_content(params)
        if len(content) > _ECHO_LIMIT:
            content = content[:_ECHO_LIMIT] + "..."
        raise invalid("isv.invalid-signature",
                      "the signature does not verify with the app's public key; the content verified was: " + content)
    if abs(now - sent_at) > TIMESTAMP_TOLERANCE:
        raise invalid("isv.invalid-timestamp",
                      f"timestamp {stamp} (Beijing time) is more than 15 minutes from the gateway's clock")


def _parse_timestamp(stamp: str) -> datetime:
    if _TIMESTAMP.match(stamp):
        try:
            return datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S").replace(tzinfo=BEIJING)
        except ValueError:
            pass
    raise invalid("isv.invalid-timestamp", f"timestamp {stamp!r} is not yyyy-MM-dd HH:mm:ss")

