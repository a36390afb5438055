//! Shaping and fallback of the bundled faces.

use super::*;

#[test]
fn kerning_comes_from_the_font() {
    let fonts = FontSet::bundled();
    let av = fonts.measure(Face::Regular, "AV", 10.0);
    let a_v = fonts.measure(Face::Regular, "A", 10.0) + fonts.measure(Face::Regular, "V", 10.0);
    assert!(av < a_v, "AV {av} should be narrower than A+V {a_v}");
}

#[test]
fn f_ligatures_are_one_glyph_that_stands_for_its_letters() {
    let fonts = FontSet::bundled();
    let serif = fonts.shape(Face::Regular, "office flow", 10.0).glyphs;
    assert_eq!(serif.text(), "office flow");
    // o, ffi, c, e, space, fl, o, w
    assert_eq!(serif.glyphs.len(), 8, "{serif:?}");
    assert_eq!(serif.text_of(&serif.glyphs[1]), "ffi");
    assert_eq!(serif.text_of(&serif.glyphs[5]), "fl");
    // Code keeps its letters.
    let mono = fonts.shape(Face::Mono, "office", 10.0).glyphs;
    assert_eq!(mono.glyphs.len(), 6);
}

#[test]
fn widths_scale_with_size() {
    let fonts = FontSet::bundled();
    let a = fonts.measure(Face::Bold, "Page 12 of 40", 10.0);
    let b = fonts.measure(Face::Bold, "Page 12 of 40", 20.0);
    assert!((b - 2.0 * a).abs() < 0.01);
}

#[test]
fn symbols_fall_back_to_mono() {
    let fonts = FontSet::bundled();
    assert_eq!(fonts.resolve(Face::Regular, 'a'), Some(Face::Regular));
    assert_eq!(fonts.resolve(Face::Italic, '→'), Some(Face::Mono));
    let shaped = fonts.shape(Face::Regular, "a→b", 10.0).glyphs;
    let faces: Vec<Face> = shaped.glyphs.iter().map(|g| g.face).collect();
    assert_eq!(faces, [Face::Regular, Face::Mono, Face::Regular]);
}

#[test]
fn appended_text_keeps_its_clusters() {
    let fonts = FontSet::bundled();
    let mut a = fonts.shape(Face::Regular, "find", 10.0).glyphs;
    a.push_space(&fonts, Face::Regular, 2.5, 10.0);
    a.append(&fonts.shape(Face::Regular, "out", 10.0).glyphs);
    assert_eq!(a.text(), "find out");
    let spelled: String = a.glyphs.iter().map(|g| a.text_of(g)).collect();
    assert_eq!(spelled, "find out");
}
