//! Writes thresholds as a commented configuration file that reads back the
//! same (`hemotrend config --defaults`).
//!
//! Written by hand rather than by a TOML serializer so that every number
//! carries a comment saying what it is and where it comes from; the tests
//! read the text back and compare, so a field left out here fails them.

use std::fmt::Write;

use super::age_limits::AgeLimits;
use super::ctcae::CTCAE_VERSION;
use super::thresholds::{BySex, GradeLines, Thresholds};
use crate::model::{Analyte, Decimal};

const HEADER: &str = "\
# hemotrend configuration: every limit and cut-off hemotrend uses.
#
# `hemotrend config --defaults` writes this file with the defaults of
# docs/clinical.md. Change a number, or delete a whole table to keep its
# defaults. hemotrend reads the file named by --config FILE, else
# $XDG_CONFIG_HOME/hemotrend/config.toml (else ~/.config/hemotrend/config.toml).
# An unknown key or a wrong value refuses the whole file.
#
# Units are the canonical ones: counts (wbc, plt, anc, alc, retic) in 10^9/L
# (= 10^3/uL = K/uL), red cells 10^12/L, hemoglobin g/dL, hematocrit %,
# MCV fL. Every cut-off is strict: a value equal to it does not meet it.
#
# The dashboard's colours, a matter of the screen only (--theme wins):
# theme = \"dark\"    # or \"light\"
";

/// The theme line of [`render_config`]'s header, commented out.
pub const THEME_LINE: &str = "# theme = \"dark\"    # or \"light\"";

/// The thresholds as a commented TOML file.
pub fn render_config(t: &Thresholds) -> String {
    let mut out = String::from(HEADER);
    let n = |d: Decimal| d.to_string();
    // Writing to a String cannot fail.
    let _ = write_body(&mut out, t, &n);
    out
}

fn write_body(out: &mut String, t: &Thresholds, n: &dyn Fn(Decimal) -> String) -> std::fmt::Result {
    writeln!(out)?;
    writeln!(
        out,
        "# How reticulocytes are counted, which picks the severe-criterion cut-off\n\
         # below: \"automated\" (retic_automated) or \"manual\" (retic_manual)."
    )?;
    writeln!(out, "retic_method = \"{}\"", t.retic_method.name())?;
    super::insight_config::render_scheme(out, t.response_scheme)?;

    writeln!(out)?;
    writeln!(
        out,
        "# Aplastic anemia severity, docs/clinical.md section 1 (Camitta et al. 1975/76,\n\
         # modified by the British Society for Haematology, Killick et al. 2016).\n\
         # Severe-criteria, \"2 of 3\": a value below the cut-off meets one."
    )?;
    writeln!(out, "[severe]")?;
    let s = &t.severe;
    writeln!(out, "anc = {}  # ANC < {0} x10^9/L", n(s.anc))?;
    writeln!(out, "plt = {}  # platelets < {0} x10^9/L", n(s.plt))?;
    writeln!(
        out,
        "retic_automated = {}  # reticulocytes < {0} x10^9/L, automated count (BSH 2016)",
        n(s.retic_automated)
    )?;
    writeln!(
        out,
        "retic_manual = {}  # reticulocytes < {0} x10^9/L, manual count (BCSH 2009)",
        n(s.retic_manual)
    )?;

    writeln!(out)?;
    writeln!(
        out,
        "# Cytopenia criteria (BSH): severity is graded only when at least 2 are met."
    )?;
    writeln!(out, "[cytopenia]")?;
    let c = &t.cytopenia;
    writeln!(out, "hgb = {}  # hemoglobin < {0} g/dL", n(c.hgb))?;
    writeln!(out, "plt = {}  # platelets < {0} x10^9/L", n(c.plt))?;
    writeln!(out, "anc = {}  # ANC < {0} x10^9/L", n(c.anc))?;

    writeln!(out)?;
    writeln!(
        out,
        "# What very severe adds to severe (Bacigalupo et al. 1988)."
    )?;
    writeln!(out, "[very_severe]")?;
    writeln!(out, "anc = {}  # ANC < {0} x10^9/L", n(t.very_severe.anc))?;

    writeln!(out)?;
    writeln!(
        out,
        "# Reference limits, docs/clinical.md section 2: below lower is flagged L, above\n\
         # upper H. A range the lab gives with a result (ref_range_lower and\n\
         # ref_range_upper, FHIR referenceRange) wins over these. One number is\n\
         # both sexes; {{ male = .., female = .. }} gives each. Sex unknown: the\n\
         # higher lower limit and the lower upper limit."
    )?;
    for analyte in Analyte::ALL {
        let limits = t.reference.get(analyte);
        writeln!(
            out,
            "[reference.{}]  # {}, {}",
            analyte.name(),
            analyte.long_label(),
            analyte.unit()
        )?;
        writeln!(out, "lower = {}", by_sex(limits.lower, n))?;
        writeln!(out, "upper = {}", by_sex(limits.upper, n))?;
    }
    write_age(out, &t.age, n)?;

    writeln!(out)?;
    writeln!(
        out,
        "# Critical lows, docs/clinical.md section 2: below these is flagged LL."
    )?;
    writeln!(out, "[critical_low]")?;
    let k = &t.critical_low;
    writeln!(out, "wbc = {}  # white cells < {0} x10^9/L", n(k.wbc))?;
    writeln!(out, "hgb = {}  # hemoglobin < {0} g/dL", n(k.hgb))?;
    writeln!(out, "plt = {}  # platelets < {0} x10^9/L", n(k.plt))?;
    writeln!(out, "anc = {}  # ANC < {0} x10^9/L", n(k.anc))?;

    writeln!(out)?;
    writeln!(
        out,
        "# {CTCAE_VERSION} grades, docs/clinical.md section 3: grade 1 is below the lower\n\
         # reference limit, grade n below its line (a value equal to a line is in\n\
         # the lower grade). CTCAE gives anemia no numeric grade 4."
    )?;
    let e = &t.ctcae;
    let terms: [(&str, &str, &GradeLines); 4] = [
        ("plt", "platelet count decreased, x10^9/L", &e.plt),
        ("anc", "neutrophil count decreased, x10^9/L", &e.anc),
        ("wbc", "white blood cell decreased, x10^9/L", &e.wbc),
        ("alc", "lymphocyte count decreased, x10^9/L", &e.alc),
    ];
    for (key, term, lines) in terms {
        writeln!(out, "[ctcae.{key}]  # {term}")?;
        writeln!(out, "g2_below = {}", n(lines.g2_below))?;
        writeln!(out, "g3_below = {}", n(lines.g3_below))?;
        writeln!(out, "g4_below = {}", n(lines.g4_below))?;
    }
    writeln!(out, "[ctcae.hgb]  # anemia, hemoglobin g/dL")?;
    writeln!(out, "g2_below = {}", n(e.hgb.g2_below))?;
    writeln!(out, "g3_below = {}", n(e.hgb.g3_below))?;
    super::insight_config::render_windows(out, &t.windows)?;
    Ok(())
}

/// The children's and newborns' bands (`clinical.md` §2a).
fn write_age(out: &mut String, age: &AgeLimits, n: &dyn Fn(Decimal) -> String) -> std::fmt::Result {
    writeln!(out)?;
    writeln!(
        out,
        "# Reference limits under adult_from, by the age at the draw, docs/clinical.md\n\
         # section 2a: red cells Dallman 1977 (Nathan & Oski), white cells Davis's\n\
         # (the neutrophil lower limit is the neutropenia threshold). Ages count\n\
         # from the birth date in d, w, mo or y; a band holds [from, to). A band\n\
         # may be for one sex (sex = \"male\" or \"female\"). An analyte no band\n\
         # names at an age has no interval there and is not flagged (reticulocytes\n\
         # under 12 weeks); a band may give one end only (no neutrophil lower\n\
         # limit in the first 14 days). Birth date unknown: the adult limits."
    )?;
    writeln!(out, "[age]")?;
    writeln!(out, "adult_from = \"{}\"", age.adult_from)?;
    for band in &age.band {
        writeln!(out, "[[age.band]]")?;
        writeln!(out, "from = \"{}\"", band.from)?;
        writeln!(out, "to = \"{}\"", band.to)?;
        if let Some(sex) = band.sex {
            writeln!(out, "sex = \"{}\"", sex.name())?;
        }
        for analyte in Analyte::ALL {
            let Some(interval) = band.get(analyte) else {
                continue;
            };
            let ends: Vec<String> = [("lower", interval.lower), ("upper", interval.upper)]
                .into_iter()
                .filter_map(|(key, end)| end.map(|d| format!("{key} = {}", n(d))))
                .collect();
            writeln!(
                out,
                "{} = {{ {} }}  # {}",
                analyte.name(),
                ends.join(", "),
                analyte.unit()
            )?;
        }
    }
    Ok(())
}

/// One number when both sexes share it, else an inline table.
fn by_sex(by: BySex, n: &dyn Fn(Decimal) -> String) -> String {
    if by.male == by.female {
        n(by.male)
    } else {
        format!("{{ male = {}, female = {} }}", n(by.male), n(by.female))
    }
}

#[cfg(test)]
mod tests {
    use super::super::config::parse_config;
    use super::*;
    use crate::clinical::RetMethod;

    #[test]
    fn the_defaults_read_back_unchanged() {
        let text = render_config(&Thresholds::default());
        assert_eq!(
            parse_config("defaults.toml", &text),
            Ok(Thresholds::default())
        );
    }

    /// Every number different from every other and from its default, so a
    /// field the renderer leaves out (and the parser then defaults) or
    /// writes under another's key fails the comparison.
    fn all_distinct() -> Thresholds {
        let mut t = Thresholds::default();
        let mut next = 1u32;
        let mut fresh = |scale: u8| {
            next += 1;
            Decimal::lit(next * 7 + 3, scale)
        };
        for analyte in Analyte::ALL {
            let limits = match analyte {
                Analyte::Wbc => &mut t.reference.wbc,
                Analyte::Rbc => &mut t.reference.rbc,
                Analyte::Hgb => &mut t.reference.hgb,
                Analyte::Hct => &mut t.reference.hct,
                Analyte::Mcv => &mut t.reference.mcv,
                Analyte::Plt => &mut t.reference.plt,
                Analyte::Anc => &mut t.reference.anc,
                Analyte::Alc => &mut t.reference.alc,
                Analyte::Retic => &mut t.reference.retic,
            };
            limits.lower.male = fresh(1);
            limits.lower.female = fresh(1);
            limits.upper.male = fresh(0);
            limits.upper.female = fresh(0);
        }
        t.critical_low.wbc = fresh(3);
        t.critical_low.hgb = fresh(3);
        t.critical_low.plt = fresh(3);
        t.critical_low.anc = fresh(3);
        // Each worse category's cut-off under the milder one's.
        t.severe.anc = fresh(3);
        t.severe.plt = fresh(3);
        t.severe.retic_automated = fresh(1);
        t.severe.retic_manual = fresh(1);
        t.cytopenia.hgb = fresh(3);
        t.cytopenia.plt = fresh(1);
        t.cytopenia.anc = fresh(1);
        t.very_severe.anc = fresh(4);
        t.retic_method = RetMethod::Manual;
        for lines in [
            &mut t.ctcae.plt,
            &mut t.ctcae.anc,
            &mut t.ctcae.wbc,
            &mut t.ctcae.alc,
        ] {
            lines.g4_below = fresh(4);
            lines.g3_below = fresh(4);
            lines.g2_below = fresh(4);
        }
        t.ctcae.hgb.g3_below = fresh(4);
        t.ctcae.hgb.g2_below = fresh(4);
        t.response_scheme = crate::clinical::ResponseScheme::Nih;
        t.windows = crate::clinical::Windows {
            rbc_transfusion_days: 50,
            platelet_transfusion_days: 5,
            transfusion_free_days: 60,
            baseline_days: 20,
            assessment_days: 21,
        };
        t.age.adult_from = crate::clinical::AgeSpan::new(17, crate::clinical::AgeUnit::Year);
        if let Some(band) = t.age.band.first_mut() {
            band.sex = Some(crate::clinical::BandSex::Female);
            band.hgb = Some(crate::clinical::Interval {
                lower: None,
                upper: Some(fresh(2)),
            });
        }
        t
    }

    #[test]
    fn any_thresholds_read_back_unchanged() {
        let t = all_distinct();
        assert_eq!(t.validate(), Ok(()));
        assert_ne!(t, Thresholds::default());
        let text = render_config(&t);
        assert_eq!(parse_config("distinct.toml", &text), Ok(t));
    }

    #[test]
    fn every_number_is_commented_with_its_source() {
        let text = render_config(&Thresholds::default());
        for words in [
            "retic_method = \"automated\"",
            "retic_automated = 60  # reticulocytes < 60 x10^9/L, automated count (BSH 2016)",
            "retic_manual = 20",
            "Camitta",
            "Bacigalupo",
            "[reference.rbc]  # Red cells, 10^12/L",
            "lower = { male = 4.5, female = 4 }",
            "[reference.plt]  # Platelets, 10^9/L\nlower = 150\nupper = 450",
            "hgb = 7  # hemoglobin < 7 g/dL",
            "CTCAE v5.0",
            "[age]\nadult_from = \"18 y\"",
            "[[age.band]]\nfrom = \"0 d\"\nto = \"4 d\"\nrbc = { lower = 4, upper = 6.6 }",
            "anc = { upper = 18.3 }",
            "sex = \"female\"",
        ] {
            assert!(text.contains(words), "{words:?} in\n{text}");
        }
    }
}
