//! The sample data bundled into the binary, so `hemotrend` with no PATH works
//! from any directory.

/// Each bundled file as `(name, text)`.
pub const FILES: &[(&str, &str)] = &[
    (
        "sample-data/cbc-wide.csv",
        include_str!("../sample-data/cbc-wide.csv"),
    ),
    (
        "sample-data/cbc-long.csv",
        include_str!("../sample-data/cbc-long.csv"),
    ),
    (
        "sample-data/events.csv",
        include_str!("../sample-data/events.csv"),
    ),
];
