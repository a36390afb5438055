//! Logo images: PNG or JPEG → 8-bit RGB pixels, ready to embed.
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

/// Decodes a PNG or JPEG; the error says what went wrong in words.
pub fn decode(bytes: &[u8]) -> Result<Image, String> {
    let img = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        png(bytes).map_err(|e| format!("does not decode as PNG: {e}"))?
    } else if bytes.starts_with(&[0xFF, 0xD8]) {
        jpeg(bytes).map_err(|e| format!("does not decode as JPEG: {e}"))?
    } else {
        return Err("is neither a PNG nor a JPEG image".into());
    };
    if img.width == 0 || img.height == 0 {
        return Err("is an empty image".into());
    }
    Ok(shrink(img))
}

fn png(bytes: &[u8]) -> Result<Image, String> {
    let mut decoder = png::Decoder::new(bytes);
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let (w, h) = (reader.info().width, reader.info().height);
    if u64::from(w) * u64::from(h) > 64 << 20 {
        return Err(format!("{w}×{h} pixels is too large for a logo"));
    }
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

fn jpeg(bytes: &[u8]) -> Result<Image, String> {
    let mut d = jpeg_decoder::Decoder::new(bytes);
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

/// Scales an image down (box filter) until its longer side is at most [`MAX_SIDE`].
fn shrink(img: Image) -> Image {
    let f = img.width.max(img.height).div_ceil(MAX_SIDE);
    if f <= 1 {
        return img;
    }
    let (w, h) = (img.width / f, img.height / f);
    let mut rgb = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        for x in 0..w {
            let mut sum = [0u32; 3];
            for dy in 0..f {
                for dx in 0..f {
                    let i = (((y * f + dy) * img.width + x * f + dx) * 3) as usize;
                    for (acc, v) in sum.iter_mut().zip(&img.rgb[i..i + 3]) {
                        *acc += u32::from(*v);
                    }
                }
            }
            rgb.extend(sum.map(|s| (s / (f * f)) as u8));
        }
    }
    Image {
        width: w.max(1),
        height: h.max(1),
        rgb,
    }
}
