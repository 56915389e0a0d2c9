//! `summary --format json`: the stable contract scripts and checks read.

use std::io::{self, Write};

use std::cell::RefCell;

use serde::ser::{Serialize, SerializeSeq, SerializeStruct, Serializer};
use serde_json::{Map, Value as Json, json};

use crate::clinical::{CategoryTable, Config, Criterion, RangeSource, Severity, Thresholds};
use crate::model::{Analyte, Censor, Dataset, Draw, LoadReport};

use super::blocks;
use super::patient_summary::{PatientSummary, summarize_patient};

/// The whole summary as one JSON value: `{"patients", "rejected", "ignored",
/// "config"}` (see `docs/json.md`).
pub fn summary_json(
    summaries: &[PatientSummary<'_>],
    report: &LoadReport,
    config: &Config,
) -> Json {
    json!({
        "patients": summaries.iter().map(patient_json).collect::<Vec<_>>(),
        "rejected": report.rejected,
        "ignored": report.ignored,
        "warnings": report.warnings.as_slice(),
        "config": config_json(config),
    })
}

/// Writes the summary JSON, pretty-printed, with a final newline: the same
/// document as [`summary_json`], written one patient at a time, so that a
/// million draws never become one JSON tree in memory.
pub fn write_json<'a>(
    out: &mut impl Write,
    summaries: impl IntoIterator<Item = PatientSummary<'a>>,
    report: &LoadReport,
    config: &Config,
) -> io::Result<()> {
    let document = Document {
        config: config_json(config),
        ignored: report.ignored,
        patients: Patients(RefCell::new(Some(summaries.into_iter()))),
        rejected: &report.rejected,
        warnings: &report.warnings,
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

/// Patients per block of JSON made on one thread: a patient of ten draws
/// is about 15 KB of JSON, so that a block is about 1 MB.
const JSON_BLOCK: usize = 64;

/// [`write_json`] of every patient of `dataset`, the same bytes: each
/// patient's JSON is made on every core, in blocks of patients, and the
/// document written around them in order (the patients' objects
/// pretty-printed alone, then indented to their depth in the document: a
/// JSON text holds no line end but those between its tokens).
pub fn write_json_dataset(
    out: &mut impl Write,
    dataset: &Dataset,
    thresholds: &Thresholds,
    config: &Config,
) -> io::Result<()> {
    let report = dataset.report();
    let patients = dataset.patients();
    let table = CategoryTable::new(thresholds);
    out.write_all(b"{\n  \"config\": ")?;
    write_indented(out, &config_json(config), 1)?;
    write!(
        out,
        ",\n  \"ignored\": {},\n  \"patients\": ",
        report.ignored
    )?;
    let mut listed = false;
    blocks::in_order(
        patients.len().div_ceil(JSON_BLOCK),
        |index| -> io::Result<Vec<Vec<u8>>> {
            let range = blocks::sized_range(index, patients.len(), JSON_BLOCK);
            let mut made = Vec::new();
            for patient in patients.get(range).unwrap_or_default() {
                if let Some(summary) = summarize_patient(dataset, patient, thresholds, &table) {
                    let mut text = Vec::new();
                    write_indented(&mut text, &patient_json(&summary), 2)?;
                    made.push(text);
                }
            }
            Ok(made)
        },
        |made| {
            for text in made? {
                out.write_all(if listed { b",\n    " } else { b"[\n    " })?;
                out.write_all(&text)?;
                listed = true;
            }
            Ok(())
        },
    )?;
    out.write_all(if listed { b"\n  ]" } else { b"[]" })?;
    out.write_all(b",\n  \"rejected\": ")?;
    write_indented(out, &Rejections(&report.rejected), 1)?;
    out.write_all(b",\n  \"warnings\": ")?;
    write_indented(out, &Rejections(&report.warnings), 1)?;
    out.write_all(b"\n}\n")
}

/// `value` pretty-printed as at `depth` in a document: each line after the
/// first indented by two spaces a level.
fn write_indented(out: &mut impl Write, value: &impl Serialize, depth: usize) -> io::Result<()> {
    let text = serde_json::to_vec_pretty(value)?;
    let indent = &b"\n    "[..1 + 2 * depth.min(2)];
    for (index, line) in text.split(|&byte| byte == b'\n').enumerate() {
        if index > 0 {
            out.write_all(indent)?;
        }
        out.write_all(line)?;
    }
    Ok(())
}

/// The summary document, its keys in the order [`summary_json`] has them.
struct Document<'r, I> {
    config: Json,
    ignored: u64,
    patients: Patients<I>,
    rejected: &'r [crate::model::Rejection],
    warnings: &'r [crate::model::Rejection],
}

impl<'a, I: Iterator<Item = PatientSummary<'a>>> Serialize for Document<'_, I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut document = serializer.serialize_struct("Summary", 5)?;
        document.serialize_field("config", &self.config)?;
        document.serialize_field("ignored", &self.ignored)?;
        document.serialize_field("patients", &self.patients)?;
        document.serialize_field("rejected", &Rejections(self.rejected))?;
        document.serialize_field("warnings", &Rejections(self.warnings))?;
        document.end()
    }
}

/// The rejected rows, each with its keys in the same (sorted) order as
/// every other object of the document.
struct Rejections<'r>(&'r [crate::model::Rejection]);

impl Serialize for Rejections<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut rejections = serializer.serialize_seq(Some(self.0.len()))?;
        for rejection in self.0 {
            let mut json = json!(rejection);
            // Line 0 is no line (a file or folder noted as a whole, not
            // read): null, as a column that is none, never a line no
            // editor shows.
            if json["line"] == 0 {
                json["line"] = Json::Null;
            }
            rejections.serialize_element(&json)?;
        }
        rejections.end()
    }
}

/// The patients, each made into JSON as it is written, then dropped.
/// (Serialize takes `&self`; the iterator is used once, hence the cell.)
struct Patients<I>(RefCell<Option<I>>);

impl<'a, I: Iterator<Item = PatientSummary<'a>>> Serialize for Patients<I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut patients = serializer.serialize_seq(None)?;
        for summary in self.0.borrow_mut().take().into_iter().flatten() {
            patients.serialize_element(&patient_json(&summary))?;
        }
        patients.end()
    }
}

/// Which configuration is in force: where from, the reticulocyte criterion,
/// and which numbers differ from clinical.md.
fn config_json(config: &Config) -> Json {
    let thresholds = &config.thresholds;
    json!({
        "source": config.source.describe(),
        "path": config.source.path().map(|path| path.display().to_string()),
        "retic_method": thresholds.retic_method.name(),
        "retic_cutoff": thresholds.retic_cutoff(),
        "changed": config.changes(),
    })
}

fn patient_json(summary: &PatientSummary<'_>) -> Json {
    let patient = summary.patient;
    let (worst_draw, worst_severity) = &summary.worst;
    let mut worst = severity_json(worst_severity);
    worst.insert("collected_at".into(), json!(worst_draw.time));
    let mut object = json!({
        "patient_id": patient.id,
        "name": patient.name,
        "sex": patient.sex.code(),
        "draws": summary.draws,
        "first": summary.first.time,
        "last": summary.latest.time,
        "latest": latest_json(summary),
        "below": summary.below.iter().map(|a| a.name()).collect::<Vec<_>>(),
        "severity": Json::Object(severity_json(&summary.severity)),
        "worst": Json::Object(worst),
    });
    if let Json::Object(object) = &mut object {
        super::insight::add_json(object, &summary.insight);
    }
    object
}

/// The latest draw's values, with the reference range in force for each
/// value (`"source": "lab"` where the lab gave it, else `"default"`).
fn latest_json(summary: &PatientSummary<'_>) -> Json {
    let mut latest = draw_json(&summary.latest);
    let mut ranges = Map::new();
    for (analyte, range) in &summary.ranges {
        ranges.insert(
            analyte.name().into(),
            json!({
                "lower": range.lower,
                "upper": range.upper,
                "source": range.source.name(),
            }),
        );
        // An age band names itself; null: no interval for this age.
        if range.source == RangeSource::Age
            && let Some(Json::Object(entry)) = ranges.get_mut(analyte.name())
        {
            entry.insert("band".into(), json!(range.band.map(|b| b.to_string())));
        }
    }
    let flags: Map<String, Json> = summary
        .flags
        .iter()
        .map(|(analyte, flag)| (analyte.name().to_string(), json!(flag.code())))
        .collect();
    if let Json::Object(object) = &mut latest {
        object.insert("ranges".into(), Json::Object(ranges));
        object.insert("flags".into(), Json::Object(flags));
        object.insert("age_days".into(), json!(summary.age_days));
    }
    latest
}

/// `collected_at`, each analyte's value (null where not measured), the
/// qualifiers of censored ones, and the names of those derived from a
/// percentage.
fn draw_json(draw: &Draw) -> Json {
    let mut object = Map::new();
    object.insert("collected_at".into(), json!(draw.time));
    let mut censored = Map::new();
    let mut derived = Vec::new();
    for analyte in Analyte::ALL {
        let reading = draw.values.reading(analyte);
        object.insert(analyte.name().into(), json!(reading.map(|r| r.amount)));
        let Some(reading) = reading else { continue };
        if reading.censor != Censor::Exact {
            censored.insert(analyte.name().into(), json!(reading.censor.symbol()));
        }
        if reading.derived {
            derived.push(analyte.name());
        }
    }
    object.insert("censored".into(), Json::Object(censored));
    object.insert("derived".into(), json!(derived));
    Json::Object(object)
}

fn severity_json(severity: &Severity) -> Map<String, Json> {
    let mut object = Map::new();
    object.insert("category".into(), json!(severity.category.name()));
    let could_be: Vec<_> = severity.could_be.iter().map(|c| c.name()).collect();
    object.insert("could_be".into(), json!(could_be));
    let criteria: Vec<_> = severity.criteria.iter().map(criterion_json).collect();
    object.insert("criteria".into(), json!(criteria));
    object.insert("cytopenias".into(), json!(severity.cytopenias()));
    object
}

fn criterion_json(criterion: &Criterion) -> Json {
    let reading = criterion.value.reading();
    json!({
        "rule": criterion.rule(),
        "analyte": criterion.analyte.name(),
        "cutoff": criterion.cutoff,
        "value": reading.map(|r| r.amount),
        "censored": reading.and_then(|r| (r.censor != Censor::Exact).then_some(r.censor.symbol())),
        "outcome": criterion.outcome.name(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::summaries;
    use crate::report::test_datasets::datasets;

    fn both(dataset: &Dataset) -> (String, String) {
        let config = Config::default();
        let thresholds = &config.thresholds;
        let mut whole = Vec::new();
        write_json(
            &mut whole,
            summaries(dataset, thresholds),
            dataset.report(),
            &config,
        )
        .unwrap();
        let mut blocks = Vec::new();
        write_json_dataset(&mut blocks, dataset, thresholds, &config).unwrap();
        (
            String::from_utf8(blocks).unwrap(),
            String::from_utf8(whole).unwrap(),
        )
    }

    #[test]
    fn the_json_made_in_blocks_is_the_json_written_whole() {
        for dataset in datasets(false) {
            let (blocks, whole) = both(&dataset);
            assert_eq!(blocks, whole);
        }
    }

    #[test]
    fn a_dataset_without_a_patient_gives_the_same_json() {
        let text = "patient_id,collected_at,plt\nP1,2024-01-01,-5\nP2,yesterday,20\n";
        let dataset = crate::ingest::load_texts(&[("bad.csv", text)]).unwrap();
        assert!(
            dataset
                .patients()
                .iter()
                .all(|p| dataset.draws(p).is_empty())
        );
        assert_eq!(dataset.report().rejected.len(), 2);
        let (blocks, whole) = both(&dataset);
        assert!(blocks.contains("\"patients\": []"), "{blocks}");
        assert_eq!(blocks, whole);
    }

    #[test]
    fn a_dataset_of_more_patients_than_a_block_gives_the_same_json() {
        let mut text = String::from("patient_id,collected_at,plt,hgb\n");
        for patient in 0..3 * JSON_BLOCK + 5 {
            text.push_str(&format!(
                "P{patient:04},2024-01-0{}T08:00,{},9.5\n",
                1 + patient % 9,
                10 + patient
            ));
        }
        let dataset = crate::ingest::load_texts(&[("many.csv", &text)]).unwrap();
        assert_eq!(dataset.patients().len(), 3 * JSON_BLOCK + 5);
        let (blocks, whole) = both(&dataset);
        assert_eq!(blocks, whole);
    }

    #[test]
    #[ignore = "needs ../shared/real-data"]
    fn the_json_of_the_real_exports_made_in_blocks_is_the_json_written_whole() {
        for dataset in datasets(true) {
            let (blocks, whole) = both(&dataset);
            assert_eq!(blocks, whole);
        }
    }
}
