//! Screens that must tell each patient's story truthfully (issue #14): a
//! child judged by the limits for the age, an isolated critical cytopenia,
//! draws recorded near midnight at an offset, censored values; and styled
//! buffers: a low value in the alarm style, a cut-off on its own row.

use hemotrend::ingest::load_texts;
use hemotrend::tui::{Action, App};
use ratatui::style::Color;

const HEADER: &str =
    "patient_id,name,sex,birth_date,collected_at,wbc,rbc,hgb,hct,mcv,plt,anc,alc,retic (10^9/L)\n";

fn app_of(rows: &str, width: u16, height: u16) -> App {
    let text = format!("{HEADER}{rows}");
    let dataset = load_texts(&[("cbc.csv", &text)]).expect("loads");
    crate::support::app_of(dataset, width, height)
}

/// The sample child, normal for the age at every draw.
const CHILD: &str = "\
P008,\"Hale, Ruby\",F,2023-03-10,2023-03-24T10:36,10.68,4.62,15.8,48.0,104.3,310,3.90,6.23,
P008,\"Hale, Ruby\",F,2023-03-10,2023-06-12T11:44,9.62,3.88,10.6,31.8,82.1,380,2.10,6.83,45
P008,\"Hale, Ruby\",F,2023-03-10,2024-09-16T08:55,8.18,4.60,11.6,35.0,76.1,290,2.60,5.08,
";

/// Immune thrombocytopenia: platelets alone low, 6 at the latest draw.
const ITP: &str = "\
P4,\"Dunmore, Oskar\",M,1971-11-03,2024-01-29T14:37,6.70,4.93,14.6,44.0,88.9,12,4.21,2.05,52
P4,\"Dunmore, Oskar\",M,1971-11-03,2024-02-09T08:18,8.58,4.88,14.5,43.6,89.1,71,6.12,1.63,
P4,\"Dunmore, Oskar\",M,1971-11-03,2024-03-01T09:02,7.10,4.90,14.7,44.1,89.0,6,4.40,1.90,
";

/// Recorded at -08:00 just before midnight: 2024-01-02 in UTC.
const MIDNIGHT: &str = "\
N1,,F,,2024-01-01T23:30-08:00,6.1,4.4,13.1,39.0,89.0,230,3.5,1.9,
N1,,F,,2024-01-08T23:55-08:00,6.0,4.4,13.0,39.1,89.2,120,3.4,1.8,
";

/// Censored: platelets <200 cannot decide against 150 (`?`), <5 is `LL`.
const CENSORED: &str = "\
C1,,M,,2024-04-01,3.1,3.9,9.4,28.0,92.0,<200,<0.1,1.1,
C1,,M,,2024-04-05,2.9,3.8,9.1,27.5,92.1,<5,<0.1,1.0,
";

#[test]
fn a_child_is_judged_by_the_limits_for_the_age() {
    for (width, height) in [(80, 24), (160, 48)] {
        let app = app_of(CHILD, width, height);
        let screen = crate::support::text(&app, width, height);
        assert!(screen.contains("P008"), "{screen}");
        // The header keeps the age and the limits in force at every size:
        // the birth date and the program's name give way first.
        let header = screen.lines().next().unwrap_or_default();
        assert!(header.contains("18 mo"), "{header}");
        assert!(header.contains("limits for age"), "{header}");
        insta::assert_snapshot!(format!("child_{width}x{height}"), screen);
    }
    let app = app_of(CHILD, 160, 48);
    let screen = crate::support::text(&app, 160, 48);
    // 18 months: hemoglobin 11.6 is normal (10.5-13.5), not an adult "L".
    assert!(screen.contains("limits for age"), "{screen}");
    assert!(!screen.contains("11.6 L"), "{screen}");
}

/// At 80 columns, long counts of what was rejected shorten before the
/// child's sex and age (and so the limits in force) would give way.
#[test]
fn the_counts_shorten_before_the_childs_age() {
    let rows = format!(
        "{CHILD}P008,\"Hale, Ruby\",F,2023-03-10,2024-10-16T08:55,abc,4.60,11.6,35.0,76.1,290,2.60,5.08,\n\
         X1,,M,,2024-13-01,4,,,,,,,,\nX1,,M,,2024-13-02,4,,,,,,,,\nX1,,M,,2024-13-03,4,,,,,,,,\n"
    );
    let app = app_of(&rows, 80, 24);
    let screen = crate::support::text(&app, 80, 24);
    let header = screen.lines().next().unwrap_or_default();
    assert!(
        header.contains("P008") && header.contains("· female"),
        "{header}"
    );
    assert!(header.contains("limits for age"), "{header}");
    assert!(header.contains("3 rows, 1 cell rejected"), "{header}");
    // With room, the patient's own share is said too.
    let app = app_of(&rows, 160, 48);
    let screen = crate::support::text(&app, 160, 48);
    let header = screen.lines().next().unwrap_or_default();
    assert!(header.contains("1 of this patient's"), "{header}");
}

/// A chart title too narrow for the band's name still says the limits are
/// the age's: the 12-year-old's ANC range 1.5-6.5 is not the adult 1.5-7.7.
#[test]
fn a_narrow_chart_title_says_the_limits_are_the_ages() {
    let rows = "\
T2,\"Birch, Tomas\",M,2012-03-01,2024-06-01T08:00,2.1,3.9,8.7,26.0,88.0,60,0.47,1.1,28
";
    let mut app = app_of(rows, 80, 24);
    app.update(Action::SwapAnalytes);
    let screen = crate::support::text(&app, 80, 24);
    let title = screen
        .lines()
        .find(|line| line.contains("ANC x10^9/L"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(title.contains("1.5–6.5 for"), "{title}");
}

/// The legend of a derived value is whole at 80 columns: shortened, never
/// cut before what `× RBC` is of.
#[test]
fn the_derived_legend_is_whole_at_80_columns() {
    let text = "patient_id,collected_at,wbc,neutrophils (%)\nD1,2024-01-01T08:00,1.1,45\n";
    let dataset = load_texts(&[("d.csv", text)]).expect("loads");
    let app = crate::support::app_of(dataset, 80, 24);
    let screen = crate::support::text(&app, 80, 24);
    assert!(screen.contains("0.495*"), "{screen}");
    assert!(screen.contains("× RBC (retic)"), "{screen}");
}

/// At 80 columns the list shows an id of eight characters whole (MIMIC-IV's
/// subject ids): cut to six, two patients read as one.
#[test]
fn eight_character_ids_are_whole_at_80_columns() {
    let rows = "\
10005817,,F,,2024-01-01T08:00,4.1,,9.1,,,140,1.2,,
10005866,,M,,2024-01-01T08:00,4.2,,9.2,,,150,1.3,,
";
    let app = app_of(rows, 80, 24);
    let screen = crate::support::text(&app, 80, 24);
    let list: Vec<&str> = screen.lines().skip(2).take(3).collect();
    assert!(
        list.iter().any(|line| line.contains("10005817 ")),
        "{list:?}"
    );
    assert!(
        list.iter().any(|line| line.contains("10005866 ")),
        "{list:?}"
    );
}

/// Sex unknown: a chart whose limits are the same for both sexes (the
/// platelets') keeps its range in its title at 80 columns; one whose
/// limits differ (the red cells') says the sex is unknown.
#[test]
fn a_chart_of_limits_alike_for_both_sexes_keeps_its_range_when_sex_is_unknown() {
    let rows = "U1,,,,2024-01-01T08:00,6.1,3.4,13.1,39.0,89.0,18,0.4,1.9,\n";
    let app = app_of(rows, 80, 24);
    let screen = crate::support::text(&app, 80, 24);
    let title = |name: &str| {
        screen
            .lines()
            .find(|line| line.contains(name))
            .unwrap_or_else(|| panic!("{screen}"))
            .to_string()
    };
    assert!(title("x10^9/L").contains("ref 150–450"), "{screen}");
    assert!(title("x10^12/L").contains("(sex unknown)"), "{screen}");
}

/// Beside a long id at 80 columns, the header keeps a few letters of the
/// name rather than none, with the sex and age.
#[test]
fn a_long_id_leaves_the_name_shortened_not_gone() {
    let rows = "MRN-00000000000000000000000001,\"Featherstonehaugh-Cholmondeley, Wilhelmina\",F,1971-01-01,2024-06-01T08:00,6.1,4.4,13.1,39.0,89.0,230,3.5,1.9,\n";
    let app = app_of(rows, 80, 24);
    let screen = crate::support::text(&app, 80, 24);
    let header = screen.lines().next().unwrap_or_default();
    assert!(
        header.contains("MRN-00000000000000000000000001"),
        "{header}"
    );
    assert!(header.contains(" Feath"), "{header}");
    assert!(header.contains('…'), "{header}");
    assert!(header.contains("· female, 53 y"), "{header}");
}

/// A child's lower limit changes with the age band: each point is flagged
/// against its own draw's limit, so the chart draws the cursor's limit only
/// where it held, never across the draws it did not judge (the 3-month
/// red-cell count 3.88, normal then, under the 18-month line).
#[test]
fn a_childs_limit_line_holds_only_where_it_was_in_force() {
    let app = app_of(CHILD, 160, 48);
    let screen = crate::support::text(&app, 160, 48);
    let lines: Vec<&str> = screen.lines().collect();
    let title = lines
        .iter()
        .position(|line| line.contains("Red cells"))
        .expect("a red-cell chart");
    let limit_row = lines[title..]
        .iter()
        .find(|line| line.contains("LLN"))
        .expect("the red cells' limit line");
    let plot = limit_row.split_once('┤').map_or("", |(_, plot)| plot);
    assert!(plot.contains('┄'), "{limit_row}");
    assert!(
        !plot.starts_with('┄'),
        "drawn from the first draw on: {limit_row}"
    );
}

/// Where not every column fits, one the patient never measured gives way
/// before one that holds values: at 80x24 the MCV stays and the empty ALC
/// column goes.
#[test]
fn columns_never_measured_give_way_first() {
    let rows = "\
M1,,F,1980-01-01,2024-01-01,0.91,3.21,6.81,27.05,101.35,15,0.09,,
M1,,F,1980-01-01,2024-02-01,0.82,3.11,6.51,26.85,101.95,12,0.08,,
";
    let mut app = app_of(rows, 80, 24);
    for action in [Action::NextFocus, Action::NextFocus] {
        app.update(action);
    }
    let screen = crate::support::text(&app, 80, 24);
    let header = screen
        .lines()
        .find(|line| line.contains("date") && line.contains("PLT"))
        .expect("the table's header");
    assert!(header.contains("MCV"), "{header}");
    assert!(!header.contains("ALC"), "{header}");
    assert!(screen.contains("101.95H"), "{screen}");
}

#[test]
fn an_isolated_critical_cytopenia_never_reads_as_healthy() {
    for (width, height) in [(80, 24), (160, 48)] {
        let app = app_of(ITP, width, height);
        let screen = crate::support::text(&app, width, height);
        assert!(screen.contains("none G4 PLT"), "{screen}");
        insta::assert_snapshot!(format!("itp_{width}x{height}"), screen);
    }
    let app = app_of(ITP, 160, 48);
    let screen = crate::support::text(&app, 160, 48);
    assert!(screen.contains("1 cytopenia: not graded"), "{screen}");
}

#[test]
fn offsets_near_midnight_and_censored_values() {
    for (rows, name) in [(MIDNIGHT, "midnight"), (CENSORED, "censored")] {
        for (width, height) in [(80, 24), (160, 48)] {
            let app = app_of(rows, width, height);
            let screen = crate::support::text(&app, width, height);
            insta::assert_snapshot!(format!("{name}_{width}x{height}"), screen);
        }
    }
}

#[test]
fn a_censored_bound_that_cannot_decide_is_flagged_with_a_question_mark() {
    let mut app = app_of(CENSORED, 160, 48);
    app.update(Action::CursorFirst);
    let screen = crate::support::text(&app, 160, 48);
    assert!(
        screen.contains("<200?") || screen.contains("<200 ?"),
        "{screen}"
    );
}

#[test]
fn a_low_value_is_drawn_in_the_alarm_style_and_a_cut_off_on_its_own_row() {
    let app = app_of(ITP, 160, 48);
    let terminal = crate::support::screen(&app, 160, 48);
    let buffer = terminal.backend().buffer();
    let rows: Vec<String> = (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect()
        })
        .collect();
    // The latest platelet count, "6 LL", in the cursor readout of the
    // platelet chart's title: drawn in the critical-low style, not plain.
    let (y, row) = rows
        .iter()
        .enumerate()
        .find(|(_, r)| r.contains("Platelets") && r.contains("6 LL"))
        .expect("the platelet title");
    let x = row
        .find("6 LL")
        .map(|byte| row[..byte].chars().count())
        .expect("6 LL");
    let cell = &buffer[(x as u16, y as u16)];
    let plain = &buffer[(0, y as u16)];
    assert_ne!(cell.style().fg, plain.style().fg, "the alarm style differs");
    assert!(cell.style().fg.is_some_and(|c| c != Color::Reset));
    // The cut-offs 20 and 50 each have a row of their own with its label.
    let severe = rows.iter().position(|r| r.contains("severe <20"));
    let cytopenia = rows.iter().position(|r| r.contains("cytopenia <50"));
    assert!(severe.is_some() && cytopenia.is_some(), "{rows:#?}");
    assert_ne!(severe, cytopenia, "two cut-offs share a row");
}

/// A single draw's axis is widened to a day around it (its ends are
/// labelled with their times); the title still names the draw's own date,
/// not the day before.
#[test]
fn one_draw_is_titled_with_its_own_date() {
    let one = "S1,,F,,2150-01-01T08:00,6.1,4.4,13.1,39.0,89.0,230,3.5,1.9,\n";
    for (width, height) in [(80, 24), (160, 48)] {
        let app = app_of(one, width, height);
        let screen = crate::support::text(&app, width, height);
        let title = screen
            .lines()
            .find(|line| line.contains("Trends · S1"))
            .unwrap_or_default();
        assert!(
            title.contains("all time 2150-01-01 → 2150-01-01"),
            "{screen}"
        );
        assert!(!title.contains("2149-12-31"), "{screen}");
    }
}

/// At 80 columns the trends title gives up words, never a date: a MIMIC
/// subject id and a Synthea UUID both leave both dates whole.
#[test]
fn a_narrow_trends_title_keeps_both_dates_whole() {
    for id in ["10003400", "42ce1f1a-3470-c50c-2799-ce843129874c"] {
        let rows = format!(
            "{id},,F,,2134-06-05T08:00,6.1,4.4,13.1,39.0,89.0,230,3.5,1.9,\n\
             {id},,F,,2137-09-01T03:26,6.7,2.6,7.9,24.4,95.0,61,3.5,1.9,\n"
        );
        let app = app_of(&rows, 80, 24);
        let screen = crate::support::text(&app, 80, 24);
        let title = screen.lines().nth(1).unwrap_or_default();
        assert!(title.contains("2134-06-05 → 2137-09-01"), "{screen}");
    }
    // Where there is room, every word.
    let rows = "10003400,,F,,2134-06-05T08:00,6.1,4.4,13.1,39.0,89.0,230,3.5,1.9,\n";
    let screen = crate::support::text(&app_of(rows, 160, 48), 160, 48);
    assert!(screen.contains("Trends · 10003400 · all time"), "{screen}");
}

/// Two draws of `id` on one day in +02:00 (so the table shows times).
fn two_draws_of_one_day(id: &str) -> String {
    format!(
        "{id},,F,,2137-09-01T03:26+02:00,6.1,4.4,13.1,39.0,89.0,230,3.5,1.9,40\n\
         {id},,F,,2137-09-01T15:26+02:00,6.7,2.6,7.9,24.4,95.0,61,3.5,1.9,30\n"
    )
}

/// The cumulative table's title at 80 columns with a long id (a FHIR
/// `urn:uuid:`): whole words, and the hidden column still said.
#[test]
fn a_narrow_table_title_keeps_whole_words_and_the_hidden_column() {
    let id = "urn:uuid:42ce1f1a-3470-c50c-2799-ce843129874c";
    let mut app = app_of(&two_draws_of_one_day(id), 80, 24);
    // Tab twice: the table pane, at full width.
    app.update(Action::NextFocus);
    app.update(Action::NextFocus);
    let screen = crate::support::text(&app, 80, 24);
    let title = screen
        .lines()
        .find(|line| line.contains("draws, newest first"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(
        title.contains(&format!("┌ {id} · 2 draws, newest first · +1 ─")),
        "{screen}"
    );
    // Tab again: the severity panel names the draw's date and time whole.
    app.update(Action::NextFocus);
    let screen = crate::support::text(&app, 80, 24);
    assert!(
        screen.contains(&format!("┌ Severity · {id} · 2137-09-01 15:26 ─")),
        "{screen}"
    );
}

/// An id too long for the severity panel's title gives way to the draw's
/// date and time, which stay whole.
#[test]
fn a_long_id_gives_way_to_the_severity_panels_date() {
    let id = "urn:oid:2.16.840.1.113883.19.5.99999.1-0000000000000000000042";
    let mut app = app_of(&two_draws_of_one_day(id), 80, 24);
    for _ in 0..3 {
        app.update(Action::NextFocus);
    }
    let screen = crate::support::text(&app, 80, 24);
    assert!(
        screen.contains("┌ Severity · 2137-09-01 15:26 ─"),
        "{screen}"
    );
}

/// A first draw recorded in winter time late in the evening keeps its own
/// date in the title, though the chart's clock is the latest draw's
/// (summer time, an hour further east).
#[test]
fn the_trends_title_dates_each_draw_on_its_own_clock() {
    let rows = "W1,,F,,2024-01-01T23:30+01:00,6.1,4.4,13.1,39.0,89.0,230,3.5,1.9,\n\
                W1,,F,,2024-07-01T10:00+02:00,6.7,4.6,13.9,41.4,95.0,261,3.5,1.9,\n";
    let screen = crate::support::text(&app_of(rows, 120, 40), 120, 40);
    assert!(
        screen.contains("all time 2024-01-01 → 2024-07-01"),
        "{screen}"
    );
    // The axis's ends are those draws: dated as they are.
    let axis = screen
        .lines()
        .find(|line| line.contains("│date "))
        .unwrap_or_default();
    assert!(axis.contains("│date 2024-01-01 "), "{screen}");
    assert!(axis.contains(" 2024-07-01│"), "{screen}");
    assert!(!axis.contains("2024-01-02"), "{screen}");
}

/// Results refused: P1's platelets on 2024-01-01; P2's platelets and a
/// hemoglobin.
const REFUSED: &str = "patient_id,collected_at,plt,hgb
P1,2024-01-01,abc,12
P1,2024-01-02,140,11
P2,2024-01-01,xyz,12
P2,2024-01-02,150,11
P2,2024-01-03,160,zz
";

/// A patient whose own rows were refused is told so in the header, and
/// their rows are marked in the list of rejections: a value of theirs may
/// be missing from the charts and the table.
#[test]
fn the_header_counts_the_patients_own_rejected_rows_and_the_list_marks_them() {
    use hemotrend::tui::Action;
    let dataset = hemotrend::ingest::load_texts(&[("cbc.csv", REFUSED)]).expect("loads");
    let mut app = crate::support::app_of(dataset, 80, 24);
    let header = |app: &hemotrend::tui::App| {
        crate::support::text(app, 80, 24)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        header(&app).contains("3 cells rejected, 1 of this patient's (r)"),
        "{}",
        header(&app)
    );
    app.update(Action::ShowRejections);
    let popup = crate::support::text(&app, 80, 24);
    assert!(popup.contains("▶ this patient's: 1"), "{popup}");
    let marked: Vec<&str> = popup.lines().filter(|l| l.contains("│▶")).collect();
    assert_eq!(marked.len(), 1, "{popup}");
    assert!(marked[0].contains("cbc.csv:2"), "{popup}");
    app.update(Action::Back);
    // The readout says which draw lost a result: the cursor starts on the
    // latest draw, which lost none; the one before lost its platelets.
    let screen = crate::support::text(&app, 80, 24);
    assert!(!screen.contains("refused (r)"), "{screen}");
    app.update(Action::CursorPrev);
    let screen = crate::support::text(&app, 80, 24);
    assert!(screen.contains("⊘ 1 result refused (r)"), "{screen}");
    app.update(Action::Down);
    assert!(
        header(&app).contains("3 cells rejected, 2 of this patient's (r)"),
        "{}",
        header(&app)
    );
}

/// A chart's title that has no room for the limits still reads as one
/// phrase: name, unit, scale (`ANC x10^9/L · log`), with one space each
/// (a newborn's ANC limits, `≤18.3, no lower limit`, are long).
#[test]
fn a_squeezed_chart_title_keeps_its_spacing() {
    let mut app = app_of(
        "P2,\"Zoë van der Berg\",F,2024-01-01,2024-01-05T08:00,1.0,3.1,7.0,21.0,90.0,15,0.4,0.5,\n",
        80,
        24,
    );
    app.update(Action::SwapAnalytes);
    let screen = crate::support::text(&app, 80, 24);
    assert!(screen.contains("ANC x10^9/L · log"), "{screen}");
    assert!(!screen.contains("x10^9/L  ·"), "{screen}");
}

/// The cumulative table marks a draw that lost a result the load refused
/// (its `-` may have been a value), and its legend says what `⊘` means.
#[test]
fn the_table_marks_a_draw_that_lost_a_refused_result() {
    let dataset = hemotrend::ingest::load_texts(&[("cbc.csv", REFUSED)]).expect("loads");
    let app = crate::support::app_of(dataset, 120, 40);
    let screen = crate::support::text(&app, 120, 40);
    let row = |date: &str| {
        screen
            .lines()
            .find(|line| line.contains(&format!("  {date}  ")) && !line.contains("Cumulative"))
            .unwrap_or_default()
            .to_string()
    };
    assert!(row("2024-01-01").contains('⊘'), "{screen}");
    assert!(!row("2024-01-02").contains('⊘'), "{screen}");
    assert!(
        screen.contains("⊘ a result of the draw was refused (r lists why)"),
        "{screen}"
    );
}

/// At 120x40 the severity panel takes the table's place below the trends,
/// which keep every platelet cut-off on its own row; PgDn scrolls the panel
/// to the very severe criterion and the course, and says so on its border.
#[test]
fn the_severity_panel_scrolls_at_120x40_and_the_charts_keep_their_rows() {
    let dataset = hemotrend::ingest::load(&["sample-data".into()]).expect("the sample data");
    let mut app = crate::support::app_of(dataset, 120, 40);
    for _ in 0..3 {
        app.update(Action::NextFocus);
    }
    let screen = crate::support::text(&app, 120, 40);
    assert!(screen.contains("┌ Severity · "), "{screen}");
    assert!(screen.contains("PgDn ↓ more"), "{screen}");
    // P002's platelet chart: the LLN, the cytopenia line and both sides of
    // the severe line, each a row of its own.
    for tick in ["≥150┤", " ≥50┤", " ≥20┤", " <20┤"] {
        assert!(screen.contains(tick), "{tick} in {screen}");
    }
    app.update(Action::PageDown);
    app.update(Action::PageDown);
    let screen = crate::support::text(&app, 120, 40);
    for line in [
        "Very severe: severe, and 1 of 1",
        "ANC < 0.2 x10^9/L",
        "Course: ",
        "↑ PgUp",
    ] {
        assert!(screen.contains(line), "{line} in {screen}");
    }
    app.update(Action::PageUp);
    app.update(Action::PageUp);
    let screen = crate::support::text(&app, 120, 40);
    assert!(screen.contains("PgDn ↓ more"), "{screen}");
}

/// PgDn in the table moves a page of draws: not to the oldest draw (the
/// patient list's page was used, longer than P001's 24 draws at 120x40),
/// and not one row (at 80x24).
#[test]
fn page_down_in_the_table_moves_a_page_of_draws() {
    for (width, height) in [(120, 40), (80, 24)] {
        let dataset = hemotrend::ingest::load(&["sample-data".into()]).expect("the sample data");
        let mut app = crate::support::app_of(dataset, width, height);
        app.update(Action::Down);
        app.update(Action::NextFocus);
        app.update(Action::NextFocus);
        let before = app.cursor();
        assert_eq!(before, 23, "P001's newest draw");
        app.update(Action::PageDown);
        let moved = before - app.cursor();
        assert!(moved > 1 && moved < 23, "{width}x{height}: moved {moved}");
        app.update(Action::PageUp);
        assert_eq!(app.cursor(), before, "{width}x{height}");
    }
}

/// The screen at 120x40 of these rows, one patient down the list.
fn second_patients_screen(rows: &str) -> String {
    let mut app = app_of(rows, 120, 40);
    app.update(Action::Down);
    crate::support::text(&app, 120, 40)
}

/// True when a line of `screen` shows `time` as a table row's and `value`.
fn row_shows(screen: &str, time: &str, value: &str) -> bool {
    screen
        .lines()
        .any(|line| line.contains(&format!("{time}  ")) && line.contains(value))
}

/// Two draws of one date from two sites, one writing UTC and one +02:00:
/// platelets 40 at 07:30 UTC, then 15 at 08:00 UTC. By the clocks alone
/// (09:30 and 08:00) they fell the other way round, so the table writes
/// each time's offset, as the readout does.
#[test]
fn draws_of_one_date_in_two_offsets_show_their_offsets_in_the_table() {
    let rows = "\
Z9,,F,1970-01-01,2025-06-10T09:30+02:00,,,9.0,,,40,0.9,,
Z9,,F,1970-01-01,2025-06-10T08:00Z,,,9.1,,,15,0.4,,
";
    let screen = second_patients_screen(rows);
    let row = |time: &str, platelets: &str| row_shows(&screen, time, platelets);
    assert!(row("2025-06-10 08:00 UTC", " 15LL "), "{screen}");
    assert!(row("2025-06-10 09:30 +02:00", " 40L "), "{screen}");
}

/// Two draws within one minute (08:00:00 and 08:00:59) are told apart by
/// their seconds, in the table and the cursor's read-out: both had read
/// `08:00`, one row seemingly the same draw twice.
#[test]
fn draws_within_one_minute_show_their_seconds() {
    let rows = "\
S1,,F,1970-01-01,2025-06-10T08:00:00Z,,,9.0,,,40,0.9,,
S1,,F,1970-01-01,2025-06-10T08:00:59Z,,,9.1,,,15,0.4,,
";
    let screen = second_patients_screen(rows);
    let row = |time: &str, platelets: &str| row_shows(&screen, time, platelets);
    assert!(row("2025-06-10 08:00:00", " 40L "), "{screen}");
    assert!(row("2025-06-10 08:00:59", " 15LL "), "{screen}");
    assert!(
        screen.contains("▶ 2025-06-10 08:00:59 UTC  draw 2 of 2"),
        "{screen}"
    );
}
