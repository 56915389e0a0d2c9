//! Fractions of a second dropped from times as written.

use super::*;

#[test]
fn fractions_of_a_second_are_dropped() {
    assert_eq!(
        without_fraction("2021-08-22T19:26:50.389-08:00"),
        "2021-08-22T19:26:50-08:00"
    );
    assert_eq!(
        without_fraction("2021-08-22T19:26:50.5Z"),
        "2021-08-22T19:26:50Z"
    );
    assert_eq!(
        without_fraction("2021-08-22T19:26:50-08:00"),
        "2021-08-22T19:26:50-08:00"
    );
    assert_eq!(without_fraction("2021-08-22"), "2021-08-22");
}
