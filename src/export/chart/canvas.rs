//! The SVG writer every chart draws on: shapes and text with numbers written compactly
//! and deterministically, every text escaped and measured, colours of the theme, and
//! font sizes and margins scaled with the chart's size.

use std::fmt::Write as _;

use super::metrics::{fit, text_width};
use super::{ChartKind, ChartStyle, Theme};
use crate::export::escape;

/// The font stack (the PNG renders DejaVu Sans whatever is asked).
const FONT_FAMILY: &str = "DejaVu Sans, Helvetica, Arial, sans-serif";

/// An `#rrggbb` colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// The phase palette, shared with the window ([`super::phase_rgb`]).
const PALETTE: [Rgb; 8] = [
    Rgb(66, 133, 244),
    Rgb(234, 134, 0),
    Rgb(52, 168, 83),
    Rgb(171, 71, 188),
    Rgb(0, 172, 193),
    Rgb(219, 68, 55),
    Rgb(124, 179, 66),
    Rgb(141, 110, 99),
];

/// A distinct colour per phase, as in the window.
pub(super) fn phase_color(index: usize) -> Rgb {
    PALETTE[index % PALETTE.len()]
}

/// The colours of a theme.
#[derive(Debug, Clone, Copy)]
pub(super) struct Colors {
    /// Background.
    pub background: Rgb,
    /// Titles, labels and data drawn in the text colour.
    pub text: Rgb,
    /// Secondary text (subtitle, tick labels, axis names).
    pub muted: Rgb,
    /// Axis lines.
    pub axis: Rgb,
    /// Grid lines.
    pub grid: Rgb,
    /// A warn threshold.
    pub warn: Rgb,
    /// A critical threshold, a budget, "no phase ok".
    pub over: Rgb,
    /// The neutral line (current value, the plan's own run, spend).
    pub neutral: Rgb,
}

impl Colors {
    /// The colours of `theme`.
    pub fn of(theme: Theme) -> Self {
        match theme {
            Theme::Light => Self {
                background: Rgb(255, 255, 255),
                text: Rgb(32, 33, 36),
                muted: Rgb(95, 99, 104),
                axis: Rgb(128, 134, 139),
                grid: Rgb(226, 229, 233),
                warn: Rgb(230, 145, 0),
                over: Rgb(211, 47, 47),
                neutral: Rgb(117, 117, 117),
            },
            Theme::Dark => Self {
                background: Rgb(27, 29, 34),
                text: Rgb(232, 234, 237),
                muted: Rgb(170, 175, 182),
                axis: Rgb(130, 136, 144),
                grid: Rgb(58, 62, 70),
                warn: Rgb(255, 183, 77),
                over: Rgb(239, 83, 80),
                neutral: Rgb(158, 158, 158),
            },
        }
    }
}

/// Font sizes and spacing for a chart size, px: a 1920×1080 slide is the reference;
/// smaller charts shrink less than linearly so that they stay readable.
#[derive(Debug, Clone, Copy)]
pub(super) struct Sizes {
    /// The scale against 1920×1080.
    pub scale: f64,
    /// Title.
    pub title: f64,
    /// Subtitle, axis names, legend.
    pub label: f64,
    /// Tick labels, annotations, value labels.
    pub tick: f64,
    /// Outer margin.
    pub margin: f64,
    /// Small gap between a label and what it labels.
    pub gap: f64,
    /// Data line width.
    pub line: f64,
}

impl Sizes {
    fn of(width: f64, height: f64) -> Self {
        let linear = (width / 1920.0).min(height / 1080.0);
        let scale = if linear < 1.0 {
            linear.powf(0.7)
        } else {
            linear
        };
        Self {
            scale,
            title: 42.0 * scale,
            label: 28.0 * scale,
            tick: 25.0 * scale,
            margin: 36.0 * scale,
            gap: 10.0 * scale,
            line: 4.0 * scale,
        }
    }
}

/// A number as written in the SVG: at most two decimals, no trailing zeros, no `-0`.
pub(super) fn num(value: f64) -> String {
    let value = if value.is_finite() { value } else { 0.0 };
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    match text {
        "-0" | "" => "0".to_owned(),
        t => t.to_owned(),
    }
}

/// How a text sits on its point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Anchor {
    /// The point is the text's left end.
    Start,
    /// The point is the text's middle.
    Middle,
    /// The point is the text's right end.
    End,
}

impl Anchor {
    fn attribute(self) -> &'static str {
        match self {
            Self::Start => "start",
            Self::Middle => "middle",
            Self::End => "end",
        }
    }
}

/// A text's look.
#[derive(Debug, Clone, Copy)]
pub(super) struct Font {
    /// Size, px.
    pub size: f64,
    /// Bold.
    pub bold: bool,
    /// Colour.
    pub color: Rgb,
    /// Anchor.
    pub anchor: Anchor,
}

impl Font {
    /// Regular text at `size` in `color`, anchored at its start.
    pub fn new(size: f64, color: Rgb) -> Self {
        Self {
            size,
            bold: false,
            color,
            anchor: Anchor::Start,
        }
    }

    /// The same, bold.
    pub fn bold(self) -> Self {
        Self { bold: true, ..self }
    }

    /// The same, anchored at `anchor`.
    pub fn anchor(self, anchor: Anchor) -> Self {
        Self { anchor, ..self }
    }

    /// The width of `text` in this font, px.
    pub fn width(&self, text: &str) -> f64 {
        text_width(&plain(text), self.size, self.bold)
    }

    /// `text` cut with "…" to at most `max_width` px.
    pub fn fit(&self, text: &str, max_width: f64) -> String {
        fit(&plain(text), self.size, self.bold, max_width.max(0.0))
    }
}

/// Text on one line: line breaks and tabs as spaces (as SVG shows them).
pub(super) fn plain(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect()
}

/// A stroke's dash pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dash {
    /// Solid.
    Solid,
    /// Dashes.
    Dashed,
}

/// An SVG document being written.
pub(super) struct Canvas {
    out: String,
    /// Width, px.
    pub width: f64,
    /// Height, px.
    pub height: f64,
    /// Colours.
    pub colors: Colors,
    /// Font sizes and spacing.
    pub sizes: Sizes,
    /// Prefix of ids in this chart (unique per chart kind in one HTML page).
    id: String,
}

impl Canvas {
    /// A chart of `style`'s size, its background painted.
    pub fn new(kind: ChartKind, style: &ChartStyle, title: &str) -> Self {
        let (width, height) = (f64::from(style.width), f64::from(style.height));
        let colors = Colors::of(style.theme);
        let mut out = String::with_capacity(32 * 1024);
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" \
             viewBox=\"0 0 {w} {h}\" font-family=\"{FONT_FAMILY}\" role=\"img\" \
             aria-label=\"{label}\">\n<title>{label}</title>\n\
             <rect width=\"{w}\" height=\"{h}\" fill=\"{bg}\"/>\n",
            w = style.width,
            h = style.height,
            label = escape::xml(&plain(title)),
            bg = colors.background.hex(),
        );
        Self {
            out,
            width,
            height,
            colors,
            sizes: Sizes::of(width, height),
            id: format!("headroom-{}", kind.name()),
        }
    }

    /// The finished document.
    pub fn finish(mut self) -> String {
        self.out.push_str("</svg>\n");
        self.out
    }

    fn stroke(color: Rgb, width: f64, dash: Dash) -> String {
        let mut attributes = format!("stroke=\"{}\" stroke-width=\"{}\"", color.hex(), num(width));
        let pattern = match dash {
            Dash::Solid => None,
            Dash::Dashed => Some((4.0, 3.0)),
        };
        if let Some((on, off)) = pattern {
            let _ = write!(
                attributes,
                " stroke-dasharray=\"{} {}\"",
                num(on * width),
                num(off * width)
            );
        }
        attributes
    }

    /// A straight line.
    pub fn line(&mut self, from: (f64, f64), to: (f64, f64), color: Rgb, width: f64, dash: Dash) {
        let _ = writeln!(
            self.out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" {}/>",
            num(from.0),
            num(from.1),
            num(to.0),
            num(to.1),
            Self::stroke(color, width, dash)
        );
    }

    /// A polyline through `points` (nothing for fewer than two).
    pub fn polyline(&mut self, points: &[(f64, f64)], color: Rgb, width: f64, dash: Dash) {
        if points.len() < 2 {
            return;
        }
        let mut list = String::with_capacity(points.len() * 12);
        let mut last = String::new();
        for &(x, y) in points {
            let point = format!("{},{}", num(x), num(y));
            // Points that round to the same pixel add bytes and nothing else.
            if point != last {
                if !list.is_empty() {
                    list.push(' ');
                }
                list.push_str(&point);
                last = point;
            }
        }
        let _ = writeln!(
            self.out,
            "<polyline points=\"{list}\" fill=\"none\" stroke-linejoin=\"round\" {}/>",
            Self::stroke(color, width, dash)
        );
    }

    /// A filled rectangle (`opacity` 1 for opaque).
    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: Rgb, opacity: f64) {
        let (x, w) = if w < 0.0 { (x + w, -w) } else { (x, w) };
        let (y, h) = if h < 0.0 { (y + h, -h) } else { (y, h) };
        let opacity = if opacity < 1.0 {
            format!(" fill-opacity=\"{}\"", num(opacity))
        } else {
            String::new()
        };
        let _ = writeln!(
            self.out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"{opacity}/>",
            num(x),
            num(y),
            num(w),
            num(h),
            fill.hex()
        );
    }

    /// Text with its baseline at `y`, escaped; returns its width, px.
    pub fn text(&mut self, x: f64, y: f64, text: &str, font: Font) -> f64 {
        self.text_rotated(x, y, text, font, false)
    }

    /// Text turned a quarter left (a vertical axis name), its baseline through `x`.
    pub fn text_vertical(&mut self, x: f64, y: f64, text: &str, font: Font) -> f64 {
        self.text_rotated(x, y, text, font, true)
    }

    fn text_rotated(&mut self, x: f64, y: f64, text: &str, font: Font, vertical: bool) -> f64 {
        let text = plain(text);
        let width = text_width(&text, font.size, font.bold);
        let _ = write!(
            self.out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{}\"",
            num(x),
            num(y),
            num(font.size),
            font.color.hex()
        );
        if font.bold {
            self.out.push_str(" font-weight=\"bold\"");
        }
        if font.anchor != Anchor::Start {
            let _ = write!(self.out, " text-anchor=\"{}\"", font.anchor.attribute());
        }
        if vertical {
            let _ = write!(self.out, " transform=\"rotate(-90 {} {})\"", num(x), num(y));
        }
        let _ = writeln!(self.out, ">{}</text>", escape::xml(&text));
        width
    }

    /// Starts a group clipped to a rectangle (ended by [`Self::end_clip`]).
    pub fn begin_clip(&mut self, x: f64, y: f64, w: f64, h: f64) {
        let _ = writeln!(
            self.out,
            "<clipPath id=\"{id}-plot\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath>\n\
             <g clip-path=\"url(#{id}-plot)\">",
            num(x),
            num(y),
            num(w),
            num(h),
            id = self.id
        );
    }

    /// Ends the clipped group.
    pub fn end_clip(&mut self) {
        self.out.push_str("</g>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_compact_and_stable() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(12.345_678), "12.35");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(0.1 + 0.2), "0.3");
    }

    #[test]
    fn text_is_escaped_and_on_one_line() {
        let style = ChartStyle::default();
        let mut canvas = Canvas::new(ChartKind::Cost, &style, "t");
        let font = Font::new(20.0, canvas.colors.text);
        canvas.text(0.0, 0.0, "<b>&\"x\"\nnext", font);
        let svg = canvas.finish();
        assert!(
            svg.contains(">&lt;b&gt;&amp;&quot;x&quot; next</text>"),
            "{svg}"
        );
    }
}
