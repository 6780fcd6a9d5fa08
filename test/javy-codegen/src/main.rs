//! javy-build <plugin.wasm> <input.js> <output.wasm>
//!
//! The static build `javy build -C plugin=<plugin.wasm>` performs, through
//! Javy's own code generator (javy-codegen 3.0.0, the newest that builds with
//! this machine's Rust 1.95): Wizer-initialises the plugin, compiles the JS
//! with the plugin's compile-src, links the bytecode and runs wasm-opt.
use std::path::Path;

use anyhow::{Result, bail};
use javy_codegen::{Generator, LinkingKind, Plugin, JS};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 {
        bail!("usage: javy-build <plugin.wasm> <input.js> <output.wasm>");
    }
    let plugin = Plugin::new_from_path(Path::new(&args[1]))?;
    let js = JS::from_file(Path::new(&args[2]))?;
    let mut generator = Generator::new(plugin);
    generator.linking(LinkingKind::Static);
    let wasm = generator.generate(&js)?;
    std::fs::write(&args[3], wasm)?;
    Ok(())
}
