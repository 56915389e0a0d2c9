//! One patient's pages: the header, the trend charts, the cumulative table
//! with flags, and the severity explanation of the latest and the worst
//! draw. Each part is its own function so that more (events, read-outs,
//! the response assessment) slot in beside them.

use std::fmt::Write;

use crate::clinical::{
    CTCAE_VERSION, Category, CategoryTable, CriterionGroup, Flag, Severity, Thresholds, classify,
    ctcae_grade_with_lln, flag_with_lab_range, range_in_use,
};
use crate::model::{Analyte, Dataset, Draw, Patient, Sex};
use crate::report::chart_scale::{
    all_time_ends, all_time_window, clock_days, end_labels, full_window, rule_lines, x_of,
};
use crate::report::patient_summary::{PatientSummary, summarize_one};
use crate::report::words::{
    self, CAVEAT, DERIVED_LEGEND, LAB_MARK, analyte_value, category_sentence, date, open_text,
    outcome_text, range_text,
};

use super::escape::esc;
use super::svg::{self, Chart, ChartPoint, LimitStep, TimeMark};

/// The charts, in the screen's order: platelets, RBC, WBC, then the ones
/// its `a` key swaps in.
const CHARTED: [Analyte; 6] = [
    Analyte::Plt,
    Analyte::Rbc,
    Analyte::Wbc,
    Analyte::Hgb,
    Analyte::Anc,
    Analyte::Retic,
];

// Marks an Hb or platelet value drawn within the window after a
// transfusion of that product (clinical.md §8): the screen's mark.
use crate::report::words::{REFUSED_MARK, TRANSFUSED_MARK};

/// The analytes CTCAE v5.0 grades as "decreased" terms (as the screen).
const GRADED: [Analyte; 5] = [
    Analyte::Wbc,
    Analyte::Hgb,
    Analyte::Plt,
    Analyte::Anc,
    Analyte::Alc,
];

/// One patient's draws with what the report shows of each.
struct Facts<'a> {
    patient: &'a Patient,
    draws: Vec<Draw>,
    /// Per draw, per analyte: the flag, against the lab's range if given.
    flags: Vec<[Option<Flag>; crate::model::ANALYTE_COUNT]>,
    /// Per draw, per analyte: true when the lab gave the range.
    lab: Vec<[bool; crate::model::ANALYTE_COUNT]>,
    /// Per draw: its date, with the time when another draw shares it.
    when: Vec<String>,
    summary: PatientSummary<'a>,
}

impl<'a> Facts<'a> {
    fn build(dataset: &'a Dataset, patient: &'a Patient, t: &Thresholds) -> Option<Facts<'a>> {
        let summary = summarize_one(dataset, patient, t)?;
        let slice = dataset.draws(patient);
        let mut draws: Vec<Draw> = slice.iter().collect();
        let ranges: Vec<[Option<crate::model::LabRange>; crate::model::ANALYTE_COUNT]> = (0..draws
            .len())
            .map(|i| Analyte::ALL.map(|a| slice.lab_range(i, a)))
            .collect();
        let flags = draws
            .iter()
            .zip(&ranges)
            .map(|(draw, lab)| {
                Analyte::ALL.map(|a| {
                    let age = crate::clinical::Age::of(patient.birth_date, draw.time);
                    flag_with_lab_range(a, draw.values.get(a), patient.sex, age, lab[a.index()], t)
                })
            })
            .collect();
        // Shown with digits that agree with their flags.
        for (draw, lab) in draws.iter_mut().zip(&ranges) {
            let lab = |a: Analyte| lab[a.index()];
            crate::clinical::show_beside_limits(draw, patient.birth_date, patient.sex, lab, t);
        }
        let lab = ranges.iter().map(|r| r.map(|l| l.is_some())).collect();
        let times: Vec<_> = draws.iter().map(|d| d.time).collect();
        let when = words::how_shown(&times)
            .into_iter()
            .zip(&draws)
            .map(|(how, d)| how.text(d.time))
            .collect();
        Some(Facts {
            patient,
            draws,
            flags,
            lab,
            when,
            summary,
        })
    }

    fn flag(&self, draw: usize, analyte: Analyte) -> Option<Flag> {
        self.flags.get(draw).and_then(|f| f[analyte.index()])
    }

    fn lab(&self, draw: usize, analyte: Analyte) -> bool {
        self.lab.get(draw).is_some_and(|l| l[analyte.index()])
    }

    fn when(&self, draw: usize) -> &str {
        self.when.get(draw).map_or("", String::as_str)
    }
}

/// The section of one patient, or `None` when they have no draw.
pub fn patient_section(
    dataset: &Dataset,
    patient: &Patient,
    t: &Thresholds,
    files: &[String],
) -> Option<String> {
    let facts = Facts::build(dataset, patient, t)?;
    let mut s = String::from("<section class=\"patient\">");
    header(&mut s, &facts, files, (dataset, t));
    charts(&mut s, &facts, dataset, t);
    table(&mut s, &facts, dataset, t);
    severity(&mut s, &facts, dataset.events(patient), t);
    super::insight::insight_section(&mut s, dataset, patient, t);
    s.push_str("</section>\n");
    Some(s)
}

/// Id, name, sex, birth date and age at the latest draw, the span of the
/// draws and the files read.
fn header(
    s: &mut String,
    facts: &Facts<'_>,
    files: &[String],
    (dataset, t): (&Dataset, &Thresholds),
) {
    let patient = facts.patient;
    let _ = write!(s, "<h2>{}", esc(&patient.id));
    if let Some(name) = &patient.name {
        let _ = write!(s, " <span class=\"name\">{}</span>", esc(name));
    }
    s.push_str("</h2><dl class=\"who\">");
    let mut item = |term: &str, text: String| {
        let _ = write!(s, "<dt>{}</dt><dd>{text}</dd>", esc(term));
    };
    item("sex", esc(words::sex_word(patient.sex)));
    let latest = facts.summary.latest;
    let age = match patient.birth_date {
        Some(birth) => {
            // MIMIC-IV gives an age in a year, OMOP may give the year of
            // birth alone: neither is a birth date.
            let (about, born) = if patient.birth_approximate {
                let year = birth.civil().year;
                let born = format!(
                    "about {year} (the export gives an age or a year of birth, not a birth date)"
                );
                ("about ", born)
            } else {
                ("", date(birth))
            };
            // In the screen's words: `5 d`, `2 mo`, `6 y` (the limits by
            // age change within the first weeks).
            // A latest draw dated before the birth: no age, and the
            // adult limits apply, as the dashboard says.
            let years = crate::clinical::Age::of(Some(birth), latest.time).map_or_else(
                || ", the latest draw dated before it: adult limits".to_string(),
                |age| format!(", {about}{} at the latest draw", age.label()),
            );
            format!("born {born}{years}")
        }
        None => "age unknown".to_string(),
    };
    item("age", esc(&age));
    item(
        "draws",
        esc(&format!(
            "{} · {} → {}",
            facts.summary.draws,
            date(facts.summary.first.time),
            date(latest.time)
        )),
    );
    let category = facts.summary.category();
    // The grade or flag beside the category, as the dashboard's list shows
    // it: an isolated critical cytopenia is `none`, never healthy-looking.
    let alarm = match crate::clinical::latest_alarm(patient, &dataset.draws(patient), t).text() {
        text if text.is_empty() => String::new(),
        text => format!(" · {}", esc(&text)),
    };
    item(
        "latest",
        format!(
            "<span class=\"sev sev-{}\">{}</span> · {}{alarm}",
            category.name(),
            esc(&words::category_word(
                category,
                !facts.summary.severity.could_be.is_empty()
            )),
            esc(&words::cytopenia_words(&facts.summary.severity)),
        ),
    );
    // The files of the whole load: which of them hold this patient's rows
    // is not kept once the rows are merged, so the list never claims it.
    let listed: Vec<String> = files.iter().map(|f| esc(f)).collect();
    item("files of the load", listed.join(", "));
    s.push_str("</dl>");
}

/// The lower limit in force at each draw with a value of `analyte` (for
/// the patient's age then, or the lab's), as runs: where each starts
/// (midway between its first draw and the draw before) and its limit. A child's limits change with age and a lab's
/// with the lab: each point is flagged against its own draw's limit, and
/// the chart's line steps with them (one run: a straight line).
fn limit_steps(
    facts: &Facts<'_>,
    slice: &crate::model::DrawSlice<'_>,
    analyte: Analyte,
    days: &[f64],
    t: &Thresholds,
) -> Vec<LimitStep> {
    let runs = facts.draws.iter().enumerate().filter_map(|(i, draw)| {
        if draw.values.get(analyte).is_missing() {
            return None;
        }
        let x = days.get(i).copied().unwrap_or_default();
        let age = crate::clinical::Age::of(facts.patient.birth_date, draw.time);
        let range = range_in_use(
            analyte,
            facts.patient.sex,
            age,
            slice.lab_range(i, analyte),
            t,
        );
        Some((i, x, range.lower))
    });
    crate::report::chart_scale::limit_steps(runs)
}

/// Where the lower limit steps, under the chart (HTML: each run kept on
/// one line): `Hb lower limit by the draw's age or lab: 11.5 from
/// 2018-09-24, 13 from 2024-09-09`.
fn limit_steps_html(facts: &Facts<'_>, analyte: Analyte, steps: &[LimitStep]) -> String {
    let runs: Vec<String> = steps
        .iter()
        .map(|step| {
            let limit = step
                .lower
                .map_or_else(|| "none".to_string(), |lower| lower.to_string());
            let when = facts.when.get(step.draw).cloned().unwrap_or_default();
            format!(
                "<span class=\"run\">{}</span>",
                esc(&format!("{limit} from {when}"))
            )
        })
        .collect();
    format!(
        "{} lower limit by the draw's age or lab (the dashed line steps with it): {}",
        esc(analyte.short_label()),
        runs.join(", ")
    )
}

/// The trend charts on one time axis, the legend, and the severity course.
fn charts(s: &mut String, facts: &Facts<'_>, dataset: &Dataset, t: &Thresholds) {
    let days: Vec<f64> = facts.draws.iter().map(|d| x_of(d.time)).collect();
    let all_time = all_time_ends(
        facts.draws.iter().map(|d| d.time),
        dataset.events(facts.patient),
    );
    let window = all_time_window(all_time);
    let clock = clock_days(facts.draws.last().map(|d| d.time));
    let ends =
        all_time.and_then(|(first, last)| end_labels(window, first, last, window.span() < 3.0));
    let latest = facts.draws.len().saturating_sub(1);
    let latest_age = facts
        .draws
        .get(latest)
        .and_then(|draw| crate::clinical::Age::of(facts.patient.birth_date, draw.time));
    let slice = dataset.draws(facts.patient);
    s.push_str("<h3>Trends</h3>");
    legend(s);
    // The events on the time axis, marked with the screen's glyphs.
    let marks: Vec<TimeMark> = dataset
        .events(facts.patient)
        .iter()
        .map(|e| TimeMark {
            x: x_of(e.at),
            label: e.kind.glyph().to_string(),
            first: !e.kind.is_transfusion(),
        })
        .filter(|m| window.contains(m.x))
        .collect();
    let mut kinds: Vec<_> = dataset
        .events(facts.patient)
        .iter()
        .map(|e| e.kind)
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    if !kinds.is_empty() {
        let named: Vec<String> = kinds
            .iter()
            .map(|k| format!("{} {}", k.glyph(), k.label()))
            .collect();
        let _ = write!(
            s,
            "<p class=\"legend\">{}</p>",
            esc(&format!("events (vertical lines): {}", named.join(" · ")))
        );
    }
    let events = dataset.events(facts.patient);
    if events.iter().any(|e| e.kind.is_transfusion()) {
        let _ = write!(
            s,
            "<p class=\"legend\">{}</p>",
            esc(&format!(
                "{TRANSFUSED_MARK} over a marker: a platelet count drawn within {} days of a platelet transfusion, a hemoglobin within {} days of red cells",
                t.windows.platelet_transfusion_days, t.windows.rbc_transfusion_days
            ))
        );
    }
    for analyte in CHARTED {
        let points: Vec<ChartPoint> = facts
            .draws
            .iter()
            .enumerate()
            .filter_map(|(i, draw)| {
                let value = draw.values.get(analyte);
                let reading = value.reading()?;
                let flag = facts.flag(i, analyte);
                let transfused =
                    crate::clinical::transfusion_before(draw.time, analyte, events, &t.windows)
                        .is_some();
                let title = format!(
                    "{} {}{} {}",
                    facts.when(i),
                    analyte_value(analyte, value),
                    if transfused { TRANSFUSED_MARK } else { "" },
                    words::flag(flag)
                );
                Some(ChartPoint {
                    x: days.get(i).copied().unwrap_or_default(),
                    y: reading.amount.to_f64(),
                    flag,
                    title: title.trim_end().to_string(),
                    transfused,
                })
            })
            .collect();
        if points.is_empty() {
            continue;
        }
        // The latest draw's range, as the screen's cursor starts there.
        let range = range_in_use(
            analyte,
            facts.patient.sex,
            latest_age,
            slice.lab_range(latest, analyte),
            t,
        );
        let rules = rule_lines(analyte, range, t);
        let steps = limit_steps(facts, &slice, analyte, &days, t);
        let unit = words::axis_unit(analyte);
        let sex_note = if facts.patient.sex == Sex::Unknown
            && range.source == crate::clinical::RangeSource::Default
        {
            " (sex unknown)"
        } else {
            ""
        };
        // Log as on screen (`L` there toggles it): platelets and ANC.
        let log = matches!(analyte, Analyte::Plt | Analyte::Anc);
        let chart = Chart {
            title: svg::chart_title(
                &facts.patient.id,
                &format!(
                    " · {} {unit} · {}{sex_note}{}",
                    analyte.long_label(),
                    range_text(range),
                    if log { " · log" } else { "" }
                ),
            ),
            y_name: format!("{} ({unit})", analyte.short_label()),
            points: &points,
            rules: &rules,
            window,
            marks: &marks,
            clock,
            ends: ends.clone(),
            log,
            limit_steps: &steps,
        };
        let _ = write!(s, "<figure>{}</figure>", svg::chart_svg(&chart));
        if steps.len() > 1 {
            let _ = write!(
                s,
                "<p class=\"legend\">{}</p>",
                limit_steps_html(facts, analyte, &steps)
            );
        }
    }
    let table = CategoryTable::new(t);
    // Each change dated as its draw was recorded, as the table dates it.
    // `none?` where missing values leave worse open, as on screen.
    let mut changes: Vec<(f64, Category, String, bool)> = Vec::new();
    for (draw, &x) in facts.draws.iter().zip(&days) {
        let (category, mut could_be) = table.category_and_could_be(&draw.values);
        if changes.last().is_none_or(|(_, c, _, _)| *c != category) {
            changes.push((
                x,
                category,
                words::date(draw.time),
                could_be.next().is_some(),
            ));
        }
    }
    // Where the draws' own axis ends (a single draw's is widened to a day
    // around it): the course stops there, not at an event after it.
    let last = full_window(&days).end;
    let _ = write!(
        s,
        "<figure>{}</figure>",
        svg::course_svg(&changes, window, last)
    );
    let course: Vec<String> = changes
        .iter()
        .map(|(_, c, date, open)| format!("{date} {}", words::category_word(*c, *open)))
        .collect();
    let _ = write!(
        s,
        "<p class=\"course\">Course: {}</p>",
        esc(&course.join(" → "))
    );
}

/// What the markers, lines and bands mean.
fn legend(s: &mut String) {
    s.push_str("<p class=\"legend\">");
    for (flag, word) in [
        (None, "in range"),
        (Some(Flag::Low), "low (L)"),
        (Some(Flag::CriticalLow), "critically low (LL)"),
        (Some(Flag::High), "high (H)"),
    ] {
        let _ = write!(
            s,
            "<svg class=\"key\" viewBox=\"0 0 14 12\" width=\"14\" height=\"12\"><path class=\"{}\" d=\"{}\"/></svg> {} ",
            svg::marker_class(flag),
            svg::marker_path(flag, 7.0, 6.0),
            esc(word)
        );
    }
    s.push_str(
        "<svg class=\"key\" viewBox=\"0 0 24 12\" width=\"24\" height=\"12\"><path class=\"lln\" d=\"M0 6H24\"/></svg> lower limit \
         <svg class=\"key\" viewBox=\"0 0 24 12\" width=\"24\" height=\"12\"><path class=\"cutoff\" d=\"M0 6H24\"/></svg> severity cut-off \
         · severity bands: taller is more severe (none, non-severe, severe, very severe)</p>",
    );
}

/// The cumulative table: one row per draw, oldest first, one column per
/// analyte the patient has, each value with its flag.
fn table(s: &mut String, facts: &Facts<'_>, dataset: &Dataset, t: &Thresholds) {
    let columns: Vec<Analyte> = Analyte::ALL
        .into_iter()
        .filter(|&a| facts.draws.iter().any(|d| !d.values.get(a).is_missing()))
        .collect();
    let _ = write!(
        s,
        "<h3>Cumulative report</h3><table class=\"cumulative\"><caption>{} · {}, oldest first</caption><thead><tr><th>date</th>",
        esc(&facts.patient.id),
        crate::safe_text::counted(facts.draws.len() as u64, "draw")
    );
    for &a in &columns {
        let _ = write!(s, "<th>{}</th>", esc(a.short_label()));
    }
    s.push_str("<th>severity</th></tr><tr class=\"units\"><th></th>");
    for &a in &columns {
        let _ = write!(s, "<th>{}</th>", esc(a.unit()));
    }
    s.push_str("<th></th></tr></thead><tbody>");
    let mut any_lab = false;
    let mut any_derived = false;
    let mut any_transfused = false;
    let events = dataset.events(facts.patient);
    let times: Vec<crate::model::Timestamp> = facts.draws.iter().map(|d| d.time).collect();
    let refused = dataset.refused_by_draw(&facts.patient.id, &times);
    for (i, draw) in facts.draws.iter().enumerate() {
        let _ = write!(s, "<tr><td>{}</td>", esc(facts.when(i)));
        for &a in &columns {
            let value = draw.values.get(a);
            let flag = facts.flag(i, a);
            let mut text = analyte_value(a, value);
            if facts.lab(i, a) && !value.is_missing() {
                text.push_str(LAB_MARK);
                any_lab = true;
            }
            if !value.is_missing()
                && matches!(a, Analyte::Hgb | Analyte::Plt)
                && crate::clinical::transfusion_before(draw.time, a, events, &t.windows).is_some()
            {
                text.push_str(TRANSFUSED_MARK);
                any_transfused = true;
            }
            any_derived |= value.reading().is_some_and(|r| r.derived);
            let class = flag.map_or("", |f| match f {
                Flag::Low => " class=\"low\"",
                Flag::CriticalLow => " class=\"ll\"",
                Flag::High => " class=\"high\"",
                Flag::Undecided => " class=\"undecided\"",
            });
            let _ = write!(
                s,
                "<td{class}>{}<b>{}</b></td>",
                esc(&text),
                esc(words::flag(flag))
            );
        }
        let severity = classify(&draw.values, t);
        // A draw that lost a result the load refused: its `-` may have been
        // a value (the screen's table marks it so).
        let lost = if refused.iter().any(|&(d, _)| d == i) {
            format!(" {REFUSED_MARK}")
        } else {
            String::new()
        };
        let _ = write!(
            s,
            "<td class=\"sev-{}\">{}{}</td></tr>",
            severity.category.name(),
            esc(&words::category_word(
                severity.category,
                !severity.could_be.is_empty()
            )),
            esc(&lost)
        );
    }
    s.push_str("</tbody></table><p class=\"note\">");
    let ranges: Vec<String> = facts
        .summary
        .ranges
        .iter()
        .map(|&(a, r)| format!("{} {}", a.short_label(), range_text(r)))
        .collect();
    let _ = write!(
        s,
        "Ranges of the latest draw: {}. L below the lower limit, LL critically low, H above the upper limit; ? after a category: missing values leave a higher one open.",
        esc(&ranges.join(" · "))
    );
    if any_lab {
        let _ = write!(
            s,
            " {}",
            esc(&format!("{LAB_MARK} flagged by the lab's range."))
        );
    }
    if any_transfused {
        let _ = write!(
            s,
            " {}",
            esc(&format!(
                "{TRANSFUSED_MARK} after transfusion: real, but not the patient's own production."
            ))
        );
    }
    if any_derived {
        let _ = write!(s, " {}", esc(DERIVED_LEGEND));
    }
    if !refused.is_empty() {
        let _ = write!(
            s,
            " {}",
            esc(&format!(
                "{REFUSED_MARK} after the severity: a result of the draw was refused (its - may have been a value; the rejected rows below say why)."
            ))
        );
    }
    s.push_str("</p>");
    grades(s, facts, dataset, t);
}

/// The latest draw's CTCAE grades, naming the version.
fn grades(s: &mut String, facts: &Facts<'_>, dataset: &Dataset, t: &Thresholds) {
    let latest = facts.draws.len().saturating_sub(1);
    let Some(draw) = facts.draws.get(latest) else {
        return;
    };
    let latest_age = crate::clinical::Age::of(facts.patient.birth_date, draw.time);
    let slice = dataset.draws(facts.patient);
    let parts: Vec<String> = GRADED
        .into_iter()
        .map(|analyte| {
            let term = if analyte == Analyte::Hgb {
                "anemia"
            } else {
                analyte.short_label()
            };
            let lln = range_in_use(
                analyte,
                facts.patient.sex,
                latest_age,
                slice.lab_range(latest, analyte),
                t,
            )
            .lower;
            let grade = ctcae_grade_with_lln(analyte, draw.values.get(analyte), lln, t);
            format!(
                "{term} {}",
                grade.map_or_else(|| "-".to_string(), |g| g.to_string())
            )
        })
        .collect();
    let _ = write!(
        s,
        "<p class=\"note\">{}</p>",
        esc(&format!(
            "{CTCAE_VERSION}, {}: {}",
            facts.when(latest),
            parts.join(" · ")
        ))
    );
}

/// The severity explanation of the latest and of the worst draw.
fn severity(s: &mut String, facts: &Facts<'_>, events: &[crate::model::Event], t: &Thresholds) {
    let _ = write!(
        s,
        "<div class=\"severity\"><h3>Severity by the blood-count criteria ({})</h3>",
        esc(words::SEVERITY_SCHEME)
    );
    let latest = &facts.summary;
    let latest_when = facts.when(facts.draws.len().saturating_sub(1)).to_string();
    let shown = facts.draws.last();
    let birth = facts.patient.birth_date;
    explain(
        s,
        ("Latest draw", &latest_when, shown),
        (&latest.severity, birth),
        (events, t),
    );
    let (worst_draw, worst) = &latest.worst;
    if worst_draw.time == latest.latest.time && worst.category == latest.severity.category {
        s.push_str("<p>The latest draw is also the most severe.</p>");
    } else {
        let position = facts
            .draws
            .iter()
            .position(|d| d.time == worst_draw.time)
            .unwrap_or(0);
        let shown = facts.draws.get(position);
        explain(
            s,
            ("Most severe draw", facts.when(position), shown),
            (worst, birth),
            (events, t),
        );
    }
    s.push_str("</div>");
}

/// One draw's category, what is left open, and every criterion; each value
/// as the table shows it (`shown`: the draw with the digits that agree with
/// its flags), then with those that put it on its side of the cut-off, as
/// the dashboard's panel shows it, and `‡` after a transfusion (`events`).
fn explain(
    s: &mut String,
    (which, when, shown): (&str, &str, Option<&Draw>),
    (severity, birth): (&Severity, Option<crate::model::Timestamp>),
    (events, t): (&[crate::model::Event], &Thresholds),
) {
    let category = severity.category;
    let child = shown
        .and_then(|draw| words::child_criteria(birth, draw.time))
        .map(|text| format!("<p class=\"caveat\">{}</p>", esc(text)))
        .unwrap_or_default();
    let _ = write!(
        s,
        "<h4>{} · {}: <span class=\"sev sev-{}\">{}</span> · {} · {}</h4><p>{}</p><p class=\"caveat\">{}</p>{child}<table class=\"criteria\"><thead><tr><th>criterion</th><th>value</th><th>outcome</th></tr></thead><tbody>",
        esc(which),
        esc(when),
        category.name(),
        esc(category.label()),
        esc(&words::cytopenia_words(severity)),
        esc(&open_text(&severity.could_be)),
        esc(category_sentence(category)),
        esc(CAVEAT)
    );
    let shown_value = |criterion: &crate::clinical::Criterion| match shown {
        Some(draw) => draw
            .values
            .get(criterion.analyte)
            .shown_against(criterion.cutoff),
        None => criterion.shown_value(),
    };
    // Drawn within a transfusion's window (clinical.md §8): still counted,
    // marked as the table marks it.
    let transfused = |analyte: Analyte| {
        shown.is_some_and(|draw| {
            matches!(analyte, Analyte::Hgb | Analyte::Plt)
                && !draw.values.get(analyte).is_missing()
                && crate::clinical::transfusion_before(draw.time, analyte, events, &t.windows)
                    .is_some()
        })
    };
    for group in [
        CriterionGroup::Cytopenia,
        CriterionGroup::Severe,
        CriterionGroup::VerySevere,
    ] {
        let members: Vec<_> = severity
            .criteria
            .iter()
            .filter(|c| c.group == group)
            .collect();
        let met = members
            .iter()
            .filter(|c| c.outcome == crate::clinical::Outcome::Met)
            .count();
        let _ = write!(
            s,
            "<tr class=\"group\"><th colspan=\"3\">{} ({met} met)</th></tr>",
            esc(words::group_heading(group))
        );
        for criterion in members {
            let mut value = analyte_value(criterion.analyte, shown_value(criterion));
            if transfused(criterion.analyte) {
                value.push_str(TRANSFUSED_MARK);
            }
            let _ = write!(
                s,
                "<tr><td>{}</td><td>{}</td><td class=\"o-{}\">{}</td></tr>",
                esc(&criterion.rule()),
                esc(&value),
                match criterion.outcome {
                    crate::clinical::Outcome::Met => "met",
                    crate::clinical::Outcome::NotMet => "not",
                    crate::clinical::Outcome::Unknown => "unknown",
                },
                esc(outcome_text(criterion.outcome))
            );
        }
        if group == CriterionGroup::Severe {
            let _ = write!(
                s,
                "<tr><td colspan=\"3\" class=\"note\">{}</td></tr>",
                esc(&words::retic_line(t))
            );
        }
    }
    s.push_str("</tbody></table>");
}
