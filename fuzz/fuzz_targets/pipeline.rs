//! Parse → every offline rule → every renderer → fix, on any UTF-8 input. A panic, an abort,
//! a timeout or a broken invariant (see `awesome_lint::selftest`) is a crash.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(broken) = awesome_lint::selftest::run_pipeline(text) {
        panic!("{broken}");
    }
});
