//! Everything a run works on, loaded once: the findings (read from reports or scanned), the
//! allowlist, the triage state, the playbooks and where they live, and the verdicts computed
//! from them by [`Verdicts::compute`]. `list`, `check`, the `allowlist` commands and the triage
//! screen all start from one of these (built by `cli::load`), so they judge alike.

use std::path::PathBuf;

use crate::allowlist::AllowlistFile;
use crate::finding::Finding;
use crate::output::Row;
use crate::playbook::Library;
use crate::triage::TriageFile;
use crate::verdicts::{Secrets, Verdicts};

/// Where a run's decision files are.
#[derive(Debug, Clone)]
pub struct Paths {
    /// The repository root reported paths are relative to, and where `.leakdesk/` is found.
    pub root: PathBuf,
    pub allowlist: PathBuf,
    pub state: PathBuf,
}

pub struct Workspace {
    pub findings: Vec<Finding>,
    pub secrets: Secrets,
    pub verdicts: Verdicts,
    pub allowlist: AllowlistFile,
    pub triage: TriageFile,
    pub playbooks: Library,
    pub paths: Paths,
    /// `YYYY-MM-DD`: the day the verdicts were computed for (entries expire after their day).
    pub today: String,
    /// Paths a scan could not read: the findings are incomplete.
    pub unreadable: usize,
    /// Problems met loading (entries left out, playbooks skipped), each in full.
    pub warnings: Vec<String>,
}

impl Workspace {
    /// The workspace of these findings and decisions, with their verdicts computed.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        findings: Vec<Finding>,
        allowlist: AllowlistFile,
        triage: TriageFile,
        playbooks: Library,
        paths: Paths,
        today: String,
        unreadable: usize,
        warnings: Vec<String>,
    ) -> Self {
        let secrets = Secrets::group(&findings);
        let verdicts = Verdicts::compute(&findings, &secrets, &allowlist, &triage, &today);
        Self {
            findings,
            secrets,
            verdicts,
            allowlist,
            triage,
            playbooks,
            paths,
            today,
            unreadable,
            warnings,
        }
    }

    /// The findings with their status, all of them or only those no entry hides.
    pub fn rows(&self, all: bool) -> Vec<Row<'_>> {
        self.findings
            .iter()
            .zip(&self.verdicts.findings)
            .filter(|(_, v)| all || !v.hidden())
            .map(|(finding, v)| Row {
                finding,
                status: v.status,
            })
            .collect()
    }
}
