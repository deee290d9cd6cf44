//! The deployment sketch of a phase: a box per node group (count × shape) with its
//! components on it, coloured by status, as inline SVG.
//!
//! Boxes are laid out in a wrapped grid, three to a row, 720 px wide (it scales to the
//! page). A group's box shows its name, `count × shape` (`5 of 3–20` when autoscaled),
//! the node's capacity, its status with its busiest resource and its cost, and the
//! components placed on it. Managed services and usage items follow as grey boxes.
//! Every text is escaped and cut to fit its box (with …).

use std::fmt::Write as _;

use super::escape::xml;
use super::html::content::{money, per_period, status_label};
use super::{Period, ReportData};
use crate::catalog::Catalog;
use crate::format;
use crate::model::{Count, Placement, Price, Status};

/// Width of the drawing, px.
pub const WIDTH: f64 = 720.0;
const COLUMNS: usize = 3;
const MARGIN: f64 = 12.0;
const GAP: f64 = 12.0;
const INSET: f64 = 10.0;
const LINE: f64 = 16.0;
const TITLE: f64 = 20.0;
const TEXT_PX: f64 = 12.0;
const TITLE_PX: f64 = 13.0;
/// Components listed in a box before "+N more".
const MAX_COMPONENTS: usize = 8;
const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', 'DejaVu Sans', sans-serif";

/// Stroke, fill and text colour of a status (the window's light theme).
fn colours(status: Status) -> (&'static str, &'static str) {
    match status {
        Status::Ok => ("#1c803e", "#e8f4ec"),
        Status::Warn => ("#a86400", "#fbf1df"),
        Status::Over => ("#be2424", "#fbe8e8"),
    }
}

const SERVICE_STROKE: &str = "#7a8394";
const SERVICE_FILL: &str = "#f3f4f7";
const INK: &str = "#1d2330";
const MUTED: &str = "#5b6475";

/// Rough width of `text` in px at `px` (sans-serif; wide scripts count double).
fn text_width(text: &str, px: f64, bold: bool) -> f64 {
    let narrow = if bold { 0.62 } else { 0.58 };
    text.chars()
        .map(|c| {
            if (c as u32) >= 0x1100 && !matches!(c, '…' | '×' | '–' | '·' | '▪') {
                px
            } else {
                narrow * px
            }
        })
        .sum()
}

/// `text` cut with … to fit `width` px.
pub fn fit(text: &str, width: f64, px: f64, bold: bool) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text_width(&one_line, px, bold) <= width {
        return one_line;
    }
    let ellipsis = text_width("…", px, bold);
    let mut out = String::new();
    let mut used = 0.0;
    for c in one_line.chars() {
        let w = text_width(c.encode_utf8(&mut [0; 4]), px, bold);
        if used + w + ellipsis > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// One line of a box.
struct Line {
    text: String,
    px: f64,
    bold: bool,
    colour: &'static str,
}

impl Line {
    fn new(text: String, px: f64, bold: bool, colour: &'static str) -> Self {
        Self {
            text,
            px,
            bold,
            colour,
        }
    }
}

/// One box: its colours, its lines (the first is the title) and where a rule goes.
struct Card {
    stroke: &'static str,
    fill: &'static str,
    dashed: bool,
    lines: Vec<Line>,
    /// Lines before the rule (components follow it).
    rule_after: Option<usize>,
}

impl Card {
    fn height(&self) -> f64 {
        let rule = if self.rule_after.is_some() { 6.0 } else { 0.0 };
        INSET + TITLE + LINE * (self.lines.len().saturating_sub(1)) as f64 + rule + INSET - 4.0
    }
}

/// The shape's name: the catalog product (up to its details), else the node's size.
fn shape_name(price: Option<&Price>, vcpu: f64, ram_gb: f64) -> String {
    if let Some(Price::Catalog(id)) = price
        && let Some(entry) = Catalog::embedded().get(id)
    {
        let product = entry.product.as_str();
        let end = product.find([',', '(']).unwrap_or(product.len());
        let short = product[..end].trim();
        if !short.is_empty() {
            return short.to_owned();
        }
    }
    format!(
        "{} vCPU / {} GB",
        format::quantity(vcpu),
        format::quantity(ram_gb)
    )
}

fn placement_name(placement: Placement) -> &'static str {
    match placement {
        Placement::Single => "single",
        Placement::Spread => "spread",
        Placement::Replicated => "replicated",
    }
}

/// The boxes of a phase: node groups first, then services and usage items.
fn cards(data: &ReportData, phase: usize, period: Period) -> (Vec<Card>, Vec<Card>) {
    let model = &data.model.phases[phase];
    let eval = &data.evaluation.phases[phase];
    let plan_phase = data.plan.phases.get(phase);
    let inner = box_width() - 2.0 * INSET;
    let text = |s: String, bold: bool, colour| {
        let px = if bold { TITLE_PX } else { TEXT_PX };
        Line::new(fit(&s, inner, px, bold), px, bold, colour)
    };
    let small = |s: String, colour| {
        let px = TEXT_PX - 1.0;
        Line::new(fit(&s, inner, px, false), px, false, colour)
    };
    let mut groups = Vec::new();
    for (g, (group, ge)) in model.groups.iter().zip(&eval.groups).enumerate() {
        let status = ge
            .resources
            .iter()
            .map(|r| r.status)
            .max()
            .unwrap_or(Status::Ok);
        let (stroke, fill) = colours(status);
        let price = plan_phase
            .and_then(|p| p.groups.get(g))
            .map(|group| &group.price);
        let shape = shape_name(price, group.shape.vcpu, group.shape.ram_gb);
        let count = match group.count {
            Count::Fixed(n) => format!("{n}"),
            Count::Autoscale { min, max, .. } => format!("{} of {min}–{max}", ge.nodes),
        };
        let mut spec = format!(
            "{} vCPU · {} GB RAM · {} GB disk",
            format::quantity(group.shape.vcpu),
            format::quantity(group.shape.ram_gb),
            format::quantity(group.shape.disk_gb)
        );
        for (name, amount) in &group.shape.extra {
            let _ = write!(spec, " · {} {name}", format::quantity(*amount));
        }
        let busiest = ge
            .resources
            .iter()
            .zip(&group.loads)
            .max_by(|(a, la), (b, lb)| {
                (a.utilization / la.critical).total_cmp(&(b.utilization / lb.critical))
            })
            .map(|(r, _)| {
                format!(
                    " · {} {}",
                    data.model.resources[r.resource].name,
                    format::percent(r.utilization)
                )
            })
            .unwrap_or_default();
        let cost = f64::from(ge.nodes) * group.node_price_usd;
        let mut lines = vec![
            text(group.name.clone(), true, INK),
            text(format!("{count} × {shape}"), false, INK),
            small(spec, MUTED),
            text(
                format!(
                    "{}{busiest} · {}{}",
                    status_label(status),
                    money(cost, period),
                    per_period(period)
                ),
                false,
                stroke,
            ),
        ];
        let rule_after = Some(lines.len());
        for run in group.runs.iter().take(MAX_COMPONENTS) {
            lines.push(text(
                format!("▪ {} ({})", run.0, placement_name(run.1)),
                false,
                INK,
            ));
        }
        if group.runs.len() > MAX_COMPONENTS {
            lines.push(text(
                format!("+{} more", group.runs.len() - MAX_COMPONENTS),
                false,
                MUTED,
            ));
        }
        if group.runs.is_empty() {
            lines.push(text("no components placed".to_owned(), false, MUTED));
        }
        groups.push(Card {
            stroke,
            fill,
            dashed: false,
            lines,
            rule_after,
        });
    }
    let mut services = Vec::new();
    for (service, line) in model.services.iter().zip(
        eval.costs
            .iter()
            .filter(|c| matches!(c.item, crate::model::CostItem::Service(_))),
    ) {
        services.push(Card {
            stroke: SERVICE_STROKE,
            fill: SERVICE_FILL,
            dashed: true,
            lines: vec![
                text(service.name.clone(), true, INK),
                text(
                    format!(
                        "managed service · {}{}",
                        money(line.monthly_usd, period),
                        per_period(period)
                    ),
                    false,
                    MUTED,
                ),
            ],
            rule_after: None,
        });
    }
    for (usage, line) in model.usage.iter().zip(
        eval.costs
            .iter()
            .filter(|c| matches!(c.item, crate::model::CostItem::Usage(_))),
    ) {
        services.push(Card {
            stroke: SERVICE_STROKE,
            fill: SERVICE_FILL,
            dashed: true,
            lines: vec![
                text(usage.name.clone(), true, INK),
                text(
                    format!(
                        "usage per {} · {}{}",
                        data.model.drivers[usage.driver].name,
                        money(line.monthly_usd, period),
                        per_period(period)
                    ),
                    false,
                    MUTED,
                ),
            ],
            rule_after: None,
        });
    }
    (groups, services)
}

fn box_width() -> f64 {
    (WIDTH - 2.0 * MARGIN - (COLUMNS as f64 - 1.0) * GAP) / COLUMNS as f64
}

/// Draws `cards` in a wrapped grid from `top`; returns the y below the last row.
fn grid(out: &mut String, cards: &[Card], top: f64) -> f64 {
    let width = box_width();
    let mut y = top;
    for row in cards.chunks(COLUMNS) {
        let height = row.iter().map(Card::height).fold(0.0, f64::max);
        for (column, card) in row.iter().enumerate() {
            let x = MARGIN + column as f64 * (width + GAP);
            draw_card(out, card, x, y, width, height);
        }
        y += height + GAP;
    }
    y
}

fn draw_card(out: &mut String, card: &Card, x: f64, y: f64, width: f64, height: f64) {
    let dash = if card.dashed {
        r#" stroke-dasharray="5 3""#
    } else {
        ""
    };
    let _ = write!(
        out,
        r#"<rect x="{x}" y="{y}" width="{width}" height="{height}" rx="6" fill="{}" stroke="{}" stroke-width="1.5"{dash}/>"#,
        card.fill, card.stroke
    );
    if !card.dashed {
        let _ = write!(
            out,
            r#"<rect x="{x}" y="{y}" width="5" height="{height}" rx="2" fill="{}"/>"#,
            card.stroke
        );
    }
    let mut baseline = y + INSET + TITLE_PX;
    for (i, line) in card.lines.iter().enumerate() {
        if card.rule_after == Some(i) {
            let rule_y = baseline - LINE + 7.0;
            let _ = write!(
                out,
                r#"<line x1="{}" y1="{rule_y}" x2="{}" y2="{rule_y}" stroke="{}" stroke-opacity="0.35"/>"#,
                x + INSET,
                x + width - INSET,
                card.stroke
            );
            baseline += 6.0;
        }
        let weight = if line.bold {
            r#" font-weight="700""#
        } else {
            ""
        };
        let _ = write!(
            out,
            r#"<text x="{}" y="{baseline}" font-size="{}" fill="{}"{weight}>{}</text>"#,
            x + INSET,
            line.px,
            line.colour,
            xml(&line.text)
        );
        baseline += if i == 0 { TITLE } else { LINE };
    }
}

fn legend(out: &mut String, y: f64) -> f64 {
    let mut x = MARGIN;
    for (label, stroke, fill, dashed) in [
        ("ok", colours(Status::Ok).0, colours(Status::Ok).1, false),
        (
            "warn",
            colours(Status::Warn).0,
            colours(Status::Warn).1,
            false,
        ),
        (
            "over",
            colours(Status::Over).0,
            colours(Status::Over).1,
            false,
        ),
        ("service / usage", SERVICE_STROKE, SERVICE_FILL, true),
    ] {
        let dash = if dashed {
            r#" stroke-dasharray="3 2""#
        } else {
            ""
        };
        let _ = write!(
            out,
            r#"<rect x="{x}" y="{}" width="12" height="12" rx="2" fill="{fill}" stroke="{stroke}" stroke-width="1.5"{dash}/><text x="{}" y="{}" font-size="11" fill="{MUTED}">{label}</text>"#,
            y,
            x + 17.0,
            y + 10.5
        );
        x += 17.0 + text_width(label, 11.0, false) + 18.0;
    }
    y + 12.0 + MARGIN
}

/// The sketch of phase `phase` as a standalone SVG document (also valid inline in
/// HTML), money per `period`.
pub fn svg(data: &ReportData, phase: usize, period: Period) -> String {
    let Some(name) = data.model.phases.get(phase).map(|p| p.name.as_str()) else {
        return String::new();
    };
    let (groups, services) = cards(data, phase, period);
    let mut body = String::new();
    let mut y = grid(&mut body, &groups, MARGIN);
    if !services.is_empty() {
        let _ = write!(
            body,
            r#"<text x="{MARGIN}" y="{}" font-size="11" font-weight="700" fill="{MUTED}" letter-spacing="0.5">SERVICES AND USAGE</text>"#,
            y + 8.0
        );
        y = grid(&mut body, &services, y + 16.0);
    }
    let height = legend(&mut body, y);
    let mut out = String::with_capacity(body.len() + 400);
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="{FONT}" role="img" aria-label="Deployment sketch: {}"><title>Deployment sketch: {}</title><rect width="{WIDTH}" height="{height}" fill="#ffffff"/>"##,
        xml(name),
        xml(name)
    );
    out.push_str(&body);
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        assert_eq!(fit("api", 100.0, 12.0, false), "api");
        let cut = fit(&"x".repeat(100), 100.0, 12.0, false);
        assert!(cut.ends_with('…'));
        assert!(text_width(&cut, 12.0, false) <= 100.0);
        assert_eq!(fit("a\nb", 100.0, 12.0, false), "a b");
    }
}
