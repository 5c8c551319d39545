"""opensdg against hand calculations from DESIGN.md's definition (arithmetic written out here)."""

from __future__ import annotations

import pytest

from planwatch.evaluation.config import EvalConfig
from planwatch.evaluation.opensdg import combine_series, evaluate_series, limit_scale
from planwatch.evaluation.targets import SeriesSpec
from tests.evaluation.conftest import spec

CONFIG = EvalConfig()


def run(points: list[tuple[float, float]], s: SeriesSpec, base_year: float | None = None) -> dict:
    return evaluate_series(points, s, CONFIG, base_year)


def no_target(
    base: tuple[float, float] | None = None, direction: int = 1, limit: float | None = None
):
    return spec(base, None, None, direction=direction, limit=limit)


def test_without_target_substantial() -> None:
    # 100 (2015) → 110 (2020): CAGR = 1.1^(1/5) − 1 = 0.0192449 ≥ 0.015 → substantial
    # score = min(500·P − 5, 5) = 4.62244
    result = run([(2015, 100), (2020, 110)], no_target())
    p = 1.1 ** (1 / 5) - 1
    assert result["status"] == "substantial_progress"
    assert result["progress"] == pytest.approx(p, rel=1e-15)
    assert result["score"] == pytest.approx(500 * p - 5, rel=1e-15)
    assert result["score"] == pytest.approx(4.62244, abs=1e-5)


def test_without_target_decrease_desirable_moderate() -> None:
    # 100 → 95 over 5 years: CAGR = 0.95^(1/5) − 1 = −0.0102062, d = −1 → P = 0.0102062
    # 0.005 ≤ P < 0.015 → moderate; score = 250·P − 1.25 = 1.30155
    result = run([(2015, 100), (2020, 95)], no_target(direction=-1))
    p = -(0.95 ** (1 / 5) - 1)
    assert result["status"] == "moderate_progress"
    assert result["score"] == pytest.approx(250 * p - 1.25, rel=1e-15)
    assert result["score"] == pytest.approx(1.30155, abs=1e-5)


def test_without_target_limited_and_deterioration() -> None:
    # 100 → 101 over 5 years: P = 1.01^(0.2) − 1 = 0.0019920 < 0.005 → limited;
    # score = 500·P − 2.5 = −1.50398
    limited = run([(2015, 100), (2020, 101)], no_target())
    assert limited["status"] == "limited_progress"
    assert limited["score"] == pytest.approx(500 * (1.01**0.2 - 1) - 2.5, rel=1e-15)
    # 100 → 99: P = 0.99^(0.2) − 1 = −0.0020080 < 0 → deterioration;
    # score = max(125P − 2.5, −5) = −2.75100
    worse = run([(2015, 100), (2020, 99)], no_target())
    assert worse["status"] == "deterioration"
    assert worse["score"] == pytest.approx(125 * (0.99**0.2 - 1) - 2.5, rel=1e-15)
    assert worse["score"] == pytest.approx(-2.75100, abs=1e-5)
    # 100 → 90: 125·(0.9^0.2 − 1) − 2.5 = −5.10645 → floored at −5
    assert run([(2015, 100), (2020, 90)], no_target())["score"] == -5.0


def test_deterioration_score_floor() -> None:
    # 100 → 10 in one year: P = −0.9, 125P − 2.5 = −115 → −5
    assert run([(2019, 100), (2020, 10)], no_target())["score"] == -5.0


def test_negative_base_flips_sign() -> None:
    # −10 → −5 over 2 years: CAGR = 0.5^(1/2) − 1 = −0.292893, s = −1 → P = 0.292893
    result = run([(2018, -10), (2020, -5)], no_target())
    assert result["components"]["s"] == -1
    assert result["progress"] == pytest.approx(-(0.5**0.5 - 1), rel=1e-15)
    assert result["status"] == "substantial_progress"
    assert result["score"] == 5.0


def test_limit_scaling_below_limit() -> None:
    # base 90, limit 100: C = 1 − 0.9^4.44 = 0.373622; high 0.015C = 0.0056043, med 0.0018681
    # 90 → 90.36 in one year: P = 0.004 → moderate; score = 250·P/C − 1.25 = 1.42650
    c = 1 - 0.9**4.44
    assert limit_scale(90, 100) == pytest.approx(c, rel=1e-15)
    assert c == pytest.approx(0.373622, abs=1e-6)
    result = run([(2019, 90), (2020, 90.36)], no_target(limit=100))
    assert result["progress"] == pytest.approx(0.004, rel=1e-12)
    assert result["status"] == "moderate_progress"
    assert result["components"]["thresholds"]["high"] == pytest.approx(0.015 * c)
    assert result["score"] == pytest.approx(250 * (90.36 / 90 - 1) / c - 1.25, rel=1e-12)
    assert result["score"] == pytest.approx(1.42650, abs=1e-5)


def test_limit_scaling_bands() -> None:
    assert limit_scale(150, 100) == pytest.approx(1 - 0.5**4.44)  # (2L − b)/L = 0.5
    assert limit_scale(250, 100) == 1.0  # b ≥ 2L
    assert limit_scale(-90, -100) == pytest.approx(1 - 0.9**4.44)  # absolute values
    assert limit_scale(100, 100) == 0.0
    assert limit_scale(5, None) == 1.0


def test_at_the_limit_any_non_negative_progress_scores_five() -> None:
    # base = L → C = 0: thresholds all 0; P = 0 ≥ 0 → substantial, score 5
    result = run([(2019, 100), (2020, 100)], no_target(limit=100))
    assert result["components"]["limit_scale"] == 0.0
    assert result["status"] == "substantial_progress"
    assert result["score"] == 5.0


def test_with_target_increase() -> None:
    # base 50 (2015), target 80 (2030), current 60 (2020)
    # CAGR_o = 1.2^(1/5) − 1 = 0.0371373; CAGR_r = 1.6^(1/15) − 1 = 0.0318296
    # R = 1.16675 ≥ 0.95 → substantial; score = min(7.1429R − 4.2857, 5) = 4.04829
    s = spec((2015, 50), (2030, 80), ">=")
    result = run([(2020, 60)], s)
    r = (1.2 ** (1 / 5) - 1) / (1.6 ** (1 / 15) - 1)
    assert result["progress"] == pytest.approx(r, rel=1e-15)
    assert result["status"] == "substantial_progress"
    assert result["score"] == pytest.approx(7.1429 * r - 4.2857, rel=1e-15)
    assert result["score"] == pytest.approx(4.04829, abs=1e-5)


def test_with_target_decrease_limited() -> None:
    # base 20 (2015), target 10 (2030), current 18 (2020), d = −1
    # CAGR_o = 0.9^(0.2) − 1 = −0.0208516; CAGR_r = 0.5^(1/15) − 1 = −0.0451584
    # R = −1·CAGR_o/|CAGR_r| = 0.461744 → limited; score = max(4.1667R − 2.5, −5) = −0.576050
    s = spec((2015, 20), (2030, 10), "<=", direction=-1)
    result = run([(2020, 18)], s)
    r = -(0.9**0.2 - 1) / abs(0.5 ** (1 / 15) - 1)
    assert result["status"] == "limited_progress"
    assert result["progress"] == pytest.approx(r, rel=1e-15)
    assert result["score"] == pytest.approx(4.1667 * r - 2.5, rel=1e-15)
    assert result["score"] == pytest.approx(-0.57605, abs=1e-5)


def test_with_target_moderate_band() -> None:
    # base 100 (2015), target 200 (2025), current 130 (2020):
    # CAGR_o = 1.3^(0.2) − 1 = 0.0538223, CAGR_r = 2^(0.1) − 1 = 0.0717735, R = 0.750611 → moderate
    result = run([(2020, 130)], spec((2015, 100), (2025, 200)))
    r = (1.3**0.2 - 1) / (2**0.1 - 1)
    assert result["status"] == "moderate_progress"
    assert result["score"] == pytest.approx(7.1429 * r - 4.2857, rel=1e-15)


def test_with_target_deterioration_and_floor() -> None:
    result = run([(2020, 90)], spec((2015, 100), (2025, 200)))
    r = (0.9**0.2 - 1) / (2**0.1 - 1)  # −0.290520
    assert result["status"] == "deterioration"
    assert result["score"] == pytest.approx(4.1667 * r - 2.5, rel=1e-15)
    assert run([(2016, 10)], spec((2015, 100), (2025, 200)))["score"] == -5.0


def test_negative_base_with_target() -> None:
    # −10 (2015) → target −2 (2030), current −6 (2020); s = −1, d = +1
    # CAGR_o = 0.6^(0.2) − 1 = −0.0971195; CAGR_r = 0.2^(1/15) − 1 = −0.101740; R = 0.954585
    result = run([(2020, -6)], spec((2015, -10), (2030, -2)))
    r = -(0.6**0.2 - 1) / abs(0.2 ** (1 / 15) - 1)
    assert result["progress"] == pytest.approx(r, rel=1e-15)
    assert result["status"] == "substantial_progress"


def test_target_achieved_checked_first_and_still_reports_p() -> None:
    # base 50 (2015), target 80 (2030), current 85 (2020): 85 ≥ 80 → achieved, score 5;
    # P as sdg-build reports it: CAGR_o = 1.7^(0.2) − 1 = 0.111962, CAGR_r = 1.6^(1/15) − 1 =
    # 0.0318296, P = 0.111962 / 0.0318296 = 3.51753
    result = run([(2020, 85)], spec((2015, 50), (2030, 80)))
    assert (result["status"], result["score"]) == ("target_achieved", 5.0)
    assert result["progress"] == pytest.approx((1.7**0.2 - 1) / (1.6 ** (1 / 15) - 1), rel=1e-15)
    assert result["progress"] == pytest.approx(3.51753, abs=1e-5)
    # base 20 (2015), target 10 (2030) ≤, current 9 (2020), d = −1: 9 ≤ 10 → achieved;
    # CAGR_o = 0.45^(0.2) − 1 = −0.147602, CAGR_r = 0.5^(1/15) − 1 = −0.0451584,
    # P = −1 · (−0.147602) / 0.0451584 = 3.26854
    decreasing = run([(2020, 9)], spec((2015, 20), (2030, 10), "<=", direction=-1))
    assert (decreasing["status"], decreasing["score"]) == ("target_achieved", 5.0)
    assert decreasing["progress"] == pytest.approx(3.26854, abs=1e-5)


def test_target_achieved_without_a_defined_p() -> None:
    # base −5 (2015), current 5 (2020), target 3: achieved, but base and current have opposite
    # signs, so no growth rate: P stays empty and the components say why
    result = run([(2015, -5), (2020, 5)], spec(None, (2030, 3)))
    assert (result["status"], result["score"], result["progress"]) == ("target_achieved", 5.0, None)
    assert result["components"]["progress_unavailable"] == "opposite_signs"


def test_base_current_target_equal() -> None:
    result = run([(2020, 5)], spec((2015, 5), (2030, 5)))
    assert (result["status"], result["score"], result["progress"]) == ("target_achieved", 5.0, None)


def test_zero_base_is_replaced() -> None:
    # base 0 → 0.001; 0 (2015) → 2 (2020): CAGR = 2000^(0.2) − 1 = 3.57305 → substantial, 5
    result = run([(2015, 0), (2020, 2)], no_target())
    assert result["components"]["base_used"] == 0.001
    assert result["progress"] == pytest.approx(2000**0.2 - 1, rel=1e-12)
    assert result["score"] == 5.0
    # with target 10 in 2030: CAGR_r = 10000^(1/15) − 1 = 0.847850, R = 4.21425
    with_target = run([(2020, 2)], spec((2015, 0), (2030, 10)))
    r = (2000**0.2 - 1) / (10000 ** (1 / 15) - 1)
    assert with_target["progress"] == pytest.approx(r, rel=1e-12)


def test_zero_target_is_replaced() -> None:
    # 10 (2015) → 0 (2030) ≤; current 5 (2020): CAGR_o = 0.5^(0.2) − 1 = −0.129449,
    # CAGR_r = (0.001/10)^(1/15) − 1 = −0.458830, R = 0.282129 → limited; score −1.32446
    result = run([(2020, 5)], spec((2015, 10), (2030, 0), "<=", direction=-1))
    r = -(0.5**0.2 - 1) / abs((0.001 / 10) ** (1 / 15) - 1)
    assert result["components"]["target_used"] == 0.001
    assert result["status"] == "limited_progress"
    assert result["score"] == pytest.approx(4.1667 * r - 2.5, rel=1e-12)
    assert result["score"] == pytest.approx(-1.32446, abs=1e-5)


@pytest.mark.parametrize(
    ("points", "s", "reason"),
    [
        ([], no_target(), "no_data"),
        ([(2020, 5)], no_target(), "fewer_than_two_years"),
        ([(2015, -5), (2020, 5)], no_target(), "opposite_signs"),
        ([(2016, 5), (2020, 6)], no_target((2021, 4)), "base_year_not_before_latest_year"),
    ],
)
def test_guards(points: list, s: SeriesSpec, reason: str) -> None:
    result = run(points, s)
    assert (result["status"], result["score"]) == ("not_available", None)
    assert result["components"]["reason"] == reason


def test_base_year_missing_uses_next_year_with_data() -> None:
    # base year 2015 has no data; 2016 is the next year with data: 100 (2016) → 110 (2020)
    result = run([(2016, 100), (2018, 104), (2020, 110)], no_target(), base_year=2015.0)
    assert result["components"]["base_t"] == 2016
    assert result["progress"] == pytest.approx(1.1 ** (1 / 4) - 1, rel=1e-15)


def test_base_year_after_latest_year() -> None:
    result = run([(2016, 100), (2018, 104)], no_target(), base_year=2019.0)
    assert result["status"] == "not_available"


def test_several_series_mean_score() -> None:
    a = {"status": "substantial_progress", "score": 4.0}
    b = {"status": "limited_progress", "score": -1.0}
    combined = combine_series([a, b])
    assert combined["score"] == pytest.approx(1.5)
    assert combined["status"] == "moderate_progress"  # 0 ≤ 1.5 < 2.5
    assert (
        combine_series([a | {"score": 4.0}, {"status": "deterioration", "score": -4.5}])["status"]
        == "limited_progress"
    )  # mean −0.25
    assert (
        combine_series([{"status": "deterioration", "score": -5.0}] * 2)["status"]
        == "deterioration"
    )


def test_several_series_achieved_only_if_all() -> None:
    done = {"status": "target_achieved", "score": 5.0}
    assert combine_series([done, done])["status"] == "target_achieved"
    mixed = combine_series([done, {"status": "substantial_progress", "score": 3.0}])
    assert mixed["status"] == "substantial_progress"  # mean 4 ≥ 2.5
    na = {"status": "not_available", "score": None}
    assert combine_series([na, na])["status"] == "not_available"
    assert combine_series([na, done])["score"] == 5.0
