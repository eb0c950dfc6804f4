//! The CLI's case files: arguments, exit code and the exact output, in
//! tests/cmd/*.toml (TRYCMD=overwrite rewrites them after a deliberate change).

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
