use super::*;

#[test]
fn paths_that_leave_the_folder_are_refused_before_any_file_is_read() {
    for (src, says) in [
        ("../x.png", "`..`"),
        ("a/../../x.png", "`..`"),
        ("/etc/passwd", "absolute"),
        ("https://example.com/x.png", "URL"),
        ("", "needs a file"),
    ] {
        let err = check_path(src).unwrap_err();
        assert!(err.contains(says), "{src}: {err}");
    }
    assert!(check_path("img/a.png").is_ok());
}

#[test]
fn bytes_that_are_no_image_are_named_as_such() {
    let err = decode(b"GIF89a...").unwrap_err();
    assert!(err.contains("not a PNG, JPEG or SVG"), "{err}");
}

#[test]
fn svg_text_is_refused_and_shapes_convert() {
    let shapes = br#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="red"/></svg>"#;
    let data = decode(shapes).unwrap();
    assert_eq!(data.natural_size(), (30.0, 15.0));
    let text =
        br#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><text>hi</text></svg>"#;
    assert!(decode(text).unwrap_err().contains("text inside SVG"));
}

#[test]
fn the_bundled_roles_name_the_content_folder_as_the_setting_images_need() {
    let refused = Loader::new(None).load("a.png").unwrap_err();
    assert_eq!(refused.setting, Some(Setting::ContentFolder));
    // The library's words name no flag: the caller says how to give a folder.
    assert!(!refused.why.contains("--"), "{}", refused.why);
    let other = Loader::new(Some(Path::new("/nonexistent"))).load("a.png");
    assert_eq!(other.unwrap_err().setting, None);
}
