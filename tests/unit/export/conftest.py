import pytest

from conflictmap.export.snapshot import data_version, make_snapshot
from conflictmap.store.csvfile import read_events


@pytest.fixture
def small_snap(small_events):
    """The six sample events, unfiltered, as every export receives them."""
    df = read_events(small_events).valid
    return make_snapshot(df, version=data_version(small_events), source_file="events_small.csv")
