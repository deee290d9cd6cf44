//! Axis ticks: round steps (1, 2 or 5 × 10^k) on linear axes, decades (with 2 and 5
//! between when there are few) on log axes, and month steps on date axes.

/// Tolerance for tick values that land a rounding error past a bound.
const EPSILON: f64 = 1e-9;

/// The smallest of 1, 2, 5 × 10^k at or above `x` (1 for non-positive or non-finite).
pub fn nice_ceil(x: f64) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return 1.0;
    }
    let decade = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|f| f * decade)
        .find(|&v| v >= x * (1.0 - EPSILON))
        .unwrap_or(10.0 * decade)
}

/// A round step giving about `target` intervals across `span`.
pub(super) fn step(span: f64, target: usize) -> f64 {
    nice_ceil(span / target.max(1) as f64)
}

/// An axis from 0: the step and the number of steps whose top covers `max`, about
/// `target` steps. A `max` of 0 gives one step of 1.
pub(super) fn from_zero(max: f64, target: usize) -> (f64, usize) {
    let max = if max > 0.0 && max.is_finite() {
        max
    } else {
        1.0
    };
    let step = step(max, target);
    let count = ((max / step) - EPSILON).ceil().max(1.0) as usize;
    (step, count)
}

/// Ticks at multiples of a round step within `[lo, hi]`, about `target` of them.
pub(super) fn linear(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return vec![lo];
    }
    let step = step(hi - lo, target);
    let first = (lo / step - EPSILON).ceil() as i64;
    let last = (hi / step + EPSILON).floor() as i64;
    // Round to the step's decimals: no "-0" and no 0.30000000000000004.
    let scale = 10f64.powi((-step.log10().floor()).max(0.0) as i32);
    (first..=last)
        .map(|k| ((k as f64 * step * scale).round() / scale) + 0.0)
        .collect()
}

/// Ticks on a log axis over `[lo, hi]` (both > 0): every decade, with 2 and 5 between
/// when the axis spans at most three decades, every other decade past eight.
pub(super) fn log(lo: f64, hi: f64) -> Vec<f64> {
    if !(lo > 0.0 && hi > lo && hi.is_finite()) {
        return vec![lo];
    }
    let (a, b) = (lo.log10(), hi.log10());
    let decades = b - a;
    let factors: &[f64] = if decades <= 3.0 {
        &[1.0, 2.0, 5.0]
    } else {
        &[1.0]
    };
    let every = if decades > 8.0 { 2 } else { 1 };
    let mut ticks = Vec::new();
    let first = (a - EPSILON).floor() as i32;
    let last = (b + EPSILON).ceil() as i32;
    for k in first..=last {
        if k.rem_euclid(every) != 0 {
            continue;
        }
        for &f in factors {
            let v = f * 10f64.powi(k);
            if v >= lo * (1.0 - EPSILON) && v <= hi * (1.0 + EPSILON) {
                ticks.push(v);
            }
        }
    }
    ticks
}

/// Month ticks over `0..=horizon`: every 1, 2, 3, 6, 12 or 24 months, the smallest step
/// giving at most `max_labels` labels.
pub(super) fn months(horizon: u32, max_labels: usize) -> Vec<u32> {
    let max_labels = max_labels.max(2) as u32;
    let step = [1, 2, 3, 6, 12, 24, 48]
        .into_iter()
        .find(|s| horizon / s < max_labels)
        .unwrap_or(48);
    (0..=horizon).step_by(step as usize).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ceil_rounds_up_to_1_2_5() {
        assert_eq!(nice_ceil(0.7), 1.0);
        assert_eq!(nice_ceil(1.0), 1.0);
        assert_eq!(nice_ceil(1.1), 2.0);
        assert_eq!(nice_ceil(3.0), 5.0);
        assert_eq!(nice_ceil(7.0), 10.0);
        assert_eq!(nice_ceil(420.0), 500.0);
        assert_eq!(nice_ceil(0.0), 1.0);
        assert_eq!(nice_ceil(f64::NAN), 1.0);
    }

    #[test]
    fn linear_ticks_are_round_and_inside() {
        assert_eq!(
            linear(0.0, 100.0, 5),
            vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(linear(0.0, 1.0, 4), vec![0.0, 0.5, 1.0]);
        let ticks = linear(0.0, 0.9, 9);
        assert_eq!(ticks.len(), 10);
        assert_eq!(ticks[3], 0.3);
        assert_eq!(linear(-35.0, 60.0, 8), vec![-20.0, 0.0, 20.0, 40.0, 60.0]);
        assert_eq!(linear(5.0, 5.0, 4), vec![5.0]);
    }

    #[test]
    fn axes_from_zero_cover_the_maximum() {
        assert_eq!(from_zero(93.0, 5), (20.0, 5));
        assert_eq!(from_zero(100.0, 5), (20.0, 5));
        assert_eq!(from_zero(0.0, 5), (0.2, 5));
        let (step, count) = from_zero(12_345.0, 6);
        assert!(step * count as f64 >= 12_345.0);
        assert_eq!(step, 5_000.0);
    }

    #[test]
    fn log_ticks_are_decades_with_2_and_5_when_few() {
        assert_eq!(
            log(1.0, 100.0),
            vec![1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0]
        );
        assert_eq!(log(10.0, 1e6), vec![10.0, 100.0, 1e3, 1e4, 1e5, 1e6]);
        assert_eq!(log(3.0, 40.0), vec![5.0, 10.0, 20.0]);
        assert_eq!(log(1.0, 1e10), vec![1.0, 100.0, 1e4, 1e6, 1e8, 1e10]);
    }

    #[test]
    fn month_steps_keep_labels_apart() {
        assert_eq!(months(6, 10), vec![0, 1, 2, 3, 4, 5, 6]);
        assert_eq!(months(24, 10), vec![0, 3, 6, 9, 12, 15, 18, 21, 24]);
        assert_eq!(months(24, 5), vec![0, 6, 12, 18, 24]);
        assert_eq!(
            months(120, 11),
            vec![0, 12, 24, 36, 48, 60, 72, 84, 96, 108, 120]
        );
    }
}
