//! The effective configuration: every parameter's value and where it came
//! from. Precedence, highest first: `CONFIG GET` (what the server runs with),
//! INFO fields that mirror a parameter, redis.conf (what it will start with),
//! then the compiled-in default for the detected version — defaults only when
//! a whole configuration was pasted, so an INFO-only review never assumes
//! `requirepass` is empty just because nobody pasted it.

use crate::diag::clip;
use crate::diag::{DiagKind, Diagnostic, Span};
use crate::params::{self, Kind, Param, Repeat};
use crate::parse::conf::{ConfFile, Directive};
use crate::parse::config_get::ConfigDump;
use crate::parse::info::Info;
use crate::units;
use crate::version::Version;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Where a value came from. `input` indexes the analyzed inputs; spans are
/// byte ranges of that input's text.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Origin {
    ConfigGet { input: usize, span: Span },
    Conf { input: usize, span: Span },
    Info { input: usize, span: Span },
    Default,
}

impl Origin {
    /// Every name [`Origin::name`] gives: where a report's value may come from.
    pub const NAMES: &[&str] = &["config-get", "redis-conf", "info", "default"];

    /// Where the value came from, as the report says (`ConfigValue::origin`).
    pub fn name(&self) -> &'static str {
        match self {
            Origin::ConfigGet { .. } => "config-get",
            Origin::Conf { .. } => "redis-conf",
            Origin::Info { .. } => "info",
            Origin::Default => "default",
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Setting {
    pub name: Cow<'static, str>,
    /// The value as Redis would print it in `CONFIG GET`. Borrowed when it is
    /// the parameter's compiled-in default or a common word (most of a
    /// `CONFIG GET *` dump), so a whole dump costs few allocations.
    pub value: Cow<'static, str>,
    pub origin: Origin,
    #[serde(skip)]
    pub param: Option<&'static Param>,
}

impl Setting {
    pub fn is_default(&self) -> bool {
        self.origin == Origin::Default
    }
    pub fn is_secret(&self) -> bool {
        self.param.is_some_and(|p| p.secret)
    }
}

/// A `rename-command` line of a redis.conf.
#[derive(Clone, Debug, Serialize)]
pub struct RenamedCommand {
    pub command: String,
    /// Empty: the command is disabled.
    pub to: String,
    pub origin: Origin,
}

/// An ACL user defined in redis.conf (`user name on >pass ~* +@all`).
#[derive(Clone, Debug, Serialize)]
pub struct ConfUser {
    pub name: String,
    /// The rules, with passwords and hashes already removed.
    pub rules: Vec<String>,
    pub nopass: bool,
    pub enabled: bool,
    pub origin: Origin,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Policy {
    VolatileLru,
    AllkeysLru,
    VolatileLfu,
    AllkeysLfu,
    VolatileRandom,
    AllkeysRandom,
    VolatileTtl,
    Noeviction,
}

impl Policy {
    pub fn parse(s: &str) -> Option<Policy> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "volatile-lru" => Policy::VolatileLru,
            "allkeys-lru" => Policy::AllkeysLru,
            "volatile-lfu" => Policy::VolatileLfu,
            "allkeys-lfu" => Policy::AllkeysLfu,
            "volatile-random" => Policy::VolatileRandom,
            "allkeys-random" => Policy::AllkeysRandom,
            "volatile-ttl" => Policy::VolatileTtl,
            "noeviction" => Policy::Noeviction,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Policy::VolatileLru => "volatile-lru",
            Policy::AllkeysLru => "allkeys-lru",
            Policy::VolatileLfu => "volatile-lfu",
            Policy::AllkeysLfu => "allkeys-lfu",
            Policy::VolatileRandom => "volatile-random",
            Policy::AllkeysRandom => "allkeys-random",
            Policy::VolatileTtl => "volatile-ttl",
            Policy::Noeviction => "noeviction",
        }
    }

    /// Evicts only keys that carry a TTL.
    pub fn is_volatile(self) -> bool {
        matches!(
            self,
            Policy::VolatileLru
                | Policy::VolatileLfu
                | Policy::VolatileRandom
                | Policy::VolatileTtl
        )
    }

    /// May evict any key.
    pub fn is_allkeys(self) -> bool {
        matches!(
            self,
            Policy::AllkeysLru | Policy::AllkeysLfu | Policy::AllkeysRandom
        )
    }

    /// Uses LRU or LFU metadata (which makes Redis stop sharing integer objects).
    pub fn uses_lru_lfu(self) -> bool {
        matches!(
            self,
            Policy::VolatileLru | Policy::AllkeysLru | Policy::VolatileLfu | Policy::AllkeysLfu
        )
    }
}

/// One `save <seconds> <changes>` point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SavePoint {
    pub seconds: u64,
    pub changes: u64,
}

/// One class of `client-output-buffer-limit`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct BufferLimit {
    pub hard: u64,
    pub soft: u64,
    pub soft_seconds: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BufferClass {
    Normal,
    Replica,
    Pubsub,
}

impl BufferClass {
    fn parse(s: &str) -> Option<BufferClass> {
        match s.to_ascii_lowercase().as_str() {
            "normal" => Some(BufferClass::Normal),
            "replica" | "slave" => Some(BufferClass::Replica),
            "pubsub" => Some(BufferClass::Pubsub),
            _ => None,
        }
    }
    /// The name `CONFIG GET` prints in 7.x.
    fn printed(self) -> &'static str {
        match self {
            BufferClass::Normal => "normal",
            BufferClass::Replica => "slave",
            BufferClass::Pubsub => "pubsub",
        }
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct EffectiveConfig {
    /// Known parameters, indexed like [`params::PARAMS`].
    known: Vec<Option<Setting>>,
    /// Parameters this advisor does not know, by name.
    unknown: BTreeMap<String, Setting>,
    pub renamed_commands: Vec<RenamedCommand>,
    pub users: Vec<ConfUser>,
    pub modules: Vec<(String, Origin)>,
    /// A whole configuration was seen, so absent parameters have their defaults.
    pub complete: bool,
    /// Every secret value seen (passwords, ACL passwords and hashes): the report
    /// is scrubbed of them before it leaves `analyze`.
    #[serde(skip)]
    pub secrets: Vec<String>,
    /// Directives written under an old name (`slaveof`, `hash-max-ziplist-entries`):
    /// (as written, current name, where).
    #[serde(skip)]
    pub old_names: Vec<(String, &'static str, Origin)>,
}

impl EffectiveConfig {
    pub fn get(&self, name: &str) -> Option<&Setting> {
        match params::index_of(name) {
            Some(i) => self.known.get(i).and_then(Option::as_ref),
            None => self.unknown.get(name),
        }
    }

    pub fn raw(&self, name: &str) -> Option<&str> {
        self.get(name).map(|s| &*s.value)
    }

    /// Replaces a compiled-in default with the one a packaging ships (the official
    /// Docker image builds Redis with `protected-mode no`). Values someone set are kept.
    pub fn override_default(&mut self, name: &str, value: &str) {
        if self.get(name).is_some_and(Setting::is_default) {
            self.set(name, value, Origin::Default);
        }
    }

    /// Consumes the configuration: known parameters in name order, then unknown ones.
    pub fn into_settings(self) -> impl Iterator<Item = Setting> {
        self.known
            .into_iter()
            .flatten()
            .chain(self.unknown.into_values())
    }

    /// Known parameters in name order, then unknown ones.
    pub fn iter(&self) -> impl Iterator<Item = &Setting> {
        self.known.iter().flatten().chain(self.unknown.values())
    }

    pub fn bytes(&self, name: &str) -> Option<u64> {
        units::parse_memory(self.raw(name)?).ok()
    }

    pub fn bool(&self, name: &str) -> Option<bool> {
        units::parse_bool(self.raw(name)?)
    }

    pub fn int(&self, name: &str) -> Option<i64> {
        units::parse_int(self.raw(name)?)
    }

    pub fn policy(&self) -> Option<Policy> {
        Policy::parse(self.raw("maxmemory-policy")?)
    }

    /// `Some(vec![])` when snapshots are off.
    pub fn save_points(&self) -> Option<Vec<SavePoint>> {
        parse_save(self.raw("save")?).ok()
    }

    /// The addresses Redis listens on; empty means every interface.
    pub fn bind(&self) -> Option<Vec<String>> {
        Some(
            self.raw("bind")?
                .split_whitespace()
                .map(str::to_string)
                .collect(),
        )
    }

    pub fn buffer_limit(&self, class: BufferClass) -> Option<BufferLimit> {
        parse_cobl(self.raw("client-output-buffer-limit")?)
            .ok()?
            .into_iter()
            .find(|(c, _)| *c == class)
            .map(|(_, l)| l)
    }

    /// Is a command renamed or disabled by `rename-command`?
    pub fn renamed(&self, command: &str) -> Option<&RenamedCommand> {
        self.renamed_commands
            .iter()
            .rev()
            .find(|r| r.command.eq_ignore_ascii_case(command))
    }

    fn set(&mut self, name: &str, value: &str, origin: Origin) {
        self.set_param(params::index_of(name), name, value, origin);
    }

    fn set_param(&mut self, index: Option<usize>, name: &str, value: &str, origin: Origin) {
        let value = stored_value(index.map(|i| &params::PARAMS[i]), value);
        let Some(i) = index else {
            let entry = self
                .unknown
                .entry(name.to_string())
                .or_insert_with(|| Setting {
                    name: Cow::Owned(name.to_string()),
                    value: Cow::Borrowed(""),
                    origin: Origin::Default,
                    param: None,
                });
            entry.value = value;
            entry.origin = origin;
            return;
        };
        if self.known.len() < params::PARAMS.len() {
            self.known.resize(params::PARAMS.len(), None);
        }
        let param = &params::PARAMS[i];
        self.known[i] = Some(Setting {
            name: Cow::Borrowed(param.name),
            value,
            origin,
            param: Some(param),
        });
    }
}

/// `value` as a [`Setting`] keeps it: borrowed from the parameter's default or
/// from a few words most values are, copied otherwise.
fn stored_value(param: Option<&'static Param>, value: &str) -> Cow<'static, str> {
    if let Some(default) = param.and_then(|p| p.default)
        && default == value
    {
        return Cow::Borrowed(default);
    }
    const COMMON: [&str; 6] = ["", "yes", "no", "0", "1", "-1"];
    match COMMON.iter().find(|c| **c == value) {
        Some(c) => Cow::Borrowed(c),
        None => Cow::Owned(value.to_string()),
    }
}

pub fn parse_save(raw: &str) -> Result<Vec<SavePoint>, String> {
    let words: Vec<&str> = raw.split_whitespace().collect();
    if !words.len().is_multiple_of(2) {
        return Err(format!(
            "\"{}\" is not a save schedule: it needs pairs of <seconds> <changes>",
            clip(raw)
        ));
    }
    words
        .chunks(2)
        .map(|pair| match (units::int(pair[0]), units::int(pair[1])) {
            (Some(seconds), Some(changes)) => Ok(SavePoint { seconds, changes }),
            _ => Err(format!(
                "\"{}\" is not a save schedule: seconds and changes must be whole numbers",
                clip(raw)
            )),
        })
        .collect()
}

pub fn parse_cobl(raw: &str) -> Result<Vec<(BufferClass, BufferLimit)>, String> {
    let words: Vec<&str> = raw.split_whitespace().collect();
    if !words.len().is_multiple_of(4) {
        return Err(format!(
            "\"{}\" is not a client-output-buffer-limit: it needs <class> <hard> <soft> <seconds>",
            clip(raw)
        ));
    }
    words
        .chunks(4)
        .map(|c| {
            let class = BufferClass::parse(c[0]).ok_or_else(|| {
                format!(
                    "\"{}\" is not a client class (normal, replica, pubsub)",
                    clip(c[0])
                )
            })?;
            let hard =
                units::parse_memory(c[1]).map_err(|e| units::memory_error_message(c[1], &e))?;
            let soft =
                units::parse_memory(c[2]).map_err(|e| units::memory_error_message(c[2], &e))?;
            let soft_seconds = units::int(c[3])
                .ok_or_else(|| format!("\"{}\" is not a number of seconds", clip(c[3])))?;
            Ok((
                class,
                BufferLimit {
                    hard,
                    soft,
                    soft_seconds,
                },
            ))
        })
        .collect()
}

/// Checks a value against its parameter's type; the message names the value
/// and what would be accepted.
pub fn validate(param: &Param, raw: &str) -> Result<(), String> {
    match param.kind {
        Kind::Bytes => units::parse_memory(raw)
            .map(|_| ())
            .map_err(|e| units::memory_error_message(raw, &e)),
        Kind::BytesOrPercent => match raw.trim().strip_suffix('%') {
            Some(pct) if units::int::<u64>(pct).is_some() => Ok(()),
            _ => units::parse_memory(raw)
                .map(|_| ())
                .map_err(|e| units::memory_error_message(raw, &e)),
        },
        Kind::Int => units::parse_int(raw).map(|_| ()).ok_or_else(|| {
            format!(
                "\"{}\" is not a whole number (`{}` takes one)",
                clip(raw),
                param.name
            )
        }),
        Kind::Bool => units::parse_bool(raw).map(|_| ()).ok_or_else(|| {
            format!(
                "\"{}\" is not yes or no (`{}` takes one of them)",
                clip(raw),
                param.name
            )
        }),
        Kind::Enum(options) => {
            if options.iter().any(|o| o.eq_ignore_ascii_case(raw.trim())) {
                Ok(())
            } else {
                Err(format!(
                    "\"{}\" is not one of {} (for `{}`)",
                    clip(raw),
                    options.join(", "),
                    param.name
                ))
            }
        }
        Kind::Save => parse_save(raw).map(|_| ()),
        Kind::ClientOutputBufferLimit => parse_cobl(raw).map(|_| ()),
        Kind::Str | Kind::Bind => Ok(()),
    }
}

/// A redis.conf with this many directives is taken for a whole configuration.
/// The redis.conf in the source tarball sets 62 directives outside comments in
/// 5.0.14 and 74 in 7.2.6 (counted in redis.conf at those tags), Debian's 7.0.15
/// package 71; the excerpts people paste hold a few to a few dozen lines.
pub const WHOLE_CONF_DIRECTIVES: usize = 40;

/// Directives that only forks and ports of Redis read: KeyDB's (`multi-master`,
/// `active-replica`, `server-threads`, `storage-provider`) and the Windows
/// ports' (`heapdir`, `maxheap`).
pub const FOREIGN_DIRECTIVES: &[&str] = &[
    "multi-master",
    "active-replica",
    "server-threads",
    "storage-provider",
    "heapdir",
    "maxheap",
];

/// Builds the effective configuration. `version` chooses the defaults.
pub struct Builder {
    config: EffectiveConfig,
    pub diagnostics: Vec<(usize, Diagnostic)>,
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

impl Builder {
    pub fn new() -> Builder {
        Builder {
            config: EffectiveConfig::default(),
            diagnostics: Vec::new(),
        }
    }

    fn diag(&mut self, input: usize, d: Diagnostic) {
        self.diagnostics.push((input, d));
    }

    /// Applies a redis.conf (spans relative to the input: `base` is the
    /// block's offset in it).
    pub fn conf(&mut self, input: usize, base: usize, file: &ConfFile) {
        // An excerpt of a few lines says nothing about the lines left out.
        if file.directives.len() >= WHOLE_CONF_DIRECTIVES || file.whole_command_line {
            self.config.complete = true;
        }
        let mut save_seen = false;
        let mut last_line: BTreeMap<&'static str, Span> = BTreeMap::new();
        for d in &file.directives {
            let span = d.line.offset(base);
            let origin = Origin::Conf { input, span };
            match params::conf_only(&d.name) {
                Some(params::ConfOnly::RenameCommand) => {
                    match d.args.as_slice() {
                        [command, to] => self.config.renamed_commands.push(RenamedCommand {
                            command: command.to_ascii_lowercase(),
                            to: to.clone(),
                            origin,
                        }),
                        _ => self.diag(
                            input,
                            Diagnostic::error(DiagKind::BadValue, span, "`rename-command` takes two arguments: the command and its new name (\"\" to disable it)"),
                        ),
                    }
                    continue;
                }
                Some(params::ConfOnly::User) => {
                    self.config.secrets.extend(
                        d.args
                            .iter()
                            .skip(1)
                            .filter_map(|r| {
                                r.get(1..).filter(|_| r.starts_with(['>', '<', '#', '!']))
                            })
                            .map(str::to_string),
                    );
                    self.config.users.push(conf_user(&d.args, origin));
                    continue;
                }
                Some(params::ConfOnly::LoadModule) => {
                    self.config.modules.push((d.args.join(" "), origin));
                    continue;
                }
                Some(params::ConfOnly::Include) => continue,
                None => {}
            }
            let Some(param) = params::lookup(&d.name) else {
                // Directives of forks and ports Redis does not have: kept (as
                // unknown parameters) because they say what the server is.
                if FOREIGN_DIRECTIVES.contains(&d.name.as_str()) {
                    self.config.set(&d.name, &d.args.join(" "), origin);
                }
                continue;
            };
            if last_line.insert(param.name, span).is_some() && param.repeat == Repeat::LastWins {
                self.diag(
                    input,
                    Diagnostic::note(
                        DiagKind::Repeated,
                        span,
                        format!(
                            "`{}` is set more than once in this file; this later line wins",
                            param.name
                        ),
                    ),
                );
            }
            if param.secret {
                self.config
                    .secrets
                    .extend(d.args.iter().filter(|a| !a.is_empty()).cloned());
            }
            if d.name != param.name {
                self.config
                    .old_names
                    .push((d.name.clone(), param.name, origin.clone()));
            }
            match self.conf_value(param, d, &mut save_seen) {
                Ok(value) => self.config.set(param.name, &value, origin),
                Err(message) => self.diag(
                    input,
                    Diagnostic::error(
                        DiagKind::BadValue,
                        span,
                        format!("{message}; Redis refuses to start on this line"),
                    ),
                ),
            }
        }
    }

    fn conf_value(
        &self,
        param: &Param,
        d: &Directive,
        save_seen: &mut bool,
    ) -> Result<String, String> {
        let joined = d.args.join(" ");
        match param.repeat {
            Repeat::Accumulate => {
                // The first `save` line of a file replaces the default; later ones append.
                parse_save(&joined)?;
                let previous = if *save_seen {
                    self.config.raw(param.name).unwrap_or("")
                } else {
                    ""
                };
                *save_seen = true;
                Ok(if joined.trim().is_empty() {
                    String::new()
                } else if previous.is_empty() {
                    joined
                } else {
                    format!("{previous} {joined}")
                })
            }
            Repeat::PerClass => {
                let set = parse_cobl(&joined)?;
                let current = self.config.raw(param.name).or(param.default).unwrap_or("");
                let mut classes = parse_cobl(current).unwrap_or_default();
                for (class, limit) in set {
                    match classes.iter_mut().find(|(c, _)| *c == class) {
                        Some(slot) => slot.1 = limit,
                        None => classes.push((class, limit)),
                    }
                }
                Ok(classes
                    .iter()
                    .map(|(c, l)| {
                        format!("{} {} {} {}", c.printed(), l.hard, l.soft, l.soft_seconds)
                    })
                    .collect::<Vec<_>>()
                    .join(" "))
            }
            Repeat::LastWins => {
                let multi = matches!(param.kind, Kind::Bind | Kind::Save | Kind::Str)
                    || param.name == "replicaof";
                if d.args.len() != 1 && !multi {
                    return Err(format!(
                        "`{}` takes one value, found {}",
                        param.name,
                        d.args.len()
                    ));
                }
                if param.name == "replicaof"
                    && !(d.args.len() == 2 || joined.eq_ignore_ascii_case("no one"))
                {
                    return Err("`replicaof` takes a host and a port (or `no one`)".to_string());
                }
                validate(param, &joined)?;
                // CONFIG GET prints memory sizes in bytes.
                if param.kind == Kind::Bytes {
                    return Ok(units::parse_memory(&joined).map_or(joined, |n| n.to_string()));
                }
                Ok(joined)
            }
        }
    }

    /// Applies INFO fields that mirror parameters.
    pub fn info(&mut self, input: usize, base: usize, info: &Info) {
        self.info_located(info, &|span: Span| (input, span.offset(base)));
    }

    /// INFO whose text was put together from several places (slices of one
    /// server's INFO): `at` maps a span of its text to the input it came from
    /// and the span there.
    pub fn info_located(&mut self, info: &Info, at: &dyn Fn(Span) -> (usize, Span)) {
        const MIRRORS: &[(&str, &str)] = &[
            ("maxmemory", "maxmemory"),
            ("maxmemory_policy", "maxmemory-policy"),
            ("maxclients", "maxclients"),
            ("configured_hz", "hz"),
            ("tcp_port", "port"),
            ("repl_backlog_size", "repl-backlog-size"),
        ];
        for (field, param) in MIRRORS {
            if let Some(f) = info.field(field) {
                let value = info.value(f);
                if value.is_empty() {
                    continue;
                }
                let (input, span) = at(f.line);
                self.running(param, value, Origin::Info { input, span });
            }
        }
        if let Some(f) = info.field("aof_enabled") {
            let value = if info.value(f) == "1" { "yes" } else { "no" };
            let (input, span) = at(f.line);
            self.running("appendonly", value, Origin::Info { input, span });
        }
    }

    /// A value the running server reports (CONFIG GET or INFO). It wins over
    /// redis.conf; a difference is worth a note.
    fn running(&mut self, name: &str, value: &str, origin: Origin) {
        self.running_param(params::index_of(name), name, value, origin);
    }

    fn running_param(&mut self, index: Option<usize>, name: &str, value: &str, origin: Origin) {
        let existing = match index {
            Some(i) => self.config.known.get(i).and_then(Option::as_ref),
            None => self.config.unknown.get(name),
        };
        if let Some(existing) = existing {
            match existing.origin {
                Origin::ConfigGet { .. } => return,
                Origin::Info { .. } if matches!(origin, Origin::Info { .. }) => return,
                Origin::Conf { input, span } => {
                    let same = match existing.param.map(|p| p.kind) {
                        Some(Kind::Bytes) => {
                            units::parse_memory(&existing.value).ok()
                                == units::parse_memory(value).ok()
                        }
                        _ => existing.value.trim().eq_ignore_ascii_case(value.trim()),
                    };
                    if !same && !existing.is_secret() {
                        let msg = format!(
                            "redis.conf sets `{}` to \"{}\" but the running server reports \"{}\": changed with CONFIG SET and not saved with CONFIG REWRITE? The running value is used",
                            existing.name,
                            clip(&existing.value),
                            clip(value)
                        );
                        self.diag(input, Diagnostic::note(DiagKind::Conflict, span, msg));
                    }
                }
                _ => {}
            }
        }
        self.config.set_param(index, name, value, origin);
    }

    pub fn config_get(&mut self, input: usize, base: usize, dump: &ConfigDump) {
        if dump.entries.len() >= 50 && dump.entries.iter().any(|e| e.name == "maxmemory") {
            self.config.complete = true;
        }
        for e in &dump.entries {
            let span = e.lines.offset(base);
            let index = params::index_of(&e.name);
            match index.map(|i| &params::PARAMS[i]) {
                // A compiled-in default is valid by construction: most of a dump.
                Some(param) if param.default == Some(&*e.value) => {}
                Some(param) => {
                    if let Err(message) = validate(param, &e.value) {
                        self.diag(
                            input,
                            Diagnostic::warning(DiagKind::BadValue, span, message),
                        );
                    }
                }
                None => self.diag(
                    input,
                    Diagnostic::note(
                        DiagKind::UnknownParameter,
                        span,
                        format!(
                            "`{}` is not a parameter this advisor knows; its value is kept as text",
                            clip(&e.name)
                        ),
                    ),
                ),
            }
            if index.is_some_and(|i| params::PARAMS[i].secret) && !e.value.is_empty() {
                self.config.secrets.push(e.value.to_string());
            }
            self.running_param(index, &e.name, &e.value, Origin::ConfigGet { input, span });
        }
    }

    /// A parameter the server reported outside INFO (a library quoting the
    /// policy in its warning): taken like an INFO field.
    pub fn reported(&mut self, input: usize, span: Span, param: &str, value: &str) {
        self.running(param, value, Origin::Info { input, span });
    }

    /// Fills in 7.0's defaults, or those of `version` (read as Redis), when a
    /// whole configuration was seen, and returns it.
    pub fn finish(self, version: Option<Version>) -> (EffectiveConfig, Vec<(usize, Diagnostic)>) {
        self.finish_for(version, None)
    }

    /// Like [`Builder::finish`], with the defaults of that version of that flavor.
    pub fn finish_for(
        mut self,
        version: Option<Version>,
        flavor: Option<crate::version::Flavor>,
    ) -> (EffectiveConfig, Vec<(usize, Diagnostic)>) {
        if self.config.complete {
            for (i, param) in params::PARAMS.iter().enumerate() {
                if self.config.known.get(i).is_some_and(Option::is_some) {
                    continue;
                }
                if let Some(default) = params::default_for(param, version, flavor) {
                    self.config
                        .set_param(Some(i), param.name, default, Origin::Default);
                }
            }
        }
        (self.config, self.diagnostics)
    }
}

/// Reads an ACL `user` line, dropping passwords (`>pw`, `<pw`) and hashes
/// (`#h`, `!h`) so they never reach a report.
fn conf_user(args: &[String], origin: Origin) -> ConfUser {
    let name = args.first().cloned().unwrap_or_default();
    let mut rules = Vec::new();
    let (mut nopass, mut enabled) = (false, false);
    for rule in args.iter().skip(1) {
        let lower = rule.to_ascii_lowercase();
        match lower.as_str() {
            "nopass" => nopass = true,
            "resetpass" => nopass = false,
            "on" => enabled = true,
            "off" => enabled = false,
            _ => {}
        }
        if rule.starts_with('>') || rule.starts_with('#') {
            nopass = false;
            rules.push(format!("{}<redacted>", &rule[..1]));
        } else if rule.starts_with('<') || rule.starts_with('!') {
            rules.push(format!("{}<redacted>", &rule[..1]));
        } else {
            rules.push(rule.clone());
        }
    }
    ConfUser {
        name,
        rules,
        nopass,
        enabled,
        origin,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{conf, config_get};
    use crate::rules::testing::whole_conf;

    fn from_conf(text: &str) -> (EffectiveConfig, Vec<Diagnostic>) {
        let mut b = Builder::new();
        b.conf(0, 0, &conf::parse(text).value);
        let (c, d) = b.finish(None);
        (c, d.into_iter().map(|(_, d)| d).collect())
    }

    #[test]
    fn every_origin_has_a_listed_name() {
        let span = Span::new(0, 0);
        let origins = [
            Origin::ConfigGet { input: 0, span },
            Origin::Conf { input: 0, span },
            Origin::Info { input: 0, span },
            Origin::Default,
        ];
        let names: Vec<&str> = origins.iter().map(Origin::name).collect();
        assert_eq!(names, Origin::NAMES);
    }

    #[test]
    fn units_and_defaults() {
        let (c, d) = from_conf(&whole_conf("maxmemory 2gb\nmaxmemory-policy ALLKEYS-LRU\n"));
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.bytes("maxmemory"), Some(2 * 1024 * 1024 * 1024));
        assert_eq!(c.raw("maxmemory"), Some("2147483648"));
        assert_eq!(c.policy(), Some(Policy::AllkeysLru));
        assert!(c.get("maxmemory-policy").is_some_and(|s| !s.is_default()));
        assert!(c.get("protected-mode").is_some_and(Setting::is_default));
        assert_eq!(c.bool("protected-mode"), Some(true));
    }

    #[test]
    fn save_accumulates_and_resets() {
        let (c, _) = from_conf("save 900 1\nsave 300 10\n");
        assert_eq!(c.save_points().map(|s| s.len()), Some(2));
        let (c, _) = from_conf("save 900 1\nsave \"\"\n");
        assert_eq!(c.save_points(), Some(vec![]));
        let (c, _) = from_conf(&whole_conf("appendonly yes\n"));
        assert_eq!(c.raw("save"), Some("3600 1 300 100 60 10000"));
        // An excerpt leaves what it does not show unknown.
        let (c, _) = from_conf("appendonly yes\n");
        assert_eq!(c.raw("save"), None);
    }

    #[test]
    fn buffer_limits_merge_per_class() {
        let (c, d) = from_conf("client-output-buffer-limit replica 512mb 128mb 120\n");
        assert!(d.is_empty(), "{d:?}");
        let r = c.buffer_limit(BufferClass::Replica);
        assert_eq!(r.map(|l| l.hard), Some(512 * 1024 * 1024));
        assert_eq!(
            c.buffer_limit(BufferClass::Pubsub).map(|l| l.hard),
            Some(33_554_432)
        );
    }

    #[test]
    fn bad_values_are_reported_and_not_applied() {
        let (c, d) = from_conf(&whole_conf(
            "maxmemory 4gbb\nappendonly maybe\nmaxmemory-policy lru\n",
        ));
        assert_eq!(d.len(), 3, "{d:?}");
        assert!(
            d[0].message.starts_with("\"4gbb\" is not a memory size"),
            "{}",
            d[0].message
        );
        assert_eq!(c.raw("maxmemory"), Some("0"), "the default stays");
    }

    #[test]
    fn repeated_directives_last_wins_with_a_note() {
        let (c, d) = from_conf("maxmemory 1gb\nmaxmemory 2gb\nbind 127.0.0.1\nbind 0.0.0.0\n");
        assert_eq!(c.bytes("maxmemory"), Some(2 << 30));
        assert_eq!(c.bind(), Some(vec!["0.0.0.0".to_string()]));
        assert_eq!(d.iter().filter(|d| d.kind == DiagKind::Repeated).count(), 2);
    }

    #[test]
    fn aliases_renames_and_users() {
        let (c, _) = from_conf(
            "slaveof 10.0.0.1 6379\nhash-max-ziplist-entries 256\nrename-command CONFIG \"\"\nuser app on >s3cret ~* +@all\n",
        );
        assert_eq!(c.raw("replicaof"), Some("10.0.0.1 6379"));
        assert_eq!(c.int("hash-max-listpack-entries"), Some(256));
        assert_eq!(c.renamed("config").map(|r| r.to.as_str()), Some(""));
        assert_eq!(c.users[0].rules, ["on", "><redacted>", "~*", "+@all"]);
    }

    #[test]
    fn running_values_win_and_conflicts_are_noted() {
        let mut b = Builder::new();
        b.conf(0, 0, &conf::parse("maxmemory 1gb\n").value);
        let dump = config_get::parse("maxmemory\n2147483648\n", config_get::ConfigForm::Raw).value;
        b.config_get(1, 0, &dump);
        let (c, d) = b.finish(None);
        assert_eq!(c.bytes("maxmemory"), Some(2 << 30));
        assert!(matches!(
            c.get("maxmemory").map(|s| &s.origin),
            Some(Origin::ConfigGet { input: 1, .. })
        ));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].1.kind, DiagKind::Conflict);
    }

    #[test]
    fn info_only_does_not_assume_defaults() {
        let mut b = Builder::new();
        b.info(
            0,
            0,
            &crate::parse::info::parse(
                "maxmemory:0\nmaxmemory_policy:allkeys-lru\naof_enabled:1\n",
            )
            .value,
        );
        let (c, _) = b.finish(None);
        assert_eq!(c.policy(), Some(Policy::AllkeysLru));
        assert_eq!(c.bool("appendonly"), Some(true));
        assert!(c.get("requirepass").is_none());
    }
}
