//! PDF syntax: direct objects, dictionaries and stream objects as bytes (ISO 32000-1,
//! 7.3), and object streams (7.5.7). Written here rather than by lopdf, which
//! serialised every packed object three times on its way to an object stream.

use std::io::Write;

use lopdf::{Dictionary, Object, StringFormat};

use super::super::deflate::LEVEL;

/// `n` in decimal, the bytes `write!(out, "{n}")` writes, without the formatting
/// machinery: a tagged document writes tens of thousands of numbers (object numbers,
/// marked-content ids, glyph widths), and going through `write!` for each cost an
/// export of backend-mid 1.8 M instructions (of 209 M) more than writing the digits.
pub(super) fn decimal(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[start..]);
}

/// `i` in decimal, as `write!(out, "{i}")` writes it.
fn integer(out: &mut Vec<u8>, i: i64) {
    if i < 0 {
        out.push(b'-');
    }
    decimal(out, i.unsigned_abs());
}

/// `b` as two capital hex digits.
fn hex(out: &mut Vec<u8>, b: u8) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    out.extend_from_slice(&[DIGITS[usize::from(b >> 4)], DIGITS[usize::from(b & 15)]]);
}

/// `id generation obj` and a line end: the start of an indirect object.
pub(super) fn object_header(out: &mut Vec<u8>, id: u32, generation: u16) {
    decimal(out, u64::from(id));
    out.push(b' ');
    decimal(out, u64::from(generation));
    out.extend_from_slice(b" obj\n");
}

/// A name's bytes, with `#xx` for anything but regular characters (ISO 32000-1, 7.3.5).
fn name(out: &mut Vec<u8>, n: &[u8]) {
    out.push(b'/');
    for &b in n {
        if (0x21..=0x7E).contains(&b) && !b"()<>[]{}/%#".contains(&b) {
            out.push(b);
        } else {
            out.push(b'#');
            hex(out, b);
        }
    }
}

/// Serialises a direct object (streams are written apart, never inside another).
pub(super) fn object(out: &mut Vec<u8>, o: &Object) {
    match o {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => {
            integer(out, *i);
        }
        Object::Real(r) => {
            let _ = write!(out, "{r}");
        }
        Object::Name(n) => name(out, n),
        Object::String(bytes, StringFormat::Literal) => {
            out.push(b'(');
            for &b in bytes {
                match b {
                    b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
                    // A raw CR would be read as a line end and normalised.
                    b'\r' => out.extend_from_slice(b"\\r"),
                    _ => out.push(b),
                }
            }
            out.push(b')');
        }
        Object::String(bytes, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for b in bytes {
                hex(out, *b);
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => dictionary(out, d, None),
        Object::Stream(s) => dictionary(out, &s.dict, None),
        Object::Reference((id, generation)) => {
            decimal(out, u64::from(*id));
            out.push(b' ');
            decimal(out, u64::from(*generation));
            out.extend_from_slice(b" R");
        }
    }
}

/// A dictionary; `length` replaces its `/Length`.
fn dictionary(out: &mut Vec<u8>, d: &Dictionary, length: Option<usize>) {
    out.extend_from_slice(b"<<");
    for (k, v) in d.iter() {
        if length.is_some() && k.as_slice() == b"Length" {
            continue;
        }
        name(out, k);
        // Names, strings, arrays and dictionaries start with a delimiter.
        if !matches!(
            v,
            Object::Name(_)
                | Object::String(..)
                | Object::Array(_)
                | Object::Dictionary(_)
                | Object::Stream(_)
        ) {
            out.push(b' ');
        }
        object(out, v);
    }
    if let Some(n) = length {
        out.extend_from_slice(b"/Length ");
        decimal(out, n as u64);
    }
    out.extend_from_slice(b">>");
}

/// Writes one stream object.
pub(super) fn stream_object(
    out: &mut Vec<u8>,
    id: u32,
    generation: u16,
    dict: &Dictionary,
    data: &[u8],
) {
    object_header(out, id, generation);
    dictionary(out, dict, Some(data.len()));
    out.extend_from_slice(b"stream\n");
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream\nendobj\n");
}

/// Serialises a direct object as `save` does.
pub fn write_object(out: &mut Vec<u8>, o: &Object) {
    object(out, o);
}

/// An object for the object stream: still to serialise, or already bytes.
pub(super) enum Serial<'a> {
    Object(&'a Object),
    Bytes(&'a [u8]),
}

/// The object stream holding `objects`: its dictionary and deflated data. The index
/// and the body are deflated as one stream without being joined in memory.
pub(super) fn object_stream(objects: &[(lopdf::ObjectId, Serial)]) -> (Dictionary, Vec<u8>) {
    let mut index = Vec::with_capacity(objects.len() * 10);
    // Most of the body is bytes serialised already: sized for them, and a little
    // for the objects still to serialise.
    let known: usize = objects
        .iter()
        .map(|(_, o)| match o {
            Serial::Bytes(b) => b.len() + 1,
            Serial::Object(_) => 64,
        })
        .sum();
    let mut body = Vec::with_capacity(known);
    for ((id, _), obj) in objects {
        decimal(&mut index, u64::from(*id));
        index.push(b' ');
        decimal(&mut index, body.len() as u64);
        index.push(b' ');
        match obj {
            Serial::Object(o) => object(&mut body, o),
            Serial::Bytes(b) => body.extend_from_slice(b),
        }
        body.push(b' ');
    }
    let mut dict = Dictionary::new();
    dict.set("Type", "ObjStm");
    dict.set("N", objects.len() as i64);
    dict.set("First", index.len() as i64);
    dict.set("Filter", "FlateDecode");
    (dict, super::super::deflate::parts(&[&index, &body], LEVEL))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_format_writes_them() {
        let ints = [
            0,
            1,
            -1,
            9,
            10,
            -10,
            99,
            100,
            65_535,
            -65_536,
            i64::MAX,
            i64::MIN,
        ];
        for i in ints {
            let mut out = Vec::new();
            integer(&mut out, i);
            assert_eq!(out, format!("{i}").into_bytes());
        }
        for n in [0, 7, 10, 1_000_000, u64::MAX] {
            let mut out = Vec::new();
            decimal(&mut out, n);
            assert_eq!(out, format!("{n}").into_bytes());
        }
        for b in 0..=255u8 {
            let mut out = Vec::new();
            hex(&mut out, b);
            assert_eq!(out, format!("{b:02X}").into_bytes());
        }
        let mut out = Vec::new();
        object_header(&mut out, 12, 3);
        assert_eq!(out, b"12 3 obj\n");
    }
}
