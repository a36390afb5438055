use super::*;

#[test]
fn line_breaks_become_spaces() {
    assert_eq!(one_line("Ada\nLovelace"), "Ada Lovelace");
    assert_eq!(one_line(" Ada\r\n\tLove\u{2028}lace "), "Ada Love lace");
}

#[test]
fn rows_are_checked_and_duplicates_named() {
    let dir = std::env::temp_dir().join(format!("prep-pdf-rcpt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("r.csv");
    std::fs::write(
        &path,
        "name,email,role\n\"Ada\nLovelace\",ada@example.com,qa-mid\nA,ADA@example.com,qa-mid\n\
         B,b@example.com,nope\nC,not-an-address,qa-mid\n,d@example.com,qa-mid\n",
    )
    .unwrap();
    let roles = |r: &str| {
        (r == "qa-mid")
            .then_some(())
            .ok_or(format!("unknown role `{r}`"))
    };
    let rows = read(&path, &FontSet::bundled(), &roles).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[0].name, "Ada Lovelace");
    assert_eq!(rows[0].line, 2);
    assert!(rows[0].check.is_ok());
    assert_eq!(rows[1].line, 4);
    assert!(rows[1].check.as_ref().unwrap_err().why.contains("line 2"));
    assert!(rows[2]
        .check
        .as_ref()
        .unwrap_err()
        .why
        .contains("unknown role"));
    assert!(rows[3].check.is_err());
    assert_eq!(rows[4].stamp(), "d@example.com");
    assert!(rows[4].check.is_ok());
}

#[test]
fn a_name_no_font_has_names_the_fonts_as_the_setting() {
    let ok = |_: &str| Ok(());
    let skip = check(
        "A \u{F0001}",
        "a@example.com",
        "qa-mid",
        &FontSet::bundled(),
        &ok,
    )
    .unwrap_err();
    assert_eq!(skip.setting, Some(Setting::Fonts));
    // The library's words name no flag: the caller says how to give a font.
    assert!(
        skip.why.contains("no font has") && !skip.why.contains("--"),
        "{skip}"
    );
}
