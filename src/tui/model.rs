//! What the triage screen knows: the findings grouped by secret, the filter, the selection,
//! the open overlay. No terminal, no files: `update` changes it, `ui` draws it.

use ratatui_textarea::TextArea;

use crate::allowlist::{AllowlistFile, Kind};
use crate::finding::{Finding, Status};
use crate::playbook::{Library, Playbook};
use crate::triage::TriageFile;

/// All findings of one secret: one decision covers every place it appears.
#[derive(Debug, Clone)]
pub struct Group {
    pub fingerprint: String,
    /// Its index in the verdicts' secrets.
    pub secret: usize,
    /// Indices into `Model::findings`, in file/line order.
    pub members: Vec<usize>,
    /// Lowercased text the filter searches: provider, rules, paths, tools.
    pub haystack: String,
    /// A tool verified it live at one of its places.
    pub live: bool,
}

/// The order of the list; `s` cycles through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// By file and line (as loaded).
    Place,
    Provider,
    /// Open first, then investigating, then decided.
    Status,
    /// Verified live first (the default: those are the incidents), then by file and line.
    #[default]
    Live,
}

impl Sort {
    pub fn next(self) -> Self {
        match self {
            Self::Place => Self::Provider,
            Self::Provider => Self::Status,
            Self::Status => Self::Live,
            Self::Live => Self::Place,
        }
    }

    /// The name `ui.json` keeps.
    pub fn name(self) -> &'static str {
        match self {
            Self::Place => "file",
            Self::Provider => "provider",
            Self::Status => "status",
            Self::Live => "live",
        }
    }

    pub fn named(name: &str) -> Option<Self> {
        [Self::Place, Self::Provider, Self::Status, Self::Live]
            .into_iter()
            .find(|s| s.name() == name)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Place => "file",
            Self::Provider => "provider",
            Self::Status => "status",
            Self::Live => "verified live first",
        }
    }
}

/// What the facets narrow by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Provider,
    Rule,
    Tool,
    Status,
    Verified,
    /// The folder a place is in, to two levels (`services/billing/`): with 200,000 findings,
    /// the facet people narrow by first.
    Path,
}

impl Field {
    pub const ALL: [Field; 6] = [
        Self::Provider,
        Self::Rule,
        Self::Tool,
        Self::Status,
        Self::Verified,
        Self::Path,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Provider => "provider",
            Self::Rule => "rule",
            Self::Tool => "tool",
            Self::Status => "status",
            Self::Verified => "verified",
            Self::Path => "path",
        }
    }
}

/// `services/billing/` for `services/billing/api/settings.py`; `(top level)` for a file at
/// the root.
fn folder(file: &str) -> String {
    let parts: Vec<&str> = file.split('/').filter(|p| !p.is_empty()).collect();
    match parts.len() {
        0 | 1 => "(top level)".to_owned(),
        n => parts[..(n - 1).min(2)].join("/") + "/",
    }
}

/// Which part of the screen keys go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    /// The selected secret's detail: scrolled by a line cursor; Enter opens the place under it.
    Detail,
    Checklist,
}

impl Focus {
    /// Tab's order: list, detail, checklist.
    pub fn next(self) -> Self {
        match self {
            Self::List => Self::Detail,
            Self::Detail => Self::Checklist,
            Self::Checklist => Self::List,
        }
    }

    pub fn previous(self) -> Self {
        match self {
            Self::List => Self::Checklist,
            Self::Detail => Self::List,
            Self::Checklist => Self::Detail,
        }
    }
}

/// The false-positive (and other outcome) form.
pub struct Form {
    pub kind: Kind,
    /// Everywhere (`None`) or under this path or glob.
    pub scope: Option<String>,
    pub scope_input: TextArea<'static>,
    pub expires: TextArea<'static>,
    pub reason: TextArea<'static>,
    pub field: FormField,
    pub error: Option<String>,
    /// The group being decided; several when a bulk decision is being made.
    pub targets: Vec<usize>,
    /// The allowlist entry being edited instead (from the allowlist view).
    pub editing: Option<crate::allowlist::Entry>,
    /// The person was told a target is verified live and saves again to confirm.
    pub live_confirmed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormField {
    Kind,
    Scope,
    Expires,
    Reason,
}

pub enum Overlay {
    /// Every problem met loading the screen (theme, keys, playbooks, files), in full.
    Warnings {
        scroll: u16,
    },
    Help {
        scroll: u16,
    },
    /// The provider's whole playbook: grants, risks, abuse checks, checklist, dependents.
    Playbook {
        scroll: u16,
    },
    /// Values of each field with how many shown secrets have them; space narrows to one.
    Facets {
        cursor: usize,
        items: Vec<(Field, String, usize)>,
    },
    /// The allowlist's entries with how many findings each hides and whether it is stale.
    Allowlist {
        cursor: usize,
        health: Vec<(crate::allowlist::Health, usize)>,
        /// Per entry, who verified the secret it hides live.
        live: Vec<Option<String>>,
        /// Per entry, the findings it hides (for the selected entry's places).
        hidden: Vec<Vec<usize>>,
    },
    Form(Box<Form>),
    /// The code that takes the selected secret out of its file, by one method in one language.
    Fix {
        method: crate::fix::Method,
        lang: crate::fix::Lang,
        scroll: u16,
    },
}

/// A message in the status line: what just happened, or what went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

impl Notice {
    pub fn ok(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            error: false,
        }
    }

    pub fn error(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            error: true,
        }
    }
}

/// The last change to the allowlist, so `u` can take it back.
#[derive(Debug, Clone)]
pub enum Undo {
    /// Entries added (by these keys): undo removes them.
    Added {
        keys: Vec<(String, Option<String>)>,
        label: String,
    },
    /// Entries removed or replaced: undo puts these back.
    Removed {
        entries: Vec<crate::allowlist::Entry>,
        replaced_by: Option<(String, Option<String>)>,
        label: String,
    },
}

pub struct Model {
    pub findings: Vec<Finding>,
    pub groups: Vec<Group>,
    /// Group indices shown, after the filter and the hidden/shown toggle.
    pub visible: Vec<usize>,
    /// Index into `visible`.
    pub selected: usize,
    pub filter: String,
    pub filtering: bool,
    pub show_allowlisted: bool,
    /// The fingerprint whose secret is revealed; cleared when the selection moves.
    pub revealed: Option<String>,
    pub focus: Focus,
    pub checklist_cursor: usize,
    /// The allowlist file, as the allowlist view names it.
    pub allowlist_file: String,
    /// Where the cursor goes once the allowlist change under way is saved.
    pub after_save: Option<super::update::After>,
    /// The line of the detail pane the cursor is on.
    pub detail_cursor: usize,
    /// Per line of the detail as last drawn, the finding whose place it shows.
    pub detail_places: Vec<Option<usize>>,
    pub overlay: Option<Overlay>,
    pub notice: Option<Notice>,
    pub allowlist: AllowlistFile,
    pub triage: TriageFile,
    /// A note being typed for the selected secret (`N`), until enter saves it.
    pub note: Option<String>,
    pub playbooks: Library,
    /// The fix templates (bundled, with the user's and the repository's on top).
    pub fixes: crate::fix::Library,
    pub marked: std::collections::BTreeSet<usize>,
    pub undo: Option<Undo>,
    pub today: String,
    /// Now, as RFC 3339: the time a written record carries (the app sets it before each key).
    pub now: String,
    pub should_quit: bool,
    /// Rows the list showed at the last draw, for page keys (from [`super::update::Action::Layout`]).
    pub page: usize,
    /// How far the open help or playbook can scroll at the current size.
    pub scroll_max: u16,
    pub sort: Sort,
    /// Narrowing by field values (all must hold).
    pub facets: Vec<(Field, String)>,
    /// Problems met loading the screen (theme, keys, playbooks, decision files), each in full.
    pub warnings: Vec<String>,
    /// Every command with its keys as bound now (defaults and `keys.json`): the help and the
    /// status-line hints are drawn from it.
    pub help: Vec<super::keymap::HelpRow>,
    /// The findings grouped by secret, once.
    secrets: crate::verdicts::Secrets,
    /// What the allowlist and triage state decide, from the one engine `check` uses too.
    /// Recomputed only when decisions change, so frames and keystrokes do not re-check a
    /// million secrets.
    verdicts: crate::verdicts::Verdicts,
    open: usize,
    /// Open secrets a tool verified live: the header's count.
    open_live: usize,
    /// Per group (in list order): whether it is open, read by every filter keystroke.
    group_open: Vec<bool>,
    /// Whether some secret is open with some of its places allowlisted (the list then widens
    /// its status column), computed with the verdicts rather than per frame.
    partly: bool,
    /// Each group's position in load order, so sorting back by place is exact.
    original_order: Vec<usize>,
    /// The filter and toggle `visible` was computed for: a filter that only grew narrows it.
    computed_for: Option<(String, bool)>,
    /// With facets chosen, the secrets the filter alone keeps (the facets' counts start there).
    filtered: Option<Vec<usize>>,
}

impl Model {
    pub fn new(
        findings: Vec<Finding>,
        allowlist: AllowlistFile,
        triage: TriageFile,
        playbooks: Library,
        today: String,
    ) -> Self {
        let secrets = crate::verdicts::Secrets::group(&findings);
        let groups = group(&findings, &secrets);
        let mut m = Self {
            findings,
            groups,
            visible: Vec::new(),
            selected: 0,
            filter: String::new(),
            filtering: false,
            show_allowlisted: false,
            revealed: None,
            focus: Focus::List,
            checklist_cursor: 0,
            detail_cursor: 0,
            after_save: None,
            allowlist_file: ".leakdesk/allowlist.json".into(),
            detail_places: Vec::new(),
            overlay: None,
            notice: None,
            allowlist,
            triage,
            playbooks,
            fixes: crate::fix::Library::bundled(),
            marked: std::collections::BTreeSet::new(),
            undo: None,
            now: String::new(),
            today,
            should_quit: false,
            page: 10,
            scroll_max: u16::MAX,
            sort: Sort::Live,
            facets: Vec::new(),
            help: super::keymap::defaults().help(),
            warnings: Vec::new(),
            secrets,
            verdicts: crate::verdicts::Verdicts::default(),
            open: 0,
            open_live: 0,
            note: None,
            group_open: Vec::new(),
            partly: false,
            original_order: Vec::new(),
            computed_for: None,
            filtered: None,
        };
        m.original_order = (0..m.groups.len()).collect();
        m.decisions_changed();
        m.set_sort(Sort::default());
        m.selected = 0;
        m
    }

    /// The model of a loaded workspace, its verdicts as computed there.
    pub fn from_workspace(ws: crate::workspace::Workspace) -> Self {
        let mut m = Self::new(Vec::new(), ws.allowlist, ws.triage, ws.playbooks, ws.today);
        m.groups = group(&ws.findings, &ws.secrets);
        m.original_order = (0..m.groups.len()).collect();
        m.findings = ws.findings;
        m.secrets = ws.secrets;
        m.verdicts = ws.verdicts;
        m.set_sort(Sort::default());
        m.selected = 0;
        m
    }

    /// Re-orders the secrets by `sort`, keeping the selected one selected. Marks refer to
    /// positions, so they are cleared.
    pub fn set_sort(&mut self, sort: Sort) {
        let current = self
            .selected_group()
            .map(|g| self.groups[g].fingerprint.clone());
        let first = |g: &Group| &self.findings[g.members[0]];
        let mut keyed: Vec<(usize, Group)> = std::mem::take(&mut self.groups)
            .into_iter()
            .enumerate()
            .collect();
        let status = |g: &Group| self.verdicts.secrets[g.secret].status;
        let order = &self.original_order;
        let orig = |i: usize| order.get(i).copied().unwrap_or(i);
        match sort {
            Sort::Place => keyed.sort_by_key(|(i, _)| orig(*i)),
            Sort::Provider => keyed.sort_by(|a, b| {
                (first(&a.1).provider.as_deref().unwrap_or("~"), orig(a.0))
                    .cmp(&(first(&b.1).provider.as_deref().unwrap_or("~"), orig(b.0)))
            }),
            Sort::Status => keyed.sort_by_key(|(i, g)| (status(g), orig(*i))),
            Sort::Live => keyed.sort_by_key(|(i, g)| (!g.live, orig(*i))),
        }
        let reordered: Vec<usize> = keyed.iter().map(|(i, _)| orig(*i)).collect();
        self.original_order = reordered;
        self.groups = keyed.into_iter().map(|(_, g)| g).collect();
        self.sort = sort;
        self.marked.clear();
        // The verdicts are per secret, not per row: only the per-row index follows the order.
        self.index_verdicts();
        self.computed_for = None;
        self.refresh();
        if let Some(fp) = current {
            self.selected = self
                .visible
                .iter()
                .position(|&g| self.groups[g].fingerprint == fp)
                .unwrap_or(0);
        }
    }

    /// Call after the allowlist or the triage state changed: recomputes the verdicts, then the
    /// view.
    pub fn decisions_changed(&mut self) {
        self.verdicts = crate::verdicts::Verdicts::compute(
            &self.findings,
            &self.secrets,
            &self.allowlist,
            &self.triage,
            &self.today,
        );
        self.index_verdicts();
        self.computed_for = None;
        self.refresh();
    }

    /// Call after only the triage state changed: statuses, not what the allowlist hides (a tick
    /// over a million findings need not match them all against the allowlist again).
    pub fn triage_changed(&mut self) {
        self.verdicts
            .restatus(&self.findings, &self.secrets, &self.triage);
        // A status is a facet value: the narrowing may keep other rows now.
        if !self.facets.is_empty() {
            self.computed_for = None;
            self.refresh();
        }
    }

    /// What the list reads of the verdicts on every keystroke, computed once per change.
    fn index_verdicts(&mut self) {
        self.open = self.verdicts.open_secrets();
        self.partly = self.verdicts.secrets.iter().any(|v| v.is_partly());
        self.group_open = self
            .groups
            .iter()
            .map(|g| self.verdicts.secrets[g.secret].open())
            .collect();
        self.open_live = self
            .groups
            .iter()
            .zip(&self.group_open)
            .filter(|(g, open)| **open && g.live)
            .count();
    }

    /// The first key of a command as bound now, for hints (`?` when it has none).
    pub fn first_key(&self, command: &str) -> String {
        self.help
            .iter()
            .find(|r| r.name == command)
            .and_then(|r| r.keys.split("  ").next().filter(|k| !k.is_empty()))
            .unwrap_or("(unbound)")
            .to_owned()
    }

    /// Whether any secret is open with some of its places allowlisted.
    pub fn any_partly(&self) -> bool {
        self.partly
    }

    /// Every finding's and secret's verdict.
    pub fn verdicts(&self) -> &crate::verdicts::Verdicts {
        &self.verdicts
    }

    /// A group's verdict over all its places.
    pub fn verdict(&self, group: usize) -> crate::verdicts::SecretVerdict {
        self.verdicts.secrets[self.groups[group].secret]
    }

    /// Recomputes the visible groups, keeping the selection on the same group where possible.
    pub fn refresh(&mut self) {
        let current = self.selected_group();
        let terms = super::filter::parse(&self.filter);
        // Typing narrows: when the filter only grew (and nothing else changed), search the secrets
        // already shown instead of all of them.
        let narrowing = self.computed_for.as_ref().is_some_and(|(text, shown)| {
            *shown == self.show_allowlisted
                && !text.is_empty()
                && self.filter.starts_with(text.as_str())
                && !self.filter[text.len()..].contains(char::is_whitespace)
                && !text.ends_with(char::is_whitespace)
                // A longer `!word` excludes less, and a field's value is not a prefix search:
                // those start over.
                && terms.last().is_some_and(super::filter::Term::narrows_as_typed)
        });
        let candidates: Vec<usize> = if narrowing {
            std::mem::take(&mut self.visible)
        } else {
            (0..self.groups.len()).collect()
        };
        let (groups, open, show) = (&self.groups, &self.group_open, self.show_allowlisted);
        let (findings, verdicts) = (&self.findings, &self.verdicts);
        // A secret stays in the list while any of its places is open.
        let keep = |g: &usize| {
            if !(show || open.get(*g).copied().unwrap_or(true)) {
                return false;
            }
            if terms.is_empty() {
                return true;
            }
            let group = &groups[*g];
            let subject = super::filter::Subject {
                haystack: &group.haystack,
                live: group.live,
                status: verdicts.secrets[group.secret].status,
                members: &group.members,
                findings,
            };
            terms.iter().all(|t| t.matches(&subject))
        };
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
        self.visible = if candidates.len() < 50_000 || workers < 2 {
            candidates.into_iter().filter(keep).collect()
        } else {
            // Large lists are split across cores and joined in order.
            let parts: Vec<Vec<usize>> = std::thread::scope(|s| {
                let jobs: Vec<_> = candidates
                    .chunks(candidates.len().div_ceil(workers))
                    .map(|c| s.spawn(move || c.iter().copied().filter(keep).collect::<Vec<_>>()))
                    .collect();
                // A worker's panic is this thread's panic: never fewer rows than there are.
                jobs.into_iter()
                    .map(|j| j.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                    .collect()
            });
            parts.concat()
        };
        if !self.facets.is_empty() {
            let filtered = std::mem::take(&mut self.visible);
            self.visible = filtered
                .iter()
                .copied()
                .filter(|&g| self.facets_hold(g))
                .collect();
            self.filtered = Some(filtered);
            // Facets can change without the filter text changing: never narrow from this result.
            self.computed_for = None;
        } else {
            self.filtered = None;
            self.computed_for = Some((self.filter.clone(), self.show_allowlisted));
        }
        self.selected = current
            .and_then(|g| self.visible.iter().position(|&v| v == g))
            .unwrap_or(self.selected.min(self.visible.len().saturating_sub(1)));
    }

    pub fn selected_group(&self) -> Option<usize> {
        self.visible.get(self.selected).copied()
    }

    /// The first finding of the selected secret.
    pub fn selected_finding(&self) -> Option<&Finding> {
        self.selected_group()
            .map(|g| &self.findings[self.groups[g].members[0]])
    }

    /// The allowlist entry hiding a secret, once every place of it is hidden (as of the last
    /// [`Model::decisions_changed`]): the one hiding its first place.
    pub fn allowlisted(&self, group: usize) -> Option<&crate::allowlist::Entry> {
        if self.verdict(group).open() {
            return None;
        }
        let first = *self.groups[group].members.first()?;
        self.verdicts.findings[first]
            .entry
            .and_then(|i| self.allowlist.entries.get(i))
    }

    /// The allowlist entry hiding one place, if any.
    pub fn place_entry(&self, finding: usize) -> Option<&crate::allowlist::Entry> {
        self.verdicts
            .findings
            .get(finding)
            .and_then(|v| v.entry)
            .and_then(|i| self.allowlist.entries.get(i))
    }

    /// Status shown for a secret: its verdict's.
    pub fn status(&self, group: usize) -> Status {
        self.verdict(group).status
    }

    pub fn playbook(&self) -> Option<&Playbook> {
        self.selected_finding()
            .and_then(|f| self.playbooks.for_provider(f.provider.as_deref()))
    }

    /// The values a secret has for a field (a secret reported by two tools has two).
    pub fn values(&self, g: usize, field: Field) -> Vec<String> {
        let f = &self.findings[self.groups[g].members[0]];
        match field {
            Field::Provider => vec![f.provider.clone().unwrap_or_else(|| "-".into())],
            Field::Rule => vec![f.rule().to_owned()],
            Field::Tool => f.tools().into_iter().map(str::to_owned).collect(),
            Field::Status => vec![self.status(g).words().to_owned()],
            Field::Verified => vec![f.verified.as_str().to_owned()],
            Field::Path => {
                let mut dirs: Vec<String> = self.groups[g]
                    .members
                    .iter()
                    .map(|&i| folder(&self.findings[i].file))
                    .collect();
                dirs.sort_unstable();
                dirs.dedup();
                dirs
            }
        }
    }

    /// Whether a secret has one of the chosen values of every narrowed field (values of one
    /// field are alternatives; fields narrow together), leaving out `except`.
    fn facets_hold_except(&self, g: usize, except: Option<Field>) -> bool {
        Field::ALL
            .into_iter()
            .filter(|f| Some(*f) != except)
            .all(|field| {
                let mut chosen = self
                    .facets
                    .iter()
                    .filter(|(f, _)| *f == field)
                    .map(|(_, v)| v)
                    .peekable();
                chosen.peek().is_none() || {
                    let values = self.values(g, field);
                    chosen.any(|c| values.contains(c))
                }
            })
    }

    fn facets_hold(&self, g: usize) -> bool {
        self.facets_hold_except(g, None)
    }

    /// Every value of every field with how many secrets have it, most common first. A field's
    /// counts leave out its own narrowing, so its other values stay to be chosen too.
    pub fn facet_counts(&self) -> Vec<(Field, String, usize)> {
        let mut counts: std::collections::BTreeMap<(Field, String), usize> =
            std::collections::BTreeMap::new();
        let base = self.filtered.as_ref().unwrap_or(&self.visible);
        for &g in base {
            for field in Field::ALL {
                if !self.facets_hold_except(g, Some(field)) {
                    continue;
                }
                for v in self.values(g, field) {
                    *counts.entry((field, v)).or_default() += 1;
                }
            }
        }
        let mut items: Vec<(Field, String, usize)> =
            counts.into_iter().map(|((f, v), n)| (f, v, n)).collect();
        items.sort_by(|a, b| {
            (a.0, std::cmp::Reverse(a.2), &a.1).cmp(&(b.0, std::cmp::Reverse(b.2), &b.1))
        });
        items
    }

    pub fn open_count(&self) -> usize {
        self.open
    }

    /// How many open secrets a tool verified live.
    pub fn open_live_count(&self) -> usize {
        self.open_live
    }
}

/// One row per secret, in the verdicts' order, with the text the filter searches.
fn group(findings: &[Finding], secrets: &crate::verdicts::Secrets) -> Vec<Group> {
    secrets
        .members()
        .into_iter()
        .enumerate()
        .map(|(secret, members)| {
            let mut haystack = String::new();
            for &i in &members {
                let f = &findings[i];
                for part in [
                    f.provider.as_deref().unwrap_or(""),
                    f.rule(),
                    &f.file,
                    &f.tools().join(" "),
                ] {
                    haystack.push_str(&part.to_lowercase());
                    haystack.push(' ');
                }
            }
            Group {
                fingerprint: findings[members[0]].fingerprint.clone(),
                secret,
                live: members
                    .iter()
                    .any(|&i| findings[i].verified == crate::finding::Verified::Yes),
                members,
                haystack,
            }
        })
        .collect()
}
