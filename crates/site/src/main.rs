//! `redis-advisor-site build DOCS OUT`: the guides under DOCS as static pages
//! in OUT (scripts/web-build.sh builds them into dist/guides/).
//! `redis-advisor-site check DIR`: every link and anchor of the HTML under DIR
//! resolves; exit 1 when one does not.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["build", docs, out] => match redis_advisor_site::build(Path::new(docs), Path::new(out)) {
            Ok(files) => {
                println!("site: {} files written to {out}", files.len());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("site: cannot build {docs} into {out}: {e}");
                ExitCode::from(2)
            }
        },
        ["check", dir] => match redis_advisor_site::check(Path::new(dir)) {
            Ok((problems, checked)) if problems.is_empty() => {
                println!("site: {checked} links under {dir}, every one resolves");
                ExitCode::SUCCESS
            }
            Ok((problems, checked)) => {
                for p in &problems {
                    eprintln!("site: broken link: {p}");
                }
                eprintln!("site: {} of {checked} links do not resolve", problems.len());
                ExitCode::from(1)
            }
            Err(e) => {
                eprintln!("site: cannot read {dir}: {e}");
                ExitCode::from(2)
            }
        },
        _ => {
            eprintln!("usage: redis-advisor-site build DOCS OUT | check DIR");
            ExitCode::from(2)
        }
    }
}
