"""benchmarks/actor_roles.py reduces ACLED's and the project's actor names to the same roles."""

import pytest

from benchmarks.actor_roles import role


@pytest.mark.parametrize(
    ("acled", "ours", "kind"),
    [("Military Forces of Nigeria (2015-)", "Military forces of Nigeria", "state forces"),
     ("Police Forces of Chile (2018-)", "Police forces", "state forces"),
     ("Protesters (Chile)", "Protesters", "protesters"),
     ("Rioters (Kenya)", "Rioters", "rioters"),
     ("Civilians (Mali)", "Civilians", "civilians"),
     ("Unidentified Armed Group (Syria)", "Unidentified armed group", "unidentified armed group"),
     ("Al Shabaab", "Militants", "armed group"),
     ("", "", "none")],
)  # fmt: skip
def test_both_namings_reduce_to_one_role(acled, ours, kind):
    assert role(acled) == role(ours) == kind
