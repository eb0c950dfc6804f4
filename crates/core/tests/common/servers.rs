//! Real Redis and Valkey servers for the tests: every version `scripts/servers.sh`
//! builds into `~/.cache/redis-advisor/servers/` plus Debian's `/usr/bin/redis-server`.
//!
//! ```ignore
//! for build in common::servers::all() {          // fails if one is missing
//!     let server = build.start(&["--maxmemory", "10mb"]);
//!     assert_eq!(server.cli(&["config", "get", "maxmemory"]), "maxmemory\n10485760\n");
//! }                                               // SHUTDOWN NOSAVE, then kill, on drop
//! ```
//!
//! Every server listens on 127.0.0.1 only, on a free port, in its own temporary
//! directory (removed on drop), with its log in `server.log` there. Whatever
//! happens (a failed assertion, a panic), dropping [`Running`] stops it.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Every server the tests run, oldest first: `scripts/servers.sh` builds all
/// but `redis-7.0.15`, which is Debian's package (`bash scripts/setup.sh`).
pub const EXPECTED: &[&str] = &[
    "redis-5.0.14",
    "redis-6.0.20",
    "redis-6.2.16",
    "redis-7.0.15",
    "redis-7.2.6",
    "redis-7.4.1",
    "redis-8.0-m01",
    "valkey-7.2.7",
    "valkey-8.0.1",
];

/// One server build: where its binaries are and what it is.
#[derive(Clone, Debug)]
pub struct Build {
    /// `redis-7.4.1`, `valkey-8.0.1`, `redis-8.0-m01`: the fixture folder's name.
    pub name: String,
    /// `redis` or `valkey`.
    pub engine: String,
    /// The version the server reports as its own (`8.0-m01` reports `7.9.224`;
    /// Valkey its own version, not the `redis_version` it also prints).
    pub version: (u16, u16, u16),
    /// The folder holding `<engine>-server` and `<engine>-cli`.
    pub bin: PathBuf,
}

/// Where `scripts/servers.sh` puts its builds.
pub fn cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("REDIS_ADVISOR_SERVERS") {
        return PathBuf::from(dir);
    }
    let home = std::env::var_os("HOME").unwrap_or_default();
    Path::new(&home).join(".cache/redis-advisor/servers")
}

/// Every server of [`EXPECTED`], oldest first. Panics, naming the missing ones
/// and how to build them, if any is absent: the tests never skip a version.
pub fn all() -> Vec<Build> {
    let mut builds = Vec::new();
    let mut missing = Vec::new();
    for name in EXPECTED {
        match find(name) {
            Some(b) => builds.push(b),
            None => missing.push(*name),
        }
    }
    assert!(
        missing.is_empty(),
        "servers missing: {missing:?}. Run `bash scripts/setup.sh` (it installs Debian's \
         redis-server and builds the others into {} with scripts/servers.sh)",
        cache_dir().display()
    );
    builds
}

/// One server by name (`redis-7.4.1`), if it is there.
pub fn find(name: &str) -> Option<Build> {
    let (engine, _) = name.split_once('-')?;
    let bin = if name == "redis-7.0.15" {
        PathBuf::from("/usr/bin")
    } else {
        cache_dir().join(name).join("bin")
    };
    let server = bin.join(format!("{engine}-server"));
    if !server.is_file() {
        return None;
    }
    let out = Command::new(&server).arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let version = text
        .split_whitespace()
        .find_map(|w| w.strip_prefix("v="))
        .and_then(parse_version)?;
    if name == "redis-7.0.15" && version != (7, 0, 15) {
        return None;
    }
    Some(Build {
        name: name.to_string(),
        engine: engine.to_string(),
        version,
        bin,
    })
}

fn parse_version(s: &str) -> Option<(u16, u16, u16)> {
    let mut parts = s.split('.').map(|p| p.parse::<u16>().ok());
    Some((parts.next()??, parts.next()??, parts.next()??))
}

/// Ports handed out by this process, so two servers started at once in one
/// test binary never race for the same one.
static STARTED: AtomicUsize = AtomicUsize::new(0);

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("no free port: {e}"));
    listener
        .local_addr()
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("no port: {e}"))
}

impl Build {
    pub fn server_bin(&self) -> PathBuf {
        self.bin.join(format!("{}-server", self.engine))
    }

    pub fn cli_bin(&self) -> PathBuf {
        self.bin.join(format!("{}-cli", self.engine))
    }

    /// Whether the server's own version is at least `major.minor`.
    pub fn at_least(&self, major: u16, minor: u16) -> bool {
        (self.version.0, self.version.1) >= (major, minor)
    }

    pub fn is_valkey(&self) -> bool {
        self.engine == "valkey"
    }

    /// Starts the server with these command-line arguments (after `--port`,
    /// `--bind 127.0.0.1` and `--dir`). Panics with the server's log if it
    /// does not answer.
    pub fn start(&self, args: &[&str]) -> Running {
        self.try_start(None, args)
            .unwrap_or_else(|log| panic!("{} did not start:\n{log}", self.name))
    }

    /// Starts the server from this redis.conf text (written to `redis.conf` in
    /// its directory); `port`, `bind` and `dir` are overridden on the command line.
    pub fn start_with_config(&self, config: &str, args: &[&str]) -> Running {
        self.try_start(Some(config), args)
            .unwrap_or_else(|log| panic!("{} did not start:\n{log}", self.name))
    }

    /// Starts a sentinel (the server binary with `--sentinel`) from this
    /// sentinel.conf text.
    pub fn start_sentinel(&self, config: &str) -> Running {
        self.try_start(Some(config), &["--sentinel"])
            .unwrap_or_else(|log| panic!("{} sentinel did not start:\n{log}", self.name))
    }

    /// Like [`Build::start_with_config`] (no config file when `None`), but a
    /// server that exits or does not answer is an `Err` holding its log: for
    /// tests that a configuration starts, or is refused.
    pub fn try_start(&self, config: Option<&str>, args: &[&str]) -> Result<Running, String> {
        let mut last = String::new();
        // A port seen free can be taken before the server binds it: retry.
        for _ in 0..5 {
            match self.start_once(config, args) {
                Ok(r) => return Ok(r),
                Err((log, port_taken)) => {
                    last = log;
                    if !port_taken {
                        break;
                    }
                }
            }
        }
        Err(last)
    }

    fn start_once(&self, config: Option<&str>, args: &[&str]) -> Result<Running, (String, bool)> {
        let port = free_port();
        let n = STARTED.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!(
            "redis-advisor-{}-{}-{}-{n}",
            self.name,
            std::process::id(),
            port
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        let dir = TempDir(dir);
        let log_path = dir.0.join("server.log");
        let log = std::fs::File::create(&log_path)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", log_path.display()));
        let mut cmd = Command::new(self.server_bin());
        if let Some(text) = config {
            let conf = dir.0.join("redis.conf");
            std::fs::write(&conf, text)
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", conf.display()));
            cmd.arg(&conf);
        }
        cmd.args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--dir"])
            .arg(&dir.0)
            .args(args)
            .stdin(Stdio::null())
            .stdout(log.try_clone().map(Stdio::from).unwrap_or(Stdio::null()))
            .stderr(Stdio::from(log));
        let child = cmd.spawn().unwrap_or_else(|e| {
            panic!(
                "{} could not run ({e}): run `bash scripts/setup.sh`",
                self.server_bin().display()
            )
        });
        let mut running = Running {
            build: self.clone(),
            port,
            child: Some(child),
            password: None,
            dir,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if running.answers() {
                return Ok(running);
            }
            let exited = running
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten())
                .is_some();
            if exited || Instant::now() > deadline {
                let log = running.log();
                let taken = log.contains("Address already in use");
                return Err((log, taken));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// A running server; dropping it stops it (`SHUTDOWN NOSAVE`, then kill) and
/// removes its directory.
pub struct Running {
    pub build: Build,
    pub port: u16,
    child: Option<Child>,
    password: Option<String>,
    dir: TempDir,
}

impl Running {
    /// The server's own directory (its `--dir`, config file and log).
    pub fn dir(&self) -> &Path {
        &self.dir.0
    }

    /// What the server has logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.0.join("server.log")).unwrap_or_default()
    }

    /// The password the default user needs: `cli` passes it with `-a`, and the
    /// shutdown on drop authenticates with it.
    pub fn set_password(&mut self, password: &str) {
        self.password = Some(password.to_string());
    }

    /// Runs the build's own redis-cli against this server and returns its
    /// standard output (`-h 127.0.0.1 -p PORT [-a PASSWORD]` come first).
    pub fn cli(&self, args: &[&str]) -> String {
        String::from_utf8_lossy(&self.cli_output(args).stdout).into_owned()
    }

    /// Like [`Running::cli`], but the whole output (status, stderr).
    pub fn cli_output(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new(self.build.cli_bin());
        cmd.args(["-h", "127.0.0.1", "-p", &self.port.to_string()]);
        if let Some(p) = &self.password {
            cmd.args(["--no-auth-warning", "-a", p]);
        }
        cmd.args(args).stdin(Stdio::null());
        cmd.output().unwrap_or_else(|e| {
            panic!(
                "{} could not run ({e}): run `bash scripts/setup.sh`",
                self.build.cli_bin().display()
            )
        })
    }

    /// Sends one command (inline form) over a fresh connection and returns the
    /// first reply line: quick, with no redis-cli process.
    pub fn command(&self, line: &str) -> Option<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
        let mut request = String::new();
        if let Some(p) = &self.password {
            request.push_str(&format!("AUTH {p}\r\n"));
        }
        request.push_str(line);
        request.push_str("\r\n");
        stream.write_all(request.as_bytes()).ok()?;
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        let wanted = if self.password.is_some() { 2 } else { 1 };
        while buf.iter().filter(|&&b| b == b'\n').count() < wanted {
            let n = stream.read(&mut chunk).ok()?;
            if n == 0 {
                break;
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        let text = String::from_utf8_lossy(&buf).into_owned();
        text.lines().nth(wanted - 1).map(str::to_string)
    }

    /// A connection speaking RESP2 to this server, authenticated when a
    /// password is set: for many commands without a redis-cli process each.
    pub fn connect(&self) -> Conn {
        let stream = TcpStream::connect(("127.0.0.1", self.port))
            .unwrap_or_else(|e| panic!("{}: cannot connect: {e}", self.build.name));
        let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
        let mut conn = Conn {
            reader: std::io::BufReader::new(stream),
        };
        if let Some(p) = &self.password {
            let reply = conn.call(&["AUTH", p]);
            assert_eq!(
                reply,
                Reply::Status("OK".into()),
                "{}: AUTH",
                self.build.name
            );
        }
        conn
    }

    /// The server accepts connections and is not loading its data.
    fn answers(&self) -> bool {
        match self.command("PING") {
            Some(reply) => !reply.starts_with("-LOADING"),
            None => false,
        }
    }

    /// Stops the server now: `SHUTDOWN NOSAVE`, then kill if it is still up
    /// after two seconds. Returns how it went.
    pub fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        let _ = self.command("SHUTDOWN NOSAVE");
        let deadline = Instant::now() + Duration::from_secs(2);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop();
    }
}

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A RESP2 reply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    Status(String),
    Error(String),
    Int(i64),
    Bulk(Option<String>),
    Array(Option<Vec<Reply>>),
}

impl Reply {
    /// A string reply's text (status or bulk).
    pub fn text(&self) -> Option<&str> {
        match self {
            Reply::Status(s) | Reply::Bulk(Some(s)) => Some(s),
            _ => None,
        }
    }
}

/// One connection to a [`Running`] server.
pub struct Conn {
    reader: std::io::BufReader<TcpStream>,
}

impl Conn {
    /// Sends one command (each argument a bulk string) and reads its reply.
    /// Panics if the connection fails: the server went away.
    pub fn call(&mut self, args: &[&str]) -> Reply {
        let mut request = format!("*{}\r\n", args.len()).into_bytes();
        for a in args {
            request.extend_from_slice(format!("${}\r\n", a.len()).as_bytes());
            request.extend_from_slice(a.as_bytes());
            request.extend_from_slice(b"\r\n");
        }
        self.reader
            .get_mut()
            .write_all(&request)
            .unwrap_or_else(|e| panic!("cannot send {args:?}: {e}"));
        self.read_reply()
            .unwrap_or_else(|e| panic!("no reply to {args:?}: {e}"))
    }

    fn read_line(&mut self) -> std::io::Result<String> {
        use std::io::BufRead;
        let mut line = Vec::new();
        self.reader.read_until(b'\n', &mut line)?;
        if line.is_empty() {
            return Err(std::io::Error::other("connection closed"));
        }
        while line.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
            line.pop();
        }
        Ok(String::from_utf8_lossy(&line).into_owned())
    }

    fn read_reply(&mut self) -> std::io::Result<Reply> {
        let line = self.read_line()?;
        let (kind, rest) = line.split_at(line.len().min(1));
        let number = || {
            rest.parse::<i64>()
                .map_err(|_| std::io::Error::other(format!("bad reply line {line:?}")))
        };
        Ok(match kind {
            "+" => Reply::Status(rest.to_string()),
            "-" => Reply::Error(rest.to_string()),
            ":" => Reply::Int(number()?),
            "$" => {
                let n = number()?;
                if n < 0 {
                    Reply::Bulk(None)
                } else {
                    let mut buf = vec![0u8; n as usize + 2];
                    self.reader.read_exact(&mut buf)?;
                    buf.truncate(n as usize);
                    Reply::Bulk(Some(String::from_utf8_lossy(&buf).into_owned()))
                }
            }
            "*" => {
                let n = number()?;
                if n < 0 {
                    Reply::Array(None)
                } else {
                    let mut items = Vec::with_capacity(n as usize);
                    for _ in 0..n {
                        items.push(self.read_reply()?);
                    }
                    Reply::Array(Some(items))
                }
            }
            _ => return Err(std::io::Error::other(format!("bad reply line {line:?}"))),
        })
    }
}
