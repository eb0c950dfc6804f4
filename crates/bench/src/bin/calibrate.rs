//! Calibration harness: loads each case of the matrix into a real
//! redis-server (started here, 127.0.0.1, a free port, stopped at the end),
//! reads `used_memory` before and after, and prints the estimator's error.
//!
//!   cargo run --release -p redis-advisor-bench --bin calibrate            # every case
//!   cargo run --release -p redis-advisor-bench --bin calibrate -- --quick # the CI subset
//!   ... -- --write crates/core/tests/calibration.tsv                       # record measurements
// A harness on the host, never in the web build: the standard parser is fine here.
#![allow(clippy::disallowed_methods)]

use redis_advisor_core::estimate::cases::{Case, cases, predict};
use redis_advisor_core::plan::ValueSpec;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server(Child, u16);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start() -> Server {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(7390);
    let child = Command::new("redis-server")
        .args([
            "--port",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            "/tmp",
        ])
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("redis-server could not start ({e}): run bash scripts/setup.sh")
        });
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "redis-server did not listen");
        std::thread::sleep(Duration::from_millis(50));
    }
    Server(child, port)
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

fn used_memory(port: u16) -> u64 {
    let stream = TcpStream::connect(("127.0.0.1", port)).unwrap_or_else(|e| panic!("{e}"));
    let mut reader = BufReader::new(stream.try_clone().unwrap_or_else(|e| panic!("{e}")));
    let mut w = stream;
    let mut buf = Vec::new();
    encode(&[b"INFO".to_vec(), b"memory".to_vec()], &mut buf);
    let _ = w.write_all(&buf);
    let text = String::from_utf8_lossy(&read_reply(&mut reader)).into_owned();
    text.lines()
        .find_map(|l| l.strip_prefix("used_memory:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
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
        .cloned();
    // --check: exit 1 when a case is off by more than 5% (CI runs `--quick --check`).
    let check = args.iter().any(|a| a == "--check");
    let mut worst: f64 = 0.0;
    let server = start();
    let port = server.1;
    // Warm up every command (7.0 allocates a latency histogram per command name on first use).
    for w in [
        "SET", "HSET", "SADD", "ZADD", "RPUSH", "XADD", "EXISTS", "FLUSHALL", "INFO", "DEL",
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
    let mut rows = Vec::new();
    println!("| case | keys | measured | estimated | error |");
    println!("| --- | --- | --- | --- | --- |");
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .cloned();
    for case in cases(quick)
        .into_iter()
        .filter(|c| only.as_ref().is_none_or(|o| c.name.contains(o.as_str())))
    {
        run(port, [vec![s("FLUSHALL")]]);
        std::thread::sleep(Duration::from_millis(100));
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
            "{}: loaded in {:.1} s",
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
        let estimated = predict(&case);
        let error = (estimated as f64 - measured as f64) / measured.max(1) as f64 * 100.0;
        println!(
            "| {} | {} | {} | {} | {error:+.2}% |",
            case.name, case.count, measured, estimated
        );
        rows.push(format!("{}\t{}", case.name, measured));
        worst = worst.max(error.abs());
    }
    println!("\nworst error: {worst:.2}%");
    if let Some(path) = write {
        let body = format!(
            "# case\tmeasured used_memory delta (bytes), Redis 7.0.15: written by calibrate --write\n{}\n",
            rows.join("\n")
        );
        std::fs::write(&path, body).unwrap_or_else(|e| panic!("{path}: {e}"));
        eprintln!("wrote {path}");
    }
    if check && worst > 5.0 {
        eprintln!("calibrate: an estimate is off by more than 5%");
        std::process::exit(1);
    }
}
