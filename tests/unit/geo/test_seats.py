"""scripts/build_seats.py: which capital is the seat of a GeoNames first-level division (rows written for the test)."""

from scripts.build_geodata import _write_tsv
from scripts.build_seats import CAPITALS_HEADER, seat_rows

TOWNS = [
    ("XA", "North", 10.0, 10.0), ("XA", "North", 10.5, 10.5), ("XA", "South", 0.0, 0.0), ("XA", "South", 0.3, 0.3),
    ("XA", "East", 5.0, 20.0), ("XA", "East", 5.5, 20.5),
]  # fmt: skip


def seats(tmp_path, rows):
    path = tmp_path / "capitals.tsv"
    _write_tsv(path, CAPITALS_HEADER, rows)
    return {(r[0], r[1]): r[2] for r in seat_rows(path, TOWNS)}


def test_a_capital_is_the_seat_of_the_division_of_the_town_it_stands_on(tmp_path):
    got = seats(tmp_path, [["XA", "Northville", "10.0", "10.0", "North", "admin", "5000"]])
    assert got == {("XA", "North"): "Northville"}


def test_a_capital_far_from_any_town_is_not_matched(tmp_path):
    assert seats(tmp_path, [["XA", "Nowhere", "30.0", "30.0", "North", "admin", "5000"]]) == {}


def test_of_several_capitals_the_one_named_for_the_division_wins_over_a_larger_one(tmp_path):
    got = seats(tmp_path, [["XA", "Big", "0.3", "0.3", "Lower", "admin", "90000"],
                           ["XA", "Small", "0.0", "0.0", "South", "admin", "100"]])  # fmt: skip
    assert got == {("XA", "South"): "Small"}


def test_several_capitals_of_smaller_divisions_give_no_seat_unless_one_is_national(tmp_path):
    smaller = [["XA", "A", "5.0", "20.0", "Aa", "admin", "10"], ["XA", "B", "5.5", "20.5", "Bb", "admin", "20"]]
    assert seats(tmp_path, smaller) == {}
    national = [*smaller, ["XA", "Capital", "5.5", "20.5", "Cc", "primary", "5"]]
    assert seats(tmp_path, national) == {("XA", "East"): "Capital"}
