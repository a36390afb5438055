//! The languages the highlighter knows: for each, the names a fence gives it, its
//! keywords, comment markers and string quotes. Adding a language is adding an entry.

/// How one language looks to the lexer.
pub(super) struct Lang {
    pub(super) names: &'static [&'static str],
    pub(super) keywords: &'static [&'static str],
    pub(super) line_comments: &'static [&'static str],
    pub(super) block_comment: Option<(&'static str, &'static str)>,
    pub(super) quotes: &'static [char],
    /// Keywords match in any case (SQL).
    pub(super) any_case: bool,
    /// `word:` and `"word":` at the start of an entry are keys, drawn as keywords.
    pub(super) keys: bool,
}

const C_LIKE: Option<(&str, &str)> = Some(("/*", "*/"));

#[rustfmt::skip]
const LANGS: &[Lang] = &[
    Lang {
        names: &["python", "py"],
        keywords: &[
            "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
            "del", "elif", "else", "except", "False", "finally", "for", "from", "global", "if",
            "import", "in", "is", "lambda", "None", "nonlocal", "not", "or", "pass", "raise",
            "return", "True", "try", "while", "with", "yield", "match", "case",
        ],
        line_comments: &["#"],
        block_comment: None,
        quotes: &['"', '\''],
        any_case: false,
        keys: false,
    },
    Lang {
        names: &["sql", "postgresql", "postgres", "mysql", "sqlite"],
        keywords: &[
            "select", "from", "where", "and", "or", "not", "insert", "into", "values",
            "update", "set", "delete", "create", "table", "index", "on", "join", "left",
            "right", "inner", "outer", "full", "cross", "group", "by", "order", "having",
            "limit", "offset", "as", "distinct", "union", "all", "case", "when", "then",
            "else", "end", "null", "is", "in", "exists", "between", "like", "primary", "key",
            "foreign", "references", "unique", "default", "begin", "commit", "rollback",
            "transaction", "with", "returning", "alter", "add", "drop", "constraint", "check",
            "for", "using", "over", "partition", "desc", "asc", "true", "false", "if",
            "conflict", "do", "nothing", "lock", "share", "skip", "locked", "nowait",
            "isolation", "level", "serializable", "explain", "analyze", "int", "integer",
            "bigint", "text", "varchar", "timestamp", "boolean", "serial", "count", "sum",
            "avg", "min", "max", "coalesce", "interval", "window", "rows", "range",
            "preceding", "following", "current", "row", "view", "materialized", "unbounded",
        ],
        line_comments: &["--"],
        block_comment: C_LIKE,
        quotes: &['\''],
        any_case: true,
        keys: false,
    },
    Lang {
        names: &[
            "javascript", "js", "jsx", "typescript", "ts", "tsx", "mjs", "node",
        ],
        keywords: &[
            "async", "await", "break", "case", "catch", "class", "const", "continue",
            "debugger", "default", "delete", "do", "else", "export", "extends", "false",
            "finally", "for", "from", "function", "if", "import", "in", "instanceof", "let",
            "new", "null", "of", "return", "static", "super", "switch", "this", "throw",
            "true", "try", "typeof", "undefined", "var", "void", "while", "yield", "interface",
            "type", "enum", "implements", "private", "public", "protected", "readonly", "as",
            "keyof", "declare", "namespace", "abstract", "satisfies",
        ],
        line_comments: &["//"],
        block_comment: C_LIKE,
        quotes: &['"', '\'', '`'],
        any_case: false,
        keys: false,
    },
    Lang {
        names: &["java"],
        keywords: &[
            "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class",
            "continue", "default", "do", "double", "else", "enum", "extends", "final",
            "finally", "float", "for", "if", "implements", "import", "instanceof", "int",
            "interface", "long", "new", "package", "private", "protected", "public", "record",
            "return", "short", "static", "super", "switch", "synchronized", "this", "throw",
            "throws", "try", "var", "void", "volatile", "while", "true", "false", "null",
            "sealed", "permits", "yield",
        ],
        line_comments: &["//"],
        block_comment: C_LIKE,
        quotes: &['"', '\''],
        any_case: false,
        keys: false,
    },
    Lang {
        names: &["kotlin", "kt", "kts"],
        keywords: &[
            "as", "break", "class", "continue", "do", "else", "false", "for", "fun", "if",
            "in", "interface", "is", "null", "object", "package", "return", "super", "this",
            "throw", "true", "try", "typealias", "val", "var", "when", "while", "by", "catch",
            "constructor", "finally", "get", "import", "init", "set", "where", "data",
            "sealed", "enum", "override", "private", "protected", "public", "internal",
            "suspend", "inline", "open", "abstract", "lateinit", "companion", "const",
            "operator", "reified", "value",
        ],
        line_comments: &["//"],
        block_comment: C_LIKE,
        quotes: &['"', '\''],
        any_case: false,
        keys: false,
    },
    Lang {
        names: &["swift"],
        keywords: &[
            "as", "break", "case", "catch", "class", "continue", "default", "defer", "do",
            "else", "enum", "extension", "false", "for", "func", "guard", "if", "import", "in",
            "init", "inout", "is", "let", "nil", "private", "protocol", "public", "return",
            "self", "Self", "static", "struct", "super", "switch", "throw", "throws", "true",
            "try", "var", "where", "while", "async", "await", "actor", "final", "override",
            "weak", "mutating", "some", "any", "fileprivate", "internal",
        ],
        line_comments: &["//"],
        block_comment: C_LIKE,
        quotes: &['"'],
        any_case: false,
        keys: false,
    },
    Lang {
        names: &["go", "golang"],
        keywords: &[
            "break", "case", "chan", "const", "continue", "default", "defer", "else",
            "fallthrough", "for", "func", "go", "goto", "if", "import", "interface", "map",
            "package", "range", "return", "select", "struct", "switch", "type", "var", "nil",
            "true", "false",
        ],
        line_comments: &["//"],
        block_comment: C_LIKE,
        quotes: &['"', '\'', '`'],
        any_case: false,
        keys: false,
    },
    Lang {
        names: &["c", "h", "cpp", "c++", "cc"],
        keywords: &[
            "auto", "break", "case", "char", "const", "continue", "default", "do", "double",
            "else", "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long",
            "register", "return", "short", "signed", "sizeof", "static", "struct", "switch",
            "typedef", "union", "unsigned", "void", "volatile", "while", "uint8_t", "uint16_t",
            "uint32_t", "int32_t", "size_t", "bool", "true", "false", "NULL", "#include",
            "#define",
        ],
        line_comments: &["//"],
        block_comment: C_LIKE,
        quotes: &['"', '\''],
        any_case: false,
        keys: false,
    },
    Lang {
        names: &["bash", "sh", "shell", "zsh", "console"],
        keywords: &[
            "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case",
            "esac", "in", "function", "return", "export", "local", "set", "unset", "readonly",
            "exit", "echo", "source",
        ],
        line_comments: &["#"],
        block_comment: None,
        quotes: &['"', '\''],
        any_case: false,
        keys: false,
    },
    Lang {
        names: &["yaml", "yml"],
        keywords: &["true", "false", "null", "yes", "no"],
        line_comments: &["#"],
        block_comment: None,
        quotes: &['"', '\''],
        any_case: false,
        keys: true,
    },
    Lang {
        names: &["json", "jsonc"],
        keywords: &["true", "false", "null"],
        line_comments: &[],
        block_comment: None,
        quotes: &['"'],
        any_case: false,
        keys: true,
    },
];

/// The entry for a fence's language name, in any case; `None` if unknown.
pub(super) fn lang(name: &str) -> Option<&'static Lang> {
    let name = name.trim().to_ascii_lowercase();
    LANGS.iter().find(|l| l.names.contains(&name.as_str()))
}
