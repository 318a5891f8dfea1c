//! Byte searches for the parser, eight bytes at a time (SWAR on a `u64`): a 10,000-profile file is
//! about 80,000 short lines, where a byte-by-byte loop or the standard library's aligned `memchr`
//! (built for long haystacks) cost more than the parse itself. Portable code, no `unsafe`.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// A word whose every byte is `b`.
const fn splat(b: u8) -> u64 {
    ONES * b as u64
}

/// Marks the zero bytes of `v` (the lowest mark is always exact; marks above it may not be).
const fn zero_bytes(v: u64) -> u64 {
    v.wrapping_sub(ONES) & !v & HIGHS
}

/// The index of the first byte of `hay` that is in `needles` (an array, so the loop over the
/// needles unrolls).
fn find_any<const N: usize>(hay: &[u8], needles: [u8; N]) -> Option<usize> {
    let splats = needles.map(splat);
    let mut chunks = hay.chunks_exact(8);
    let mut at = 0;
    for chunk in chunks.by_ref() {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let v = u64::from_le_bytes(word);
        let marks = splats.iter().fold(0, |m, &s| m | zero_bytes(v ^ s));
        if marks != 0 {
            return Some(at + (marks.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|b| needles.contains(b))
        .map(|i| at + i)
}

/// The index of the first `needle` in `hay`.
pub fn find_byte(hay: &[u8], needle: u8) -> Option<usize> {
    find_any(hay, [needle])
}

/// The index of the first of `a` or `b` in `hay`.
pub fn find_either(hay: &[u8], a: u8, b: u8) -> Option<usize> {
    find_any(hay, [a, b])
}

/// The index of the first of `a`, `b` or `c` in `hay`.
pub fn find_one_of(hay: &[u8], a: u8, b: u8, c: u8) -> Option<usize> {
    find_any(hay, [a, b, c])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The same answers as the obvious loop, for every alignment and length.
        #[test]
        fn agrees_with_a_byte_loop(hay in proptest::collection::vec(any::<u8>(), 0..80), a: u8, b: u8, c: u8) {
            let naive = |set: &[u8]| hay.iter().position(|x| set.contains(x));
            prop_assert_eq!(find_byte(&hay, a), naive(&[a]));
            prop_assert_eq!(find_either(&hay, a, b), naive(&[a, b]));
            prop_assert_eq!(find_one_of(&hay, a, b, c), naive(&[a, b, c]));
        }

        #[test]
        fn finds_planted_bytes(prefix in "[a-z \\t]{0,40}", tail in "[a-z=#;]{0,20}") {
            let line = format!("{prefix}={tail}");
            prop_assert_eq!(find_byte(line.as_bytes(), b'='), Some(prefix.len()));
        }
    }

    #[test]
    fn high_bytes_and_edges() {
        assert_eq!(find_byte(b"", b'\n'), None);
        assert_eq!(find_byte(&[0x80; 17], 0x80), Some(0));
        assert_eq!(
            find_byte(b"\x01\x01\x01\x01\x01\x01\x01\x01\x00", 0),
            Some(8)
        );
        assert_eq!(find_either("é=#".as_bytes(), b'#', b'='), Some(2));
    }
}
