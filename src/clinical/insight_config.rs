//! The settings of the clinical read-outs beside the counts: which response
//! scheme (`clinical.md` §7) and how long the windows of §7-§9 are. Read from
//! the same TOML file as every cut-off: `response_scheme` at the top,
//! `[windows]` as a table.

use std::fmt::Write;

use serde::{Deserialize, Serialize};

/// Which criteria assess the response after immunosuppression (§7).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ResponseScheme {
    /// BSH (Camitta 2000, as tabulated by BCSH 2009 and BSH 2016): by the
    /// baseline's severity.
    #[default]
    Bsh,
    /// NIH (Townsley et al., N Engl J Med 2017).
    Nih,
}

impl ResponseScheme {
    /// `"bsh"` or `"nih"`, as the config file and the JSON write it.
    pub const fn name(self) -> &'static str {
        match self {
            ResponseScheme::Bsh => "bsh",
            ResponseScheme::Nih => "nih",
        }
    }

    /// The scheme named for the screen, with where it comes from.
    pub const fn title(self) -> &'static str {
        match self {
            ResponseScheme::Bsh => "BSH (Camitta 2000; BCSH 2009, BSH 2016)",
            ResponseScheme::Nih => "NIH (Townsley et al. 2017)",
        }
    }

    /// What was not checked against the source: said wherever a response is.
    pub const fn caveat(self) -> &'static str {
        match self {
            ResponseScheme::Bsh => {
                "the guideline's tables could not be checked here; the counts are not \
                 confirmed on a second occasion; a review aid, not a response assessment"
            }
            ResponseScheme::Nih => {
                "the trial's criteria were not checked here; the counts are not confirmed \
                 on a second occasion; a review aid, not a response assessment"
            }
        }
    }
}

/// The lengths of the windows of `clinical.md` §7-§9, in whole days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Windows {
    /// A hemoglobin drawn this many days after a red-cell transfusion is
    /// marked "after transfusion" (§8: 8 weeks, the IWG window).
    pub rbc_transfusion_days: u32,
    /// A platelet count drawn this many days after a platelet transfusion
    /// is marked, and does not count for platelet recovery (§8, §9: CIBMTR).
    pub platelet_transfusion_days: u32,
    /// No red-cell or platelet transfusion in this many days before a draw:
    /// transfusion independent (§7: 8 weeks).
    pub transfusion_free_days: u32,
    /// The baseline is the latest draw at most this many days before the
    /// start of immunosuppression (§7).
    pub baseline_days: u32,
    /// At each time point, the draw nearest it within this many days either
    /// side is assessed (§7).
    pub assessment_days: u32,
}

impl Default for Windows {
    fn default() -> Windows {
        Windows {
            rbc_transfusion_days: 56,
            platelet_transfusion_days: 7,
            transfusion_free_days: 56,
            baseline_days: 30,
            assessment_days: 28,
        }
    }
}

/// Writes `response_scheme` (a top-level key: before any table).
pub(super) fn render_scheme(out: &mut String, scheme: ResponseScheme) -> std::fmt::Result {
    writeln!(out)?;
    writeln!(
        out,
        "# Response after immunosuppression, docs/clinical.md section 7: \"bsh\" (Camitta\n\
         # 2000, as tabulated by BCSH 2009 / BSH 2016) or \"nih\" (Townsley et al. 2017)."
    )?;
    writeln!(out, "response_scheme = \"{}\"", scheme.name())
}

/// Writes the `[windows]` table.
pub(super) fn render_windows(out: &mut String, w: &Windows) -> std::fmt::Result {
    writeln!(out)?;
    writeln!(
        out,
        "# Windows in whole days, docs/clinical.md sections 7-9. A value drawn within the\n\
         # window after a transfusion is marked \"after transfusion\"."
    )?;
    writeln!(out, "[windows]")?;
    writeln!(
        out,
        "rbc_transfusion_days = {}  # hemoglobin after red cells (8 weeks, IWG)",
        w.rbc_transfusion_days
    )?;
    writeln!(
        out,
        "platelet_transfusion_days = {}  # platelets after platelets (CIBMTR)",
        w.platelet_transfusion_days
    )?;
    writeln!(
        out,
        "transfusion_free_days = {}  # transfusion independent (IWG 2006/2018)",
        w.transfusion_free_days
    )?;
    writeln!(
        out,
        "baseline_days = {}  # baseline: latest draw this long before IST start",
        w.baseline_days
    )?;
    writeln!(
        out,
        "assessment_days = {}  # draw nearest 3, 6, 12 months, within +-this",
        w.assessment_days
    )
}
