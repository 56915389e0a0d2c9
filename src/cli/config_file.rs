//! Finding and reading the configuration file: the edge around the pure
//! [`parse_config`].
//!
//! The standard path follows the XDG base-directory rule on every Unix
//! (macOS included, as most command-line tools do):
//! `$XDG_CONFIG_HOME/hemotrend/config.toml` when `XDG_CONFIG_HOME` is set to
//! an absolute path, else `$HOME/.config/hemotrend/config.toml`. On Windows,
//! `%APPDATA%\hemotrend\config.toml`. A file named with `--config` must
//! exist; a file at the standard path is used when it exists.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::clinical::{Config, ConfigError, ConfigSource, Thresholds, parse_config};
use crate::tui::ThemeName;

/// The standard configuration path, from the environment `var` reads;
/// `None` when no base directory is known.
pub fn standard_config_path(var: impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    let absolute = |name: &str| {
        var(name)
            .map(PathBuf::from)
            .filter(|path| path.is_absolute())
    };
    let base = if cfg!(windows) {
        absolute("APPDATA")?
    } else {
        match absolute("XDG_CONFIG_HOME") {
            Some(base) => base,
            None => absolute("HOME")?.join(".config"),
        }
    };
    Some(base.join("hemotrend").join("config.toml"))
}

/// The configuration in force: the file named (it must exist), else the one
/// at the standard path if there is one, else the defaults.
pub fn resolve_config(given: Option<&Path>) -> Result<Config, ConfigError> {
    resolve_with_theme(given).map(|(config, _)| config)
}

/// [`resolve_config`], with the dashboard's `theme` when the file sets one.
pub fn resolve_with_theme(
    given: Option<&Path>,
) -> Result<(Config, Option<ThemeName>), ConfigError> {
    if let Some(path) = given {
        let (thresholds, theme) = read_config(path)?;
        let source = ConfigSource::Given(path.to_path_buf());
        return Ok((Config { thresholds, source }, theme));
    }
    let Some(path) = standard_config_path(|name| std::env::var_os(name)) else {
        return Ok((Config::default(), None));
    };
    match fs::metadata(&path) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok((Config::default(), None)),
        _ => {
            let (thresholds, theme) = read_config(&path)?;
            let source = ConfigSource::Found(path);
            Ok((Config { thresholds, source }, theme))
        }
    }
}

/// Reads and parses one configuration file.
fn read_config(path: &Path) -> Result<(Thresholds, Option<ThemeName>), ConfigError> {
    let name = path.display().to_string();
    let bytes = fs::read(path)
        .map_err(|error| ConfigError::whole_file(&name, format!("cannot be read: {error}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| ConfigError::whole_file(&name, "is not UTF-8 text"))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let (theme, rest) = take_theme(&name, text)?;
    Ok((parse_config(&name, &rest)?, theme))
}

/// The top-level `theme` key of a file, a matter of the screen, not of the
/// clinical numbers: read here, and blanked out of the text handed to
/// [`parse_config`] (with spaces, so every other line and column stays
/// where the file has it for the messages).
fn take_theme(name: &str, text: &str) -> Result<(Option<ThemeName>, String), ConfigError> {
    #[derive(serde::Deserialize)]
    struct Top {
        theme: Option<toml::Spanned<toml::Value>>,
    }
    // A file that does not parse at all is reported by parse_config.
    let Ok(Top { theme: Some(theme) }) = toml::from_str::<Top>(text) else {
        return Ok((None, text.to_string()));
    };
    let span = theme.span();
    let start = text
        .get(..span.start)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let line = text.get(..start).map_or(0, |t| t.matches('\n').count()) + 1;
    let chosen = theme.get_ref().as_str().and_then(ThemeName::parse);
    let Some(chosen) = chosen else {
        return Err(ConfigError {
            file: name.to_string(),
            line: Some(line),
            message: "theme must be \"dark\" or \"light\"".to_string(),
            excerpt: text.lines().nth(line - 1).map(|l| l.trim().to_string()),
        });
    };
    let end = span.end.min(text.len());
    let blank: String = text
        .get(start..end)
        .unwrap_or_default()
        .chars()
        .map(|c| if c == '\n' { c } else { ' ' })
        .collect();
    let rest = format!(
        "{}{blank}{}",
        text.get(..start).unwrap_or_default(),
        text.get(end..).unwrap_or_default()
    );
    Ok((Some(chosen), rest))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(Some("/x/conf"), Some("/h"), Some("/x/conf/hemotrend/config.toml"))]
    #[case(None, Some("/h"), Some("/h/.config/hemotrend/config.toml"))]
    #[case(Some(""), Some("/h"), Some("/h/.config/hemotrend/config.toml"))]
    #[case::relative_xdg_is_ignored(
        Some("rel/conf"),
        Some("/h"),
        Some("/h/.config/hemotrend/config.toml")
    )]
    #[case(None, None, None)]
    #[case(None, Some("relative"), None)]
    fn follows_the_xdg_rule(
        #[case] xdg: Option<&str>,
        #[case] home: Option<&str>,
        #[case] expected: Option<&str>,
    ) {
        let var = |name: &str| {
            match name {
                "XDG_CONFIG_HOME" => xdg,
                "HOME" => home,
                _ => None,
            }
            .map(OsString::from)
        };
        assert_eq!(standard_config_path(var), expected.map(PathBuf::from));
    }

    #[rstest]
    #[case::light("theme = \"light\"\n", Some(ThemeName::Light))]
    #[case::dark_with_limits(
        "theme = \"dark\"  # for Solarized Dark\nretic_method = \"manual\"\n",
        Some(ThemeName::Dark)
    )]
    #[case::none("retic_method = \"manual\"\n", None)]
    fn the_theme_key_is_read_and_the_rest_parses(
        #[case] text: &str,
        #[case] expected: Option<ThemeName>,
    ) {
        let (theme, rest) = take_theme("c.toml", text).unwrap();
        assert_eq!(theme, expected);
        assert_eq!(rest.lines().count(), text.lines().count());
        assert!(parse_config("c.toml", &rest).is_ok(), "{rest:?}");
    }

    #[rstest]
    #[case("retic_method = \"manual\"\ntheme = \"solarized\"\n", 2)]
    #[case("theme = 3\n", 1)]
    fn a_theme_that_is_not_dark_or_light_names_its_line(#[case] text: &str, #[case] line: usize) {
        let error = take_theme("c.toml", text).unwrap_err();
        assert_eq!(error.line, Some(line));
        assert!(error.message.contains("\"dark\" or \"light\""), "{error}");
    }

    #[test]
    fn a_theme_inside_a_table_is_an_unknown_key() {
        let text = "[reference.plt]\ntheme = \"light\"\n";
        let (theme, rest) = take_theme("c.toml", text).unwrap();
        assert_eq!(theme, None);
        assert!(parse_config("c.toml", &rest).is_err());
    }

    #[test]
    fn a_named_file_must_exist() {
        let error = resolve_config(Some(Path::new("/no/such/hemotrend.toml"))).unwrap_err();
        assert_eq!(error.file, "/no/such/hemotrend.toml");
        assert!(error.message.contains("cannot be read"), "{error}");
    }
}
