use super::{Context, Finding};
use crate::units::human_bytes;

crate::declare_rule! {
    /// More than 1,000 Lua scripts are cached.
    ///
    /// ## What it checks
    /// INFO's `number_of_cached_scripts` above 1,000 (the `MEMORY DOCTOR` threshold).
    ///
    /// ## Why it matters
    /// Every distinct script sent with `EVAL` stays in the script cache until `SCRIPT FLUSH`
    /// or a restart. Thousands of them usually mean the application builds scripts with values
    /// inside the source instead of passing them as `KEYS`/`ARGV`, so each call adds a new
    /// script and memory grows without bound. Queue libraries load a fixed set (BullMQ a few
    /// dozen), which is fine.
    ///
    /// ## Example
    /// ```text
    /// number_of_cached_scripts:48211
    /// used_memory_scripts_eval:96000000   (7.0+; `used_memory_scripts` before)
    /// ```
    ///
    /// ## Sources
    /// - Redis source, `src/object.c`, `getMemoryDoctorReport()`: more than 1000 cached scripts.
    /// - Redis docs, "Scripting with Lua": parameterize scripts with KEYS and ARGV, load once, call with EVALSHA.
    pub(crate) static RULE = {
        id: ScriptCacheLarge,
        category: Memory,
        severity: Warning,
        since: (5, 0, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(n) = cx
        .info_u64("number_of_cached_scripts")
        .filter(|&n| n > 1000)
    else {
        return;
    };
    let size = cx
        .info_u64("used_memory_scripts_eval")
        .or_else(|| cx.info_u64("used_memory_scripts"))
        .map(|b| format!(" ({})", human_bytes(b)))
        .unwrap_or_default();
    let mut f = cx.finding(
        &RULE,
        format!("{n} Lua scripts cached{size}"),
        "Scripts built with values in their source are cached one per call and never freed. Pass values as KEYS/ARGV, SCRIPT LOAD once and call EVALSHA; SCRIPT FLUSH frees the cache now.",
    );
    f.evidence
        .extend(cx.info_evidence("number_of_cached_scripts"));
    f.evidence
        .extend(cx.info_evidence("used_memory_scripts_eval"));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn fires_above_a_thousand() {
        assert_eq!(
            run(
                RuleId::ScriptCacheLarge,
                &[(
                    "i",
                    "# Memory\nnumber_of_cached_scripts:48211\nused_memory_scripts_eval:96000000\n"
                )]
            )
            .len(),
            1
        );
        assert!(
            run(
                RuleId::ScriptCacheLarge,
                &[("i", "# Memory\nnumber_of_cached_scripts:40\n")]
            )
            .is_empty()
        );
    }
}
