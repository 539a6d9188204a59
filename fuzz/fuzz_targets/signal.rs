//! `Signal` parsing: any text either fails or gives a signal that reads
//! back from its own `Display` form and from its name; nothing panics.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sigsend::Signal;

fuzz_target!(|text: &str| {
    let Ok(signal) = text.parse::<Signal>() else {
        return;
    };
    let shown = signal.to_string();
    assert_eq!(
        shown.parse::<Signal>().ok(),
        Some(signal),
        "{text:?} parsed as {shown}, which does not read back"
    );
    assert_eq!(Signal::from_raw(signal.as_raw()).ok(), Some(signal));
});
