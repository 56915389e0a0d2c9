//! Which way a count moved between two consecutive draws (the patient
//! list's platelet arrow).

use super::comparison::Span;
use crate::model::Value;

/// The direction of a change between two readings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// The latest is higher.
    Up,
    /// The latest is lower.
    Down,
    /// Both are exact and equal.
    Steady,
}

impl Direction {
    /// `"up"`, `"down"` or `"steady"`.
    pub const fn name(self) -> &'static str {
        match self {
            Direction::Up => "up",
            Direction::Down => "down",
            Direction::Steady => "steady",
        }
    }
}

/// The direction from `previous` to `latest`, when the readings prove one.
///
/// `None` when either is missing, or when censoring leaves the direction
/// open (`<10` then `<10`; `<10` then `5`). A censored reading can still
/// prove a move: `<10` then `20` is up, `>1000` then `500` is down.
pub fn direction(previous: Value, latest: Value) -> Option<Direction> {
    let previous = Span::of(previous)?;
    let latest = Span::of(latest)?;
    if previous.entirely_below(latest) {
        Some(Direction::Up)
    } else if latest.entirely_below(previous) {
        Some(Direction::Down)
    } else if previous.exact().is_some() && previous.exact() == latest.exact() {
        Some(Direction::Steady)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::super::test_values::value;
    use super::*;

    #[rstest]
    #[case("20", "30", Some(Direction::Up))]
    #[case("30", "20", Some(Direction::Down))]
    #[case("20", "20", Some(Direction::Steady))]
    #[case("20", "20.0", Some(Direction::Steady))]
    #[case("0.49", "0.5", Some(Direction::Up))]
    #[case("-", "20", None)]
    #[case("20", "-", None)]
    #[case("<10", "20", Some(Direction::Up))]
    #[case("<10", "10", Some(Direction::Up))]
    #[case("<10", "9", None)]
    #[case("<10", "<10", None)]
    #[case("<10", "<20", None)]
    #[case("<10", ">10", Some(Direction::Up))]
    #[case("<10", ">9", None)]
    #[case(">1000", "500", Some(Direction::Down))]
    #[case(">1000", "1000", Some(Direction::Down))]
    #[case(">1000", "1001", None)]
    #[case(">1000", ">1000", None)]
    #[case("10", "<10", Some(Direction::Down))]
    #[case("10", "<11", None)]
    #[case("10", ">10", Some(Direction::Up))]
    fn direction_of_two_readings(
        #[case] previous: &str,
        #[case] latest: &str,
        #[case] expected: Option<Direction>,
    ) {
        assert_eq!(direction(value(previous), value(latest)), expected);
    }
}
