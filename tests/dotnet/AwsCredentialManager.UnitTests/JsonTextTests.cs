using System;
using System.Collections.Generic;
using AwsCredentialManager.Json;
using AwsCredentialManager.Native;
using Xunit;

namespace AwsCredentialManager.UnitTests
{
    public class JsonTextTests
    {
        [Fact]
        public void WritesAndReadsBackEveryKindOfValue()
        {
            var value = new Dictionary<string, object?>
            {
                ["Text"] = "a \"quoted\" \\ line\nbreak\ttab \u0001 é 🙂",
                ["Number"] = 42L,
                ["Negative"] = -7L,
                ["Fraction"] = 1.5,
                ["Yes"] = true,
                ["No"] = false,
                ["Nothing"] = null,
                ["List"] = new List<object?> { "x", 1L, null },
                ["Map"] = new Dictionary<string, object?> { ["Inner"] = "v" },
            };
            var text = JsonText.Write(value);
            var back = Assert.IsType<Dictionary<string, object?>>(JsonText.Read(text));
            Assert.Equal(value["Text"], back["Text"]);
            Assert.Equal(42L, back["Number"]);
            Assert.Equal(-7L, back["Negative"]);
            Assert.Equal(1.5, back["Fraction"]);
            Assert.Equal(true, back["Yes"]);
            Assert.Equal(false, back["No"]);
            Assert.Null(back["Nothing"]);
            Assert.Equal(new List<object?> { "x", 1L, null }, Assert.IsType<List<object?>>(back["List"]));
            Assert.Equal("v", Assert.IsType<Dictionary<string, object?>>(back["Map"])["Inner"]);
        }

        [Fact]
        public void EscapesControlCharactersSoNoValueCanBreakTheDocument()
        {
            var text = JsonText.Write(new Dictionary<string, object?> { ["K"] = "\u0000\u001f\r\n" });
            Assert.Equal("{\"K\":\"\\u0000\\u001f\\r\\n\"}", text);
        }

        [Fact]
        public void ReadsUnicodeEscapes()
        {
            Assert.Equal("é\u2028", JsonText.Read("\"\\u00e9\\u2028\""));
        }

        [Theory]
        [InlineData("")]
        [InlineData("{")]
        [InlineData("{\"a\":}")]
        [InlineData("{\"a\":1,}")]
        [InlineData("[1 2]")]
        [InlineData("\"unterminated")]
        [InlineData("{\"a\":1} trailing")]
        [InlineData("tru")]
        [InlineData("\"bad \\q escape\"")]
        public void RefusesMalformedDocuments(string text)
        {
            Assert.Throws<FormatException>(() => JsonText.Read(text));
        }

        [Fact]
        public void RefusesDocumentsNestedTooDeeply()
        {
            Assert.Throws<FormatException>(() => JsonText.Read(new string('[', 100) + new string(']', 100)));
        }

        [Fact]
        public void RefusesValuesItCannotWrite()
        {
            Assert.Throws<ArgumentException>(() => JsonText.Write(new Dictionary<string, object?> { ["K"] = new object() }));
        }

        [Theory]
        [InlineData("SetProfile", "set_profile")]
        [InlineData("GetCredentials", "get_credentials")]
        [InlineData("InitializeDefaults", "initialize_defaults")]
        [InlineData("Describe", "describe")]
        public void NamesOperationsAsTheLibraryExportsThem(string operation, string name)
        {
            Assert.Equal(name, NativeClient.Name((Operation)Enum.Parse(typeof(Operation), operation)));
        }

        [Fact]
        public void EveryOperationHasAnExportedFunction()
        {
            var declared = new HashSet<string>();
            foreach (var method in typeof(NativeMethods).GetMethods(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic))
            {
                declared.Add(method.Name);
            }
            foreach (Operation operation in Enum.GetValues(typeof(Operation)))
            {
                Assert.Contains("awscred_" + NativeClient.Name(operation), declared);
            }
        }
    }
}
