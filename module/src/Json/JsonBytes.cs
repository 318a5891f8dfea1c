using System;
using System.Text;

namespace AwsCredentialManager.Json
{
    /// <summary>
    /// Reads one string field of a UTF-8 JSON object straight from its bytes, handing the decoded
    /// UTF-16 characters one at a time to a sink (SecureString.AppendChar), so that a secret value
    /// never becomes a System.String nor sits in a char buffer: it exists only in the caller's
    /// byte buffer (which the caller pins and clears) and in the sink. Only the top level of the
    /// object is searched; other values, nested objects and arrays are skipped without decoding,
    /// so text inside another value ("Password" in a password, say) is never mistaken for a field.
    /// JSON escapes (\" \\ \/ \b \f \n \r \t \uXXXX with surrogate pairs) and UTF-8 (rejecting
    /// overlong forms, encoded surrogates and bytes beyond U+10FFFF) are decoded. Messages of the
    /// FormatException it throws never quote the input.
    /// </summary>
    internal static class JsonBytes
    {
        private const int MaxDepth = 64;

        /// <summary>
        /// Passes each character of the string value of top-level field <paramref name="name"/>
        /// to <paramref name="append"/>. False when the object has no such field (nothing was
        /// appended); FormatException when the bytes are not a JSON object or the field's value is
        /// not a string. The first occurrence wins when a name repeats.
        /// </summary>
        internal static bool TryReadString(byte[] json, string name, Action<char> append)
        {
            if (json is null)
            {
                throw new ArgumentNullException(nameof(json));
            }
            if (name is null)
            {
                throw new ArgumentNullException(nameof(name));
            }
            if (append is null)
            {
                throw new ArgumentNullException(nameof(append));
            }
            var scanner = new Scanner(json);
            scanner.SkipWhitespace();
            scanner.Expect((byte)'{', "a JSON object");
            scanner.SkipWhitespace();
            if (scanner.TryTake((byte)'}'))
            {
                return false;
            }
            while (true)
            {
                scanner.SkipWhitespace();
                scanner.Expect((byte)'"', "a property name");
                var matcher = new NameMatcher(name);
                scanner.DecodeString(matcher.Append);
                scanner.SkipWhitespace();
                scanner.Expect((byte)':', "':' after a property name");
                scanner.SkipWhitespace();
                if (matcher.Matches)
                {
                    if (!scanner.TryTake((byte)'"'))
                    {
                        throw new FormatException("the value of field " + name + " is not a JSON string");
                    }
                    scanner.DecodeString(append);
                    return true;
                }
                scanner.SkipValue(1);
                scanner.SkipWhitespace();
                if (scanner.TryTake((byte)','))
                {
                    continue;
                }
                scanner.Expect((byte)'}', "',' or '}' in a JSON object");
                return false;
            }
        }

        /// <summary>The string value of top-level field <paramref name="name"/>, or null: for values that are not secrets.</summary>
        internal static string? ReadString(byte[] json, string name)
        {
            var sb = new StringBuilder();
            return TryReadString(json, name, c => sb.Append(c)) ? sb.ToString() : null;
        }

        /// <summary>Compares a property name, decoded character by character, with the one wanted.</summary>
        private sealed class NameMatcher
        {
            private readonly string wanted;
            private int length;
            private bool differs;

            internal NameMatcher(string wanted)
            {
                this.wanted = wanted;
            }

            internal bool Matches => !differs && length == wanted.Length;

            internal void Append(char c)
            {
                if (differs || length >= wanted.Length || wanted[length] != c)
                {
                    differs = true;
                    return;
                }
                length++;
            }
        }

        private sealed class Scanner
        {
            private readonly byte[] bytes;
            private int pos;

            internal Scanner(byte[] bytes)
            {
                this.bytes = bytes;
            }

            internal void SkipWhitespace()
            {
                while (pos < bytes.Length && (bytes[pos] == (byte)' ' || bytes[pos] == (byte)'\t' || bytes[pos] == (byte)'\n' || bytes[pos] == (byte)'\r'))
                {
                    pos++;
                }
            }

            internal bool TryTake(byte expected)
            {
                if (pos < bytes.Length && bytes[pos] == expected)
                {
                    pos++;
                    return true;
                }
                return false;
            }

            internal void Expect(byte expected, string what)
            {
                if (!TryTake(expected))
                {
                    throw new FormatException(pos >= bytes.Length ? "unexpected end of JSON; expected " + what : "expected " + what + " at byte " + pos);
                }
            }

            private byte Next(string what)
            {
                if (pos >= bytes.Length)
                {
                    throw new FormatException("unexpected end of JSON in " + what);
                }
                return bytes[pos++];
            }

            /// <summary>Decodes a string whose opening quote was taken, up to and including its closing quote.</summary>
            internal void DecodeString(Action<char> append)
            {
                while (true)
                {
                    var b = Next("a string");
                    if (b == (byte)'"')
                    {
                        return;
                    }
                    if (b == (byte)'\\')
                    {
                        DecodeEscape(append);
                    }
                    else if (b < 0x20)
                    {
                        throw new FormatException("unescaped control character in a JSON string at byte " + (pos - 1));
                    }
                    else if (b < 0x80)
                    {
                        append((char)b);
                    }
                    else
                    {
                        DecodeUtf8(b, append);
                    }
                }
            }

            private void DecodeEscape(Action<char> append)
            {
                var e = Next("an escape");
                switch (e)
                {
                    case (byte)'"': append('"'); break;
                    case (byte)'\\': append('\\'); break;
                    case (byte)'/': append('/'); break;
                    case (byte)'b': append('\b'); break;
                    case (byte)'f': append('\f'); break;
                    case (byte)'n': append('\n'); break;
                    case (byte)'r': append('\r'); break;
                    case (byte)'t': append('\t'); break;
                    case (byte)'u':
                        var unit = ReadHex4();
                        if (unit >= 0xD800 && unit <= 0xDBFF)
                        {
                            // A high surrogate must be followed by the escape of a low one.
                            if (Next("a surrogate pair") != (byte)'\\' || Next("a surrogate pair") != (byte)'u')
                            {
                                throw new FormatException("a \\u escape of a high surrogate is not followed by a low surrogate at byte " + pos);
                            }
                            var low = ReadHex4();
                            if (low < 0xDC00 || low > 0xDFFF)
                            {
                                throw new FormatException("a \\u escape of a high surrogate is not followed by a low surrogate at byte " + pos);
                            }
                            append((char)unit);
                            append((char)low);
                        }
                        else if (unit >= 0xDC00 && unit <= 0xDFFF)
                        {
                            throw new FormatException("a \\u escape of a lone low surrogate at byte " + pos);
                        }
                        else
                        {
                            append((char)unit);
                        }
                        break;
                    default:
                        throw new FormatException("invalid JSON escape at byte " + (pos - 1));
                }
            }

            private int ReadHex4()
            {
                var value = 0;
                for (var i = 0; i < 4; i++)
                {
                    var h = Next("a \\u escape");
                    int digit;
                    if (h >= (byte)'0' && h <= (byte)'9')
                    {
                        digit = h - '0';
                    }
                    else if (h >= (byte)'a' && h <= (byte)'f')
                    {
                        digit = h - 'a' + 10;
                    }
                    else if (h >= (byte)'A' && h <= (byte)'F')
                    {
                        digit = h - 'A' + 10;
                    }
                    else
                    {
                        throw new FormatException("invalid \\u escape at byte " + (pos - 1));
                    }
                    value = (value << 4) | digit;
                }
                return value;
            }

            /// <summary>One UTF-8 sequence whose lead byte <paramref name="lead"/> was taken, as one char or a surrogate pair.</summary>
            private void DecodeUtf8(byte lead, Action<char> append)
            {
                int need;
                int codePoint;
                int minimum;
                if (lead >= 0xC2 && lead <= 0xDF)
                {
                    need = 1;
                    codePoint = lead & 0x1F;
                    minimum = 0x80;
                }
                else if (lead >= 0xE0 && lead <= 0xEF)
                {
                    need = 2;
                    codePoint = lead & 0x0F;
                    minimum = 0x800;
                }
                else if (lead >= 0xF0 && lead <= 0xF4)
                {
                    need = 3;
                    codePoint = lead & 0x07;
                    minimum = 0x10000;
                }
                else
                {
                    throw new FormatException("invalid UTF-8 at byte " + (pos - 1));
                }
                for (var i = 0; i < need; i++)
                {
                    var next = Next("a UTF-8 sequence");
                    if ((next & 0xC0) != 0x80)
                    {
                        throw new FormatException("invalid UTF-8 at byte " + (pos - 1));
                    }
                    codePoint = (codePoint << 6) | (next & 0x3F);
                }
                if (codePoint < minimum || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF))
                {
                    throw new FormatException("invalid UTF-8 at byte " + pos);
                }
                if (codePoint >= 0x10000)
                {
                    codePoint -= 0x10000;
                    append((char)(0xD800 + (codePoint >> 10)));
                    append((char)(0xDC00 + (codePoint & 0x3FF)));
                }
                else
                {
                    append((char)codePoint);
                }
            }

            /// <summary>Skips one value (string without decoding it, number, literal, object, array).</summary>
            internal void SkipValue(int depth)
            {
                if (depth > MaxDepth)
                {
                    throw new FormatException("JSON nested too deeply");
                }
                var b = Next("a value");
                switch (b)
                {
                    case (byte)'"':
                        SkipString();
                        return;
                    case (byte)'{':
                        SkipWhitespace();
                        if (TryTake((byte)'}'))
                        {
                            return;
                        }
                        while (true)
                        {
                            SkipWhitespace();
                            Expect((byte)'"', "a property name");
                            SkipString();
                            SkipWhitespace();
                            Expect((byte)':', "':' after a property name");
                            SkipWhitespace();
                            SkipValue(depth + 1);
                            SkipWhitespace();
                            if (TryTake((byte)','))
                            {
                                continue;
                            }
                            Expect((byte)'}', "',' or '}' in a JSON object");
                            return;
                        }
                    case (byte)'[':
                        SkipWhitespace();
                        if (TryTake((byte)']'))
                        {
                            return;
                        }
                        while (true)
                        {
                            SkipWhitespace();
                            SkipValue(depth + 1);
                            SkipWhitespace();
                            if (TryTake((byte)','))
                            {
                                continue;
                            }
                            Expect((byte)']', "',' or ']' in a JSON array");
                            return;
                        }
                    case (byte)'t':
                        SkipLiteral("rue");
                        return;
                    case (byte)'f':
                        SkipLiteral("alse");
                        return;
                    case (byte)'n':
                        SkipLiteral("ull");
                        return;
                    default:
                        if (b != (byte)'-' && (b < (byte)'0' || b > (byte)'9'))
                        {
                            throw new FormatException("unexpected character in JSON at byte " + (pos - 1));
                        }
                        while (pos < bytes.Length && IsNumberByte(bytes[pos]))
                        {
                            pos++;
                        }
                        return;
                }
            }

            private static bool IsNumberByte(byte b) =>
                (b >= (byte)'0' && b <= (byte)'9') || b == (byte)'.' || b == (byte)'e' || b == (byte)'E' || b == (byte)'+' || b == (byte)'-';

            private void SkipLiteral(string rest)
            {
                foreach (var c in rest)
                {
                    if (Next("a literal") != (byte)c)
                    {
                        throw new FormatException("invalid literal in JSON at byte " + (pos - 1));
                    }
                }
            }

            /// <summary>Skips a string whose opening quote was taken, without decoding it.</summary>
            private void SkipString()
            {
                while (true)
                {
                    var b = Next("a string");
                    if (b == (byte)'"')
                    {
                        return;
                    }
                    if (b == (byte)'\\')
                    {
                        Next("an escape");
                    }
                    else if (b < 0x20)
                    {
                        throw new FormatException("unescaped control character in a JSON string at byte " + (pos - 1));
                    }
                }
            }
        }
    }
}
