//! Logo and figure images: PNG or JPEG → 8-bit RGB pixels, ready to embed.
//!
//! Decoding here (rather than passing a JPEG through) gives every image the same
//! shape in the PDF: DeviceRGB, deflated by render like every other stream, so the
//! bytes depend only on the pixels. Transparency is flattened onto white paper.

/// An image's pixels, row by row, three bytes a pixel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
}

/// The largest logo side in pixels: more would only make files bigger (a logo is
/// printed a few centimetres wide).
const MAX_SIDE: u32 = 1200;

/// The most pixels a logo may have, checked from the file's header before anything
/// is decoded, for every format: 64 Mi pixels is already 192 MB of RGB, and a header
/// can claim far more than the file holds (a 20000×20000 JPEG header cost 1.76 GB).
const MAX_PIXELS: u64 = 64 << 20;

/// The largest side, in pixels, of an image in an answer: a figure is at most the
/// measure wide, about 6.7 in, so 2400 pixels print it at over 350 dpi.
pub const MAX_FIGURE_SIDE: u32 = 2400;

fn check_size(w: u32, h: u32, what: &str) -> Result<(), String> {
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!(
            "{w}×{h} pixels is too large for {what} (at most {} million pixels)",
            MAX_PIXELS >> 20
        ));
    }
    Ok(())
}

/// Decodes a PNG or JPEG logo; the error says what went wrong in words.
pub fn decode(bytes: &[u8]) -> Result<Image, String> {
    decode_as(bytes, "a logo", MAX_SIDE)
}

/// Decodes a PNG or JPEG that is `what` ("a logo"), shrunk to at most `max_side`
/// pixels a side; the pixel cap holds for every use.
pub fn decode_as(bytes: &[u8], what: &str, max_side: u32) -> Result<Image, String> {
    let img = if is_png(bytes) {
        png(bytes, what).map_err(|e| format!("does not decode as PNG: {e}"))?
    } else if is_jpeg(bytes) {
        jpeg(bytes, what).map_err(|e| format!("does not decode as JPEG: {e}"))?
    } else {
        return Err("is neither a PNG nor a JPEG image".into());
    };
    if img.width == 0 || img.height == 0 {
        return Err("is an empty image".into());
    }
    Ok(shrink(img, max_side))
}

/// Whether `bytes` start as a PNG file does.
pub fn is_png(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x89PNG\r\n\x1a\n")
}

/// Whether `bytes` start as a JPEG file does.
pub fn is_jpeg(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xD8])
}

fn png(bytes: &[u8], what: &str) -> Result<Image, String> {
    let mut decoder = png::Decoder::new(bytes);
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let (w, h) = (reader.info().width, reader.info().height);
    check_size(w, h, what)?;
    let mut buf = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
    let data = &buf[..frame.buffer_size()];
    let px =
        |c: u8, a: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
    let rgb: Vec<u8> = match frame.color_type {
        png::ColorType::Rgb => data.to_vec(),
        png::ColorType::Rgba => data
            .chunks_exact(4)
            .flat_map(|p| [px(p[0], p[3]), px(p[1], p[3]), px(p[2], p[3])])
            .collect(),
        png::ColorType::Grayscale => data.iter().flat_map(|&g| [g, g, g]).collect(),
        png::ColorType::GrayscaleAlpha => data
            .chunks_exact(2)
            .flat_map(|p| [px(p[0], p[1]); 3])
            .collect(),
        png::ColorType::Indexed => return Err("unexpanded palette".into()),
    };
    Ok(Image {
        width: w,
        height: h,
        rgb,
    })
}

fn jpeg(bytes: &[u8], what: &str) -> Result<Image, String> {
    let mut d = jpeg_decoder::Decoder::new(bytes);
    d.read_info().map_err(|e| e.to_string())?;
    let header = d.info().ok_or("no image information")?;
    check_size(u32::from(header.width), u32::from(header.height), what)?;
    let pixels = d.decode().map_err(|e| e.to_string())?;
    let info = d.info().ok_or("no image information")?;
    let rgb = match info.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => pixels,
        jpeg_decoder::PixelFormat::L8 => pixels.iter().flat_map(|&g| [g, g, g]).collect(),
        jpeg_decoder::PixelFormat::L16 => pixels.chunks_exact(2).flat_map(|g| [g[0]; 3]).collect(),
        jpeg_decoder::PixelFormat::CMYK32 => pixels
            .chunks_exact(4)
            .flat_map(|p| {
                let k = 255 - u16::from(p[3]);
                [p[0], p[1], p[2]].map(|c| ((255 - u16::from(c)) * k / 255) as u8)
            })
            .collect(),
    };
    Ok(Image {
        width: u32::from(info.width),
        height: u32::from(info.height),
        rgb,
    })
}

/// Scales an image down (box filter) until its longer side is at most `max_side`.
/// Each side keeps at least one pixel (a 5000×1 logo becomes 1200×1, not 1200×0):
/// boxes at the right and bottom edges average the pixels they have.
fn shrink(img: Image, max_side: u32) -> Image {
    let f = img.width.max(img.height).div_ceil(max_side);
    if f <= 1 {
        return img;
    }
    let (w, h) = (img.width.div_ceil(f), img.height.div_ceil(f));
    let mut rgb = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        let rows = y * f..((y + 1) * f).min(img.height);
        for x in 0..w {
            let cols = x * f..((x + 1) * f).min(img.width);
            let mut sum = [0u32; 3];
            for sy in rows.clone() {
                for sx in cols.clone() {
                    let i = ((sy * img.width + sx) * 3) as usize;
                    for (acc, v) in sum.iter_mut().zip(&img.rgb[i..i + 3]) {
                        *acc += u32::from(*v);
                    }
                }
            }
            let n = rows.len() as u32 * cols.len() as u32;
            rgb.extend(sum.map(|s| (s / n) as u8));
        }
    }
    Image {
        width: w,
        height: h,
        rgb,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_of(w: u32, h: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        let mut writer = enc.write_header().unwrap();
        let data: Vec<u8> = (0..w * h * 3).map(|i| (i % 251) as u8).collect();
        writer.write_image_data(&data).unwrap();
        drop(writer);
        out
    }

    #[test]
    fn thin_logos_keep_a_pixel_each_way_and_every_pixel_has_data() {
        for (w, h) in [
            (1, 1201),
            (5000, 1),
            (1201, 2),
            (2401, 3),
            (1200, 1200),
            (1, 1),
        ] {
            let img = decode(&png_of(w, h)).unwrap();
            assert!(img.width >= 1 && img.height >= 1, "{w}×{h}");
            assert!(img.width.max(img.height) <= MAX_SIDE, "{w}×{h}");
            assert_eq!(
                img.rgb.len(),
                (img.width * img.height * 3) as usize,
                "{w}×{h}"
            );
        }
    }

    /// The fixture JPEG with the frame header's height and width set.
    fn jpeg_claiming(w: u16, h: u16) -> Vec<u8> {
        let mut bytes = include_bytes!("../../tests/fixtures/theme/tiny.jpg").to_vec();
        let sof = bytes.windows(2).position(|p| p == [0xFF, 0xC0]).unwrap();
        bytes[sof + 5..sof + 7].copy_from_slice(&h.to_be_bytes());
        bytes[sof + 7..sof + 9].copy_from_slice(&w.to_be_bytes());
        bytes
    }

    #[test]
    fn a_jpeg_header_claiming_too_many_pixels_is_refused_before_decoding() {
        assert_eq!(decode(&jpeg_claiming(8, 8)).unwrap().width, 8);
        for (w, h) in [(20000, 20000), (65000, 65000), (65535, 1100)] {
            let err = decode(&jpeg_claiming(w, h)).unwrap_err();
            assert!(err.contains("too large for a logo"), "{w}×{h}: {err}");
        }
    }
}
