//! Real Redis and Valkey servers for the tests that prove fixes and
//! recommended configurations: the builds of `common::servers` (every version
//! `scripts/servers.sh` makes, plus Debian's /usr/bin/redis-server 7.0.15,
//! linked with the system jemalloc).
//!
//! Unlike `common::servers`, a server here is started from a redis.conf alone
//! (port, dir and log are rewritten, and only a `bind` that is not loopback is
//! replaced), so the `bind` line under test is the one the server reads, and
//! a command line under test is passed after the file as users would.
//! Each server listens on 127.0.0.1 only, on a port the test picks, in a
//! temporary directory; it is stopped (SHUTDOWN NOSAVE, then killed by pid) and
//! its directory removed when the `Server` is dropped, whatever happens.
// Test support on the host, never in the web build: the standard sort is fine here.
#![allow(clippy::disallowed_methods)]
#![allow(dead_code)]

use redis_advisor_core::version::{Flavor, Version};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// One server binary.
#[derive(Clone, Debug)]
pub struct Build {
    /// `redis-7.2.6`, `valkey-8.0.1`, `debian-7.0.15`.
    pub name: String,
    pub server: PathBuf,
    pub version: Version,
    pub flavor: Flavor,
    /// Built from the source with its bundled jemalloc (active defrag works);
    /// false for Debian's package.
    pub bundled_jemalloc: bool,
}

/// Every server the tests run ([`crate::common::servers::EXPECTED`], built by
/// scripts/servers.sh, plus Debian's 7.0.15), oldest first; panics naming any
/// that is missing, so no version is ever skipped.
pub fn builds() -> Vec<Build> {
    crate::common::servers::all()
        .into_iter()
        .map(|b| Build {
            server: b.server_bin(),
            version: Version::new(b.version.0, b.version.1, b.version.2),
            flavor: if b.is_valkey() {
                Flavor::Valkey
            } else {
                Flavor::Redis
            },
            // redis-7.0.15 is Debian's package, linked with the system jemalloc.
            bundled_jemalloc: b.name != "redis-7.0.15",
            name: b.name,
        })
        .collect()
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("no free port: {e}"));
    listener
        .local_addr()
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("no port: {e}"))
}

pub struct Server {
    child: Child,
    pub port: u16,
    dir: PathBuf,
    /// The password the configuration (or a CONFIG SET) set, to AUTH with.
    password: std::cell::RefCell<Option<String>>,
    /// The redis.conf it was started with, for messages.
    conf: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        // Only a server still running is asked to stop: a port our server never
        // bound (it exited) may be another test's server now.
        let running = matches!(self.child.try_wait(), Ok(None));
        if running && let Ok(mut c) = self.connect() {
            let _: Result<redis::Value, _> = redis::cmd("SHUTDOWN").arg("NOSAVE").query(&mut c);
        }
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Is every address of a `bind` line a loopback one?
fn loopback_only(args: &[String]) -> bool {
    args.iter().skip(1).all(|a| {
        let a = a.trim_start_matches('-');
        a.starts_with("127.") || a == "::1"
    })
}

/// The configuration as the server gets it: the text under test, with `port`
/// and `dir` replaced by the test's own and any `bind` that is not loopback
/// replaced by `bind 127.0.0.1`, so nothing listens beyond this host.
fn confined(conf: &str, port: u16, dir: &Path) -> (String, Option<String>) {
    let mut out = String::new();
    let mut password = None;
    let mut bound = false;
    for line in conf.lines() {
        let args = redis_advisor_core::parse::conf::split_args(line).unwrap_or_default();
        let name = args
            .first()
            .map(|a| a.to_ascii_lowercase())
            .unwrap_or_default();
        match name.as_str() {
            "port" | "dir" | "daemonize" | "logfile" | "pidfile" | "unixsocket" | "tls-port" => {
                continue;
            }
            "bind" if !loopback_only(&args) => {
                out.push_str("bind 127.0.0.1\n");
                bound = true;
                continue;
            }
            "bind" => bound = true,
            "requirepass" => password = args.get(1).cloned().filter(|p| !p.is_empty()),
            _ => {}
        }
        out.push_str(line);
        out.push('\n');
    }
    if !bound {
        out.push_str("bind 127.0.0.1\n");
    }
    out.push_str(&format!(
        "port {port}\ndir {}\ndaemonize no\nlogfile \"{}\"\n",
        dir.display(),
        dir.join("server.log").display()
    ));
    (out, password)
}

impl Build {
    /// Starts this server from a redis.conf holding `conf`. `Err` carries the
    /// server's own words when it refuses to start.
    pub fn start(&self, conf: &str) -> Result<Server, String> {
        self.start_with_args(conf, "")
    }

    /// The same, with a command line's options after the config file (as
    /// `redis-server FILE --name value ...`), confined the same way.
    pub fn start_with_args(&self, conf: &str, command_line: &str) -> Result<Server, String> {
        let words = redis_advisor_core::parse::conf::split_args(command_line.trim())
            .map_err(|e| format!("{command_line}: {e:?}"))?;
        let mut options: Vec<Vec<String>> = Vec::new();
        for w in words.into_iter().skip_while(|w| !w.starts_with("--")) {
            match (w.strip_prefix("--"), options.last_mut()) {
                (Some(name), _) => options.push(vec![name.to_string()]),
                (None, Some(last)) => last.push(w),
                (None, None) => {}
            }
        }
        let mut extra: Vec<String> = Vec::new();
        let mut password = None;
        for o in options {
            let name = o.first().cloned().unwrap_or_default();
            match name.as_str() {
                "port" | "dir" | "daemonize" | "logfile" => continue,
                "bind" if !loopback_only(&o) => continue,
                "requirepass" => password = o.get(1).cloned(),
                _ => {}
            }
            extra.push(format!("--{name}"));
            extra.extend(o.into_iter().skip(1));
        }
        // A port seen free can be taken by another test's server before this one
        // binds it: then try another.
        let mut last = String::new();
        for _ in 0..5 {
            let mut server = self.launch(conf, &extra)?;
            if password.is_some() {
                server.password = std::cell::RefCell::new(password.clone());
            }
            match server.wait_ready(self) {
                Err(e) if e.contains("Address already in use") => last = e,
                other => return other,
            }
        }
        Err(last)
    }

    fn launch(&self, conf: &str, extra: &[String]) -> Result<Server, String> {
        let port = free_port();
        static STARTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = STARTED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!(
            "redis-advisor-proof-{}-{port}-{}-{n}",
            self.name,
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let (text, password) = confined(conf, port, &dir);
        let file = dir.join("redis.conf");
        std::fs::write(&file, &text).map_err(|e| format!("{}: {e}", file.display()))?;
        let child = Command::new(&self.server)
            .arg(&file)
            .args(extra)
            .current_dir(&dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("{}: {e}", self.server.display()))?;
        Ok(Server {
            child,
            port,
            dir,
            password: std::cell::RefCell::new(password),
            conf: text,
        })
    }
}

impl Server {
    fn wait_ready(mut self, build: &Build) -> Result<Server, String> {
        let server = &mut self;
        let text = server.conf.clone();
        let port = server.port;
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Ok(Some(status)) = server.child.try_wait() {
                let log =
                    std::fs::read_to_string(server.dir.join("server.log")).unwrap_or_default();
                let mut stderr = String::new();
                if let Some(mut e) = server.child.stderr.take() {
                    use std::io::Read;
                    let _ = e.read_to_string(&mut stderr);
                }
                return Err(format!(
                    "{} exited ({status}) at start:\n{}{}\n--- redis.conf ---\n{text}",
                    build.name,
                    stderr.trim(),
                    log.lines()
                        .filter(|l| l.contains('#') || l.contains("FATAL") || l.contains("rror"))
                        .collect::<Vec<_>>()
                        .join("\n")
                ));
            }
            if server.ping().is_ok() {
                // The server answering must be this one, not another test's that
                // took the port first.
                let ours = server.connect().ok().and_then(|mut c| {
                    let dir = server.config_get(&mut c, "dir")?;
                    Some(Path::new(&dir) == server.dir.as_path())
                });
                if ours == Some(false) {
                    let _ = server.child.kill();
                    return Err(format!(
                        "{}: Address already in use (port {port} taken)",
                        build.name
                    ));
                }
                // A server whose CONFIG is renamed cannot say: it is taken as ours.
                return Ok(self);
            }
            if Instant::now() > deadline {
                return Err(format!("{} did not answer on 127.0.0.1:{port}", build.name));
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }
}

impl Server {
    pub fn connect(&self) -> Result<redis::Connection, String> {
        let client = redis::Client::open(format!("redis://127.0.0.1:{}/", self.port))
            .map_err(|e| e.to_string())?;
        let mut c = client
            .get_connection_with_timeout(Duration::from_secs(5))
            .map_err(|e| e.to_string())?;
        if let Some(p) = self.password.borrow().as_ref() {
            redis::cmd("AUTH")
                .arg(p)
                .query::<redis::Value>(&mut c)
                .map_err(|e| e.to_string())?;
        }
        Ok(c)
    }

    pub fn ping(&self) -> Result<(), String> {
        let mut c = self.connect()?;
        let pong: String = redis::cmd("PING")
            .query(&mut c)
            .map_err(|e| e.to_string())?;
        if pong == "PONG" { Ok(()) } else { Err(pong) }
    }

    /// Runs one command line as redis-cli would split it; the error text on
    /// refusal. A password it sets is the one later connections (and the stop
    /// on drop) authenticate with.
    pub fn run(&self, c: &mut redis::Connection, line: &str) -> Result<(), String> {
        let args = redis_advisor_core::parse::conf::split_args(line)
            .map_err(|e| format!("{line}: {e:?}"))?;
        let mut cmd = redis::cmd(args.first().map_or("", String::as_str));
        for a in args.iter().skip(1) {
            cmd.arg(a);
        }
        cmd.query::<redis::Value>(c).map_err(|e| e.to_string())?;
        let lower: Vec<String> = args
            .iter()
            .take(3)
            .map(|a| a.to_ascii_lowercase())
            .collect();
        if lower == ["config", "set", "requirepass"] {
            *self.password.borrow_mut() = args.get(3).cloned().filter(|p| !p.is_empty());
        }
        Ok(())
    }

    /// `CONFIG GET name`: the value, if the server has the parameter.
    pub fn config_get(&self, c: &mut redis::Connection, name: &str) -> Option<String> {
        let v: Vec<String> = redis::cmd("CONFIG").arg("GET").arg(name).query(c).ok()?;
        v.get(1).cloned()
    }

    /// Sets the password later commands authenticate with (after a fix set one).
    pub fn set_password(&mut self, password: Option<String>) {
        *self.password.borrow_mut() = password;
    }
}

/// An INFO header naming the version, the way each server prints it; derived
/// input, not a capture.
pub fn info_header(build: &Build) -> String {
    match build.flavor {
        Flavor::Valkey => format!(
            "# Server\r\nredis_version:7.2.4\r\nserver_name:valkey\r\nvalkey_version:{}\r\n",
            build.version
        ),
        Flavor::Redis => format!("# Server\r\nredis_version:{}\r\n", build.version),
    }
}
