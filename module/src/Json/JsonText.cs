using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace AwsCredentialManager.Json
{
    /// <summary>
    /// A small JSON reader and writer for the native contract (docs/api.md). Objects read as
    /// ordinal dictionaries, arrays as lists, numbers as long or double. No System.Text.Json: it
    /// would pull System.Memory into Windows PowerShell's single AppDomain.
    /// </summary>
    internal static class JsonText
    {
        /// <summary>Serializes dictionaries, lists, strings, numbers, booleans and null.</summary>
        public static string Write(object? value)
        {
            var sb = new StringBuilder();
            WriteValue(sb, value);
            return sb.ToString();
        }

        /// <summary>Parses one JSON document; throws FormatException on anything else.</summary>
        public static object? Read(string text)
        {
            var reader = new Reader(text);
            reader.SkipWhitespace();
            var value = reader.ReadValue(0);
            reader.SkipWhitespace();
            if (!reader.AtEnd)
            {
                throw new FormatException("unexpected text after the JSON document");
            }
            return value;
        }

        private static void WriteValue(StringBuilder sb, object? value)
        {
            switch (value)
            {
                case null:
                    sb.Append("null");
                    break;
                case string s:
                    WriteString(sb, s);
                    break;
                case bool b:
                    sb.Append(b ? "true" : "false");
                    break;
                case int or long or uint or short:
                    sb.Append(Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
                    break;
                case double d:
                    sb.Append(d.ToString("R", CultureInfo.InvariantCulture));
                    break;
                case IDictionary<string, object?> map:
                    sb.Append('{');
                    var first = true;
                    foreach (var pair in map)
                    {
                        if (!first)
                        {
                            sb.Append(',');
                        }
                        first = false;
                        WriteString(sb, pair.Key);
                        sb.Append(':');
                        WriteValue(sb, pair.Value);
                    }
                    sb.Append('}');
                    break;
                case IEnumerable<object?> list:
                    sb.Append('[');
                    var firstItem = true;
                    foreach (var item in list)
                    {
                        if (!firstItem)
                        {
                            sb.Append(',');
                        }
                        firstItem = false;
                        WriteValue(sb, item);
                    }
                    sb.Append(']');
                    break;
                default:
                    throw new ArgumentException("cannot write a value of type " + value.GetType().FullName + " as JSON");
            }
        }

        private static void WriteString(StringBuilder sb, string s)
        {
            sb.Append('"');
            foreach (var c in s)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (c < 0x20)
                        {
                            sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            sb.Append(c);
                        }
                        break;
                }
            }
            sb.Append('"');
        }

        private sealed class Reader
        {
            private const int MaxDepth = 64;
            private readonly string text;
            private int pos;

            public Reader(string text)
            {
                this.text = text;
            }

            public bool AtEnd => pos >= text.Length;

            public void SkipWhitespace()
            {
                while (pos < text.Length && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n' || text[pos] == '\r'))
                {
                    pos++;
                }
            }

            public object? ReadValue(int depth)
            {
                if (depth > MaxDepth)
                {
                    throw new FormatException("JSON nested too deeply");
                }
                if (AtEnd)
                {
                    throw new FormatException("unexpected end of JSON");
                }
                var c = text[pos];
                switch (c)
                {
                    case '{': return ReadObject(depth);
                    case '[': return ReadArray(depth);
                    case '"': return ReadString();
                    case 't': Expect("true"); return true;
                    case 'f': Expect("false"); return false;
                    case 'n': Expect("null"); return null;
                    default: return ReadNumber();
                }
            }

            private Dictionary<string, object?> ReadObject(int depth)
            {
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                pos++;
                SkipWhitespace();
                if (!AtEnd && text[pos] == '}')
                {
                    pos++;
                    return map;
                }
                while (true)
                {
                    SkipWhitespace();
                    if (AtEnd || text[pos] != '"')
                    {
                        throw new FormatException("expected a property name");
                    }
                    var key = ReadString();
                    SkipWhitespace();
                    Expect(":");
                    SkipWhitespace();
                    map[key] = ReadValue(depth + 1);
                    SkipWhitespace();
                    if (AtEnd)
                    {
                        throw new FormatException("unexpected end of JSON object");
                    }
                    if (text[pos] == ',')
                    {
                        pos++;
                        continue;
                    }
                    Expect("}");
                    return map;
                }
            }

            private List<object?> ReadArray(int depth)
            {
                var list = new List<object?>();
                pos++;
                SkipWhitespace();
                if (!AtEnd && text[pos] == ']')
                {
                    pos++;
                    return list;
                }
                while (true)
                {
                    SkipWhitespace();
                    list.Add(ReadValue(depth + 1));
                    SkipWhitespace();
                    if (AtEnd)
                    {
                        throw new FormatException("unexpected end of JSON array");
                    }
                    if (text[pos] == ',')
                    {
                        pos++;
                        continue;
                    }
                    Expect("]");
                    return list;
                }
            }

            private string ReadString()
            {
                pos++;
                var sb = new StringBuilder();
                while (true)
                {
                    if (AtEnd)
                    {
                        throw new FormatException("unterminated JSON string");
                    }
                    var c = text[pos++];
                    if (c == '"')
                    {
                        return sb.ToString();
                    }
                    if (c != '\\')
                    {
                        sb.Append(c);
                        continue;
                    }
                    if (AtEnd)
                    {
                        throw new FormatException("unterminated JSON escape");
                    }
                    var e = text[pos++];
                    switch (e)
                    {
                        case '"': sb.Append('"'); break;
                        case '\\': sb.Append('\\'); break;
                        case '/': sb.Append('/'); break;
                        case 'b': sb.Append('\b'); break;
                        case 'f': sb.Append('\f'); break;
                        case 'n': sb.Append('\n'); break;
                        case 'r': sb.Append('\r'); break;
                        case 't': sb.Append('\t'); break;
                        case 'u':
                            if (pos + 4 > text.Length)
                            {
                                throw new FormatException("short \\u escape");
                            }
                            sb.Append((char)int.Parse(text.Substring(pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                            pos += 4;
                            break;
                        default:
                            throw new FormatException("invalid JSON escape");
                    }
                }
            }

            private object ReadNumber()
            {
                var start = pos;
                while (pos < text.Length && "+-0123456789.eE".IndexOf(text[pos]) >= 0)
                {
                    pos++;
                }
                var token = text.Substring(start, pos - start);
                if (token.Length == 0)
                {
                    throw new FormatException("unexpected character in JSON");
                }
                if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
                {
                    return whole;
                }
                return double.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture);
            }

            private void Expect(string literal)
            {
                if (string.CompareOrdinal(text, pos, literal, 0, literal.Length) != 0)
                {
                    throw new FormatException("expected '" + literal + "'");
                }
                pos += literal.Length;
            }
        }
    }
}
