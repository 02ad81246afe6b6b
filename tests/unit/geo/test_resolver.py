"""The learned resolver: stored weights match the features the code computes, and scoring needs no scikit-learn."""

import json
import subprocess
import sys

import numpy as np
import pytest

from conflictmap.geo.resolver import FEATURES, WEIGHTS_PATH, LinearResolver


def test_shipped_weights_fit_the_feature_list_and_hold_no_text():
    weights = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))
    assert tuple(weights["features"]) == FEATURES
    assert len(weights["coef"]) == len(weights["mean"]) == len(weights["scale"]) == len(FEATURES)
    assert set(weights) <= {"features", "method", "mean", "scale", "coef", "intercept", "rows", "positives",
                            "mentions", "C", "fitted_on"}  # fmt: skip


def test_scores_are_the_standardised_dot_product():
    n = len(FEATURES)
    weights = {"features": list(FEATURES), "mean": [1.0] * n, "scale": [2.0] * n, "coef": [0.5] * n,
               "intercept": 0.25}  # fmt: skip
    X = np.arange(2 * n, dtype=float).reshape(2, n)
    expected = ((X - 1.0) / 2.0) @ np.full(n, 0.5) + 0.25
    assert np.allclose(LinearResolver(weights).scores(X), expected)


def test_weights_for_other_features_are_refused():
    with pytest.raises(ValueError, match="refit"):
        LinearResolver({"features": ["prior"], "mean": [0], "scale": [1], "coef": [1], "intercept": 0})


def test_the_geoparser_runs_without_scikit_learn(tmp_path):
    code = (
        "import sys; sys.modules['sklearn'] = None; sys.modules['scipy'] = None\n"
        "from conflictmap.geo.geoparse import Geoparser\n"
        "out = Geoparser().parse('Troops moved from Baghdad to Samarra and then to Tikrit.')\n"
        "assert [t.place.country_code for t in out] == ['IQ', 'IQ', 'IQ'], out\n"
    )
    from tests.conftest import ROOT

    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


@pytest.mark.slow
def test_committed_weights_are_a_reproducible_refit():
    from tests.conftest import ROOT

    if not (ROOT.parent / "shared" / "eval" / "dev").exists():
        pytest.skip("../shared/eval/dev not found")
    proc = subprocess.run([sys.executable, "-m", "scripts.fit_resolver", "--check"], cwd=ROOT, capture_output=True,
                          text=True)  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-500:]


def test_a_stray_reading_of_one_name_is_not_the_whole_region_vote():
    # the other name here is a country; one unlikely reading of it lies in Idaho. Moscow, Idaho must not get the
    # whole "region vote" from that one stray reading (it used to: the vote was divided by the region votes alone)
    from conflictmap.geo.context import Mention
    from conflictmap.geo.gazetteer import default_gazetteer
    from conflictmap.geo.names import name_key
    from conflictmap.geo.resolver import document_features

    gaz = default_gazetteer()
    russia = next(pid for pid, _ in gaz.ids(name_key("Russia")) if gaz.feature[pid] == "country")
    moscows = [pid for pid, _ in gaz.ids(name_key("Moscow")) if gaz.name[pid] == "Moscow"]
    moscow_ru = next(pid for pid in moscows if gaz.country[pid] == "RU")
    moscow_id = next(pid for pid in moscows if gaz.admin1[pid] == "Idaho")
    text = "Russia said so. Moscow agreed."
    mentions = [
        Mention(0, 6, "Russia", name_key("Russia"), [(russia, 5.0), (moscow_id, -3.0)]),
        Mention(16, 22, "Moscow", name_key("Moscow"), [(moscow_ru, 4.2), (moscow_id, 2.5)]),
    ]
    feats = document_features(gaz, text, mentions)
    row = next(i for i in range(len(feats.owner)) if feats.owner[i] == 1 and feats.pids[i] == moscow_id)
    assert feats.X[row][FEATURES.index("region_share")] < 0.01


def test_the_weights_check_tolerates_rounding_noise_but_not_a_changed_fit(tmp_path):
    from scripts.fit_resolver import CHECK_TOLERANCE, weights_gap

    committed = {"features": ["a", "b"], "mean": [0.5, 0.25], "coef": [1.0, -2.0], "intercept": 0.1, "rows": 10}
    path = tmp_path / "w.json"
    path.write_text(json.dumps(committed), encoding="utf-8")
    assert weights_gap(path, committed) == 0.0
    noisy = dict(committed, coef=[1.0 + 1e-8, -2.0])
    assert weights_gap(path, noisy) <= CHECK_TOLERANCE
    # one mention's feature changed: a mean moves by ~1e-4, as a refit after a real change does
    assert weights_gap(path, dict(committed, mean=[0.5001, 0.25])) > CHECK_TOLERANCE
    assert weights_gap(path, dict(committed, rows=11)) == float("inf")
    assert weights_gap(path, dict(committed, features=["a", "c"])) == float("inf")
    assert weights_gap(tmp_path / "missing.json", committed) == float("inf")


def test_the_leading_country_of_equal_shares_does_not_hang_on_the_last_bit():
    # two countries whose shares differ by one unit in the last place (sums in another order, on another processor)
    # give the same leading country either way; a share of 0.3 that is 0.3 plus a rounding error does not lead
    from conflictmap.geo.resolver import leading_country

    a, b = 0.35974314837777394, 0.3597431483777739
    assert leading_country({"IQ": a, "SY": b, "TR": 1 - a - b}) == "SY"
    assert leading_country({"IQ": b, "SY": a, "TR": 1 - a - b}) == "SY"
    assert leading_country({"IQ": 0.30000000000000004, "SY": 0.2}) == ""
    assert leading_country({"IQ": 0.31, "SY": 0.2}) == "IQ"
    assert leading_country({}) == ""
