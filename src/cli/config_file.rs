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
    if let Some(path) = given {
        let thresholds = read_config(path)?;
        return Ok(Config {
            thresholds,
            source: ConfigSource::Given(path.to_path_buf()),
        });
    }
    let Some(path) = standard_config_path(|name| std::env::var_os(name)) else {
        return Ok(Config::default());
    };
    match fs::metadata(&path) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(Config::default()),
        _ => {
            let thresholds = read_config(&path)?;
            Ok(Config {
                thresholds,
                source: ConfigSource::Found(path),
            })
        }
    }
}

/// Reads and parses one configuration file.
fn read_config(path: &Path) -> Result<Thresholds, ConfigError> {
    let name = path.display().to_string();
    let bytes = fs::read(path)
        .map_err(|error| ConfigError::whole_file(&name, format!("cannot be read: {error}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| ConfigError::whole_file(&name, "is not UTF-8 text"))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    parse_config(&name, text)
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

    #[test]
    fn a_named_file_must_exist() {
        let error = resolve_config(Some(Path::new("/no/such/hemotrend.toml"))).unwrap_err();
        assert_eq!(error.file, "/no/such/hemotrend.toml");
        assert!(error.message.contains("cannot be read"), "{error}");
    }
}
