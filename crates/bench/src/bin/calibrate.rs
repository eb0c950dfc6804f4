//! Calibration harness: loads each case of the matrix into real servers of
//! every version (each started here, 127.0.0.1, a free port, stopped at the
//! end), reads `used_memory` before and after, and prints the estimator's
//! error for the server's version.
//!
//!   cargo run --release -p redis-advisor-bench --bin calibrate             # every case, every server
//!   cargo run --release -p redis-advisor-bench --bin calibrate -- --quick  # the CI subset
//!   ... -- --server /usr/bin/redis-server                                   # one server (repeatable)
//!   ... -- --write crates/core/tests/calibration                            # record <server>.tsv files
//!
//! Servers: every `*-server` under ~/.cache/redis-advisor/servers/*/bin/
//! (built by scripts/servers.sh) and Debian's /usr/bin/redis-server.
// A harness on the host, never in the web build: the standard parser and sort are fine here.
#![allow(clippy::disallowed_methods)]

use redis_advisor_core::estimate::Limits;
use redis_advisor_core::estimate::cases::{Case, cases, predict};
use redis_advisor_core::estimate::layout::parse_target;
use redis_advisor_core::plan::ValueSpec;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A server started here, its port and its own directory; killed and
/// removed when dropped, whatever happens.
struct Server(Child, u16, PathBuf);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
        let _ = std::fs::remove_dir_all(&self.2);
    }
}

fn start(binary: &Path, cluster: bool) -> Server {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(7390);
    let dir = std::env::temp_dir().join(format!("calibrate-{}-{port}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut args: Vec<String> = [
        "--port",
        &port.to_string(),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        // The slow log keeps the arguments of commands slower than 10 ms: on a
        // busy machine a 512-field HSET is one, and 128 of them hold ~200 KB.
        "--slowlog-log-slower-than",
        "-1",
        "--dir",
    ]
    .iter()
    .map(|a| a.to_string())
    .collect();
    args.push(dir.to_string_lossy().into_owned());
    if cluster {
        args.extend(
            [
                "--cluster-enabled",
                "yes",
                "--cluster-config-file",
                "nodes.conf",
            ]
            .map(String::from),
        );
    }
    let child = Command::new(binary)
        .args(&args)
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "{} could not start ({e}): run bash scripts/setup.sh and scripts/servers.sh",
                binary.display()
            )
        });
    let deadline = Instant::now() + Duration::from_secs(10);
    let server = Server(child, port, dir);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "redis-server did not listen");
        std::thread::sleep(Duration::from_millis(50));
    }
    if cluster {
        // One node owning every slot: its cluster state turns ok.
        let mut add = vec![s("CLUSTER"), s("ADDSLOTS")];
        add.extend((0..16_384).map(|i: u32| s(i.to_string())));
        run(port, [add]);
        while !info(port, "cluster").contains("cluster_enabled:1") || !cluster_ok(port) {
            assert!(
                Instant::now() < deadline,
                "the cluster node did not turn ok"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    server
}

/// `CLUSTER INFO` says `cluster_state:ok`.
fn cluster_ok(port: u16) -> bool {
    let stream = TcpStream::connect(("127.0.0.1", port)).unwrap_or_else(|e| panic!("{e}"));
    let mut reader = BufReader::new(stream.try_clone().unwrap_or_else(|e| panic!("{e}")));
    let mut w = stream;
    let mut buf = Vec::new();
    encode(&[s("CLUSTER"), s("INFO")], &mut buf);
    let _ = w.write_all(&buf);
    String::from_utf8_lossy(&read_reply(&mut reader)).contains("cluster_state:ok")
}

fn encode(args: &[Vec<u8>], out: &mut Vec<u8>) {
    out.extend_from_slice(format!("*{}\r\n", args.len()).as_bytes());
    for a in args {
        out.extend_from_slice(format!("${}\r\n", a.len()).as_bytes());
        out.extend_from_slice(a);
        out.extend_from_slice(b"\r\n");
    }
}

/// Reads one reply, returning bulk strings' contents (for INFO).
fn read_reply(r: &mut BufReader<TcpStream>) -> Vec<u8> {
    let mut line = String::new();
    let _ = r.read_line(&mut line);
    match line.as_bytes().first() {
        Some(b'$') => {
            let n: i64 = line[1..].trim().parse().unwrap_or(-1);
            if n < 0 {
                return Vec::new();
            }
            let mut buf = vec![0; n as usize + 2];
            let _ = r.read_exact(&mut buf);
            buf.truncate(n as usize);
            buf
        }
        Some(b'*') => {
            let n: i64 = line[1..].trim().parse().unwrap_or(0);
            for _ in 0..n.max(0) {
                read_reply(r);
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// A command: its name and arguments.
type Cmd = Vec<Vec<u8>>;

/// Sends commands pipelined, in batches of 500 or 4 MB, reading every reply.
/// Commands are made as they are sent, so a 10 GB case never sits in this process.
fn run(port: u16, commands: impl IntoIterator<Item = Cmd>) {
    let stream = TcpStream::connect(("127.0.0.1", port)).unwrap_or_else(|e| panic!("{e}"));
    let mut reader = BufReader::new(stream.try_clone().unwrap_or_else(|e| panic!("{e}")));
    let mut writer = stream;
    let mut buf = Vec::new();
    let mut pending = 0;
    let mut flush = |buf: &mut Vec<u8>, pending: &mut usize| {
        writer.write_all(buf).unwrap_or_else(|e| panic!("{e}"));
        for _ in 0..*pending {
            read_reply(&mut reader);
        }
        buf.clear();
        *pending = 0;
    };
    for c in commands {
        encode(&c, &mut buf);
        pending += 1;
        if pending == 500 || buf.len() > 4 << 20 {
            flush(&mut buf, &mut pending);
        }
    }
    flush(&mut buf, &mut pending);
}

/// Empties the server and waits until the memory is freed: Valkey 8.0 frees
/// a plain FLUSHALL in the background (`lazyfree-lazy-user-flush yes`), so
/// FLUSHALL SYNC first (6.2 and later; an error before, where FLUSHALL is
/// synchronous anyway).
fn flush(port: u16) {
    run(port, [vec![s("FLUSHALL"), s("SYNC")], vec![s("FLUSHALL")]]);
    let deadline = Instant::now() + Duration::from_secs(30);
    while field(&info(port, "memory"), "lazyfree_pending_objects").is_some_and(|v| v != "0")
        && Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(100));
}

/// One INFO section, read on a fresh connection.
fn info(port: u16, section: &str) -> String {
    let stream = TcpStream::connect(("127.0.0.1", port)).unwrap_or_else(|e| panic!("{e}"));
    let mut reader = BufReader::new(stream.try_clone().unwrap_or_else(|e| panic!("{e}")));
    let mut w = stream;
    let mut buf = Vec::new();
    encode(&[b"INFO".to_vec(), section.as_bytes().to_vec()], &mut buf);
    let _ = w.write_all(&buf);
    String::from_utf8_lossy(&read_reply(&mut reader)).into_owned()
}

fn field(text: &str, name: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(':'))
        .map(|v| v.trim().to_string())
}

fn used_memory(port: u16) -> u64 {
    field(&info(port, "memory"), "used_memory")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// The servers to calibrate: those named with --server, else every one built
/// by scripts/servers.sh and Debian's.
fn servers(args: &[String]) -> Vec<PathBuf> {
    let named: Vec<PathBuf> = args
        .windows(2)
        .filter(|w| w[0] == "--server")
        .map(|w| PathBuf::from(&w[1]))
        .collect();
    if !named.is_empty() {
        return named;
    }
    let mut found = Vec::new();
    let cache = std::env::var_os("HOME")
        .map(|h| PathBuf::from(h).join(".cache/redis-advisor/servers"))
        .unwrap_or_default();
    if let Ok(dirs) = std::fs::read_dir(&cache) {
        for d in dirs.flatten() {
            // Valkey installs a redis-server beside its valkey-server: one per server.
            if let Some(p) = ["valkey-server", "redis-server"]
                .iter()
                .map(|bin| d.path().join("bin").join(bin))
                .find(|p| p.is_file())
            {
                found.push(p);
            }
        }
    }
    found.sort();
    let debian = PathBuf::from("/usr/bin/redis-server");
    if debian.is_file() {
        found.push(debian);
    }
    found
}

/// The name a server's measurements are filed under: its directory in the
/// cache (`redis-8.0-m01`), else flavor and version from INFO (`redis-7.0.15`).
fn server_name(binary: &Path, info: &str) -> String {
    let dir = binary
        .parent()
        .filter(|b| b.ends_with("bin"))
        .and_then(Path::parent)
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| parse_target(n).is_some());
    dir.unwrap_or_else(|| match field(info, "valkey_version") {
        Some(v) => format!("valkey-{v}"),
        None => format!(
            "redis-{}",
            field(info, "redis_version").unwrap_or_else(|| "unknown".to_string())
        ),
    })
}

fn s(x: impl Into<Vec<u8>>) -> Vec<u8> {
    x.into()
}

fn padded(prefix: &str, i: u64, len: u64) -> Vec<u8> {
    let digits = (len as usize).saturating_sub(prefix.len()).max(1);
    s(format!("{prefix}{i:0digits$}"))
}

/// The commands that create one case's keys, made one at a time.
fn commands(case: &Case) -> impl Iterator<Item = Cmd> + '_ {
    (0..case.count).map(|i| {
        let key = padded(&case.prefix, i, case.key_length);
        let mut c = match &case.value {
            ValueSpec::String {
                size,
                integer: true,
            } => {
                let v = if *size <= 4 { i % 10_000 } else { 123_456_789 };
                vec![s("SET"), key, s(v.to_string())]
            }
            ValueSpec::String { size, .. } | ValueSpec::Json { size } => {
                vec![s("SET"), key, vec![b'x'; *size as usize]]
            }
            ValueSpec::Hash {
                fields,
                field_size,
                value_size,
            } => {
                let mut c = vec![s("HSET"), key];
                for j in 0..*fields {
                    c.push(padded("f", j, *field_size));
                    c.push(vec![b'v'; *value_size as usize]);
                }
                c
            }
            ValueSpec::Set {
                members,
                member_size,
                integers,
            } => {
                let mut c = vec![s("SADD"), key];
                for j in 0..*members {
                    c.push(if *integers {
                        s((j + 1000).to_string())
                    } else {
                        // Members differ from set to set, as real sets' do: where they
                        // fall in each set's table then differs too.
                        padded("m", i * members + j, *member_size)
                    });
                }
                c
            }
            ValueSpec::Zset {
                members,
                member_size,
            } => {
                let mut c = vec![s("ZADD"), key];
                for j in 0..*members {
                    c.push(s((1_700_000_000_000u64 + j).to_string()));
                    c.push(padded("m", j, *member_size));
                }
                c
            }
            ValueSpec::List {
                elements,
                element_size,
            } => {
                let mut c = vec![s("RPUSH"), key];
                c.extend((0..*elements).map(|_| vec![b'e'; *element_size as usize]));
                c
            }
            ValueSpec::Stream { .. } => vec![s("EXISTS"), key],
        };
        if case.ttl {
            c.extend([s("EX"), s("3600")]);
        }
        c
    })
}

/// A BullMQ-shaped queue: each job added, activated and completed as BullMQ's
/// scripts write it, its id in the completed set, four events per job.
fn bullmq_commands(case: &Case, payload: u64) -> Vec<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    let ts = s("1763900000000");
    let opts = {
        let mut o = String::from(
            "{\"attempts\":1,\"delay\":0,\"removeOnComplete\":{\"count\":1000000},\"jobId\":\"auto\",\"backoff\":0}",
        );
        while o.len() < 100 {
            o.push(' ');
        }
        o.truncate(100);
        o
    };
    for i in 1..=case.count {
        let key = s(format!("bull:q:{i}"));
        let id = s(i.to_string());
        out.push(vec![s("INCR"), s("bull:q:id")]);
        out.push(vec![
            s("HSET"),
            key.clone(),
            s("name"),
            s("send-welcome"),
            s("data"),
            vec![b'd'; payload as usize],
            s("opts"),
            s(opts.clone()),
            s("timestamp"),
            ts.clone(),
            s("delay"),
            s("0"),
            s("priority"),
            s("0"),
        ]);
        out.push(vec![
            s("XADD"),
            s("bull:q:events"),
            s("MAXLEN"),
            s("~"),
            s("10000"),
            s("*"),
            s("event"),
            s("added"),
            s("jobId"),
            id.clone(),
            s("name"),
            s("send-welcome"),
        ]);
        out.push(vec![
            s("XADD"),
            s("bull:q:events"),
            s("MAXLEN"),
            s("~"),
            s("10000"),
            s("*"),
            s("event"),
            s("waiting"),
            s("jobId"),
            id.clone(),
            s("prev"),
            s("added"),
        ]);
        out.push(vec![
            s("HSET"),
            key.clone(),
            s("processedOn"),
            ts.clone(),
            s("ats"),
            s("1"),
        ]);
        out.push(vec![
            s("XADD"),
            s("bull:q:events"),
            s("MAXLEN"),
            s("~"),
            s("10000"),
            s("*"),
            s("event"),
            s("active"),
            s("jobId"),
            id.clone(),
            s("prev"),
            s("waiting"),
        ]);
        out.push(vec![
            s("HSET"),
            key,
            s("atm"),
            s("1"),
            s("finishedOn"),
            ts.clone(),
            s("returnvalue"),
            s("null"),
        ]);
        out.push(vec![
            s("ZADD"),
            s("bull:q:completed"),
            ts.clone(),
            id.clone(),
        ]);
        out.push(vec![
            s("XADD"),
            s("bull:q:events"),
            s("MAXLEN"),
            s("~"),
            s("10000"),
            s("*"),
            s("event"),
            s("completed"),
            s("jobId"),
            id,
            s("returnvalue"),
            s("null"),
            s("prev"),
            s("active"),
        ]);
    }
    out
}

/// Streams are built entry by entry.
fn stream_commands(case: &Case) -> impl Iterator<Item = Cmd> + '_ {
    let (entries, fields, field_size, value_size) = match &case.value {
        ValueSpec::Stream {
            entries,
            fields,
            field_size,
            value_size,
        } => (*entries, *fields, *field_size, *value_size),
        _ => (0, 0, 0, 0),
    };
    (0..case.count).flat_map(move |i| {
        let key = padded("k:", i, case.key_length);
        (0..entries).map(move |_| {
            let mut c = vec![s("XADD"), key.clone(), s("*")];
            for f in 0..fields {
                c.push(padded("f", f, field_size));
                c.push(vec![b'v'; value_size as usize]);
            }
            c
        })
    })
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    let write = args
        .iter()
        .position(|a| a == "--write")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    // --check: exit 1 when a case is off by more than 5% (CI runs `--quick --check`).
    let check = args.iter().any(|a| a == "--check");
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .cloned();
    if let Some(dir) = args
        .iter()
        .position(|a| a == "--tables")
        .and_then(|i| args.get(i + 1))
    {
        tables(Path::new(dir));
        return;
    }
    let servers = servers(&args);
    if servers.is_empty() {
        eprintln!(
            "calibrate: no server found: run bash scripts/servers.sh (or scripts/setup.sh for Debian's)"
        );
        std::process::exit(1);
    }
    let mut failed = false;
    let mut summary = Vec::new();
    for binary in servers {
        let (name, worst, median) = calibrate(&binary, quick, only.as_deref(), write.as_deref());
        summary.push(format!(
            "{name}: median error {median:.2}%, largest {worst:.2}%"
        ));
        failed |= worst > 5.0 || median > 2.0;
    }
    println!();
    for line in summary {
        println!("{line}");
    }
    if check && failed {
        eprintln!("calibrate: an estimate is off by more than 5% (or the median by more than 2%)");
        std::process::exit(1);
    }
}

/// Runs the matrix against one server; returns its name, the largest and the
/// median absolute error in percent.
fn calibrate(
    binary: &Path,
    quick: bool,
    only: Option<&str>,
    write: Option<&Path>,
) -> (String, f64, f64) {
    let server = start(binary, false);
    let mut cluster: Option<Server> = None;
    let server_info = info(server.1, "server");
    let name = server_name(binary, &server_info);
    let (flavor, version) = parse_target(&name).unwrap_or_else(|| panic!("{name}: no version"));
    let limits = Limits::for_server(flavor, version);
    let allocator = field(&info(server.1, "memory"), "mem_allocator").unwrap_or_default();
    let startup = field(&info(server.1, "memory"), "used_memory_startup").unwrap_or_default();
    println!(
        "\n## {name} ({}, {allocator}, estimated as {})\n",
        binary.display(),
        limits.layout.name
    );
    warm_up(server.1);
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    println!("| case | keys | measured | estimated | error |");
    println!("| --- | --- | --- | --- | --- |");
    for case in cases(quick)
        .into_iter()
        .filter(|c| only.is_none_or(|o| c.name.contains(o)))
    {
        let port = if case.cluster {
            cluster
                .get_or_insert_with(|| {
                    let c = start(binary, true);
                    warm_up(c.1);
                    c
                })
                .1
        } else {
            server.1
        };
        flush(port);
        let before = used_memory(port);
        let cmds: Box<dyn Iterator<Item = Cmd>> = if !case.parts.is_empty() {
            Box::new(
                case.parts
                    .iter()
                    .flat_map(|p| -> Box<dyn Iterator<Item = Cmd>> {
                        match p.bullmq_payload {
                            Some(payload) => Box::new(bullmq_commands(p, payload).into_iter()),
                            None => Box::new(commands(p)),
                        }
                    }),
            )
        } else if let Some(payload) = case.bullmq_payload {
            Box::new(bullmq_commands(&case, payload).into_iter())
        } else if matches!(case.value, ValueSpec::Stream { .. }) {
            Box::new(stream_commands(&case))
        } else {
            Box::new(commands(&case))
        };
        let started = Instant::now();
        run(port, cmds);
        eprintln!(
            "{name}: {}: loaded in {:.1} s",
            case.name,
            started.elapsed().as_secs_f64()
        );
        // Let incremental rehashing finish (activerehashing runs in serverCron).
        std::thread::sleep(Duration::from_millis(if case.count > 50_000 {
            1500
        } else {
            300
        }));
        let after = used_memory(port);
        let measured = after.saturating_sub(before);
        let estimated = predict(&case, &limits);
        let error = (estimated as f64 - measured as f64) / measured.max(1) as f64 * 100.0;
        println!(
            "| {} | {} | {} | {} | {error:+.2}% |",
            case.name, case.count, measured, estimated
        );
        rows.push(format!("{}\t{}", case.name, measured));
        errors.push(error.abs());
        if let Some(dir) = write {
            let header = format!(
                "{}, {allocator}, used_memory_startup {startup}",
                server_info_line(&server_info)
            );
            record(dir, &name, &header, &rows);
        }
    }
    drop(cluster);
    drop(server);
    errors.sort_by(f64::total_cmp);
    let worst = errors.last().copied().unwrap_or(0.0);
    let median = errors.get(errors.len() / 2).copied().unwrap_or(0.0);
    println!(
        "\n{name}: {} cases, median error {median:.2}%, largest {worst:.2}%",
        errors.len()
    );
    (name, worst, median)
}

/// Runs every command once (7.0 allocates a latency histogram per command
/// name on first use), then empties the server.
fn warm_up(port: u16) {
    for w in [
        "SET", "HSET", "SADD", "ZADD", "RPUSH", "XADD", "INCR", "EXISTS", "FLUSHALL", "INFO", "DEL",
    ] {
        let c: Vec<Vec<u8>> = match w {
            "SET" => vec![s("SET"), s("w"), s("1"), s("EX"), s("10")],
            "HSET" => vec![s("HSET"), s("wh"), s("a"), s("b")],
            "SADD" => vec![s("SADD"), s("ws"), s("1")],
            "ZADD" => vec![s("ZADD"), s("wz"), s("1"), s("a")],
            "RPUSH" => vec![s("RPUSH"), s("wl"), s("a")],
            "XADD" => vec![s("XADD"), s("wx"), s("*"), s("a"), s("b")],
            "INCR" => vec![s("INCR"), s("wi")],
            "INFO" => vec![s("INFO"), s("memory")],
            other => vec![s(other)],
        };
        run(port, [c]);
    }
    run(port, [vec![s("FLUSHALL")]]);
}

/// Records a server's measurements in `dir/<name>.tsv` (after every case, so
/// an interrupted run keeps what it measured); cases measured before and not
/// in this run are kept, in the matrix's order.
fn record(dir: &Path, name: &str, header: &str, rows: &[String]) {
    let path = dir.join(format!("{name}.tsv"));
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    let mut measured: std::collections::BTreeMap<String, String> = old
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(c, m)| (c.to_string(), m.to_string()))
        .collect();
    for row in rows {
        if let Some((c, m)) = row.split_once('\t') {
            measured.insert(c.to_string(), m.to_string());
        }
    }
    let rows: Vec<String> = cases(false)
        .iter()
        .filter_map(|c| Some(format!("{}\t{}", c.name, measured.get(&c.name)?)))
        .collect();
    let body = format!(
        "# case\tmeasured used_memory delta (bytes) on {name} ({header}): written by calibrate --write\n{}\n",
        rows.join("\n")
    );
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    std::fs::write(&path, body).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// Prints, for every committed measurement table in `dir`, the estimator's
/// error case by case (the tables of docs/estimator-accuracy.md), without
/// starting any server.
fn tables(dir: &Path) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "tsv"))
        .collect();
    files.sort();
    let mut summary = Vec::new();
    let mut out = String::new();
    for path in files {
        let name = path
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some((flavor, version)) = parse_target(&name) else {
            continue;
        };
        let limits = Limits::for_server(flavor, version);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let header = text
            .lines()
            .next()
            .and_then(|l| l.split_once(" on "))
            .and_then(|(_, r)| r.split_once(": written"))
            .map(|(h, _)| h.to_string())
            .unwrap_or_default();
        let measured: std::collections::BTreeMap<&str, u64> = text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (c, m) = l.split_once('\t')?;
                Some((c, m.trim().parse().ok()?))
            })
            .collect();
        let mut errors = Vec::new();
        let mut rows = String::new();
        for case in cases(false) {
            let Some(&real) = measured.get(case.name.as_str()) else {
                continue;
            };
            let estimated = predict(&case, &limits);
            let error = (estimated as f64 - real as f64) / real.max(1) as f64 * 100.0;
            errors.push(error.abs());
            rows.push_str(&format!(
                "| {} | {} | {real} | {estimated} | {error:+.2}% |\n",
                case.name, case.count
            ));
        }
        errors.sort_by(f64::total_cmp);
        let worst = errors.last().copied().unwrap_or(0.0);
        let median = errors.get(errors.len() / 2).copied().unwrap_or(0.0);
        summary.push(format!(
            "| {name} | {} | {} | {median:.2}% | {worst:.2}% |",
            limits.layout.name,
            errors.len()
        ));
        out.push_str(&format!(
            "### {name} {{#{}}}\n\n{header}; estimated as {}. {} cases, median error {median:.2}%, largest {worst:.2}%.\n\n| case | keys | measured | estimated | error |\n| --- | --- | --- | --- | --- |\n{rows}\n",
            name.replace('.', "-"),
            limits.layout.name,
            errors.len()
        ));
    }
    println!("| server | estimated as | cases | median error | largest error |");
    println!("| --- | --- | --- | --- | --- |");
    for line in summary {
        println!("{line}");
    }
    println!("\n{out}");
}

/// The server's own words on what it is.
fn server_info_line(info: &str) -> String {
    ["redis_version", "valkey_version", "redis_build_id"]
        .iter()
        .filter_map(|f| field(info, f).map(|v| format!("{f}:{v}")))
        .collect::<Vec<_>>()
        .join(" ")
}
