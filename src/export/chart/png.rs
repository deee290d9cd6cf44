//! Rasterization of a chart's SVG with resvg and only the fonts shipped in
//! `assets/fonts/` (no system fonts), so a PNG is the same on every machine.

use std::sync::{Arc, LazyLock};

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{self, fontdb};

use super::metrics::{BOLD_TTF, REGULAR_TTF};
use crate::export::ExportError;

/// The family every text is drawn in, whatever the SVG asks for.
const FAMILY: &str = "DejaVu Sans";

/// DejaVu Sans and its bold, loaded once.
static FONTS: LazyLock<Arc<fontdb::Database>> = LazyLock::new(|| {
    let mut fonts = fontdb::Database::new();
    fonts.load_font_data(REGULAR_TTF.to_vec());
    fonts.load_font_data(BOLD_TTF.to_vec());
    fonts.set_sans_serif_family(FAMILY);
    fonts.set_serif_family(FAMILY);
    fonts.set_monospace_family(FAMILY);
    fonts.set_cursive_family(FAMILY);
    fonts.set_fantasy_family(FAMILY);
    Arc::new(fonts)
});

fn error(what: &str, message: impl ToString) -> ExportError {
    ExportError::Encode {
        what: what.to_owned(),
        message: message.to_string(),
    }
}

/// The SVG drawn on a pixmap of its own size.
fn rasterize(svg: &str, what: &str) -> Result<Pixmap, ExportError> {
    let options = usvg::Options {
        font_family: FAMILY.to_owned(),
        fontdb: Arc::clone(&FONTS),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| error(what, e))?;
    let size = tree.size().to_int_size();
    let mut pixmap = Pixmap::new(size.width(), size.height()).ok_or_else(|| {
        error(
            what,
            format!("cannot draw {}×{} px", size.width(), size.height()),
        )
    })?;
    resvg::render(&tree, Transform::identity(), &mut pixmap.as_mut());
    Ok(pixmap)
}

/// PNG bytes of an SVG document.
pub(super) fn encode(svg: &str) -> Result<Vec<u8>, ExportError> {
    rasterize(svg, "PNG")?
        .encode_png()
        .map_err(|e| error("PNG", e))
}

/// Straight (non-premultiplied) RGBA pixels of an SVG document, with its size.
pub(super) fn rgba(svg: &str) -> Result<(u32, u32, Vec<u8>), ExportError> {
    let pixmap = rasterize(svg, "image")?;
    let mut bytes = Vec::with_capacity(pixmap.data().len());
    for pixel in pixmap.pixels() {
        let color = pixel.demultiply();
        bytes.extend_from_slice(&[color.red(), color.green(), color.blue(), color.alpha()]);
    }
    Ok((pixmap.width(), pixmap.height(), bytes))
}
