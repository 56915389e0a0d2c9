//! Which of two results of one draw and test stands, by their statuses
//! (DESIGN.md: "a C replaces the value it corrects and an F a P"), HL7 v2's
//! and FHIR's alike. The rule is one of status, not of order in the file:
//! a final result that arrives after its correction, or a preliminary one
//! after its final, is superseded, never a second result in conflict.

/// What a result is, as its status says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// To be completed: HL7 `P`, FHIR `preliminary`.
    Preliminary,
    /// HL7 `F`, FHIR `final`.
    Final,
    /// Replaces what it corrects: HL7 `C`, FHIR `amended` or `corrected`.
    Correction,
}

/// What becomes of a later result of the same draw and test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Later {
    /// It replaces the earlier one.
    Replaces,
    /// The earlier one stands; the later is passed over.
    Superseded,
    /// Both stand, for the duplicates rule: one value when they agree, a
    /// conflict refusing the later when they do not (two final results).
    Both,
}

impl Standing {
    fn rank(self) -> u8 {
        match self {
            Standing::Preliminary => 0,
            Standing::Final => 1,
            Standing::Correction => 2,
        }
    }
}

/// What becomes of a result of standing `later`, read after one of
/// standing `earlier` for the same draw and test: a higher standing
/// replaces a lower one whichever comes first; of two preliminary results
/// or two corrections, the later is the newer word.
pub fn later_result(earlier: Standing, later: Standing) -> Later {
    match (earlier, later) {
        (Standing::Final, Standing::Final) => Later::Both,
        (earlier, later) if later.rank() >= earlier.rank() => Later::Replaces,
        _ => Later::Superseded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(Standing::Preliminary, Standing::Preliminary, Later::Replaces)]
    #[case(Standing::Preliminary, Standing::Final, Later::Replaces)]
    #[case(Standing::Preliminary, Standing::Correction, Later::Replaces)]
    #[case(Standing::Final, Standing::Preliminary, Later::Superseded)]
    #[case(Standing::Final, Standing::Final, Later::Both)]
    #[case(Standing::Final, Standing::Correction, Later::Replaces)]
    #[case(Standing::Correction, Standing::Preliminary, Later::Superseded)]
    #[case(Standing::Correction, Standing::Final, Later::Superseded)]
    #[case(Standing::Correction, Standing::Correction, Later::Replaces)]
    fn a_higher_standing_wins_whichever_comes_first(
        #[case] earlier: Standing,
        #[case] later: Standing,
        #[case] expected: Later,
    ) {
        assert_eq!(later_result(earlier, later), expected);
    }
}
