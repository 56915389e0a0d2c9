//! The clinical core: reference limits and flags, aplastic anemia severity
//! with its explanation, CTCAE grades, and the direction of a change.
//!
//! Every number comes from `clinical.md` through [`Thresholds`]. Values are
//! compared exactly as decimals, and a censored value (`<10`, `>1000`)
//! counts only for what its bound proves. Pure: no I/O, no terminal.

mod age;
mod age_limits;
mod alarm;
mod category_table;
mod comparison;
mod config;
mod config_render;
mod ctcae;
mod decimal_config;
mod direction;
mod flags;
mod insight_config;
#[cfg(test)]
mod insight_test_support;
mod plausibility;
mod readouts;
mod recovery;
mod response;
mod response_criteria;
mod severity;
mod thresholds;
mod transfusion;
mod validate;

pub use age::{Age, AgeSpan, AgeSpanError, AgeUnit};
pub use age_limits::{AgeBand, AgeLimits, AgeRange, BandLabel, BandSex, Interval};
pub use alarm::{Alarm, RANKS, latest_alarm};
pub use category_table::CategoryTable;
pub use comparison::{Outcome, above_cutoff, below_cutoff};
pub use config::{Config, ConfigError, ConfigSource, parse_config};
pub use config_render::{THEME_LINE, render_config};
pub use ctcae::{CTCAE_GRADED, CTCAE_VERSION, Grade, ctcae_grade, ctcae_grade_with_lln};
pub use direction::{Direction, direction};
pub use flags::{
    Flag, RangeInUse, RangeSource, flag, flag_for_range, flag_in_range, flag_with_lab_range,
    is_below_lower_limit, is_below_range, range_in_use, reference_range, show_beside_limits,
};
pub use insight_config::{ResponseScheme, Windows};
pub(crate) use plausibility::plainly_plausible;
pub use plausibility::{Implausible, drawn_before_birth, plausibility, plausibility_of};
pub use readouts::{Change, Crossing, LineCrossing, Readout, change_at, cutoffs_of, readout};
pub use recovery::{
    ANC_RECOVERY, NoRecovery, PLT_RECOVERY, Series, anc_recovery, nadir, plt_recovery,
};
pub use response::{
    Assessment, Response, ResponseCategory, ResponseCriterion, TIME_POINTS, add_months,
    assess_response,
};
pub use response_criteria::Lower;
pub use severity::{
    CRITERIA_COUNT, Category, Criterion, CriterionGroup, Severity, classify, criteria_cutoffs,
};
pub use thresholds::{
    AnemiaLines, BySex, CriticalLows, CtcaeCutoffs, CytopeniaCutoffs, GradeLines, Limits,
    ReferenceLimits, RetMethod, SevereCutoffs, Thresholds, VerySevereCutoffs,
};
pub use transfusion::{
    after_transfusion, days_between, days_elapsed, last_transfusion_within, transfusion_before,
};
pub use validate::ThresholdsError;

#[cfg(test)]
mod age_limits_tests;
#[cfg(test)]
mod ctcae_tests;
#[cfg(test)]
mod flags_tests;
#[cfg(test)]
mod severity_props;
#[cfg(test)]
mod severity_tests;
#[cfg(test)]
mod test_values;
#[cfg(test)]
mod thresholds_tests;
