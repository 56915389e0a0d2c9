//! The configuration in force: which thresholds, read from which file.
//!
//! The file is TOML in the shape of [`Thresholds`] (see
//! [`render_config`](super::render_config) for the commented defaults).
//! Reading it is pure: the caller reads the text, this module parses,
//! checks and describes it. A key that is not known, a value of the wrong
//! type or a contradiction refuses the whole file, with the file's name and
//! the line at fault: a half-read configuration must never be in force.

use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value as Json;

use super::thresholds::Thresholds;

/// Where the thresholds in force came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ConfigSource {
    /// No configuration file: the defaults of `clinical.md`.
    #[default]
    Defaults,
    /// The file named by `--config`.
    Given(PathBuf),
    /// The file found at the standard path (`$XDG_CONFIG_HOME/hemotrend/config.toml`...).
    Found(PathBuf),
}

impl ConfigSource {
    /// The file, when there is one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            ConfigSource::Defaults => None,
            ConfigSource::Given(path) | ConfigSource::Found(path) => Some(path),
        }
    }

    /// One line for a footer or a status bar: `defaults (clinical.md)`,
    /// the path, or the path followed by `(standard path)` when it was found
    /// rather than named (a file nobody named changes the limits too, so say so).
    pub fn describe(&self) -> String {
        match self {
            ConfigSource::Defaults => "defaults (docs/clinical.md)".to_string(),
            ConfigSource::Given(path) => path.display().to_string(),
            ConfigSource::Found(path) => format!("{} (standard path)", path.display()),
        }
    }
}

impl fmt::Display for ConfigSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.describe())
    }
}

/// The thresholds in force and where they came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// Every limit and cut-off.
    pub thresholds: Thresholds,
    /// Where they came from.
    pub source: ConfigSource,
}

impl Config {
    /// The numbers that differ from `clinical.md`, as dotted keys of the
    /// config file (`reference.plt.lower.male`, `retic_method`), sorted.
    pub fn changes(&self) -> Vec<String> {
        let ours = serde_json::to_value(&self.thresholds).unwrap_or(Json::Null);
        let defaults = serde_json::to_value(Thresholds::default()).unwrap_or(Json::Null);
        let mut changes = Vec::new();
        collect_changes(&ours, &defaults, String::new(), &mut changes);
        changes
    }
}

/// Appends the dotted path of every leaf where `ours` and `defaults` differ.
fn collect_changes(ours: &Json, defaults: &Json, path: String, changes: &mut Vec<String>) {
    match (ours, defaults) {
        (Json::Object(ours), Json::Object(defaults)) => {
            for (key, value) in ours {
                let path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                collect_changes(value, &defaults[key], path, changes);
            }
        }
        _ if ours != defaults => changes.push(path),
        _ => {}
    }
}

/// Why a configuration file cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct ConfigError {
    /// The file as named.
    pub file: String,
    /// The line at fault (1 = first), when one is.
    pub line: Option<usize>,
    /// What is wrong, naming the key.
    pub message: String,
    /// The text of that line, to show under the message.
    pub excerpt: Option<String>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{} line {line}: {}", self.file, self.message)?,
            None => write!(f, "{}: {}", self.file, self.message)?,
        }
        if let Some(excerpt) = &self.excerpt {
            write!(f, "\n    {excerpt}")?;
        }
        Ok(())
    }
}

impl ConfigError {
    /// An error about the file as a whole (it cannot be read, say).
    pub fn whole_file(file: &str, message: impl Into<String>) -> ConfigError {
        ConfigError {
            file: file.to_string(),
            line: None,
            message: message.into(),
            excerpt: None,
        }
    }
}

/// Reads and checks a configuration file's text; `file` names it in errors.
///
/// Tables left out keep their defaults; a table given must be complete
/// where `clinical.md` ties its numbers together (`lower` and `upper`, a
/// `{male, female}` pair, CTCAE lines). Contradictions (a lower limit above
/// its upper limit, ...) are refused by [`Thresholds::validate`].
pub fn parse_config(file: &str, text: &str) -> Result<Thresholds, ConfigError> {
    let thresholds: Thresholds = toml::from_str(text).map_err(|error| {
        let line = error.span().map(|span| line_of(text, span.start));
        ConfigError {
            file: file.to_string(),
            line,
            message: plain_message(error.message()),
            excerpt: line.and_then(|line| text.lines().nth(line - 1).map(|t| t.trim().to_string())),
        }
    })?;
    thresholds
        .validate()
        .map_err(|error| ConfigError::whole_file(file, error.to_string()))?;
    Ok(thresholds)
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// serde's words for TOML's: a field is a key, and names are quoted the way
/// the file writes strings.
fn plain_message(message: &str) -> String {
    let plain = message
        .trim()
        .replace("unknown field", "unknown key")
        .replace("missing field", "missing key")
        .replace('`', "\"");
    // The top level's keys: `theme` is read apart from the thresholds, but
    // a reader of the list wants it among them.
    match plain.strip_suffix("\"age\"") {
        Some(head) if plain.contains("expected one of \"reference\"") => {
            format!("{head}\"age\", \"theme\"")
        }
        _ => plain,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clinical::RetMethod;
    use crate::model::Decimal;
    use rstest::rstest;

    #[test]
    fn an_empty_file_is_the_defaults() {
        assert_eq!(parse_config("c.toml", ""), Ok(Thresholds::default()));
        assert_eq!(
            parse_config("c.toml", "# only a comment\n"),
            Ok(Thresholds::default())
        );
    }

    #[test]
    fn a_partial_file_changes_only_what_it_names() {
        let text = "retic_method = \"manual\"\n\n[reference.plt]\nlower = 140\nupper = { male = 400, female = 420 }\n";
        let thresholds = parse_config("c.toml", text).unwrap();
        assert_eq!(thresholds.retic_method, RetMethod::Manual);
        assert_eq!(thresholds.reference.plt.lower.male, Decimal::lit(140, 0));
        assert_eq!(thresholds.reference.plt.lower.female, Decimal::lit(140, 0));
        assert_eq!(thresholds.reference.plt.upper.female, Decimal::lit(420, 0));
        let config = Config {
            thresholds,
            source: ConfigSource::Given("c.toml".into()),
        };
        assert_eq!(
            config.changes(),
            [
                "reference.plt.lower.female",
                "reference.plt.lower.male",
                "reference.plt.upper.female",
                "reference.plt.upper.male",
                "retic_method"
            ]
        );
        assert!(Config::default().changes().is_empty());
    }

    #[rstest]
    #[case::unknown_top_key("\n\nfoo = 1\n", 3, "unknown key \"foo\"")]
    #[case::top_keys_with_the_theme("foo = 1\n", 1, "\"windows\", \"age\", \"theme\"")]
    #[case::unknown_nested_key(
        "[severe]\nanc = 0.5\nplatelets = 10\n",
        3,
        "unknown key \"platelets\""
    )]
    #[case::unknown_sex(
        "[reference.hgb]\nlower = { male = 13, female = 12, other = 1 }\nupper = 17\n",
        2,
        "unknown key \"other\""
    )]
    #[case::wrong_type("[cytopenia]\nhgb = true\n", 2, "invalid type")]
    #[case::negative("[cytopenia]\n\nhgb = -10\n", 3, "negative")]
    #[case::unknown_method("retic_method = \"visual\"\n", 1, "unknown variant \"visual\"")]
    #[case::not_toml("[severe\nanc = 1\n", 1, "")]
    fn refuses_naming_the_line(#[case] text: &str, #[case] line: usize, #[case] words: &str) {
        let error = parse_config("config.toml", text).unwrap_err();
        assert_eq!(error.line, Some(line), "{error}");
        assert!(error.message.contains(words), "{error}");
        let shown = error.to_string();
        assert!(
            shown.starts_with(&format!("config.toml line {line}: ")),
            "{shown}"
        );
    }

    #[test]
    fn a_contradiction_is_refused_naming_the_key() {
        let text = "[reference.plt]\nlower = 500\nupper = 450\n";
        let error = parse_config("config.toml", text).unwrap_err();
        assert!(
            error.to_string().starts_with("config.toml: reference.plt:"),
            "{error}"
        );
    }

    #[test]
    fn describes_each_source() {
        assert_eq!(
            ConfigSource::Defaults.describe(),
            "defaults (docs/clinical.md)"
        );
        assert_eq!(
            ConfigSource::Given("a/b.toml".into()).describe(),
            "a/b.toml"
        );
        assert_eq!(
            ConfigSource::Found("/h/.config/hemotrend/config.toml".into()).describe(),
            "/h/.config/hemotrend/config.toml (standard path)"
        );
        assert_eq!(ConfigSource::Defaults.path(), None);
    }
}
