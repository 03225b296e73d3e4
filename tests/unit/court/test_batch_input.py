"""Checking a batch's items before anything is written, chunking, and the CLI's case id lists."""

from __future__ import annotations

import io

import pytest

from court_node.api.errors import BadRequest
from court_node.api.schemas.cases import FileCaseSchema
from court_node.cli.batch import BatchUsageError, parse_case_ids, read_case_bodies, read_case_ids
from court_node.services.batch_input import check_count, checked_case_ids, checked_filings, chunks
from tests.unit.court.node_requests import DEBTOR, filing


def test_chunks_cover_every_item_in_order() -> None:
    assert [list(c) for c in chunks(list(range(7)), 3)] == [[0, 1, 2], [3, 4, 5], [6]]


def test_a_chunk_holds_at_least_one_item() -> None:
    with pytest.raises(ValueError):
        list(chunks([1], 0))


def test_a_bad_filing_is_named_by_its_index_and_field() -> None:
    bad = filing(2, debtor={**DEBTOR, "id_number": "110105194912310021"})
    with pytest.raises(BadRequest) as refused:
        checked_filings([filing(1), bad], FileCaseSchema())
    assert refused.value.details == {"fields": {"cases/1/debtor/id_number": [refused.value.message.split(": ", 1)[1]]},
                                     "item": 1}


def test_a_filing_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(BadRequest) as refused:
        checked_filings([filing(1), "case"], FileCaseSchema())
    assert list(refused.value.details["fields"]) == ["cases/1"]


def test_good_filings_are_loaded() -> None:
    assert checked_filings([filing(1)], FileCaseSchema())[0]["principal"] == 5_000_000


@pytest.mark.parametrize("ids", [[0], [-1], ["1"], [True], [1.5], [2**63]])
def test_case_ids_must_be_positive_integers(ids: list[object]) -> None:
    with pytest.raises(BadRequest) as refused:
        checked_case_ids(ids)
    assert list(refused.value.details["fields"]) == ["case_ids/0"]


def test_a_case_named_twice_is_refused() -> None:
    with pytest.raises(BadRequest) as refused:
        checked_case_ids([4, 5, 4])
    assert list(refused.value.details["fields"]) == ["case_ids/2"]


@pytest.mark.parametrize("items", [None, [], "1,2", [1, 2, 3]])
def test_the_item_count_must_be_within_the_limit(items: object) -> None:
    with pytest.raises(BadRequest):
        check_count(items, "case_ids", 2)


def test_case_id_ranges_expand_in_order_each_once() -> None:
    assert parse_case_ids("3-5, 9,4") == [3, 4, 5, 9]


@pytest.mark.parametrize("text", ["", "a", "5-3", "0", "1-x", ","])
def test_bad_case_id_lists_are_usage_errors(text: str) -> None:
    with pytest.raises(BatchUsageError) as refused:
        parse_case_ids(text)
    assert refused.value.exit_code == 2


def test_case_ids_are_read_from_a_file_with_comments() -> None:
    assert read_case_ids(io.StringIO("1\n# skip\n\n4-5  # two\n")) == [1, 4, 5]


def test_case_bodies_are_read_from_json_lines() -> None:
    bodies = read_case_bodies(io.StringIO('{"case_number": "a"}\n\n{"case_number": "b"}\n'))
    assert [b["case_number"] for b in bodies] == ["a", "b"]


def test_a_line_that_is_not_a_case_body_is_a_usage_error() -> None:
    with pytest.raises(BatchUsageError, match="line 2"):
        read_case_bodies(io.StringIO('{"a": 1}\n[1]\n'))
