"""``/gateway.do``: read the parameters, know the method and the app, verify, then run the method once.

Every answer is HTTP 200. A request refused before the business layer (unknown app, bad signature,
malformed ``biz_content``) changes nothing and is not remembered; a business outcome, success or
refusal, is stored with its idempotency key in the same ledger transaction as the money it moved.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, g

from payment_mocks.alipay.auth import check_request, known_app, known_method
from payment_mocks.alipay.dialect import GATEWAY_PATH, answer
from payment_mocks.alipay.envelope import gateway_response, node_bytes, node_key
from payment_mocks.alipay.errors import GatewayError, refusal
from payment_mocks.alipay.params import request_params
from payment_mocks.alipay.registry import Call, MethodSpec, reply_scope
from payment_mocks.alipay.schemas import load, parse_biz_content
from payment_mocks.ledger import LedgerError, LedgerTx, fingerprint
from payment_mocks.ledger.errors import ReplyConflict
from payment_mocks.runtime import Provider, current_provider

blueprint = Blueprint("alipay_gateway", __name__)


@blueprint.route(GATEWAY_PATH, methods=["GET", "POST"])
def gateway() -> Response:
    provider = current_provider()
    try:
        params = request_params(provider.settings.max_body_bytes)
        spec = known_method(params)
    except GatewayError as error:
        return answer(error)  # keyed and signed by what the query string claims, as far as it can tell
    key = node_key(spec.name)
    try:
        caller = known_app(provider, params)
    except GatewayError as error:
        return gateway_response(key, node_bytes(error.node()), None)  # no app: nothing to sign for
    g.journal_caller = caller.caller_id
    try:
        check_request(params, caller, provider.clock.now())
        biz = parse_biz_content(params.get("biz_content"))
        order = load(spec.schema, biz)
        g.journal_request_no = spec.key(order) if spec.key else getattr(order, "out_request_no", None)
        node = execute(provider, Call(caller.caller_id, spec.name), spec, biz, order)
    except GatewayError as error:
        node = node_bytes(error.node())
    return gateway_response(key, node, provider.keys.sign)


def execute(provider: Provider, call: Call, spec: MethodSpec, biz: dict[str, Any], order: Any) -> bytes:
    """Run a method in one ledger transaction; the same key with the same content replays the first node."""
    with provider.ledger.transaction() as tx:
        if spec.family is None or spec.key is None:
            return _perform(tx, call, spec, order)
        scope, key = reply_scope(call.app_id, spec.family), spec.key(order)
        content = fingerprint(call.method, biz)
        try:
            stored = tx.stored_reply(scope, key, content)
        except ReplyConflict as exc:
            return node_bytes(refusal(exc, spec.channel).node())
        if stored is not None:
            return stored.body
        node = _perform(tx, call, spec, order)
        tx.save_reply(scope, key, content, 200, node, {"method": call.method})
        return node


def _perform(tx: LedgerTx, call: Call, spec: MethodSpec, order: Any) -> bytes:
    try:
        with tx.savepoint():
            fields = spec.handler(tx, call, order)
    except LedgerError as exc:
        fields = refusal(exc, spec.channel).node()
    return node_bytes(fields)
