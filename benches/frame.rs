//! One full frame of the window (placeholder until the app is built).
fn main() {}
