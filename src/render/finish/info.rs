//! The document information dictionary, the XMP metadata that says the same, and
//! the `/ID`: rebuilt from the content, where printpdf stamps the time and draws a
//! random id, so the same input gives the same bytes. Dates are written only when
//! `SOURCE_DATE_EPOCH` asks for one.

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

use crate::document::Meta;
use crate::render::archive::{self, Described};
use crate::render::objects::text_string;
use crate::render::RenderOptions;

/// Replaces the document information and `/ID` in the trailer and adds the XMP
/// metadata and output intent (`archive`); returns those two for the catalog.
pub(super) fn document_info(
    doc: &mut lopdf::Document,
    meta: &Meta,
    opts: &RenderOptions,
    id: String,
) -> (ObjectId, ObjectId) {
    let tool = format!("prep-pdf {}", crate::VERSION);
    let keywords = meta.keywords.join(", ");
    let date = opts.source_date_epoch.map(pdf_date);
    let mut info = Dictionary::new();
    info.set("Title", text_string(&meta.title));
    info.set("Subject", text_string(&meta.subject));
    info.set("Keywords", text_string(&keywords));
    info.set("Author", text_string(&meta.author));
    info.set("Creator", text_string(&tool));
    info.set("Producer", text_string(&tool));
    if let Some(d) = &date {
        info.set("CreationDate", Object::string_literal(d.clone()));
        info.set("ModDate", Object::string_literal(d.clone()));
    }
    let info_id = doc.add_object(info);
    let (metadata, intent) = archive::add(
        doc,
        &Described {
            title: &meta.title,
            subject: &meta.subject,
            keywords: &keywords,
            author: &meta.author,
            tool: &tool,
            language: &meta.language,
            date: date.as_deref().map(archive::xmp_date),
        },
    );
    doc.trailer.set("Info", info_id);
    let id_obj = Object::String(id.into_bytes(), StringFormat::Literal);
    doc.trailer.set("ID", vec![id_obj.clone(), id_obj]);
    (metadata, intent)
}

/// `D:YYYYMMDDHHmmSSZ` for seconds since 1970 (UTC).
fn pdf_date(epoch: i64) -> String {
    let days = epoch.div_euclid(86_400);
    let secs = epoch.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm): proleptic Gregorian calendar.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "D:{year:04}{month:02}{day:02}{:02}{:02}{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_calendar_dates() {
        assert_eq!(pdf_date(0), "D:19700101000000Z");
        assert_eq!(pdf_date(1_700_000_000), "D:20231114221320Z");
        assert_eq!(pdf_date(951_782_400), "D:20000229000000Z");
    }
}
