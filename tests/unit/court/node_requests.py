"""Request bodies and headers the court node's tests share."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

JUDGE = "demo-judge-0101"
CLERK = "demo-clerk-0101"
VIEWER = "demo-viewer-0101"
OTHER_JUDGE = "demo-judge-0105"  # 北京市朝阳区人民法院
CREDITOR = {"name": "北京某小额贷款有限公司", "id_type": "uscc", "id_number": "91110000600037341L"}
DEBTOR = {"name": "李明", "id_type": "resident_id", "id_number": "11010519491231002X"}


def auth(token: str, **extra: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **extra}


def filing(serial: int = 123, court: str = "京0101", **overrides: Any) -> dict[str, Any]:
    """A valid filing body for ``（2026）<court>执<serial>号``."""
    body: dict[str, Any] = {
        "case_number": f"（2026）{court}执{serial}号", "creditor": dict(CREDITOR), "debtor": dict(DEBTOR),
        "principal": "50000.00", "costs": "750.00", "delay_interest": False, "judgment_date": "2025-12-01",
    }
    body.update(overrides)
    return body


class JsonClient(FlaskClient):
    """Flask's test client with answers typed ``Any``, so that tests can read ``answer.json[...]`` directly."""

    def get(self, *args: Any, **kwargs: Any) -> Any:
        return super().get(*args, **kwargs)

    def post(self, *args: Any, **kwargs: Any) -> Any:
        return super().post(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        return super().delete(*args, **kwargs)


def json_client(app: Flask) -> JsonClient:
    return JsonClient(app, app.response_class, use_cookies=True)
