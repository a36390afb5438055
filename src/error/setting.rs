//! Which setting a problem is traced to, for the caller to name its own way of
//! changing it.

/// A setting a problem is traced to, so that whoever offers the setting can say how to
/// change it: the library's message says what is wrong in its own words, and the CLI
/// adds its flag ("give one with --font FILE"). Carried by
/// [`Error::Setting`](super::Error::Setting) and by a content problem's
/// `Diagnostic::setting`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    /// The fonts text is drawn with (a `FontSet`): none of them has a character.
    Fonts,
    /// The folder role files are read from (`Bank::dir`): the bundled roles have none
    /// for images to live in.
    ContentFolder,
    /// The certificate an SMTP connection trusts besides the usual roots
    /// (`Smtp::from_url`'s `ca_pem`).
    SmtpCa,
    /// The file a mail merge keeps its journal in.
    Journal,
}
