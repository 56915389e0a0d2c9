//! `hemotrend report`: the HTML document for a small fixture (snapshot), a
//! well-formed document with nothing from the network, every input string
//! escaped, and the command line's file handling.

use hemotrend::clinical::Config;
use hemotrend::report::html::{ReportStamp, html_string};
use quick_xml::events::Event;

use crate::support::bin::hemotrend;

const FIXTURE: &str = "\
patient_id,name,sex,birth_date,collected_at,wbc,rbc,hgb,plt,anc,retic (10^9/L)
T1,\"Test, Ann\",F,1980-05-01,2024-01-02,5.1,4.2,12.5,210,2.9,50
T1,\"Test, Ann\",F,1980-05-01,2024-02-10,2.1,3.1,8.9,15,0.3,<20
T1,\"Test, Ann\",F,1980-05-01,2024-03-01T09:30,3.0,3.5,6.8,45,0.9,35
T1,\"Test, Ann\",F,1980-05-01,2024-03-01T16:00,3.2,3.4,9.0,48,1.0,
T2,\"Beta, Bo\",M,,2024-01-05,7.0,5.0,15.0,250,4.0,60
T2,\"Beta, Bo\",M,,2024-02-05,7.1,5.0,15.1,abc,4.1,61
";

const HOSTILE: &str = "\
patient_id,name,sex,collected_at,plt
\"P<1>&\",\"<script>alert(\"\"x\"\")</script>\",F,2024-01-02,12
";

fn report(text: &str) -> String {
    let dataset = hemotrend::ingest::load_texts(&[("fixture.csv", text)]).expect("loads");
    let stamp = ReportStamp {
        generated: Some("2026-01-02 10:00 UTC".to_string()),
    };
    html_string(&dataset, &Config::default(), None, &stamp)
}

/// Parses the document as XML (it is written so that it also is): every
/// element closed, in order, under one `html` root. The elements seen.
fn well_formed(html: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(html);
    let mut open: Vec<String> = Vec::new();
    let mut seen = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(tag)) => {
                let name = tag.name().into_inner().to_string();
                if open.is_empty() {
                    assert_eq!(name, "html", "one root");
                }
                seen.push(name.clone());
                open.push(name);
            }
            Ok(Event::Empty(tag)) => {
                seen.push(tag.name().into_inner().to_string());
            }
            Ok(Event::End(tag)) => {
                let name = tag.name().into_inner().to_string();
                assert_eq!(open.pop().as_deref(), Some(name.as_str()));
            }
            Ok(Event::Text(text)) => {
                // Every reference is one the document writes.
                let raw = text.into_inner().into_owned();
                for (i, _) in raw.match_indices('&') {
                    let rest = &raw[i..];
                    assert!(
                        ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                            .iter()
                            .any(|r| rest.starts_with(r)),
                        "stray & in {raw:?}"
                    );
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(error) => panic!("not well formed at {}: {error}", reader.buffer_position()),
        }
    }
    assert!(open.is_empty(), "unclosed: {open:?}");
    seen
}

#[test]
fn the_fixture_report_as_written() {
    let html = report(FIXTURE);
    // One tag a line, so that a change reads as a diff.
    insta::assert_snapshot!(html.replace("><", ">\n<"));
}

#[test]
fn the_document_is_well_formed_and_self_contained() {
    let html = report(FIXTURE);
    let elements = well_formed(&html);
    for url in ["http:", "https:", "//", "url(", "@import", "src=", "href="] {
        assert!(!html.contains(url), "{url} in the report");
    }
    for element in ["script", "link", "img", "iframe", "object"] {
        assert!(!elements.iter().any(|e| e == element), "<{element}>");
    }
    assert_eq!(elements.iter().filter(|e| *e == "section").count(), 3);
    // Six charts and a severity course per patient (and the legend's keys).
    assert_eq!(html.matches("<svg class=\"chart\"").count(), 12);
    assert_eq!(html.matches("<svg class=\"course\"").count(), 2);
    assert!(html.contains("@page { size: A4 portrait"));
    assert!(html.contains("thead { display: table-header-group; }"));
}

#[test]
fn the_fixture_shows_flags_caveat_rejections_and_configuration() {
    let html = report(FIXTURE);
    // The same words as the screen and the JSON.
    assert!(html.contains("<td class=\"ll\">15<b>LL</b></td>"));
    assert!(html.contains("<td class=\"ll\">6.8<b>LL</b></td>"));
    assert!(html.contains("<td class=\"low\">&lt;20<b>L</b></td>"));
    assert!(html.contains("A blood count cannot assess marrow cellularity"));
    assert!(
        html.contains(
            "Most severe draw · 2024-02-10: <span class=\"sev sev-severe\">severe</span>"
        )
    );
    assert!(html.contains("Blood counts meet the severe criteria."));
    assert!(html.contains("reticulocytes &lt;60: automated count (BSH 2016)"));
    assert!(html.contains("Severity by the blood-count criteria (Camitta, modified by BSH)"));
    assert!(html.contains(">severe &lt;20</text>"));
    assert!(html.contains(">LLN 150</text>"));
    assert!(html.contains(">PLT (x10^9/L)</text>"));
    // A cell refused alone is no rejected row: the rest of it loaded.
    assert!(html.contains("<h3>Rejected rows and cells (1)</h3>"));
    assert!(html.contains(
        "6 data rows read; 0 rows rejected and 1 cell alone (the rest of its row loaded); 0 warnings;"
    ));
    assert!(html.contains("<td>fixture.csv</td><td>7</td><td>plt</td>"));
    assert!(html.contains("Configuration: defaults (docs/clinical.md)"));
    assert!(html.contains("generated 2026-01-02 10:00 UTC"));
    assert!(
        html.contains("2024-03-01 09:30"),
        "shared dates show the time"
    );
}

/// Immune thrombocytopenia with platelets 6 is `none` (not the pattern
/// graded), and the report says so in the dashboard's words: one
/// cytopenia, not graded, CTCAE grade 4 beside the category.
#[test]
fn an_isolated_critical_cytopenia_never_reads_as_healthy() {
    let html = report(
        "patient_id,sex,birth_date,collected_at,wbc,hgb,plt,anc\n\
         ITP,F,1980-01-01,2024-01-01,7,13,6,4\n",
    );
    assert!(
        html.contains("<dt>latest</dt><dd><span class=\"sev sev-none\">none</span> · 1 cytopenia: not graded · G4 PLT</dd>"),
        "{html}"
    );
    assert!(html.contains("none</span> · 1 cytopenia: not graded · nothing left open"));
    // One draw is not "1 draws".
    assert!(
        html.contains("<caption>ITP · 1 draw, oldest first</caption>"),
        "{html}"
    );
}

/// A child's severity names the paediatric amendment the adult criteria
/// rest on, whose text was not checked (clinical.md §1); an adult's and
/// one of unknown age do not.
#[test]
fn a_childs_severity_names_the_paediatric_amendment() {
    for (birth, named) in [("2010-06-01", true), ("2006-01-01", false), ("", false)] {
        let html = report(&format!(
            "patient_id,sex,birth_date,collected_at,hgb,plt,anc\n\
             C,F,{birth},2024-01-01,8,15,0.3\n"
        ));
        assert_eq!(html.contains("Samarasinghe 2018"), named, "born {birth}");
    }
}

#[test]
fn input_strings_are_text_not_markup() {
    let html = report(HOSTILE);
    well_formed(&html);
    assert!(!html.contains("<script"));
    assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    assert!(html.contains("<h2>P&lt;1&gt;&amp;"));
    assert!(html.contains("<title>hemotrend report · P&lt;1&gt;&amp;</title>"));
}

#[test]
fn the_command_writes_one_patient_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("p001.html");
    let path = out.display().to_string();
    let run = hemotrend(&["report", "--patient", "P001", "--output", &path]);
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    assert!(run.stdout.is_empty());
    let html = std::fs::read_to_string(&out).expect("written");
    well_formed(&html);
    assert!(html.contains("<h2>P001 <span class=\"name\">Alder, Maren</span></h2>"));
    assert!(!html.contains("<h2>P002"));
    let again = hemotrend(&["report", "--patient", "P001", "--output", &path]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("never overwrites"));
    assert_eq!(std::fs::read_to_string(&out).expect("kept"), html);
    // A folder named as the output is said to be one.
    let folder = dir.path().display().to_string();
    let into_folder = hemotrend(&["report", "--patient", "P001", "--output", &folder]);
    assert_eq!(into_folder.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&into_folder.stderr)
            .contains("is a folder; --output names the file"),
        "{into_folder:?}"
    );
    let stdout = hemotrend(&["report"]);
    assert_eq!(stdout.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&stdout.stdout).contains("<h2>P007"));
    let unknown = hemotrend(&["report", "--patient", "NOPE"]);
    assert_eq!(unknown.status.code(), Some(2));
    // `--output -` is stdout, never a file named `-`.
    let dash = std::process::Command::new(env!("CARGO_BIN_EXE_hemotrend"))
        .args(["report", "--patient", "P001", "--output", "-"])
        .env("XDG_CONFIG_HOME", dir.path().join("no-config"))
        .current_dir(dir.path())
        .output()
        .expect("runs");
    assert_eq!(dash.status.code(), Some(0), "{dash:?}");
    assert!(String::from_utf8_lossy(&dash.stdout).contains("<h2>P001"));
    assert!(!dir.path().join("-").exists());
}

#[test]
fn p001_report_has_events_readouts_recovery_and_response() {
    let run = hemotrend(&["report", "--patient", "P001"]);
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let html = String::from_utf8_lossy(&run.stdout).into_owned();
    well_formed(&html);
    assert!(html.contains("<h3>Events (11)</h3>"));
    assert!(html.contains("‡ after transfusion: real, but not the patient&#39;s own production."));
    assert!(html.contains("<li>2024-04-02 IST start (hATG + ciclosporin)</li>"));
    assert!(html.contains("events (vertical lines): R RBC tx · P PLT tx · I IST start"));
    assert!(html.contains("<text class=\"event\""));
    assert!(html.contains("<li>ANC &gt;= 0.5 x3 on different days: 2024-07-26 09:34</li>"));
    assert!(html.contains(
        "<li>platelets &gt;= 20 x3, each &gt;= 7 days after platelets: 2024-07-26 09:34</li>"
    ));
    assert!(html.contains("scheme BSH (Camitta 2000; BCSH 2009, BSH 2016)"));
    assert!(html.contains("caveat: "));
    for (months, category) in [(3, "none"), (6, "partial"), (12, "partial")] {
        let at = html
            .find(&format!("<caption>{months} months ("))
            .expect("assessment");
        let caption = &html[at..at + 60];
        assert!(caption.contains(&format!("): {category} ")), "{caption}");
    }
    assert!(
        html.contains("\nPLT    nadir &lt;5 on 2024-04-05 06:04; below 150 since 2024-02-19 11:13")
    );
}

/// The text of a report's first date tick.
fn first_tick(html: &str) -> &str {
    html.split("class=\"xtick\"")
        .nth(1)
        .and_then(|rest| rest.split('>').nth(1))
        .and_then(|text| text.split('<').next())
        .unwrap_or_default()
}

/// One clock: draws recorded at 01:00 and 00:30 +02:00 are dated as
/// recorded (2024-01-01, 2024-01-10) in the table, the severity course and
/// the axis, never by their UTC date (the day before).
#[test]
fn draws_near_midnight_keep_their_own_dates_in_the_course_and_the_axis() {
    let html = report(
        "patient_id,collected_at,plt,hgb,wbc,rbc,anc\n\
         P9,2024-01-01T01:00+02:00,100,12,4,4,2\n\
         P9,2024-01-10T00:30+02:00,15,7,1,2.5,0.1\n",
    );
    assert!(
        html.contains("Course: 2024-01-01 none → 2024-01-10 very severe"),
        "{html}"
    );
    assert!(!html.contains("2023-12-31"), "{html}");
    assert!(!html.contains(">2024-01-09<"), "{html}");
    assert_eq!(first_tick(&html), "2024-01-01");
    // A winter draw late in the evening beside a summer one: the axis's
    // first end is its own date, not the next day on summer time.
    let html = report(
        "patient_id,collected_at,plt,hgb,wbc,rbc,anc\n\
         W1,2024-01-01T23:30+01:00,100,12,4,4,2\n\
         W1,2024-07-01T10:00+02:00,150,12,4,4,2\n",
    );
    assert_eq!(first_tick(&html), "2024-01-01");
}

/// A transfusion three days before the first draw and an IST start after
/// the last are on the axis, which runs from the one to the other.
#[test]
fn events_outside_the_draws_widen_the_axis() {
    let dataset = hemotrend::ingest::load_texts(&crate::support::EVENTS_OUTSIDE).expect("loads");
    let stamp = ReportStamp { generated: None };
    let html = html_string(&dataset, &Config::default(), None, &stamp);
    assert_eq!(first_tick(&html), "2024-02-26");
    let last_tick = html
        .rsplit("class=\"xtick\"")
        .next()
        .and_then(|rest| rest.split('>').nth(1))
        .and_then(|text| text.split('<').next())
        .unwrap_or_default();
    assert_eq!(last_tick, "2024-04-20");
    // The severity course ends at the last draw, not at the IST after it.
    let course = html
        .split("<svg class=\"course\"")
        .nth(1)
        .unwrap_or_default();
    let ends: Vec<f64> = course
        .split("<rect ")
        .skip(1)
        .map(|rect| {
            let number = |name: &str| -> f64 {
                let at = rect.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                rect[at..].split('"').next().unwrap().parse().unwrap()
            };
            number("x") + number("width")
        })
        .collect();
    let last = *ends.last().expect("a band");
    assert!(last < 560.0, "{ends:?}");
    // Each event's line, in each chart.
    let charts = html.matches("<svg class=\"chart\"").count();
    assert_eq!(charts, 4);
    assert_eq!(
        html.matches("<path class=\"event\"").count(),
        2 * charts,
        "{html}"
    );
}

/// A report of one patient is attached to their note: it lists their
/// rejected cells and warnings, never another patient's (name, id or
/// values), and counts what it leaves out.
#[test]
fn a_patients_report_lists_their_rows_alone() {
    let text = "\
patient_id,name,collected_at,wbc,anc,plt
T1,\"Test, Ann\",2024-01-02,1.0,3.0,abc
T2,\"Beta, Bo\",2024-01-05,1.0,3.0,xyz
T2,\"Beta, Bo\",not a time,5.0,3.0,150
";
    let dataset = hemotrend::ingest::load_texts(&[("fixture.csv", text)]).expect("loads");
    let stamp = ReportStamp::default();
    let config = Config::default();
    let of = |id: &str| {
        let patient = dataset.patient(id).expect("the patient");
        html_string(&dataset, &config, Some(&[patient]), &stamp)
    };
    let t1 = of("T1");
    assert!(t1.contains("<h3>Rejected rows and cells of this report&#39;s patients (1)</h3>"));
    assert!(t1.contains("<td>fixture.csv</td><td>2</td><td>plt</td>"));
    assert!(t1.contains("<h3>Warnings of this report&#39;s patients (1)</h3>"));
    assert!(t1.contains("patient T1, 2024-01-02: implausible differential"));
    assert!(!t1.contains("T2") && !t1.contains("Beta"), "{t1}");
    assert!(t1.contains("Not listed here: 2 rejections and 1 warning about"));
    // The row refused for its time is still T2's.
    let t2 = of("T2");
    assert!(t2.contains("<td>fixture.csv</td><td>3</td><td>plt</td>"));
    assert!(t2.contains("<td>fixture.csv</td><td>4</td><td>collected_at</td>"));
    assert!(!t2.contains("T1") && !t2.contains("Test, Ann"), "{t2}");
    // The whole load's report lists every one.
    let all = report(text);
    assert!(all.contains("<h3>Rejected rows and cells (3)</h3>"));
    assert!(all.contains("3 data rows read; 1 row rejected and 2 cells alone"));
    assert!(all.contains("<h3>Warnings (2)</h3>"));
    assert!(!all.contains("Not listed here"));
}

/// The configuration in force is printed as the TOML file it is: one
/// setting a line, never its line breaks escaped into one long line.
#[test]
fn the_configuration_block_keeps_its_lines() {
    let html = report(FIXTURE);
    let start = html.find("<pre class=\"config\">").expect("the block");
    let end = start + html[start..].find("</pre>").expect("its end");
    let block = &html[start..end];
    assert!(!block.contains("\\u{a}"), "{block}");
    assert!(block.lines().count() > 20, "{block}");
    assert!(block.contains("\n[reference.plt]"), "{block}");
}

/// A draw that lost a result the load refused is marked `⊘` after its
/// category in the cumulative table, as the screen's table marks it: its
/// `-` may have been a value, and the category rests on it.
#[test]
fn a_draw_that_lost_a_refused_result_is_marked() {
    let html = report(
        "patient_id,collected_at,wbc,hgb,plt,neutrophils (%)\n\
         E1,2024-05-01T08:00,3.0,9.5,40,50\n\
         E1,2024-05-08T08:00,3.0,9.5,abc,50\n\
         E1,2024-05-15T08:00,3.1,9.7,41,50\n",
    );
    let table = &html[html
        .find("<table class=\"cumulative\">")
        .expect("the table")..];
    let table = &table[..table.find("</table>").expect("its end")];
    let marked: Vec<&str> = table
        .split("<tr>")
        .filter(|row| row.contains("⊘"))
        .map(|row| &row[row.find("<td>").map_or(0, |at| at + 4)..][..10])
        .collect();
    assert_eq!(marked, ["2024-05-08"], "{table}");
    assert!(
        html.contains("⊘ after the severity: a result of the draw was refused"),
        "{html}"
    );
    // Each mark's legend a sentence of its own, the derived one's too.
    assert!(html.contains("(retic). ⊘ after the severity"), "{html}");
}

/// The criteria tables mark a value drawn after a transfusion `‡`, as the
/// cumulative table does (clinical.md §8: it still counts, and is marked).
#[test]
fn a_criterion_drawn_after_a_transfusion_is_marked() {
    let labs = "patient_id,collected_at,wbc,hgb,plt,anc\n\
                P1,2024-05-01T08:00,2.0,7.0,15,0.4\n";
    let events = "patient_id,at,event,units\n\
                  P1,2024-04-30T08:00,rbc-transfusion,2\n";
    let dataset = hemotrend::ingest::load_texts(&[("labs.csv", labs), ("events.csv", events)])
        .expect("loads");
    let html = html_string(
        &dataset,
        &Config::default(),
        None,
        &ReportStamp { generated: None },
    );
    assert!(
        html.contains("hemoglobin &lt; 10 g/dL</td><td>7.0‡</td>"),
        "{html}"
    );
    // Platelets were not transfused: no mark.
    assert!(
        html.contains("platelets &lt; 20 x10^9/L</td><td>15</td>"),
        "{html}"
    );
}

/// The course names a category that missing values leave open with `?`:
/// a platelet count alone between two very severe draws reads "none?",
/// not a recovery to "none".
#[test]
fn the_course_marks_a_category_left_open() {
    let html = report(
        "patient_id,collected_at,wbc,hgb,plt,anc,retic (10^9/L)\n\
         P1,2024-01-01,0.5,7.0,10,0.1,10\n\
         P1,2024-01-02,,,15,,\n\
         P1,2024-01-03,0.5,7.0,10,0.1,10\n",
    );
    assert!(
        html.contains("Course: 2024-01-01 very severe → 2024-01-02 none? → 2024-01-03 very severe"),
        "{html}"
    );
    // The course's bands say it in their tooltips too.
    assert!(html.contains("<title>2024-01-02: none?</title>"), "{html}");
    assert!(
        html.contains("<title>2024-01-03: very severe</title>"),
        "{html}"
    );
}

/// An infant's age reads as the screen reads it (`2 mo`), not `0 y`: the
/// limits by age change within the first weeks.
#[test]
fn an_infant_age_reads_in_months_or_days() {
    let html = report(
        "patient_id,sex,birth_date,collected_at,hgb\n\
         K1,F,2025-11-01,2026-01-01T08:00,10.5\n\
         K2,M,2025-12-27,2026-01-01T08:00,17\n",
    );
    assert!(
        html.contains("born 2025-11-01, 2 mo at the latest draw"),
        "{html}"
    );
    assert!(
        html.contains("born 2025-12-27, 5 d at the latest draw"),
        "{html}"
    );
}

/// P002, a boy of 6 to 12 over his draws: each point is flagged against
/// the limit for his age at that draw, and the chart's dashed lower limit
/// steps with it (Hb 11.5, then 13 from his first draw at 12), said under
/// the chart; a limit the same throughout stays one straight line.
#[test]
fn a_childs_lower_limit_steps_with_his_age() {
    let run = hemotrend(&["report", "--patient", "P002"]);
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let html = String::from_utf8_lossy(&run.stdout).into_owned();
    well_formed(&html);
    assert!(
        html.contains(
            "Hb lower limit by the draw's age or lab (the dashed line steps with it): \
             <span class=\"run\">11.5 from 2018-09-24</span>, \
             <span class=\"run\">13 from 2024-09-09</span>"
        ),
        "{html}"
    );
    let lines: Vec<&str> = html
        .split("<path class=\"lln\" d=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or_default())
        .collect();
    // The legend's key, then one per chart: RBC and Hb step, the rest not.
    let stepped = lines.iter().filter(|d| d.contains('V')).count();
    assert_eq!(stepped, 2, "{lines:?}");
    assert!(html.contains("LLN 13</text>"), "{html}");
}

/// An event's end is in the report's list, as in the JSON; a patient with
/// no event of their own, where an events file was read, is told so (not
/// that no events file was loaded).
#[test]
fn events_list_their_end_and_say_when_a_patient_has_none() {
    let dataset = hemotrend::ingest::load_texts(&[
        (
            "labs.csv",
            "patient_id,collected_at,plt\nE1,2024-06-01,40\nE2,2024-06-01,300\n",
        ),
        (
            "events.csv",
            "patient_id,at,end,event,units,note\nE1,2024-06-04,2024-09-01,eltrombopag,,150 mg\n",
        ),
    ])
    .expect("loads");
    let stamp = ReportStamp { generated: None };
    let html = html_string(&dataset, &Config::default(), None, &stamp);
    assert!(
        html.contains("<li>2024-06-04 eltrombopag to 2024-09-01 (150 mg)</li>"),
        "{html}"
    );
    assert!(
        html.contains("<p>none for this patient in the events files read</p>"),
        "{html}"
    );
    assert!(!html.contains("none loaded"), "{html}");
}

/// A limit that changes at the last draw steps midway from the draw before,
/// so the last point sits beside its own level, not at a vertical stroke
/// on the chart's edge.
#[test]
fn a_limit_changed_at_the_last_draw_steps_midway() {
    let html = report(
        "patient_id,sex,birth_date,collected_at,hgb\n\
         C1,M,2012-09-01,2024-03-01,12.0\n\
         C1,M,2012-09-01,2024-06-01,12.2\n\
         C1,M,2012-09-01,2024-09-15,12.8\n",
    );
    let hb = html
        .find("Hemoglobin g/dL")
        .map(|at| &html[at..])
        .and_then(|rest| rest.split("<path class=\"lln\" d=\"").nth(1))
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("the Hb chart's lower limit in {html}"));
    // M left y0 H x V y1 H right: the step's x well inside the plot.
    let step: f64 = hb
        .split('H')
        .nth(1)
        .and_then(|rest| rest.split('V').next())
        .and_then(|x| x.parse().ok())
        .expect("a step");
    assert!(step > 300.0 && step < 560.0, "{hb}");
}

/// A single draw's course holds its category across the day the axis
/// shows around it (it ends at the draws' own axis, not at the draw).
#[test]
fn a_single_draws_course_is_a_band_not_a_mark() {
    let html = report("patient_id,collected_at,plt,anc,hgb\nS1,2024-01-01,15,0.3,9\n");
    let course = html
        .split("<svg class=\"course\"")
        .nth(1)
        .unwrap_or_default();
    let width: f64 = course
        .split("width=\"")
        .nth(2)
        .and_then(|rest| rest.split('"').next())
        .and_then(|w| w.parse().ok())
        .expect("a band's width");
    assert!(width > 200.0, "{course}");
}

/// A patient whose latest draw is dated before the birth date has no age
/// there: the header says the adult limits apply, as the dashboard does,
/// never a bare birth date beside adult limits unexplained.
#[test]
fn a_draw_before_the_birth_date_says_the_adult_limits_apply() {
    let html = report(
        "patient_id,birth_date,collected_at,plt,hgb\nB1,2024-06-10,2024-06-01T08:00,140,11\n",
    );
    assert!(
        html.contains("born 2024-06-10, the latest draw dated before it: adult limits"),
        "{html}"
    );
}
