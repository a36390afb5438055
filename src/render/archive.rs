//! What PDF/UA-1 and PDF/A-2 ask of a file beyond its tags: an XMP metadata packet
//! that identifies both standards and agrees with the document information, and an
//! output intent that says what the device RGB colours mean (sRGB).
//!
//! The ICC profile is "sRGB-v2-micro" from Clinton Ingram's Compact ICC Profiles
//! (CC0, <https://github.com/saucecontrol/Compact-ICC-Profiles>): 456 bytes that
//! describe sRGB IEC 61966-2.1 as closely as 8-bit output can tell.
//!
//! The conformance level claimed is PDF/A-2a ("accessible"): it needs level U's
//! Unicode maps for all text, which every font has, and a tagged logical structure,
//! which `tagged` writes. No validator for PDF/A runs in our tests (veraPDF is Java);
//! the README says which rules are checked and how.

use lopdf::{Dictionary, Object, ObjectId, Stream};

/// sRGB IEC 61966-2.1, a compact version 2 ICC profile (CC0); files carry it
/// deflated ([`SRGB_ICC_DEFLATED`]).
#[cfg(test)]
const SRGB_ICC: &[u8] = include_bytes!("sRGB-v2-micro.icc");

/// The sRGB profile deflated at [`super::deflate::LEVEL`].
const SRGB_ICC_DEFLATED: &[u8] = include_bytes!("sRGB-v2-micro.icc.zlib");

/// The document information that both the Info dictionary and XMP carry.
pub struct Described<'a> {
    pub title: &'a str,
    pub subject: &'a str,
    pub keywords: &'a str,
    pub author: &'a str,
    pub tool: &'a str,
    pub language: &'a str,
    /// `YYYY-MM-DDThh:mm:ssZ`, only with `SOURCE_DATE_EPOCH`.
    pub date: Option<String>,
}

/// Escapes text for XML character data and attribute values.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // XML 1.0 cannot carry most control characters at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The XMP packet: Dublin Core, PDF and XMP basic properties mirroring the Info
/// dictionary, the PDF/A and PDF/UA identification, and the extension schema
/// description PDF/A-2 (6.6.2.3) requires for `pdfuaid`, which it does not predefine.
pub fn xmp(d: &Described) -> Vec<u8> {
    let lang = xml(d.language);
    let mut s = String::with_capacity(3000);
    s.push_str(
        "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
         <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
         <rdf:Description rdf:about=\"\"\n \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n \
         xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n \
         xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n \
         xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n \
         xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"\n \
         xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n \
         xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n \
         xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n",
    );
    s.push_str("<dc:format>application/pdf</dc:format>\n");
    for (tag, value) in [("title", d.title), ("description", d.subject)] {
        s.push_str(&format!(
            "<dc:{tag}><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:{tag}>\n",
            xml(value)
        ));
    }
    s.push_str(&format!(
        "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n\
         <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>\n\
         <pdf:Keywords>{}</pdf:Keywords>\n\
         <pdf:Producer>{}</pdf:Producer>\n\
         <xmp:CreatorTool>{}</xmp:CreatorTool>\n",
        xml(d.author),
        xml(d.keywords),
        xml(d.tool),
        xml(d.tool),
    ));
    if let Some(date) = &d.date {
        s.push_str(&format!(
            "<xmp:CreateDate>{date}</xmp:CreateDate>\n\
             <xmp:ModifyDate>{date}</xmp:ModifyDate>\n\
             <xmp:MetadataDate>{date}</xmp:MetadataDate>\n"
        ));
    }
    s.push_str(
        "<pdfaid:part>2</pdfaid:part>\n\
         <pdfaid:conformance>A</pdfaid:conformance>\n\
         <pdfuaid:part>1</pdfuaid:part>\n\
         <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n\
         <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n\
         <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n\
         <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n\
         <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n\
         <pdfaProperty:name>part</pdfaProperty:name>\n\
         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n\
         <pdfaProperty:category>internal</pdfaProperty:category>\n\
         <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>\n\
         </rdf:li></rdf:Seq></pdfaSchema:property>\n\
         </rdf:li></rdf:Bag></pdfaExtension:schemas>\n\
         </rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>",
    );
    s.into_bytes()
}

/// Adds the XMP packet (uncompressed, so any tool can find it) and the sRGB output
/// intent; returns their ids for the catalog.
pub fn add(doc: &mut lopdf::Document, d: &Described) -> (ObjectId, ObjectId) {
    let mut dict = Dictionary::new();
    dict.set("Type", "Metadata");
    dict.set("Subtype", "XML");
    let metadata = doc.add_object(Stream::new(dict, xmp(d)).with_compression(false));

    let mut dict = Dictionary::new();
    dict.set("N", 3);
    // Deflated ahead, as `pack` would deflate it (a test holds that it still does):
    // the same bytes in every file, without a compressor's setup (zeroing its tables)
    // for 456 bytes in each.
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    let profile = doc.add_object(Stream::new(dict, SRGB_ICC_DEFLATED.to_vec()));
    let mut intent = Dictionary::new();
    intent.set("Type", "OutputIntent");
    intent.set("S", "GTS_PDFA1");
    intent.set(
        "OutputConditionIdentifier",
        Object::string_literal("sRGB IEC61966-2.1"),
    );
    intent.set(
        "RegistryName",
        Object::string_literal("http://www.color.org"),
    );
    intent.set("Info", Object::string_literal("sRGB IEC61966-2.1"));
    intent.set("DestOutputProfile", profile);
    let intent = doc.add_object(intent);
    (metadata, intent)
}

/// `YYYY-MM-DDThh:mm:ssZ` from a PDF date `D:YYYYMMDDhhmmssZ`.
pub fn xmp_date(pdf: &str) -> String {
    let d = pdf.trim_start_matches("D:");
    format!(
        "{}-{}-{}T{}:{}:{}Z",
        &d[0..4],
        &d[4..6],
        &d[6..8],
        &d[8..10],
        &d[10..12],
        &d[12..14]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xmp_is_escaped_and_identifies_both_standards() {
        let d = Described {
            title: "A & B <C>",
            subject: "s",
            keywords: "k",
            author: "a",
            tool: "t",
            language: "en",
            date: None,
        };
        let x = String::from_utf8(xmp(&d)).unwrap();
        assert!(x.contains(">A &amp; B &lt;C&gt;<"), "{x}");
        assert!(x.contains("<pdfaid:part>2</pdfaid:part>"));
        assert!(x.contains("<pdfuaid:part>1</pdfuaid:part>"));
        assert!(!x.contains("Date>"));
    }

    #[test]
    fn dates_convert_to_xmp() {
        assert_eq!(xmp_date("D:20231114221320Z"), "2023-11-14T22:13:20Z");
    }

    #[test]
    fn the_profile_is_an_rgb_icc_profile() {
        assert_eq!(&SRGB_ICC[36..40], b"acsp");
        assert_eq!(&SRGB_ICC[16..20], b"RGB ");
        let size = u32::from_be_bytes(SRGB_ICC[0..4].try_into().unwrap());
        assert_eq!(size as usize, SRGB_ICC.len());
    }

    /// The profile is written deflated ahead: the bytes `pack` would deflate it to.
    #[test]
    fn the_profile_is_deflated_as_pack_would() {
        let mut data = SRGB_ICC.to_vec();
        assert!(crate::render::deflate::shrink(&mut data));
        assert_eq!(data, SRGB_ICC_DEFLATED);
    }
}
