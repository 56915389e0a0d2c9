//! The heuristics telling what a column name reads as: a blood count, a
//! lab's reference range, and the name's words.

/// Whether a name that hemotrend does not read as an analyte is named like
/// a blood count all the same (`Platelet count`, `WBC Count`, `Absolute
/// Neutrophils`), and not like another test (`Hemoglobin A1c`): a header,
/// or a long file's test. Its words are compared in place, with no copy,
/// as a long file's rows of other tests are each asked.
pub fn named_like_a_count(name: &str) -> bool {
    // Words that begin a blood count's name (`neut` for neutrophils...).
    const WORDS: [&str; 12] = [
        "platelet",
        "thrombocyte",
        "leukocyte",
        "leucocyte",
        "erythrocyte",
        "hemoglobin",
        "haemoglobin",
        "hematocrit",
        "haematocrit",
        "neut",
        "lymph",
        "reticulocyte",
    ];
    const SHORT: [&str; 10] = [
        "plt", "wbc", "rbc", "hgb", "hb", "hct", "mcv", "anc", "alc", "retic",
    ];
    // Words that make it another test, or a note about one: HbA1c,
    // leukocyte esterase, the sedimentation rate, a transfusion, a flag;
    // the platelets' or red cells' indices and fractions (immature platelet
    // fraction, nucleated red cells, RDW: renamed `plt` as advised, they
    // would read as counts); counts in other fluids than blood. Not words
    // LOINC's names of the counts themselves hold (`Platelets [#/volume] in
    // Blood`, `Hematocrit [Volume Fraction]`).
    const OTHER: [&str; 41] = [
        "a1c",
        "hba1c",
        "esterase",
        "sed",
        "sedimentation",
        "esr",
        "electrophoresis",
        "gelatinase",
        "subset",
        "cd4",
        "cd8",
        "transfusion",
        "transfusions",
        "flag",
        "flags",
        "ref",
        "range",
        "comment",
        "comments",
        "note",
        "status",
        "date",
        "mpv",
        "ipf",
        "immature",
        "function",
        "aggregation",
        "nucleated",
        "nrbc",
        "distribution",
        "width",
        "rdw",
        "pdw",
        "plateletcrit",
        "ratio",
        "antibody",
        "antibodies",
        "urine",
        "sediment",
        "csf",
        "fluid",
    ];
    let starts_with = |token: &str, word: &str| {
        token
            .get(..word.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(word))
    };
    let mut counts = false;
    let (mut mean, mut platelet) = (false, false);
    for token in name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|token| !token.is_empty())
    {
        if OTHER.iter().any(|other| token.eq_ignore_ascii_case(other)) {
            return false;
        }
        mean |= token.eq_ignore_ascii_case("mean");
        platelet |= starts_with(token, "platelet") || starts_with(token, "thrombocyte");
        counts |= SHORT.iter().any(|short| token.eq_ignore_ascii_case(short))
            || WORDS.iter().any(|word| starts_with(token, word));
    }
    // The mean platelet volume, not a count (the red cells' mean volume,
    // MCV, is one hemotrend reads).
    counts && !(mean && platelet)
}

/// Whether a column name reads as a lab's reference range or one end of
/// it: a word for a range and a word for an end (`ref_low`, `Reference
/// High`, `normal_max`, `RefRangeLow`, `lower_limit`), a range whole
/// (`ref_range`, `Reference Interval`, `normal range`), or `LLN`/`ULN`.
pub(super) fn named_like_a_range(name: &str) -> bool {
    let tokens = words_of(name);
    let has = |words: &[&str]| tokens.iter().any(|token| words.contains(&token.as_str()));
    let end = has(&["low", "lower", "high", "upper", "min", "max", "lo", "hi"]);
    (has(&["ref", "reference", "normal", "range", "limit"]) && end)
        || (has(&["ref", "reference", "normal"]) && has(&["range", "interval", "values"]))
        || has(&["lln", "uln"])
}

/// A column name's words, lowercase: split at anything but a letter or a
/// digit, and where a lowercase letter meets a capital (`RefRangeLow`).
pub(in crate::ingest) fn words_of(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            words.extend((!word.is_empty()).then(|| std::mem::take(&mut word)));
            previous_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && previous_lower {
            words.push(std::mem::take(&mut word));
        }
        previous_lower = c.is_ascii_lowercase();
        word.push(c.to_ascii_lowercase());
    }
    words.extend((!word.is_empty()).then_some(word));
    words
}
