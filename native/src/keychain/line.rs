//! The `credential_process` line of a keychain profile: `"<awscred>" credential-process --keychain
//! ENTRY`, which every AWS tool can run, and which our own resolver recognises and reads in
//! process. The line names the entry, never the profile, so it cannot resolve itself again.

/// The argument the line gives to `awscred credential-process`.
pub const KEYCHAIN_FLAG: &str = "--keychain";

/// The line for `entry`, run by the awscred at `cli` (quoted: the path may hold spaces).
pub fn render(cli: &str, entry: &str) -> String {
    format!("\"{cli}\" credential-process {KEYCHAIN_FLAG} {entry}")
}

/// The entry of a line written by `render` (any awscred path), or None for any other command.
pub fn entry_of(command: &str) -> Option<&str> {
    let rest = command.trim();
    let rest = if let Some(r) = rest.strip_prefix('"') {
        let end = r.find('"')?;
        let program = &r[..end];
        if !is_awscred(program) {
            return None;
        }
        &r[end + 1..]
    } else {
        let (program, r) = rest.split_once(char::is_whitespace)?;
        if !is_awscred(program) {
            return None;
        }
        r
    };
    let mut words = rest.split_whitespace();
    match (words.next(), words.next(), words.next(), words.next()) {
        (Some("credential-process"), Some(KEYCHAIN_FLAG), Some(entry), None) => Some(entry),
        _ => None,
    }
}

fn is_awscred(program: &str) -> bool {
    let name = program.rsplit(['/', '\\']).next().unwrap_or(program);
    name == "awscred" || name.eq_ignore_ascii_case("awscred.exe")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_round_trip_and_others_are_not_ours() {
        let line = render(
            "/home/u/.local/share/AwsCredentialManager/bin/awscred",
            "dev",
        );
        assert_eq!(entry_of(&line), Some("dev"));
        let win = render(
            r"C:\Users\A B\AppData\Local\AwsCredentialManager\bin\awscred.exe",
            "x",
        );
        assert_eq!(entry_of(&win), Some("x"));
        assert_eq!(
            entry_of("awscred credential-process --keychain e"),
            Some("e")
        );
        assert_eq!(entry_of("awscred credential-process dev"), None);
        assert_eq!(entry_of("/usr/bin/aws-vault exec x --json"), None);
        assert_eq!(
            entry_of("\"/x/awscred\" credential-process --keychain a b"),
            None
        );
    }
}
