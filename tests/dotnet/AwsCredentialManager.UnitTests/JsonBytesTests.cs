using System;
using System.Collections.Generic;
using System.Net;
using System.Security;
using System.Text;
using AwsCredentialManager.Json;
using Xunit;

namespace AwsCredentialManager.UnitTests
{
    /// <summary>
    /// The byte reader that takes get_secret_credential's Password from the response bytes into a
    /// SecureString without a managed string: escapes, UTF-8, surrogate pairs, top-level fields
    /// only, and refusals of malformed input.
    /// </summary>
    public class JsonBytesTests
    {
        private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

        /// <summary>The characters TryReadString hands to its sink, collected for comparison.</summary>
        private static string? Read(string json, string name)
        {
            var chars = new List<char>();
            return JsonBytes.TryReadString(Utf8(json), name, chars.Add) ? new string(chars.ToArray()) : null;
        }

        [Fact]
        public void ReadsThePasswordOfANativeResponse()
        {
            var json = "{\"UserName\":\"svc-web\",\"Password\":\"s3cr3t!\",\"SecretArn\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:app-AbCdEf\",\"VersionId\":\"v1\"}";
            Assert.Equal("s3cr3t!", Read(json, "Password"));
            Assert.Equal("svc-web", JsonBytes.ReadString(Utf8(json), "UserName"));
            Assert.Equal("v1", JsonBytes.ReadString(Utf8(json), "VersionId"));
        }

        [Theory]
        [InlineData("{\"Password\":\"a\\\"b\"}", "a\"b")]
        [InlineData("{\"Password\":\"back\\\\slash\"}", "back\\slash")]
        [InlineData("{\"Password\":\"\\/\\b\\f\\n\\r\\t\"}", "/\b\f\n\r\t")]
        [InlineData("{\"Password\":\"caf\\u00e9\"}", "café")]
        [InlineData("{\"Password\":\"caf\\u00E9\"}", "café")]
        [InlineData("{\"Password\":\"\\u0000\\u001f\"}", "\u0000\u001f")]
        [InlineData("{\"Password\":\"smile \\ud83d\\ude00\"}", "smile \U0001F600")]
        [InlineData("{\"Password\":\"\"}", "")]
        public void DecodesEveryJsonEscape(string json, string expected)
        {
            Assert.Equal(expected, Read(json, "Password"));
        }

        [Fact]
        public void DecodesUtf8OfEveryLengthIncludingSurrogatePairs()
        {
            var password = "aé€\U0001F600z\u00ff\u07ff\u0800\uffff\U0010FFFF";
            var json = "{\"Password\":\"" + password + "\"}";
            Assert.Equal(password, Read(json, "Password"));
        }

        [Fact]
        public void FindsTheFieldNotTextThatLooksLikeIt()
        {
            // "Password" inside other values (and inside the password itself) is not the field.
            var json = "{\"UserName\":\"\\\"Password\\\":\\\"decoy\",\"Note\":{\"Password\":\"nested\"},\"List\":[\"Password\",{\"Password\":\"in array\"}],"
                + "\"Passwords\":\"longer name\",\"Passwor\":\"shorter name\",\"password\":\"other case\","
                + "\"Password\":\"my \\\"Password\\\": is Password\",\"SecretArn\":\"x\"}";
            Assert.Equal("my \"Password\": is Password", Read(json, "Password"));
        }

        [Fact]
        public void SkipsEveryKindOfValueBeforeTheField()
        {
            var json = " {\n\t\"a\" : 1 , \"b\":-2.5e+3, \"c\":true, \"d\":false, \"e\":null, \"f\":[], \"g\":{}, \"h\":[1,[2,{\"i\":\"\\\"}\"}]],\r\n \"Password\" : \"found\" } ";
            Assert.Equal("found", Read(json, "Password"));
        }

        [Fact]
        public void MatchesAnEscapedFieldName()
        {
            Assert.Equal("v", Read("{\"Pass\\u0077ord\":\"v\"}", "Password"));
        }

        [Fact]
        public void TheFirstOccurrenceWins()
        {
            Assert.Equal("first", Read("{\"Password\":\"first\",\"Password\":\"second\"}", "Password"));
        }

        [Theory]
        [InlineData("{}")]
        [InlineData("{\"UserName\":\"u\"}")]
        [InlineData("{\"Note\":{\"Password\":\"nested\"}}")]
        public void ReportsAMissingFieldAndAppendsNothing(string json)
        {
            var chars = new List<char>();
            Assert.False(JsonBytes.TryReadString(Utf8(json), "Password", chars.Add));
            Assert.Empty(chars);
            Assert.Null(JsonBytes.ReadString(Utf8(json), "Password"));
        }

        [Theory]
        [InlineData("")]
        [InlineData("[\"Password\"]")]
        [InlineData("\"Password\"")]
        [InlineData("{\"Password\":1}")]
        [InlineData("{\"Password\":null}")]
        [InlineData("{\"Password\":\"unterminated")]
        [InlineData("{\"Password\":\"bad \\q escape\"}")]
        [InlineData("{\"Password\":\"short \\u00e\"}")]
        [InlineData("{\"Password\":\"lone high \\ud83d\"}")]
        [InlineData("{\"Password\":\"lone high \\ud83dx\"}")]
        [InlineData("{\"Password\":\"high then not low \\ud83d\\u0041\"}")]
        [InlineData("{\"Password\":\"lone low \\ude00\"}")]
        [InlineData("{\"Password\":\"raw\ncontrol\"}")]
        [InlineData("{\"a\" 1,\"Password\":\"x\"}")]
        [InlineData("{\"a\":1 \"Password\":\"x\"}")]
        [InlineData("{\"a\":tru,\"Password\":\"x\"}")]
        [InlineData("{\"a\":[1 2],\"Password\":\"x\"}")]
        [InlineData("{\"a\":1,")]
        public void RefusesMalformedDocuments(string json)
        {
            Assert.Throws<FormatException>(() => JsonBytes.TryReadString(Utf8(json), "Password", _ => { }));
        }

        [Theory]
        [InlineData(new byte[] { 0xC0, 0x80 })]             // overlong NUL
        [InlineData(new byte[] { 0xE0, 0x80, 0x80 })]       // overlong
        [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]       // an encoded surrogate
        [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })] // beyond U+10FFFF
        [InlineData(new byte[] { 0xC3 })]                   // truncated by the closing quote
        [InlineData(new byte[] { 0x80 })]                   // a continuation byte alone
        [InlineData(new byte[] { 0xFF })]
        public void RefusesInvalidUtf8(byte[] sequence)
        {
            var json = new List<byte>(Utf8("{\"Password\":\"a"));
            json.AddRange(sequence);
            json.AddRange(Utf8("\"}"));
            Assert.Throws<FormatException>(() => JsonBytes.TryReadString(json.ToArray(), "Password", _ => { }));
        }

        [Fact]
        public void ErrorMessagesNeverQuoteTheInput()
        {
            var e = Assert.Throws<FormatException>(() => JsonBytes.TryReadString(Utf8("{\"Password\":\"hunter2 \\q\"}"), "Password", _ => { }));
            Assert.DoesNotContain("hunter2", e.Message);
        }

        [Fact]
        public void FillsASecureStringThatAPSCredentialReadsBack()
        {
            var json = Utf8("{\"UserName\":\"svc\",\"Password\":\"p\\u00e4ss \\\"Password\\\" \\ud83d\\ude00 \\\\ end\"}");
            using var secure = new SecureString();
            Assert.True(JsonBytes.TryReadString(json, "Password", secure.AppendChar));
            secure.MakeReadOnly();
            Assert.Equal("päss \"Password\" \U0001F600 \\ end", new NetworkCredential(string.Empty, secure).Password);
        }
    }
}
