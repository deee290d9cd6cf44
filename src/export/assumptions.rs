//! The assumptions appendix: every threshold, coefficient and price behind the
//! figures, with its source and as-of date.
