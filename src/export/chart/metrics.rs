//! Text widths from the shipped font's own advance widths (DejaVu Sans and its bold),
//! so labels are measured as the PNG will draw them and long ones can be cut to fit.
//! Reads the font's `head`, `hhea`, `hmtx` and `cmap` (format 4) tables once.

use std::sync::LazyLock;

/// DejaVu Sans, as shipped in `assets/fonts/` (also the PNG's only font).
pub(super) const REGULAR_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold.
pub(super) const BOLD_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// Advance widths of one font, in em, by character (BMP only).
struct Advances {
    /// Per glyph, em.
    glyph: Vec<f64>,
    /// cmap format 4 segments: (start, end, delta, range offset position or 0).
    segments: Vec<(u16, u16, u16, usize)>,
    /// The font data (for the glyph id array of format 4).
    data: &'static [u8],
    /// Advance of a character the font lacks (the .notdef glyph), em.
    missing: f64,
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*data.get(at)?, *data.get(at + 1)?]))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *data.get(at)?,
        *data.get(at + 1)?,
        *data.get(at + 2)?,
        *data.get(at + 3)?,
    ]))
}

/// The offset of a table by tag.
fn table(data: &[u8], tag: &[u8; 4]) -> Option<usize> {
    let count = usize::from(u16_at(data, 4)?);
    (0..count).find_map(|i| {
        let record = 12 + 16 * i;
        (data.get(record..record + 4)? == tag)
            .then(|| u32_at(data, record + 8).map(|o| o as usize))?
    })
}

impl Advances {
    fn parse(data: &'static [u8]) -> Option<Self> {
        let units_per_em = f64::from(u16_at(data, table(data, b"head")? + 18)?);
        let metrics = usize::from(u16_at(data, table(data, b"hhea")? + 34)?);
        let hmtx = table(data, b"hmtx")?;
        let glyph = (0..metrics)
            .map(|g| u16_at(data, hmtx + 4 * g).map(|a| f64::from(a) / units_per_em))
            .collect::<Option<Vec<f64>>>()?;
        let cmap = table(data, b"cmap")?;
        let subtables = usize::from(u16_at(data, cmap + 2)?);
        let unicode = (0..subtables).find_map(|i| {
            let record = cmap + 4 + 8 * i;
            let (platform, encoding) = (u16_at(data, record)?, u16_at(data, record + 2)?);
            let offset = cmap + u32_at(data, record + 4)? as usize;
            let unicode_bmp = (platform == 3 && encoding == 1) || platform == 0;
            (unicode_bmp && u16_at(data, offset)? == 4).then_some(offset)
        })?;
        let seg_count = usize::from(u16_at(data, unicode + 6)? / 2);
        let ends = unicode + 14;
        let starts = ends + 2 * seg_count + 2;
        let deltas = starts + 2 * seg_count;
        let ranges = deltas + 2 * seg_count;
        let segments = (0..seg_count)
            .map(|s| {
                let range = u16_at(data, ranges + 2 * s)?;
                Some((
                    u16_at(data, starts + 2 * s)?,
                    u16_at(data, ends + 2 * s)?,
                    u16_at(data, deltas + 2 * s)?,
                    if range == 0 {
                        0
                    } else {
                        ranges + 2 * s + usize::from(range)
                    },
                ))
            })
            .collect::<Option<Vec<_>>>()?;
        let missing = *glyph.first()?;
        Some(Self {
            glyph,
            segments,
            data,
            missing,
        })
    }

    fn glyph_of(&self, c: char) -> Option<usize> {
        let code = u16::try_from(u32::from(c)).ok()?;
        let &(start, _, delta, range) = self
            .segments
            .iter()
            .find(|&&(start, end, _, _)| start <= code && code <= end)?;
        let id = if range == 0 {
            code.wrapping_add(delta)
        } else {
            let at = range + 2 * usize::from(code - start);
            match u16_at(self.data, at)? {
                0 => 0,
                g => g.wrapping_add(delta),
            }
        };
        (id != 0).then_some(usize::from(id))
    }

    fn advance(&self, c: char) -> f64 {
        match self.glyph_of(c) {
            // Glyphs past the metrics table share the last advance (the TrueType rule).
            Some(g) => self
                .glyph
                .get(g)
                .or(self.glyph.last())
                .copied()
                .unwrap_or(self.missing),
            None => self.missing,
        }
    }
}

/// Per-character advance when the font cannot be read (never, for the shipped font):
/// DejaVu Sans's average, em.
const FALLBACK_EM: f64 = 0.62;

static REGULAR: LazyLock<Option<Advances>> = LazyLock::new(|| Advances::parse(REGULAR_TTF));
static BOLD: LazyLock<Option<Advances>> = LazyLock::new(|| Advances::parse(BOLD_TTF));

/// The width of `text` drawn at `size` px in DejaVu Sans (bold when `bold`), px.
pub(super) fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let font = if bold { &*BOLD } else { &*REGULAR };
    let em: f64 = match font {
        Some(font) => text.chars().map(|c| font.advance(c)).sum(),
        None => text.chars().count() as f64 * FALLBACK_EM,
    };
    em * size
}

/// `text` cut with "…" so that it is at most `max_width` px wide at `size`.
pub(super) fn fit(text: &str, size: f64, bold: bool, max_width: f64) -> String {
    if text_width(text, size, bold) <= max_width {
        return text.to_owned();
    }
    let ellipsis = text_width("…", size, bold);
    let mut out = String::new();
    let mut width = 0.0;
    for c in text.chars() {
        let w = text_width(c.encode_utf8(&mut [0; 4]), size, bold);
        if width + w + ellipsis > max_width {
            break;
        }
        width += w;
        out.push(c);
    }
    let trimmed = out.trim_end();
    format!("{trimmed}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_font() {
        assert!(REGULAR.is_some() && BOLD.is_some());
        // DejaVu Sans: "M" is wider than "i"; bold is wider than regular.
        assert!(text_width("M", 10.0, false) > text_width("i", 10.0, false));
        assert!(text_width("Headroom", 10.0, true) > text_width("Headroom", 10.0, false));
        // Digits are 0.636 em in DejaVu Sans.
        let digit = text_width("0", 100.0, false);
        assert!((digit - 63.6).abs() < 0.2, "{digit}");
        assert_eq!(text_width("", 10.0, false), 0.0);
    }

    #[test]
    fn long_text_is_cut_to_fit() {
        let long = "a very long phase name that does not fit";
        let cut = fit(long, 20.0, false, 150.0);
        assert!(cut.ends_with('…'));
        assert!(text_width(&cut, 20.0, false) <= 150.0);
        assert_eq!(fit("short", 20.0, false, 150.0), "short");
    }
}
