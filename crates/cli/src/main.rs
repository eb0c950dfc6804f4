//! `redis-advisor`: the command-line shell over `redis_advisor_core::analyze`.
//! Only this crate knows about files, exit codes, terminals and colour.

mod accept;
mod sarif;

use clap::{Parser, Subcommand, ValueEnum};
use redis_advisor_core::report::{Finding, Report, Severity};
use redis_advisor_core::rules::registry;
use redis_advisor_core::workload::{Deployment, Managed, QueueLibrary, Use, Workload};
use redis_advisor_core::{Input, Options, analyze_with, render};
use std::io::{self, IsTerminal, Read, Write};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "redis-advisor",
    version,
    about = "Review a Redis configuration: INFO, CONFIG GET output, redis.conf"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyze files (or standard input) holding INFO, CONFIG GET output or redis.conf, in any mix.
    Check {
        /// Files to read together as one review; `-` or none reads standard input.
        files: Vec<String>,
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// Exit 1 when a finding is at or above this severity (accepted findings do not count).
        #[arg(long, value_enum, default_value_t = FailOn::Warning)]
        fail_on: FailOn,
        /// Colour in human output: auto (only on a terminal), always, never.
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
        /// What the instance is for, comma-separated (overrides what INFO suggests):
        /// bullmq, bull, sidekiq, celery, rq, queue, cache, sessions, disposable-sessions,
        /// locks, rate-limiting, pubsub, streams, primary-data.
        #[arg(long, value_delimiter = ',', value_parser = parse_use)]
        workload: Vec<Use>,
        /// The managed service it runs on (fixes then go through the provider, not CONFIG SET).
        #[arg(long, value_enum)]
        managed: Option<ManagedArg>,
        /// A workload file (TOML or JSON): its uses stand for the workload, and its memory
        /// estimate is checked against maxmemory and the host.
        #[arg(long)]
        plan: Option<String>,
        /// How it is run: `docker` means the official redis image (protected mode off by default).
        #[arg(long, value_enum)]
        deployment: Option<DeploymentArg>,
        /// Accepted findings, in a redis-advisor.toml (default: the one next to the
        /// reviewed files, else in the current directory).
        #[arg(long, value_name = "FILE")]
        config: Option<String>,
        /// Accept a rule's findings with a reason: `--accept maxmemory-unset="a lab server"`.
        /// Repeatable.
        #[arg(long, value_name = "RULE=REASON")]
        accept: Vec<String>,
        /// With --format sarif: the absolute address the guides' paths are appended to
        /// for each rule's helpUri [env: REDIS_ADVISOR_GUIDE_BASE; default: the guide pages
        /// served by scripts/serve.sh, http://127.0.0.1:8080/guides/PAGE.html#ANCHOR].
        #[arg(long, value_name = "URL")]
        guide_base: Option<String>,
    },
    /// Estimate the memory a workload needs (workload file in TOML or JSON; see docs/workload.md).
    Estimate {
        file: String,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Recommend a configuration for a workload: redis.conf, CONFIG SET and a redis-server command line.
    Plan {
        file: String,
        /// The current INFO / CONFIG GET / redis.conf, to compare with (optional).
        current: Vec<String>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Explain a rule, by id (maxmemory-unset) or code (MEM001).
    Rule { id: String },
    /// List every rule.
    Rules,
}

#[derive(Clone, Copy, ValueEnum)]
enum DeploymentArg {
    SelfHosted,
    Docker,
    Kubernetes,
}

#[derive(Clone, Copy, ValueEnum)]
enum ManagedArg {
    Elasticache,
    Azure,
    Memorystore,
    Upstash,
    RedisCloud,
    Other,
}

fn parse_use(s: &str) -> Result<Use, String> {
    let queue = |library| Ok(Use::Queue { library });
    match s.trim().to_ascii_lowercase().as_str() {
        "bullmq" => queue(QueueLibrary::Bullmq),
        "bull" => queue(QueueLibrary::Bull),
        "sidekiq" => queue(QueueLibrary::Sidekiq),
        "celery" => queue(QueueLibrary::Celery),
        "rq" => queue(QueueLibrary::Rq),
        "queue" => queue(QueueLibrary::Other),
        "cache" => Ok(Use::Cache),
        "sessions" => Ok(Use::Sessions { loss_ok: false }),
        "disposable-sessions" => Ok(Use::Sessions { loss_ok: true }),
        "locks" => Ok(Use::Locks),
        "rate-limiting" => Ok(Use::RateLimiting),
        "pubsub" => Ok(Use::PubSub),
        "streams" => Ok(Use::Streams),
        "primary-data" => Ok(Use::PrimaryData),
        other => Err(format!("unknown use `{other}`")),
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
    Markdown,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CheckFormat {
    Human,
    Json,
    Markdown,
    /// SARIF 2.1.0, for code scanners.
    Sarif,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Critical,
    Warning,
    Info,
    Never,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Exit codes: 0 nothing at or above the threshold, 1 findings at or above
/// it, 2 the tool itself failed.
const EXIT_FINDINGS: u8 = 1;
const EXIT_FAILURE: u8 = 2;

fn main() -> ExitCode {
    // A bug must never show a backtrace to the user: one line, exit 2.
    std::panic::set_hook(Box::new(|info| {
        let _ = writeln!(
            io::stderr(),
            "redis-advisor: internal error: {info} (this is a bug)"
        );
        std::process::exit(i32::from(EXIT_FAILURE));
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_FAILURE } else { 0 });
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            let _ = writeln!(io::stderr(), "redis-advisor: {message}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

fn run(cli: Cli) -> Result<u8, String> {
    match cli.command {
        Command::Check {
            files,
            format,
            fail_on,
            color,
            workload,
            managed,
            deployment,
            plan,
            config,
            accept,
            guide_base,
        } => {
            let guide_base = match guide_base.or_else(|| {
                std::env::var(sarif::GUIDE_BASE_VAR)
                    .ok()
                    .filter(|v| !v.is_empty())
            }) {
                Some(base) => Some(sarif::check_guide_base(&base)?),
                None => None,
            };
            let mut acceptances = Vec::new();
            let config_file = accept::find(config.as_deref(), &files);
            if let Some(path) = &config_file {
                let name = path.to_string_lossy();
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("{name}: cannot read: {}", describe_io(&e)))?;
                acceptances.extend(accept::parse_file(&name, &text)?);
            }
            for a in &accept {
                acceptances.push(accept::parse_flag(a)?);
            }
            let today = if acceptances.iter().any(|a| a.expires.is_some()) {
                Some(accept::today()?)
            } else {
                None
            };
            let inputs = read_inputs(&files)?;
            let managed = managed.map(|m| match m {
                ManagedArg::Elasticache => Managed::Elasticache,
                ManagedArg::Azure => Managed::AzureCache,
                ManagedArg::Memorystore => Managed::Memorystore,
                ManagedArg::Upstash => Managed::Upstash,
                ManagedArg::RedisCloud => Managed::RedisCloud,
                ManagedArg::Other => Managed::OtherManaged,
            });
            let deployment = deployment.map(|d| match d {
                DeploymentArg::SelfHosted => Deployment::SelfHosted,
                DeploymentArg::Docker => Deployment::Docker,
                DeploymentArg::Kubernetes => Deployment::Kubernetes,
            });
            let stated =
                (!workload.is_empty() || managed.is_some() || deployment.is_some()).then(|| {
                    Workload {
                        uses: workload,
                        managed,
                        deployment,
                        ..Workload::default()
                    }
                });
            let plan = match &plan {
                Some(file) => {
                    let text = std::fs::read_to_string(file)
                        .map_err(|e| format!("{file}: cannot read: {}", describe_io(&e)))?;
                    Some(read_plan(file, &text)?)
                }
                None => None,
            };
            let report = analyze_with(
                &inputs,
                &Options {
                    workload: stated,
                    plan,
                },
            );
            let report = redis_advisor_core::accept::apply(report, &acceptances, today);
            if format != CheckFormat::Human {
                // Written to a file in CI: the notices also go where people look.
                for n in &report.acceptance_notices {
                    let _ = writeln!(
                        io::stderr(),
                        "redis-advisor: {}: {}",
                        n.kind.name(),
                        n.message
                    );
                }
            }
            let text = match format {
                CheckFormat::Json => report.to_json() + "\n",
                CheckFormat::Markdown => render::markdown(&report),
                CheckFormat::Sarif => {
                    serde_json::to_string_pretty(&sarif::sarif(&report, guide_base.as_deref()))
                        .map_err(|e| format!("cannot write SARIF: {e}"))?
                        + "\n"
                }
                CheckFormat::Human => {
                    let colored = match color {
                        ColorChoice::Always => true,
                        ColorChoice::Never => false,
                        ColorChoice::Auto => {
                            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                        }
                    };
                    let config_line = config_file.as_ref().map(|p| {
                        let n = acceptances
                            .iter()
                            .filter(|a| a.origin != "--accept")
                            .count();
                        format!(
                            "{} {}: {}\n",
                            Style { on: colored }.paint("2", "config"),
                            p.to_string_lossy(),
                            redis_advisor_core::units::count(n, "acceptance")
                        )
                    });
                    config_line.unwrap_or_default() + &human(&report, colored)
                }
            };
            write_stdout(&text)?;
            let threshold = match fail_on {
                FailOn::Critical => Some(Severity::Critical),
                FailOn::Warning => Some(Severity::Warning),
                FailOn::Info => Some(Severity::Info),
                FailOn::Never => None,
            };
            let failed = threshold.is_some_and(|t| report.findings.iter().any(|f| f.severity >= t));
            Ok(if failed { EXIT_FINDINGS } else { 0 })
        }
        Command::Estimate { file, format } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| format!("{file}: cannot read: {}", describe_io(&e)))?;
            let plan = read_plan(&file, &text)?;
            let estimate = redis_advisor_core::estimate::estimate(
                &plan,
                &redis_advisor_core::estimate::Limits::default(),
            );
            let out = match format {
                Format::Json => serde_json::to_string_pretty(&estimate).unwrap_or_default() + "\n",
                _ => render_estimate(&estimate),
            };
            write_stdout(&out)?;
            Ok(
                if estimate.available.is_some_and(|a| a < estimate.host_memory) {
                    EXIT_FINDINGS
                } else {
                    0
                },
            )
        }
        Command::Plan {
            file,
            current,
            format,
        } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| format!("{file}: cannot read: {}", describe_io(&e)))?;
            let plan = read_plan(&file, &text)?;
            let current_config = if current.is_empty() {
                None
            } else {
                Some(redis_advisor_core::analyze::effective_config(&read_inputs(
                    &current,
                )?))
            };
            let instances =
                redis_advisor_core::recommend::recommend_with(&plan, current_config.as_ref());
            let out = match format {
                Format::Json => serde_json::to_string_pretty(&instances).unwrap_or_default() + "\n",
                _ => {
                    let mut out = String::new();
                    if instances.len() > 1 {
                        out.push_str("This workload mixes data that must be kept with a cache: run two instances, each configured for its data (docs/eviction.md#one-instance-for-cache-and-queue).\n\n");
                    }
                    for i in &instances {
                        out.push_str(&format!("== {} ==\n\n", i.role));
                        out.push_str(&render_estimate(&i.estimate));
                        out.push_str(&format!("\n-- redis.conf --\n{}\n-- at run time --\n{}\n-- docker / compose --\n{}\n", i.redis_conf(), i.config_set(), i.command_line()));
                    }
                    out
                }
            };
            write_stdout(&out)?;
            Ok(0)
        }
        Command::Rule { id } => {
            let rule = registry::find(&id)
                .ok_or_else(|| format!("no rule `{id}`; `redis-advisor rules` lists them"))?;
            let text = format!(
                "{} ({}) — {}, default severity {}\nGuide: docs/{}\n\n{}\n",
                rule.id,
                rule.code,
                rule.category.name(),
                rule.severity.name(),
                rule.guide,
                rule.doc_markdown()
            );
            write_stdout(&text)?;
            Ok(0)
        }
        Command::Rules => {
            let mut text = String::new();
            for r in registry::RULES {
                text.push_str(&format!(
                    "{:<7} {:<34} {:<9} {}\n",
                    r.code,
                    r.id,
                    r.severity.name(),
                    r.summary()
                ));
            }
            write_stdout(&text)?;
            Ok(0)
        }
    }
}

fn read_inputs(files: &[String]) -> Result<Vec<Input>, String> {
    let names: Vec<&str> = if files.is_empty() {
        vec!["-"]
    } else {
        files.iter().map(String::as_str).collect()
    };
    names
        .into_iter()
        .map(|name| {
            if name == "-" {
                let mut bytes = Vec::new();
                io::stdin()
                    .read_to_end(&mut bytes)
                    .map_err(|e| format!("cannot read standard input: {e}"))?;
                Ok(Input::from_bytes("stdin", &bytes))
            } else {
                let path = std::path::Path::new(name);
                if path.is_dir() {
                    return Err(format!("{name}: is a directory (give the files inside it)"));
                }
                let bytes = std::fs::read(path)
                    .map_err(|e| format!("{name}: cannot read: {}", describe_io(&e)))?;
                Ok(Input::from_bytes(name, &bytes))
            }
        })
        .collect()
}

/// A workload file: JSON, or TOML converted to the same model.
fn read_plan(name: &str, text: &str) -> Result<redis_advisor_core::plan::Plan, String> {
    redis_advisor_core::plan::Plan::read(name, text).map_err(|e| format!("{name}: {e}"))
}

fn render_estimate(e: &redis_advisor_core::estimate::Estimate) -> String {
    use redis_advisor_core::units::human_bytes;
    let mut out = String::new();
    for l in &e.lines {
        out.push_str(&format!(
            "{:<40} {:>12}  ({} – {})  {}\n",
            l.name,
            human_bytes(l.bytes),
            human_bytes(l.low),
            human_bytes(l.high),
            l.detail
        ));
    }
    out.push_str(&format!(
        "\nused_memory when loaded: {} (up to {})\n",
        human_bytes(e.used_memory),
        human_bytes(e.used_memory_high)
    ));
    out.push_str(&format!(
        "recommended maxmemory:  {}\n",
        human_bytes(e.maxmemory)
    ));
    out.push_str(&format!(
        "host or container:      {} — {}\n",
        human_bytes(e.host_memory),
        e.host_detail
    ));
    if let Some(a) = e.available {
        if a < e.host_memory {
            out.push_str(&format!(
                "does not fit: the plan gives {}\n",
                human_bytes(a)
            ));
        } else {
            out.push_str(&format!("fits in the {} the plan gives\n", human_bytes(a)));
        }
    }
    out
}

fn describe_io(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
fn write_stdout(text: &str) -> Result<(), String> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write output: {e}")),
    }
}

struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn severity(&self, s: Severity) -> String {
        let (code, label) = match s {
            Severity::Critical => ("1;31", "CRITICAL"),
            Severity::Warning => ("1;33", "WARNING"),
            Severity::Info => ("1;36", "INFO"),
        };
        self.paint(code, label)
    }
}

fn human(report: &Report, colored: bool) -> String {
    let style = Style { on: colored };
    let mut out = String::new();
    for input in &report.inputs {
        for b in input.blocks.iter().filter(|b| b.kind != "prompt") {
            out.push_str(&format!(
                "{} {}:{}-{}: {}\n",
                style.paint("2", "read"),
                input.source,
                b.first_line,
                b.last_line,
                b.description
            ));
        }
    }
    for d in &report.diagnostics {
        let level = match d.level {
            redis_advisor_core::diag::Level::Error => style.paint("31", "error"),
            redis_advisor_core::diag::Level::Warning => style.paint("33", "warning"),
            redis_advisor_core::diag::Level::Note => style.paint("2", "note"),
        };
        out.push_str(&format!(
            "{level}: {}:{}:{}: {}\n",
            d.source, d.start.line, d.start.column, d.message
        ));
    }
    out.push_str(&format!(
        "{} {}\n",
        style.paint("2", "workload"),
        render::workload_line(report)
            .trim_start_matches("Workload")
            .trim_start_matches([' ', ':'])
    ));
    if !report.inputs.is_empty() || !report.diagnostics.is_empty() {
        out.push('\n');
    }
    for f in &report.findings {
        finding(&mut out, f, &style);
    }
    for n in &report.acceptance_notices {
        out.push_str(&format!(
            "{}: {}: {}\n",
            style.paint("33", "notice"),
            n.kind.name(),
            n.message
        ));
    }
    if !report.acceptance_notices.is_empty() {
        out.push('\n');
    }
    for a in &report.accepted {
        let f = &a.finding;
        let node = f
            .node
            .as_ref()
            .map(|n| format!(" [{n}]"))
            .unwrap_or_default();
        out.push_str(&format!(
            "{} {} {} {}{node}\n",
            style.paint("2", "ACCEPTED"),
            f.severity.name(),
            f.title,
            style.paint("2", &format!("({})", f.id))
        ));
        out.push_str(&format!("  {}\n\n", render::accepted_line(a)));
    }
    let c = report.summary;
    let accepted = if report.accepted.is_empty() {
        String::new()
    } else {
        format!(", {} accepted", report.accepted.len())
    };
    out.push_str(&format!(
        "{} critical, {} warning, {} info{accepted}\n",
        c.critical, c.warning, c.info
    ));
    out
}

fn finding(out: &mut String, f: &Finding, style: &Style) {
    let node = f
        .node
        .as_ref()
        .map(|n| format!(" [{n}]"))
        .unwrap_or_default();
    out.push_str(&format!(
        "{} {} {}{node}\n",
        style.severity(f.severity),
        style.paint("1", &f.title),
        style.paint("2", &format!("({})", f.id))
    ));
    out.push_str(&format!("  {}\n", f.detail));
    for e in &f.evidence {
        let at = match e.line {
            Some(l) => format!("{}:{l}", e.source),
            None => e.source.clone(),
        };
        for (i, line) in e.text.lines().enumerate() {
            let label = if i == 0 { at.as_str() } else { "" };
            out.push_str(&format!(
                "  {} {}\n",
                style.paint("2", &format!("{label:>16} |")),
                line
            ));
        }
    }
    if let Some(fix) = &f.fix {
        for line in &fix.conf {
            out.push_str(&format!("  {} {line}\n", style.paint("32", "redis.conf:")));
        }
        for line in &fix.config_set {
            out.push_str(&format!("  {} {line}\n", style.paint("32", "   run now:")));
        }
        if let Some(note) = &fix.note {
            out.push_str(&format!("  {} {note}\n", style.paint("32", "       note:")));
        }
    }
    out.push_str(&format!(
        "  {} docs/{}\n\n",
        style.paint("34", "      guide:"),
        f.guide
    ));
}
