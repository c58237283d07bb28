//! Prints the README's key table from the keymap: `cargo run --example key_table`.
fn main() {
    print!(
        "{}",
        leakdesk::tui::keymap::markdown_table(&leakdesk::tui::keymap::defaults().help())
    );
}
