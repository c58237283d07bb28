//! The triage screen: `leakdesk [INPUT]...`. TEA: keys become actions (`keymap`), `update`
//! changes the `model` and returns effects, `ui` draws the model, and `app` is the only part
//! that touches the terminal, files and the clipboard.

pub mod app;
pub mod disk;
pub mod editor;
pub mod filter;
pub mod keymap;
pub mod keyspec;
pub mod model;
pub mod prefs;
pub mod remediation;
pub mod signals;
pub mod theme;
pub mod ui;
pub mod update;
