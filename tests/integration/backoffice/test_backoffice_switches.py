"""The switches page sets and clears faults and switches the profile through the control API's own functions."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from payment_mocks.backoffice.fault_form import FIELDS
from tests.integration.backoffice.office import Office, admin, make_app, met_fault, probe, provider_of, signed_in


def switch_faults(office: Office, **fields: str) -> None:
    office.page("/_backoffice/switches")
    response = office.post("/_backoffice/switches/faults", fields)
    assert response.status_code == 303, response.get_data(as_text=True)
    assert response.headers["Location"] == "/_backoffice/switches?done=faults"


def test_a_fault_switched_on_in_the_page_fails_the_next_dialect_request_and_clearing_it_ends_that(
        app: Flask, dialect: str, office: Office) -> None:
    assert not met_fault(dialect, probe(app))
    switch_faults(office, error_rate="1", error_kind="error")
    page = office.page("/_backoffice/switches?done=faults")
    assert "Faults set: the next dialect requests meet them." in page and 'id="faults-on"' in page
    assert met_fault(dialect, probe(app))
    assert admin(app, "GET", "/journal")["entries"][0]["fault"]["kind"] == "error"
    office.page("/_backoffice/switches")
    cleared = office.post("/_backoffice/switches/faults/clear")
    assert cleared.status_code == 303 and cleared.headers["Location"] == "/_backoffice/switches?done=cleared"
    assert 'id="faults-off"' in office.page("/_backoffice/switches?done=cleared")
    assert not met_fault(dialect, probe(app))
    assert admin(app, "GET", "/faults")["faults"] is None


def test_the_page_sets_exactly_what_the_control_api_reads_back(app: Flask, office: Office) -> None:
    switch_faults(office, seed="2024", latency_ms="0", latency_jitter_ms="3", error_rate="0.25", error_kind="drop",
                  timeout_s="2.5", refuse_for_s="", paths="/judicial/v1/ /v3/judicial/,/gateway.do")
    assert admin(app, "GET", "/faults")["faults"] == {
        "seed": 2024, "latency_ms": 0, "latency_jitter_ms": 3, "error_rate": 0.25, "error_kind": "drop",
        "timeout_s": 2.5, "refuse_for_s": 0.0, "paths": ["/judicial/v1/", "/v3/judicial/", "/gateway.do"],
        "refuse_until": 0.0,
    }
    page = office.page("/_backoffice/switches")
    assert 'name="error_rate" value="0.25"' in page and 'name="timeout_s" value="2.5"' in page
    assert '<option value="drop" selected>' in page
    assert 'name="paths" value="/judicial/v1/ /v3/judicial/ /gateway.do"' in page


def test_the_faults_never_touch_the_back_office(app: Flask, office: Office) -> None:
    switch_faults(office, error_rate="1", error_kind="drop", latency_ms="2000", refuse_for_s="60")
    assert "Refusing connections" in office.page("/_backoffice/switches")
    assert office.get("/_backoffice/journal").status_code == 200


@pytest.mark.parametrize(("fields", "field", "words"), [
    ({"error_rate": "1.5"}, "error_rate", "less than or equal to 1"),
    ({"error_rate": "half"}, "error_rate", "must be a number"),
    ({"latency_ms": "1.5"}, "latency_ms", "must be an integer"),
    ({"latency_ms": "-1"}, "latency_ms", "greater than or equal to 0"),
    ({"seed": "99999999999999999999"}, "seed", "must be an integer"),
    ({"error_kind": "explode"}, "error_kind", "Must be one of"),
    ({"timeout_s": "nan"}, "timeout_s", "must be a number"),
    ({"paths": "judicial"}, "paths", "must start with /"),
])
def test_bad_fault_settings_are_explained_next_to_the_field_and_change_nothing(
        app: Flask, office: Office, fields: dict[str, str], field: str, words: str) -> None:
    admin(app, "PUT", "/faults", {"latency_ms": 1})
    before = admin(app, "GET", "/faults")["faults"]
    office.page("/_backoffice/switches")
    response = office.post("/_backoffice/switches/faults", fields)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    error = text.split(f'id="error-{field}">', 1)
    assert len(error) == 2 and words in error[1].split("</p>", 1)[0], text
    for name, value in fields.items():
        if name != "error_kind":
            assert f'name="{name}" value="{value}"' in text, "the form keeps what was typed"
    assert admin(app, "GET", "/faults")["faults"] == before


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=st.dictionaries(st.sampled_from(FIELDS), st.text(max_size=24), max_size=4))
def test_whatever_is_typed_into_the_fault_form_is_set_or_explained_never_a_server_error(
        app: Flask, office: Office, fields: dict[str, str]) -> None:
    office.page("/_backoffice/switches")
    response = office.post("/_backoffice/switches/faults", fields)
    assert response.status_code in (303, 400), response.get_data(as_text=True)
    if response.status_code == 400:
        assert 'id="faults-unchanged"' in response.get_data(as_text=True)


def test_a_script_typed_into_the_fault_form_comes_back_as_text(app: Flask, office: Office) -> None:
    switch_faults(office, paths="/<script>alert(1)</script>")
    page = office.page("/_backoffice/switches")
    assert "<script>" not in page
    assert 'value="/&lt;script&gt;alert(1)&lt;/script&gt;"' in page


def test_the_profile_in_force_and_its_capabilities_are_shown(app: Flask, office: Office) -> None:
    page = office.page("/_backoffice/switches")
    profile = admin(app, "GET", "/profile")
    assert f'<strong id="profile-now">{profile["profile"]}</strong>' in page
    for name in profile["available"]:
        assert f'<option value="{name}"' in page
    assert "online deduction" in page


def test_wechat_switches_to_its_2019_profile_and_back(tmp_path: Path) -> None:
    app = make_app("wechat", tmp_path / "wechat")
    office = signed_in(app)
    office.page("/_backoffice/switches")
    response = office.post("/_backoffice/switches/profile", {"profile": "2019"})
    assert response.status_code == 303 and response.headers["Location"] == "/_backoffice/switches?done=profile"
    assert admin(app, "GET", "/profile")["profile"] == "2019"
    assert admin(app, "GET", "/profile")["capabilities"]["online_deduction"] is False
    page = office.page("/_backoffice/switches?done=profile")
    assert '<span id="profile">2019</span>' in page and "Capability profile switched." in page
    office.post("/_backoffice/switches/profile", {"profile": "current"})
    assert admin(app, "GET", "/profile")["profile"] == "current"
    provider_of(app).ledger.close()


def test_a_profile_the_provider_does_not_have_is_refused_in_plain_words(app: Flask, office: Office) -> None:
    office.page("/_backoffice/switches")
    response = office.post("/_backoffice/switches/profile", {"profile": "1999"})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "unknown profile &#39;1999&#39;" in text.split('id="error-profile">', 1)[1]
    assert admin(app, "GET", "/profile")["profile"] == "current"


def test_a_done_message_is_only_ever_one_of_the_pages_own(app: Flask, office: Office) -> None:
    page = office.page("/_backoffice/switches?done=<b>hacked</b>")
    assert 'id="done"' not in page and "<b>" not in page
