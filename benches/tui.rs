//! `cargo bench --bench tui`: the triage screen's speed. First frame for a generated gitleaks
//! report of 100,000 findings (parse, merge, group, draw); then, with 1,000,000 findings loaded,
//! the time to draw a frame after a key press and to apply a filter keystroke and draw.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use leakdesk::allowlist::AllowlistFile;
use leakdesk::finding::{Evidence, Finding};
use leakdesk::playbook::Library;
use leakdesk::report::{self, Root, merge::merge};
use leakdesk::triage::TriageFile;
use leakdesk::tui::model::Model;
use leakdesk::tui::theme::Theme;
use leakdesk::tui::ui::{ViewState, render};
use leakdesk::tui::update::{Action, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const PROVIDERS: [(&str, &str, &str); 4] = [
    ("github-pat", "ghp_", "github"),
    ("aws-access-token", "AKIA", "aws"),
    ("slack-bot-token", "xoxb-", "slack"),
    ("generic-api-key", "", ""),
];

fn main() {
    let theme = Theme::plain();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test backend");

    // First frame for a 100,000-finding report.
    let report = gitleaks_report(100_000);
    let start = Instant::now();
    let parsed = report::parse(
        "bench.json",
        report.as_bytes(),
        None,
        &Root::new(Path::new("/srv/app")),
    )
    .expect("parse");
    let model = new_model(merge(parsed.findings));
    let mut view = ViewState::default();
    terminal
        .draw(|f| render(f, &mut view, &model, &theme))
        .expect("draw");
    let first_frame = start.elapsed();
    drop(model);

    // A million findings: frames after key presses, and filter keystrokes.
    let start = Instant::now();
    let mut model = new_model(findings(1_000_000));
    let load = start.elapsed();
    let mut view = ViewState::default();
    terminal
        .draw(|f| render(f, &mut view, &model, &theme))
        .expect("draw");
    let mut frames = Vec::new();
    for i in 0..200 {
        let start = Instant::now();
        update(
            &mut model,
            if i % 50 == 49 {
                Action::PageDown
            } else {
                Action::Down
            },
        );
        terminal
            .draw(|f| render(f, &mut view, &model, &theme))
            .expect("draw");
        frames.push(start.elapsed());
    }
    let mut filters = Vec::new();
    update(&mut model, Action::StartFilter);
    for c in "src/m12".chars() {
        let start = Instant::now();
        update(&mut model, Action::FilterChar(c));
        terminal
            .draw(|f| render(f, &mut view, &model, &theme))
            .expect("draw");
        filters.push(start.elapsed());
    }
    black_box(&model.visible);
    println!("leakdesk triage screen");
    println!(
        "  first frame, 100,000-finding report: {:.0} ms (parse, merge, group, draw)",
        ms(first_frame)
    );
    println!("  1,000,000 findings grouped in:       {:.0} ms", ms(load));
    println!(
        "  frame after a key press:             median {:.2} ms, worst {:.2} ms ({} presses)",
        ms(median(&mut frames)),
        ms(*frames.iter().max().unwrap_or(&Duration::ZERO)),
        frames.len()
    );
    println!(
        "  filter keystroke (filter + draw):    median {:.0} ms, worst {:.0} ms ({} keystrokes)",
        ms(median(&mut filters)),
        ms(*filters.iter().max().unwrap_or(&Duration::ZERO)),
        filters.len()
    );
}

fn new_model(findings: Vec<Finding>) -> Model {
    Model::new(
        findings,
        AllowlistFile::default(),
        TriageFile::default(),
        Library::bundled(),
        "2026-11-23".into(),
    )
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

/// Fake secrets; every fifth repeats an earlier one in another file, as real histories do.
fn findings(n: usize) -> Vec<Finding> {
    (0..n)
        .map(|i| {
            let (rule, prefix, provider) = PROVIDERS[i % PROVIDERS.len()];
            let secret = if i % 5 == 4 {
                format!("{prefix}FAKE{:032}", i / 5)
            } else {
                format!("{prefix}FAKE{i:032}")
            };
            let mut f = Finding::new(
                "gitleaks",
                rule,
                format!("services/svc{}/src/m{}/config_{i}.py", i % 97, i % 13),
                Evidence::secret(secret),
            );
            f.line = Some((i % 400) as u32 + 1);
            f.provider = (!provider.is_empty()).then(|| provider.to_owned());
            f.finish()
        })
        .collect()
}

fn gitleaks_report(n: usize) -> String {
    let mut s = String::from("[");
    for i in 0..n {
        let (rule, prefix, _) = PROVIDERS[i % PROVIDERS.len()];
        if i > 0 {
            s.push(',');
        }
        s.push_str(&format!(
            "\n {{\"RuleID\":\"{rule}\",\"StartLine\":{},\"StartColumn\":12,\"Match\":\"TOKEN = {prefix}FAKE{i:032}\",\"Secret\":\"{prefix}FAKE{i:032}\",\"File\":\"/srv/app/services/svc{}/config_{i}.py\",\"Commit\":\"{:040x}\",\"Author\":\"Dana\",\"Email\":\"dana@acme-shop.example\",\"Date\":\"2026-10-02T09:14:27Z\",\"Fingerprint\":\"x\"}}",
            i % 400 + 1,
            i % 97,
            i
        ));
    }
    s.push_str("\n]\n");
    s
}
